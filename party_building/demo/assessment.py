"""Demo 党建目标考核: the county's checklist for last year and every branch's assessment, its evidence
drawn from the demo records and scored by the county, so the ranking has something to rank."""

import frappe

from party_building.demo import insert_all
from party_building.organization import rules as orules
from party_building.records import rules

ITEMS = (
	("落实“三会一课”等组织生活制度", 30, rules.MEETINGS_HELD),
	("按时足额收缴党费", 15, rules.DUES_COLLECTED),
	("问题整改落实到位", 15, rules.RECTIFICATIONS_CLOSED),
	("开展谈心谈话", 10, rules.TALKS_DONE),
	("支部班子和党员队伍建设", 30, None),
)


def make(ctx) -> dict:
	# the county's own committee (its root: under an upper committee when add_counties built it)
	root = next((p.name for p in ctx.plan if p.org_type == orules.PARTY_COMMITTEE), None)
	if not root:
		return {"branch assessments": 0}
	year = ctx.on.year - 1
	template = frappe.get_doc(
		{
			"doctype": "Branch Assessment Template",
			"organization": root,
			"year": year,
			"items": [{"item": i, "points": p, "evidence_rule": r} for i, p, r in ITEMS],
		}
	).insert(ignore_permissions=True)
	assessments = [
		frappe.get_doc(
			{
				"doctype": "Branch Assessment",
				"template": template.name,
				"organization": org.name,
				"year": year,
			}
		)
		for org in ctx.plan
		if org.org_type == orules.BRANCH
	]
	for doc in assessments:
		doc.flags.template = template

	def score(doc) -> None:  # what the county's scoring writes
		for row in doc.items:
			row.score = round(row.points * ctx.rng.uniform(0.6, 1.0) * 2) / 2
		doc.total_score = sum(row.score for row in doc.items)
		doc.scored_by = "Administrator"

	insert_all(assessments, then=score)
	return {"branch assessments": len(assessments)}
