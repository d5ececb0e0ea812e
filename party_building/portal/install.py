"""党员之家 on install and migrate: members log in with their mobile number (Frappe's own login)."""

import frappe


def after_migrate() -> None:
	settings = frappe.get_single("System Settings")
	wanted = {"allow_login_using_mobile_number": 1, "allow_login_using_user_name": 1}
	if any(int(settings.get(k) or 0) != v for k, v in wanted.items()):
		for key, value in wanted.items():
			frappe.db.set_single_value("System Settings", key, value)
		frappe.clear_cache()
