"""Bench commands of the app (Frappe finds them in `commands`):

	bench --site pb.localhost party-building-demo [--scale small|county] [--reset] [--multiply N]
	bench party-building-benchmark [--site pb-bench.localhost] [--keep] [--multiply N]

Imports stay inside the commands: every bench invocation loads this module.
"""

import click
from frappe.commands import get_site, pass_context

DEMO_SCALES = ("tiny", "small", "county")  # party_building.demo.SCALES


@click.command("party-building-demo")
@click.option("--scale", type=click.Choice(DEMO_SCALES), default="small", show_default=True)
@click.option(
	"--reset", is_flag=True, help="Delete the demo county (and what links to it) and build it again"
)
@click.option("--seed", type=int, default=42, show_default=True)
@click.option(
	"--multiply",
	type=click.IntRange(1, 30),
	default=1,
	show_default=True,
	help="N counties' worth of data: counties 2…N built under the demo county's root (its admin sees all N)",
)
@pass_context
def party_building_demo(context, scale: str, reset: bool, seed: int, multiply: int):
	"""Fill a site with a demo county's education system: organizations, members, users."""
	import frappe

	from party_building.demo import add_counties, make_demo

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		summaries = [make_demo(scale=scale, seed=seed, reset=reset, progress=click.echo)]
		if multiply > 1:
			summaries += add_counties(multiply, scale=scale, seed=seed, reset=reset, progress=click.echo)
	finally:
		frappe.destroy()
	for summary in summaries:
		if summary["skipped"]:
			click.secho(summary["message"], fg="yellow")
		else:
			click.echo(demo_summary(site, summary))


def demo_summary(site: str, summary: dict) -> str:
	seconds = summary["seconds"]
	phases = ", ".join(f"{phase} {value:.1f} s" for phase, value in seconds.items() if phase != "total")
	return "\n".join(
		(
			f"Demo county {summary['root']} on {site} ({summary['scale']}):",
			f"  {summary['organizations']} organizations ({summary['branches']} branches), "
			f"{summary['members']} members ({summary['probationary']} probationary)",
			f"  {seconds['total']:.1f} s: {phases}",
			f"  users (password demo1234): {', '.join(summary['users'][:4])}"
			+ (f" and {len(summary['users']) - 4} more" if len(summary["users"]) > 4 else ""),
		)
	)


@click.command("party-building-benchmark")
@click.option(
	"--site", "bench_site", help="Scratch site to build the county demo in [default: pb-bench.localhost]"
)
@click.option(
	"--keep", is_flag=True, help="Reuse the county demo already on the scratch site instead of rebuilding it"
)
@click.option("--runs", type=int, default=30, show_default=True, help="Timed runs per query measurement")
@click.option(
	"--output",
	type=click.Path(dir_okay=False),
	help="Where to write the table [default: bench-results/benchmark.txt under the directory bench was run from]",
)
@click.option(
	"--only",
	help="Comma-separated words: run only the measurements whose name holds one of them (e.g. 'ratio,search')",
)
@click.option(
	"--multiply",
	type=click.IntRange(1, 30),
	default=1,
	show_default=True,
	help="Measure at county ×1, then add counties under the demo root and measure again at ×2, ×4 … ×N; "
	"print the growth table",
)
@pass_context
def party_building_benchmark(
	context,
	bench_site: str | None,
	keep: bool,
	runs: int,
	output: str | None,
	only: str | None,
	multiply: int,
):
	"""Build the county-scale demo in a scratch site and time member creation, lists and search."""
	import sys

	from party_building import benchmark

	site = bench_site or explicit_site() or benchmark.DEFAULT_SITE
	if site == default_site() and not context.force:
		click.secho(
			f"{site} is this bench's default site; the benchmark replaces its demo data. "
			"Pass --force (bench --force party-building-benchmark) to use it anyway.",
			fg="red",
		)
		sys.exit(1)
	ok = benchmark.run(site, keep=keep, runs=runs, output=output, only=only, multiply=multiply)
	sys.exit(0 if ok else 1)


def explicit_site() -> str | None:
	"""The site given as `bench --site S party-building-benchmark` (not the bench's default site)."""
	ctx = click.get_current_context().parent
	while ctx:
		if ctx.params.get("site"):
			return ctx.params["site"]
		ctx = ctx.parent
	return None


def default_site() -> str | None:
	import frappe

	return frappe.get_conf().get("default_site")


commands = [party_building_demo, party_building_benchmark]
