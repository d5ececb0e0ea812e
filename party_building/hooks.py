app_name = "party_building"
app_title = "Party Building"
app_publisher = "party_building developers"
app_description = "学校党建: Party organization work of primary and secondary schools"
app_email = "dev@party-building.invalid"
app_license = "mit"

# Roles (filtered by name: never Frappe's own records)
fixtures = [
	{
		"dt": "Role",
		"filters": [
			[
				"role_name",
				"in",
				["Party Admin", "Branch Secretary", "Branch Committee Member", "Party Member"],
			]
		],
	},
	# organization records
	{
		"dt": "Workflow",
		"filters": [
			[
				"name",
				"in",
				["Party Election Approval", "Member Transfer Approval", "Standing Change Approval"],
			]
		],
	},
	# party dues
	{"dt": "Workflow", "filters": [["name", "in", ["Dues Remittance Approval"]]]},
	# admitting new members
	{"dt": "Workflow", "filters": [["name", "in", ["Member Development Approval"]]]},
	# ledgers
	{"dt": "Workflow", "filters": [["name", "in", ["Rectification Close-out"]]]},
	# organizational life
	{"dt": "Workflow", "filters": [["name", "in", ["Party Activity Review", "Democratic Appraisal Review"]]]},
]

after_install = ["party_building.core.install.after_install", "party_building.portal.install.after_migrate"]
after_migrate = ["party_building.core.install.after_migrate", "party_building.portal.install.after_migrate"]
before_job = ["party_building.core.tasks.use_site_language"]
boot_session = "party_building.core.boot.boot_session"
# documents a request carries are checked against their doctype first (party_building/core/payloads.py)
before_request = ["party_building.core.payloads.check_request"]

app_include_js = ["party_building.bundle.js"]
app_include_css = ["party_building.bundle.css"]

# 党员之家: a member's own login (role Party Member, no desk) lands on the portal (party_building/www/party)
role_home_page = {"Party Member": "party"}

# 党务公开: an organization's public page /dangwu/<organization>, for anyone (party_building/notices/page.py)
page_renderer = ["party_building.notices.page.PublicPage"]

# One isolation rule for every app doctype that belongs to an organization: its records are seen
# only within the user's granted subtree, on every path that reads through frappe.get_list or
# frappe.has_permission (see access.organization_query). A plain member's login sees only their own
# register entry (the doctype rules below).
permission_query_conditions = {
	"*": "party_building.core.access.organization_query",
	"Party Member": "party_building.core.access.party_member_query",
	"Dues Payment": "party_building.dues.service.payment_query",
	"Dues Ledger Entry": "party_building.dues.service.ledger_query",
	"Party Activity": "party_building.activity.service.activity_query",
	"Points Entry": "party_building.party_building.doctype.points_entry.points_entry.points_entry_query",
}
has_permission = {
	# one hook: the isolation rule, then the doctype's own rule (access.DOCTYPE_RULES)
	"*": "party_building.core.access.organization_has_permission",
}

# member points awarded by source documents once, taken back when they are cancelled
doc_events = {
	# every app doctype: text cleaned of markup whatever the docstatus (party_building/core/sanitize.py),
	# then years, months, amounts and text lengths in range (party_building/core/limits.py)
	"*": {
		"before_validate": [
			"party_building.core.sanitize.clean_text",
			"party_building.core.limits.validate_values",
		],
		"validate": "party_building.core.limits.validate_not_negative",
		# the workspace's cached figures forgotten when a counted document changes (core/workspace.py)
		"on_change": "party_building.core.workspace.forget_if_counted",
		"on_trash": "party_building.core.workspace.forget_if_counted",
		"after_rename": "party_building.core.workspace.forget_if_counted",
	},
	"Party Activity": {
		# a member's check-in and leave survive the secretary's refill of the attendance (portal/service.py)
		"before_validate": "party_building.portal.service.keep_member_marks",
		"on_submit": "party_building.ledgers.points.on_activity_submit",
		"on_cancel": "party_building.ledgers.points.on_source_cancel",
	},
	"Dues Payment": {
		"on_submit": "party_building.ledgers.points.on_dues_payment_submit",
		"on_cancel": "party_building.ledgers.points.on_source_cancel",
	},
}

# script reports: filters checked before they run, and a failing report never becomes a prepared report;
override_doctype_class = {
	"Report": "party_building.core.report_runner.PartyReport",
	# uploads: only safe types, private when attached to an app record (party_building/core/uploads.py)
	"File": "party_building.core.uploads.PartyFile",
}

# functions the print formats call (party dues: the dues card and the branch ledger)
jinja = {
	"methods": [
		"party_building.dues.service.dues_card",
		"party_building.dues.service.dues_ledger_book",
	],
}

scheduler_events = {
	"daily": [
		# one job per capability, named <capability>.tasks.daily
		"party_building.core.tasks.daily",
		"party_building.records.tasks.daily",
		"party_building.dues.tasks.daily",
		"party_building.admission.tasks.daily",
		"party_building.ledgers.tasks.daily",
		"party_building.activity.tasks.daily",
		"party_building.holidays.tasks.daily",
	],
}

global_search_doctypes = {
	"Default": [
		{"doctype": "Party Member", "index": 0},
		{"doctype": "Party Organization", "index": 1},
	]
}

# link search of members: prefixes of the pinyin keys from their indexes (see party_building/core/search.py)
standard_queries = {"Party Member": "party_building.core.search.member_query"}

# Frappe's methods that read around the isolation rule (see party_building/core/search.py)
override_whitelisted_methods = {
	"frappe.desk.search.search_link": "party_building.core.search.search_link",
	"frappe.desk.search.search_widget": "party_building.core.search.search_widget",
	"frappe.utils.global_search.search": "party_building.core.search.search",
	"frappe.client.get_count": "party_building.core.search.get_count",
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": "party_building.core.charts.get",
	"frappe.desk.desktop.get_desktop_page": "party_building.core.workspace.get_desktop_page",
	"frappe.desk.desktop.get_workspace_sidebar_items": "party_building.core.workspace.get_workspace_sidebar_items",
	"frappe.client.validate_link": "party_building.core.search.validate_link",
	"frappe.desk.listview.get_group_by_count": "party_building.core.search.get_group_by_count",
	"frappe.desk.search.get_link_title": "party_building.core.search.get_link_title",
	"frappe.desk.like.toggle_like": "party_building.core.search.toggle_like",
	# the app's own methods under the paths they had before the code was grouped by capability (a desk
	# page loaded before an upgrade, a saved link, a script calls them there)
	"party_building.records.voting_members": "party_building.records.service.voting_members",
	"party_building.dues_service.remittance_figures": "party_building.dues.service.remittance_figures",
	"party_building.dues_service.collection_rate": "party_building.dues.service.collection_rate_card",
	"party_building.dues.service.collection_rate": "party_building.dues.service.collection_rate_card",
	"party_building.access.grant_access": "party_building.core.access.grant_access",
	"party_building.ledgers.set_pending_reason": "party_building.ledgers.service.set_pending_reason",
	"party_building.ledgers.create_tasks_from_plan": "party_building.ledgers.service.create_tasks_from_plan",
}
