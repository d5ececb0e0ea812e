"""The 党员登记表 print format, installed for a while under its English name, goes by its Chinese name."""

import frappe


def execute():
	if frappe.db.get_value("Print Format", "Party Member Registration Form", "module") == "Party Building":
		frappe.delete_doc(
			"Print Format", "Party Member Registration Form", force=True, ignore_permissions=True
		)
