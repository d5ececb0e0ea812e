"""Demo 述职评议: last year's duty report of most branch secretaries, graded by the county's
administrator (好/较好/一般/差), so the appraisal summary has reports, grades and a few missing ones.
Written directly (db_insert), as the history of elections is."""

import datetime

import frappe

from party_building.organization import rules as orules
from party_building.records import rules

COMMENTS = {
	rules.GOOD: "三会一课落实到位，党员教育扎实",
	rules.FAIRLY_GOOD: "工作较扎实，谈心谈话需更经常",
	rules.AVERAGE: "组织生活记录不够完整，须整改",
	rules.POOR: "多项工作未落实，限期整改",
}


def make(ctx) -> dict:
	rng, year = ctx.rng, ctx.on.year - 1
	made = 0
	for org in ctx.plan:
		if org.org_type != orules.BRANCH:
			continue
		secretary = next(
			(m for m, pos, _s, end in org.committee if pos == orules.SECRETARY and end is None), None
		)
		if not secretary or rng.random() < 0.1:  # a few have not reported
			continue
		names = {m["name"]: m["full_name"] for m in org.members}
		grade = rng.choices(rules.DUTY_GRADES, weights=(5, 4, 2, 1))[0]
		doc = frappe.get_doc(
			{
				"doctype": "Secretary Duty Report",
				"organization": org.name,
				"year": year,
				"report_date": datetime.date(year, 12, rng.randint(10, 28)),
				"secretary": secretary,
				"secretary_name": names.get(secretary),
				"report": f"<p>{year}年度，本支部围绕学校中心工作，落实“三会一课”、主题党日和谈心谈话……</p>",
				"overall_grade": grade,
			}
		)
		doc.append(
			"reviews",
			{
				"reviewer": "Administrator",
				"reviewer_name": "Administrator",
				"grade": grade,
				"comment": COMMENTS[grade],
			},
		)
		doc.set_new_name()
		doc.set_parent_in_children()
		doc.db_insert()
		for i, row in enumerate(doc.reviews, 1):
			row.idx = i
			row.db_insert()
		made += 1
	return {"duty reports": made}
