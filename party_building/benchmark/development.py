"""Benchmark of admitting new members (registered in benchmark.BENCHMARK_MODULES).

On the county demo (about 2,000 admission records): the Development Pipeline report over all of them
as the county admin, the same report as a branch secretary, and saving a complete record (all 25 steps
dated) through the controller with every rule.
"""

import frappe
from frappe.utils import getdate, today

from party_building.admission import rules
from party_building.benchmark import measurement

PIPELINE_TARGET_MS = 500
SAVE_TARGET_MS = 300
STAGE_KEYS = ("applicant", "activist", "target", "probationary", "full", "ended")


def pipeline(ctx):
	from party_building.party_building.report.development_pipeline.development_pipeline import execute

	return execute({"year": getdate(today()).year})


def covers_the_county(ctx, result) -> bool:
	rows = result[1]
	top = [r for r in rows if r.get("indent") == 0]
	return bool(top) and sum(top[0][k] for k in STAGE_KEYS) >= 1500


def own_branch_only(ctx, result) -> bool:
	return all(r["organization"] in ctx.secretary_orgs for r in result[1])


measurement(
	"development pipeline report, county admin (~2,000 records)",
	PIPELINE_TARGET_MS,
	user="admin",
	check=covers_the_county,
)(pipeline)
measurement(
	"development pipeline report, branch secretary",
	PIPELINE_TARGET_MS,
	user="secretary",
	check=own_branch_only,
)(pipeline)


_complete: list[str] = []


def complete_record() -> str:
	"""A record with all 25 steps dated (a full member's), found once."""
	if not _complete:  # the measured user's own records: the demo county
		_complete.append(
			frappe.get_list(
				"Member Development",
				filters={"stage": rules.FULL_MEMBER},
				pluck="name",
				order_by="name",
				limit_page_length=1,
			)[0]
		)
	return _complete[0]


def save_complete_record(ctx):
	doc = frappe.get_doc("Member Development", complete_record())
	doc.steps[-1].note = f"档案已归档（{frappe.generate_hash(length=6)}）"
	doc.save()
	return doc


def saved_with_25_steps(ctx, doc) -> bool:
	return doc.stage == rules.FULL_MEMBER and all(r.step_date for r in doc.steps) and len(doc.steps) == 25


measurement(
	"save an admission record with all 25 steps, county admin",
	SAVE_TARGET_MS,
	user="admin",
	check=saved_with_25_steps,
	writes=True,
)(save_complete_record)
