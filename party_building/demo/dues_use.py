"""Demo 党费使用: in some branches of the demo county, an approved use of dues earlier this year (a visit
to members in difficulty, study materials), submitted as the upper level would, so the dues book, the
publication and the public page show spending."""

import datetime

import frappe

from party_building.dues import rules as dues
from party_building.dues.service import balance

USES = (
	("Visits to Members in Difficulty", "“七一”慰问生活困难党员"),
	("Education and Training", "购买党员教育学习读本"),
)


def make(ctx) -> dict:
	branches = [p.name for p in ctx.plan if p.org_type == "Branch"]
	made = 0
	for index, branch in enumerate(branches):
		held = balance(branch, ctx.on)
		if held < 100 or index % 2:
			continue
		purpose, description = USES[made % len(USES)]
		used_on = max(datetime.date(ctx.on.year, 1, 1), ctx.on - datetime.timedelta(days=30))
		doc = frappe.get_doc(
			{
				"doctype": "Dues Use",
				"organization": branch,
				"used_on": used_on,
				"purpose": purpose,
				"description": description,
				"amount": dues.to_fen(held * dues.dec("0.2")),
				"approval_no": f"{ctx.county.name}教工委批〔{ctx.on.year}〕{made + 1}号",
				"approved_on": used_on,
			}
		)
		doc.insert(ignore_permissions=True)
		doc.submit()
		made += 1
	return {"dues uses": made}
