"""Install-time defaults of admitting new members: the 25-step master list, created once.

An administrator may rename steps or move them between stages afterwards; ensure_defaults() only adds
the steps that are missing and never overwrites an edited one (so it is not a fixture).
"""

import frappe

from party_building.admission import rules


def ensure_defaults():
	existing = set(frappe.get_all("Development Step Template", pluck="step_no"))
	for step_no, step_name, stage in rules.DEFAULT_STEPS:
		if step_no in existing:
			continue
		frappe.get_doc(
			{
				"doctype": "Development Step Template",
				"step_no": step_no,
				"step_name": step_name,
				"stage": stage,
			}
		).insert(ignore_permissions=True)
