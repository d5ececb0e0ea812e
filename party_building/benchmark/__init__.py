"""County-scale benchmark: the demo county (10,000 members) in a scratch site, timed.

`bench party-building-benchmark` runs it. Each query measurement is a function registered with
`@measurement(name, target_ms, user=...)`; later work adds its own (a meeting list, a dues report)
the same way and the table grows. A measurement runs as a demo user, as a fresh request would:
roles and User Permissions are loaded again before every run.
"""

import contextlib
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import frappe

from party_building.core import replica

DEFAULT_SITE = "pb-bench.localhost"
RESULTS = Path("bench-results") / "benchmark.txt"
WARMUP_RUNS = 2
MEMBERS_TARGET_MS = 60_000
BUILD_TARGET_MS = 120_000  # the whole county demo, every phase (issue 20)
QUERY_TARGET_MS = 50
SEARCH_TARGET_MS = 20  # the member link field's initials search, both users (issue 20)

# the fields the desk's member list asks for (in_list_view, list settings, standard columns)
LIST_FIELDS = [
	"name",
	"full_name",
	"gender",
	"branch",
	"membership_type",
	"standing",
	"owner",
	"modified",
	"modified_by",
	"docstatus",
	"idx",
	"_user_tags",
	"_comments",
	"_assign",
	"_liked_by",
]


@dataclass
class Measurement:
	name: str
	target_ms: float
	run: Callable[[frappe._dict], object]
	user: str = "admin"  # a key of the context's users: "secretary", "admin", "Administrator"
	check: Callable[[frappe._dict, object], bool] | None = None  # is the first answer right?
	runs: int | None = None  # fixed number of runs (e.g. 1 for a whole-county batch job)
	writes: bool = False  # saves or imports: on the primary, never on a read replica
	# undoes what a run wrote, after its time is taken (the assessment's rollback: a request commits)
	after: Callable[[frappe._dict], object] | None = None
	verdict: bool = False  # a row judged by other measurements (a ratio), not timed itself
	# prepares the next row (e.g. builds its workbook, kept for later stages): no growth of its own
	setup: bool = False
	# a ratio's report: its plain SQL measurement, timed alternately with it (one run of each in
	# turn), so that a change of the machine's load during the runs weighs on both alike
	partner: "Measurement | None" = None


