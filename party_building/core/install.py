"""Install-time defaults: things an administrator may edit later are created once, never overwritten."""

import frappe


def after_install():
	after_migrate()


def after_migrate():
	ensure_global_search_doctypes()
	install_defaults_once()
	name_the_app()
	name_the_administrator()
	keep_frappe_workspaces_for_administrators()
	show_print_formats_in_chinese()
	times_in_hours_and_minutes()


# Frappe's own workspaces, which the app's users have no use for (websites, tools, integrations, the
# builder, users): shown to System Managers only, so a secretary's sidebar holds 党建工作 alone
FRAPPE_WORKSPACES = ("Build", "Integrations", "Tools", "Users", "Website", "Welcome Workspace")


def keep_frappe_workspaces_for_administrators():
	for name in FRAPPE_WORKSPACES:
		if not frappe.db.exists("Workspace", name):
			continue
		if not frappe.db.exists("Has Role", {"parent": name, "parenttype": "Workspace"}):
			workspace = frappe.get_doc("Workspace", name)
			workspace.append("roles", {"role": "System Manager"})
			workspace.flags.ignore_permissions = True
			workspace.flags.ignore_links = True
			workspace.save()


def show_print_formats_in_chinese():
	"""The print view's selector shows a print format in the user's language (会议记录, not "Meeting
	Minutes"): Frappe's own switch on the Print Format doctype."""
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	for doctype, prop in (("Print Format", "translated_doctype"),):
		if not frappe.db.get_value(
			"Property Setter", {"doc_type": doctype, "property": prop, "doctype_or_field": "DocType"}
		):
			make_property_setter(
				doctype, None, prop, 1, "Check", for_doctype=True, validate_fields_for_doctype=False
			)


def times_in_hours_and_minutes():
	"""Meetings start at 16:30, not 16:30:00: the desk's time picker shows hours and minutes (with
	seconds it printed "16:30:ss" in the time fields). Set once; an administrator may change it back."""
	if frappe.db.get_default("party_building_time_format"):
		return
	if (frappe.db.get_single_value("System Settings", "time_format") or "HH:mm:ss") == "HH:mm:ss":
		frappe.db.set_single_value("System Settings", "time_format", "HH:mm")
		frappe.db.set_default("time_format", "HH:mm")  # what the desk reads (System Settings writes both)
	frappe.db.set_default("party_building_time_format", "HH:mm")


def name_the_app():
	"""The login page and the browser tab say 学校党建, not "Frappe" (unless an administrator chose a name)."""
	for settings in ("System Settings", "Website Settings"):  # the login page reads the website's first
		if (frappe.db.get_single_value(settings, "app_name") or "Frappe") == "Frappe":
			frappe.db.set_single_value(settings, "app_name", "学校党建")


def name_the_administrator():
	"""Records the system made show 系统管理员 as their author ("系统管理员 创建"), not "Administrator"
	(unless the administrator account was given another name)."""
	first, last = frappe.db.get_value("User", "Administrator", ["first_name", "last_name"]) or (None, None)
	if first == "Administrator" and not last:
		frappe.db.set_value(
			"User",
			"Administrator",
			{"first_name": "系统管理员", "full_name": "系统管理员"},
			update_modified=False,
		)
		frappe.cache.delete_key("user_info")


# capabilities whose settings and master data get defaults (the key names the site's marker)
DEFAULTS = {
	"activity": "party_building.activity.install",
	"development": "party_building.admission.install",
	"dues": "party_building.dues.install",
	"ledger": "party_building.ledgers.install",
}


def install_defaults_once():
	"""Each capability's defaults are written the first time the site has it, and never again,
	so an administrator's later edits (or deletions) stand."""
	for area, module in DEFAULTS.items():
		marker = f"party_building_defaults_installed:{area}"
		if frappe.db.get_default(marker):
			continue
		frappe.get_attr(f"{module}.ensure_defaults")()
		frappe.db.set_default(marker, "1")


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


def complete_setup(language: str = "zh"):
	"""Skip the setup wizard on a fresh site: Chinese desk, China's time zone and date format."""
	settings = frappe.get_single("System Settings")
	if not settings.setup_complete:
		settings.update(
			{
				"language": language,
				"time_zone": "Asia/Shanghai",
				"country": "China" if frappe.db.exists("Country", "China") else None,
				"date_format": "yyyy-mm-dd",
				"first_day_of_the_week": "Monday",
				"setup_complete": 1,
			}
		)
		settings.flags.ignore_mandatory = True
		settings.save(ignore_permissions=True)
		frappe.db.set_default("desktop:home_page", "workspace")
	use_yuan()
	frappe.db.commit()


def use_yuan():
	"""Dues and funds are in yuan: CNY as the site's currency (unless one was chosen), shown as ¥."""
	if frappe.db.exists("Currency", "CNY"):
		frappe.db.set_value(
			"Currency",
			"CNY",
			{"enabled": 1, "symbol": frappe.db.get_value("Currency", "CNY", "symbol") or "¥"},
		)
	if not frappe.db.get_default("currency"):
		frappe.db.set_default("currency", "CNY")
	if not frappe.db.get_single_value("System Settings", "currency"):
		frappe.db.set_single_value("System Settings", "currency", "CNY")
