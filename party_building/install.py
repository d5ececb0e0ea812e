"""Install-time defaults: things an administrator may edit later are created once, never overwritten."""

import frappe


def after_install():
	after_migrate()


def after_migrate():
	ensure_global_search_doctypes()


def ensure_global_search_doctypes():
	"""Let the awesome bar find members by name, pinyin and initials."""
	settings = frappe.get_single("Global Search Settings")
	present = {row.document_type for row in settings.allowed_in_global_search}
	changed = False
	for doctype in ("Party Member", "Party Organization"):
		if doctype not in present:
			settings.append("allowed_in_global_search", {"document_type": doctype})
			changed = True
	if changed:
		settings.save(ignore_permissions=True)
