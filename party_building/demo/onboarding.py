"""Demo 党建数据导入: each branch's import record from when the county came in (checked, nothing left to
import: the demo's members are the county's register), so the import list is not empty and the isolation
audit has a record of every isolated doctype to probe."""

import frappe

from party_building.organization import rules as orules


def make(ctx) -> dict:
	made = 0
	for org in ctx.plan:
		if org.org_type != orules.BRANCH:
			continue
		doc = frappe.get_doc({"doctype": "Party Data Import", "organization": org.name})
		doc.insert(ignore_permissions=True)
		made += 1
	return {"data imports": made}