@dataclass
class Result:
	name: str
	target_ms: float
	samples: list[float] = field(default_factory=list)
	error: str = ""
	judged: bool = False  # a verdict row (a ratio): no time of its own to print

	@property
	def median(self) -> float | None:
		return statistics.median(self.samples) if self.samples else None

	@property
	def p90(self) -> float | None:
		if not self.samples:
			return None
		ordered = sorted(self.samples)
		return ordered[max(0, -(-len(ordered) * 9 // 10) - 1)]  # nearest rank

	@property
	def verdict(self) -> str:
		if self.error:
			return f"FAIL ({self.error})"
		if self.median is None:
			return "not run"
		return "PASS" if self.median <= self.target_ms else "FAIL"


MEASUREMENTS: list[Measurement] = []
# --multiply: the function that adds counties and times the chosen measurements again, registered
# by benchmark.growth as measurements are (the modules register with this one, never the reverse)
MULTIPLIED: list[Callable] = []


# modules of later capabilities that register their own measurements with @measurement
BENCHMARK_MODULES: list[str] = [
	"party_building.benchmark.activity",
	"party_building.benchmark.development",
	"party_building.benchmark.records",
	"party_building.benchmark.ledgers",
	"party_building.benchmark.dues",
	"party_building.benchmark.onboarding",
	"party_building.benchmark.workspace",
	"party_building.benchmark.ratios",
	"party_building.benchmark.growth",  # last: it builds (and deletes) a second, small county
]


def measurement(
	name: str,
	target_ms: float = QUERY_TARGET_MS,
	user: str = "admin",
	check=None,
	runs: int | None = None,
	writes: bool = False,
	after=None,
	setup: bool = False,
):
	"""Register a timed query; the function gets the context (users, branch, initials). A measurement
	that saves or imports says `writes=True`: the others read on the site's replica when it has one.
	`after(ctx)` runs after each run's time is taken (undoing what it wrote); a `setup` row prepares
	the next one and is not judged in the growth table."""

	def register(fn):
		MEASUREMENTS.append(
			Measurement(name, target_ms, fn, user, check, runs, writes=writes, after=after, setup=setup)
		)
		return fn

	return register


class RatioRow:
	"""A report timed against the same aggregate in plain SQL. Both measurements run through
	`timed`; the row this registers (right after registering the two: the plain SQL, then the
	report) shows the report's median over the SQL's, warm-up runs left out, and passes unless a
	target is given and exceeded. The two are timed alternately (Measurement.partner)."""

	def __init__(self, label: str, target: float | None = None, warmup: int = 0):
		self.label, self.target, self.warmup = label, target, warmup
		self.samples: dict[str, list[float]] = {"report": [], "sql": []}
		MEASUREMENTS[-1].partner = MEASUREMENTS[-2]
		self.row = Measurement(label, 1000, lambda ctx: None, "Administrator", None, 1, verdict=True)
		MEASUREMENTS.append(self.row)

	def timed(self, key: str, fn):
		"""Run fn, keep its time under "report" or "sql", and bring the ratio row up to date."""
		started = time.perf_counter()
		answer = fn()
		self.samples[key].append((time.perf_counter() - started) * 1000)
		report, sql = (self.samples[k][self.warmup :] for k in ("report", "sql"))
		if report and sql:
			ratio = statistics.median(report) / statistics.median(sql)
			target = f" (target <= {self.target}x)" if self.target is not None else ""
			self.row.name = f"{self.label} = {ratio:.2f}x{target}"
			self.row.target_ms = 1000 if self.target is None or ratio <= self.target else 0
		return answer


# the demo county's organizations in a plain SQL baseline: the root's range of the tree (a subquery on
# the lft index), never a list of names — past 1,000 values (MariaDB's in_predicate_conversion_threshold)
# a list is joined as a table of them, so ×4's 2,352 names ran another plan than ×1's 588
IN_COUNTY = (
	"in (select name from `tabParty Organization` where lft between %(county_lft)s and %(county_rgt)s)"
)
IN_COUNTY_BRANCHES = (
	"in (select name from `tabParty Organization` where lft > %(county_lft)s and rgt < %(county_rgt)s"
	" and org_type = 'Branch')"
)


def county_range() -> dict[str, int]:
	"""The values IN_COUNTY and IN_COUNTY_BRANCHES take: the demo root's lft and rgt."""
	from party_building.demo import DEMO_ROOT

	lft, rgt = frappe.db.get_value("Party Organization", DEMO_ROOT, ["lft", "rgt"])
	return {"county_lft": lft, "county_rgt": rgt}


def county_branches() -> list[str]:
	"""The branches of the demo county."""
	from party_building.demo import DEMO_ROOT

	lft, rgt = frappe.db.get_value("Party Organization", DEMO_ROOT, ["lft", "rgt"])
	return frappe.get_all(
		"Party Organization",
		filters={"lft": (">", lft), "rgt": ("<", rgt), "org_type": "Branch"},
		pluck="name",
		ignore_permissions=True,
	)


# --- measurements -----------------------------------------------------------------------------


def member_list(ctx):
	return frappe.get_list(
		"Party Member", fields=LIST_FIELDS, filters={}, order_by="modified desc", limit_page_length=20
	)


def initials_search(ctx):
	from frappe.desk.search import search_link

	return search_link("Party Member", ctx.initials, page_length=10)


def full_page(ctx, rows) -> bool:
	return len(rows) == 20


def finds_member(ctx, rows) -> bool:
	return any(r.get("value") == ctx.searched_member for r in rows)


def own_branch_only(ctx, rows) -> bool:
	return len(rows) == 20 and all(r.branch in ctx.secretary_orgs for r in rows)


measurement("member list, branch secretary (20 rows)", user="secretary", check=own_branch_only)(member_list)
measurement("member list, county admin (20 rows)", user="admin", check=full_page)(member_list)
measurement("initials search, branch secretary", SEARCH_TARGET_MS, user="secretary", check=finds_member)(
	initials_search
)
measurement("initials search, county admin", SEARCH_TARGET_MS, user="admin", check=finds_member)(
	initials_search
)


# --- running ----------------------------------------------------------------------------------


def run(
	site: str = DEFAULT_SITE,
	keep: bool = False,
	runs: int = 30,
	output: str | None = None,
	only: str | None = None,
	multiply: int = 1,
) -> bool:
	"""Build (or reuse) the county demo on `site`, time everything, print and save the table.
	`only`: comma-separated words; only the measurements whose name holds one of them run.
	`multiply` > 1: then add counties under the demo root (benchmark.growth) and time the same
	measurements at ×2, ×4 … ×multiply; the growth table follows the first, its ×1 timed in turn
	with ×multiply on a second scratch site holding the county demo (reference_site)."""
	ensure_site(site)
	if multiply > 1:
		ensure_site(reference_site(site))
	frappe.init(site=site)
	frappe.connect()
	try:
		from party_building.demo import DEMO_ROOT, make_demo, remove_counties

		demo = None
		if not (keep and frappe.db.exists("Party Organization", DEMO_ROOT)):
			print(f"Building the county demo on {site} …", flush=True)
			demo = make_demo(scale="county", reset=True, progress=lambda line: print(line, flush=True))
			settle()
		elif removed := remove_counties():  # a --multiply run left them: measure county ×1
			print(f"Removed the counties a --multiply run added: {', '.join(removed)}", flush=True)
		creation = Result("create 10,000 members (county demo)", MEMBERS_TARGET_MS)
		build = Result("build the county demo, every phase", BUILD_TARGET_MS)
		if demo:
			creation.name = f"create {demo['members']:,} members (county demo)"
			creation.samples = [demo["seconds"]["members"] * 1000]
			build.samples = [built_in(demo["seconds"]) * 1000]
			if "reset" in demo["seconds"]:
				build.name += f" (after deleting the previous demo in {demo['seconds']['reset']:.1f} s)"
		for module in BENCHMARK_MODULES:
			__import__(module)
		ctx = context()
		chosen = [m for m in MEASUREMENTS if selected(m.name, only)]
		results = [creation, build, *measure_all(chosen, ctx, runs)]
		text = report(site, demo, ctx, results, runs)
		ok = all(not r.verdict.startswith("FAIL") for r in results)
		if multiply > 1:
			multiplied = MULTIPLIED[-1]  # registered by benchmark.growth, imported above
			print(text, flush=True)
			first = {r.name: r for r in results}
			table, grew_ok = multiplied(
				ctx, chosen, runs, first, multiply, measure, reference=reference_site(site), keep=keep
			)
			text += table
			ok = ok and grew_ok
	finally:
		frappe.destroy()
	print(text)
	path = Path(output) if output else Path(os.environ.get("PWD") or os.getcwd()) / RESULTS
	path.parent.mkdir(parents=True, exist_ok=True)
	path.write_text(text)
	print(f"Written to {path}")
	return ok


def reference_site(site: str) -> str:
	"""The second scratch site of a --multiply run, which keeps the county demo at ×1:
	pb-bench.localhost → pb-bench-x1.localhost."""
	name, dot, domain = site.partition(".")
	return f"{name}-x1{dot}{domain}"


def built_in(seconds: dict[str, float]) -> float:
	"""How long the demo took to build: its total, less deleting a previous demo first (`--reset`,
	which a new site does not pay; printed beside the row)."""
	return seconds["total"] - seconds.get("reset", 0)


def selected(name: str, only: str | None) -> bool:
	words = [w.strip().lower() for w in (only or "").split(",") if w.strip()]
	return not words or any(w in name.lower() for w in words)


def context() -> frappe._dict:
	"""The demo users to measure as: a secretary of a typical branch and the county admin."""
	from party_building.demo import ADMIN_USER, County
	from party_building.organization.service import subtree

	secretaries = []
	for user in frappe.get_all(
		"User", filters={"name": ("like", County().secretary_user("%")), "enabled": 1}, pluck="name"
	):
		branch = frappe.db.get_value(
			"User Permission", {"user": user, "allow": "Party Organization"}, "for_value"
		)
		if branch:
			secretaries.append(
				(frappe.db.get_value("Party Organization", branch, "member_count"), user, branch)
			)
	if not secretaries:
		raise RuntimeError("The demo has no secretary users; run the benchmark without --keep")
	typical = statistics.median_low(size for size, _user, _branch in secretaries)
	size, secretary, branch = next(s for s in secretaries if s[0] == typical)
	member, initials = frappe.db.get_value(
		"Party Member",
		{"branch": branch, "standing": "Active", "user": ("is", "not set"), "name_initials": ("like", "___")},
		["name", "name_initials"],
		order_by="name",
	)
	return frappe._dict(
		users={"secretary": secretary, "admin": ADMIN_USER, "Administrator": "Administrator"},
		branch=branch,
		branch_size=size,
		secretary_orgs=set(subtree(branch)),
		initials=initials,
		searched_member=member,
		initials_matches=frappe.db.count("Party Member", {"name_initials": ("like", f"%{initials}%")}),
	)


def measure(m: Measurement, ctx: frappe._dict, runs: int, alternate: Measurement | None = None):
	"""Time `m` (its Result); with `alternate`, time the two in turn, one run of each, and return
	both Results."""
	pair = [m] if alternate is None else [m, alternate]
	results = [Result(x.name, x.target_ms) for x in pair]
	warmup = 0 if m.runs else WARMUP_RUNS  # fixed-run measurements are batch jobs: no warm-up
	# reads on the site's replica when it has one (site_config read_from_replica), as the desk's do
	with contextlib.nullcontext() if m.writes else replica.reading():
		for i in range(warmup + runs):
			for x, result in zip(pair, results, strict=True):
				fresh_request(ctx.users[x.user])
				started = time.perf_counter()
				answer = x.run(ctx)
				elapsed = (time.perf_counter() - started) * 1000
				if i == 0 and x.check and not x.check(ctx, answer):
					result.error = "wrong answer"
				if x.after:
					x.after(ctx)
				if i >= warmup:
					result.samples.append(elapsed)
	for x, result in zip(pair, results, strict=True):
		result.name = x.name  # a measurement may name what it found (the import its memory)
		result.judged = x.verdict
	fresh_request("Administrator")
	return results[0] if alternate is None else tuple(results)


def measure_all(chosen: list[Measurement], ctx: frappe._dict, runs: int) -> list[Result]:
	"""Every chosen measurement's result, in order; a report and its plain SQL (both chosen) timed
	alternately."""
	results: dict[int, Result] = {}
	reports = {
		id(m.partner): m for m in chosen if m.partner is not None and any(p is m.partner for p in chosen)
	}
	for m in chosen:
		if id(m) in results:
			continue
		if id(m) in reports:  # a plain SQL measurement: with its report, one run of each in turn
			report = reports[id(m)]
			results[id(m)], results[id(report)] = measure(m, ctx, m.runs or runs, alternate=report)
		else:
			results[id(m)] = measure(m, ctx, m.runs or runs)
	return [results[id(m)] for m in chosen]


def settle(limit: float = 180, quiet_writes: int = 100) -> float:
	"""Wait until MariaDB has written out what a demo build left behind (dirty pages, undo logs to
	purge), at most `limit` seconds; return the seconds waited. Measured right after a build, the
	first measurements shared the disk with that background work (a 5 ms search took 9 ms)."""

	def status() -> dict[str, int]:
		rows = frappe.db.sql(
			"show global status where Variable_name in ('Innodb_data_writes', 'Innodb_history_list_length')"
		)
		return {k: int(v) for k, v in rows}

	started = time.perf_counter()
	last = status()
	while time.perf_counter() - started < limit:
		time.sleep(2)
		now = status()
		quiet = now["Innodb_data_writes"] - last["Innodb_data_writes"] < quiet_writes
		if quiet and now.get("Innodb_history_list_length", 0) < 1000:
			break
		last = now
	waited = time.perf_counter() - started
	print(f"MariaDB settled after the build in {waited:.0f} s", flush=True)
	return waited


def fresh_request(user: str) -> None:
	"""Forget what the previous run cached for its request, as a new request starts empty."""
	frappe.local.cache = {}
	frappe.local.valid_columns = {}
	frappe.local.message_log = []
	frappe.set_user(user)


# --- the report -------------------------------------------------------------------------------


def duration(ms: float | None) -> str:
	if ms is None:
		return "-"
	return f"{ms / 1000:.1f} s" if ms >= 1000 else f"{ms:.1f} ms"


def report(site: str, demo: dict | None, ctx: frappe._dict, results: list[Result], runs: int) -> str:
	lines = [
		f"party_building benchmark — {site}, {datetime.datetime.now():%Y-%m-%d %H:%M}, "
		f"commit {git_commit()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
	]
	if demo:
		phases = ", ".join(f"{k} {v:.1f} s" for k, v in demo["seconds"].items())
		lines.append(
			f"county demo: {demo['organizations']} organizations ({demo['branches']} branches), "
			f"{demo['members']:,} members; {phases}"
		)
	else:
		lines.append("county demo: reused (--keep); member creation and the build not timed")
	lines.append(
		f"secretary {ctx.users['secretary']} of {ctx.branch} ({ctx.branch_size} members); "
		f"search text {ctx.initials!r} ({ctx.initials_matches} members match county-wide); "
		f"queries: median and p90 of {runs} runs after {WARMUP_RUNS} warm-up runs"
	)
	if replica.configured():
		conf = frappe.local.conf
		lines.append(
			f"reads on the replica {conf.replica_host}:{conf.replica_db_port or 3306}, saves on the primary"
		)
	rows = [("metric", "median", "p90", "target", "result")]
	rows += [
		(r.name, "", "", "", r.verdict)
		if r.judged
		else (r.name, duration(r.median), duration(r.p90), f"<= {duration(r.target_ms)}", r.verdict)
		for r in results
	]
	widths = [max(len(row[i]) for row in rows) for i in range(5)]
	lines.append("")
	for row in rows:
		lines.append(
			"  ".join(
				cell.ljust(w) if i == 0 else cell.rjust(w)
				for i, (cell, w) in enumerate(zip(row, widths, strict=True))
			)
		)
	return "\n".join(lines) + "\n"


def git_commit() -> str:
	try:
		return subprocess.run(
			["git", "-C", frappe.get_app_path("party_building"), "rev-parse", "--short", "HEAD"],
			capture_output=True,
			text=True,
			check=True,
		).stdout.strip()
	except (OSError, subprocess.CalledProcessError):
		return "unknown"


# --- the scratch site -------------------------------------------------------------------------


def db_root_account(bench_path: Path) -> tuple[str, str]:
	"""The database account that may create sites: PB_DB_ROOT_USER / PB_DB_ROOT_PASSWORD, else the one
	scripts/setup made or was given (root_login / root_password in common_site_config.json)."""
	config_path = bench_path / "sites" / "common_site_config.json"
	config = json.loads(config_path.read_text()) if config_path.exists() else {}
	user = os.environ.get("PB_DB_ROOT_USER") or config.get("root_login") or "root"
	password = os.environ.get("PB_DB_ROOT_PASSWORD") or config.get("root_password") or ""
	if not password:
		raise RuntimeError(
			"No database account to create the scratch site: run scripts/setup (it records one in "
			"sites/common_site_config.json) or set PB_DB_ROOT_USER and PB_DB_ROOT_PASSWORD"
		)
	return user, password


def site_usable(site: str) -> bool:
	"""A site whose database answers and has the app's tables (a failed new-site leaves only its folder)."""
	try:
		frappe.init(site=site)
		frappe.connect()
		return bool(frappe.db.sql("select name from `tabDocType` limit 1"))
	except Exception:
		return False
	finally:
		frappe.destroy()  # never keep a half-made site's configuration for what follows


def ensure_site(site: str) -> None:
	"""Create the scratch site with the app, or install the app on it, through the bench CLI.
	A scratch site left half-made by a failed run is dropped and made again, never reused."""
	from frappe.utils import get_bench_path

	bench_path = Path(get_bench_path())
	user, password = db_root_account(bench_path)
	root = ("--db-root-username", user, "--db-root-password", password)
	site_path = bench_path / "sites" / site
	if site_path.exists() and not site_usable(site):
		print(f"The scratch site {site} was left half-made: dropping it …", flush=True)
		(site_path / "logs").mkdir(exist_ok=True)  # drop-site logs there; a half-made site may lack it
		try:
			bench(bench_path, "drop-site", site, "--force", "--no-backup", *root)
		except RuntimeError:
			shutil.rmtree(site_path, ignore_errors=True)
	if not (site_path / "site_config.json").exists():
		print(f"Creating the scratch site {site} …", flush=True)
		try:
			bench(
				bench_path,
				"new-site",
				site,
				"--install-app",
				"party_building",
				"--admin-password",
				"admin",
				*root,
				f"--mariadb-user-host-login-scope={os.environ.get('PB_DB_USER_HOST', '%')}",
			)
		except RuntimeError:
			if site_path.exists():  # never leave a half-made site for the next run
				bench(bench_path, "drop-site", site, "--force", "--no-backup", *root)
			raise
		return
	frappe.init(site=site)
	frappe.connect()
	try:
		installed = "party_building" in frappe.get_installed_apps()
	finally:
		frappe.destroy()
	if not installed:
		print(f"Installing party_building on {site} …", flush=True)
		bench(bench_path, "--site", site, "install-app", "party_building")
	else:
		print(f"Migrating {site} to this checkout …", flush=True)
		bench(bench_path, "--site", site, "migrate")


def bench(bench_path: Path, *args: str) -> None:
	"""Run a bench command, keeping its output short (no progress bars)."""
	cli = shutil.which("bench")
	if cli:
		command, cwd = [cli, *args], bench_path
	else:  # what the bench CLI runs
		command = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe", *args]
		cwd = bench_path / "sites"
	done = subprocess.run(command, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
	output = (done.stdout + done.stderr).replace("\r", "\n").splitlines()
	shown = [line for line in output if line.strip() and "Updating DocTypes" not in line]
	print("\n".join(shown[-20:]))
	if done.returncode:
		raise RuntimeError(f"bench {' '.join(args[:2])} failed with exit code {done.returncode}")
