"""The workspace 党建工作 in one call: its number cards, charts and shortcut counts, cached per user.

Frappe's desk asks for each widget separately (the card's document, then its number; the chart's
document, its source, its data; each shortcut's count): about twenty requests, each paying for a
session and the permission checks, and the counts read the whole county for its administrator.
Here the page's own request (`get_desktop_page`) brings them all along, and `figures` answers them
again when the page shows anew; the desk's widgets read that answer (public/js/workspace.js).

- The member cards and the members-by-branch chart come from one grouped query, through
  frappe.get_list, so the user's permissions apply exactly as they do to the widgets' own calls.
- The answer is kept in Frappe's cache per user, day and language, and forgotten (`forget`) by the
  document events that change a counted figure (hooks.py doc_events: WORKSPACE_DOCTYPES), at once
  and again after the commit (a request reading in between cannot keep the old figure). The key
  also holds the latest `modified` of the counted tables, so a bulk write that runs no document
  event (the demo, an import) is seen at once too.
- Frappe's own answers for the page and the sidebar (permission checks of every card, chart, link
  and workspace, read again on each desk load) are kept the same way; the roles, permissions and
  documents they depend on are among WORKSPACE_DOCTYPES.
"""

import frappe
from frappe import _
from frappe.utils import flt, today

from party_building.core.charts import SOURCES
from party_building.core.endpoint import guarded

WORKSPACE = "Party Building"
CACHE_KEY = "party_building:workspace"

PARTY_MEMBERS = "Party Members"
PROBATIONARY = "Probationary Party Members"
MEMBERS_BY_BRANCH = "Members by Branch"
# the documents whose changes move a figure of the workspace: each of their saves, submits, cancels,
# renames and deletions forgets the cached figures (hooks.py doc_events "*": forget_if_counted)
WORKSPACE_DOCTYPES = frozenset(
	(
		"Party Member",  # the member cards, the two charts, the member shortcut
		"Party Activity",  # activities held this month
		"Rectification Item",  # open rectifications
		"Dues Payment",  # the collection rate (paid)
		"Dues Assessment",  # the collection rate (due)
		"Party Organization",  # the tree the user's grants cover; the branches of the chart
		"User Permission",  # a user's grants
		"User",  # a user's roles (Has Role rows are saved with the user)
		"Role",
		"DocType",  # role permissions (DocPerm rows are saved with the doctype)
		"Custom DocPerm",
		"Module Def",
		"Report",
		"Number Card",
		"Dashboard Chart",
		"Dashboard Settings",
		"Workspace",
	)
)


@frappe.whitelist(methods=["GET", "POST"])
@guarded
def figures() -> dict:
	"""Every number card, chart and shortcut count of the workspace the user may read:
	{"cards": {name: {"doc", "value"}}, "charts": {name: {"doc", "data"}}, "shortcuts": {shown label: count}}.
	A widget the user may not read is left out (the desk then asks Frappe as before, and is refused)."""
	return cached_figures()


@frappe.whitelist()
@frappe.read_only()
@guarded
def get_desktop_page(page: str) -> dict:
	"""frappe.desk.desktop.get_desktop_page; the app's workspace brings its figures along, and the
	user's dashboard settings the desk asks for next (its charts' saved filters): one request, not
	three, when the workspace opens. Its answer, Frappe's permission checks of every card, chart and
	link included, is kept with the figures."""
	from frappe.desk.desktop import get_desktop_page as frappe_get_desktop_page

	described = frappe.parse_json(page) if isinstance(page, str) else page
	if not isinstance(described, dict) or described.get("name") != WORKSPACE or described.get("for_user"):
		return frappe_get_desktop_page(page)

	def build() -> tuple[dict, bool]:
		answer = frappe_get_desktop_page(page)
		if not answer:
			return answer, False
		figures, whole = figures_and_whole()
		answer["party_building"] = {"figures": figures, "dashboard_settings": dashboard_settings()}
		return answer, whole

	return cached("page", build)


@frappe.whitelist()
@guarded
def get_workspace_sidebar_items() -> dict:
	"""frappe.desk.desktop.get_workspace_sidebar_items, kept per user like the figures (Frappe checks
	every workspace's roles and modules again on each desk load)."""
	from frappe.desk.desktop import get_workspace_sidebar_items as frappe_sidebar

	return cached("sidebar", lambda: (frappe_sidebar(), True))


def cached_figures() -> dict:
	return figures_and_whole()[0]


def figures_and_whole() -> tuple[dict, bool]:
	"""The figures from the cache (whole, as only whole ones are kept), or computed."""
	field = f"figures|{cache_field()}"
	kept = frappe.cache.hget(CACHE_KEY, field)
	if kept is not None:
		return kept, True
	figures, whole = compute()
	if whole:
		frappe.cache.hset(CACHE_KEY, field, figures)
	return figures, whole


def cached(kind: str, build):
	"""build()'s answer, kept for the user (today, their language, the data as last written) unless
	build says it is not whole (a widget failed: the next request tries again)."""
	field = f"{kind}|{cache_field()}"
	kept = frappe.cache.hget(CACHE_KEY, field)
	if kept is not None:
		return kept
	answer, whole = build()
	if whole:
		frappe.cache.hset(CACHE_KEY, field, answer)
	return answer


def dashboard_settings() -> dict | None:
	"""The user's Dashboard Settings as the desk reads them (frappe.db.get_list), None when they have
	none yet (the desk then creates them as before)."""
	rows = frappe.get_list("Dashboard Settings", filters={"name": frappe.session.user}, fields=["*"])
	return rows[0] if rows else None


def cache_field(user: str | None = None) -> str:
	"""The user's figures of today, in their language, for the data as last written."""
	return f"{user or frappe.session.user}|{today()}|{frappe.local.lang}|{data_stamp()}"


# the tables the figures count, whose latest `modified` is part of the cache key: a bulk write that
# runs no document event (the demo, an import, the whole county's assessment) still sets it
STAMPED = (
	"Party Member",
	"Party Activity",
	"Rectification Item",
	"Dues Payment",
	"Dues Assessment",
	"Party Organization",
)


def data_stamp() -> str:
	"""The latest change of each counted table: one query of index lookups (each has one on modified)."""
	row = frappe.db.sql("select " + ", ".join(f"(select max(modified) from `tab{d}`)" for d in STAMPED))[0]
	return ",".join(str(v or "") for v in row)


def forget_if_counted(doc, method=None, *args, **kwargs) -> None:
	"""doc_events "*": a change of a document the workspace counts forgets the cached figures."""
	if doc.doctype in WORKSPACE_DOCTYPES:
		forget()


def forget() -> None:
	"""Forget every user's cached figures, now and again once the transaction ends: after the commit
	(a request that read the old figures meanwhile cannot keep them) or the rollback (figures read
	inside the transaction never outlive it). A bulk write that bypasses the document events calls it."""
	frappe.cache.delete_value(CACHE_KEY)
	if getattr(frappe.local, "db", None) is not None and not frappe.flags.pb_workspace_forget_queued:
		frappe.flags.pb_workspace_forget_queued = True  # once per transaction, however many documents
		frappe.db.after_commit.add(_forget_after_commit)
		frappe.db.after_rollback.add(_forget_after_commit)


def _forget_after_commit() -> None:
	frappe.flags.pb_workspace_forget_queued = False
	frappe.cache.delete_value(CACHE_KEY)


# --- computing the figures ------------------------------------------------------------------------


def compute() -> tuple[dict, bool]:
	"""The figures, and whether every widget was answered (only a whole answer is kept)."""
	workspace = frappe.get_doc("Workspace", WORKSPACE)
	cards = {}
	for row in workspace.number_cards:
		doc = readable("Number Card", row.number_card_name)
		if doc:
			cards[doc.name] = {"doc": doc.as_dict(no_default_fields=False)}
	charts = {}
	for row in workspace.charts:
		doc = readable("Dashboard Chart", row.chart_name)
		if doc and (doc.chart_type != "Custom" or doc.source in SOURCES):
			charts[doc.name] = {"doc": doc.as_dict(no_default_fields=False)}

	members = active_members_by_branch_and_type() if members_readable() else None
	whole = True
	for name, card in list(cards.items()):
		answered, card["value"] = attempt(card_value, card["doc"], members)
		if not answered:  # the widget asks Frappe itself, and meets the same error there
			del cards[name]
			whole = False
	for name, chart in list(charts.items()):
		answered, chart["data"] = attempt(chart_data, chart["doc"], members)
		if not answered:
			del charts[name]
			whole = False
		elif chart["doc"].get("chart_type") == "Custom":  # the source's script, as get_config sends it
			from frappe.desk.doctype.dashboard_chart_source.dashboard_chart_source import get_config

			chart["source_config"] = get_config(chart["doc"]["source"])
	shortcuts = {}
	for row in workspace.shortcuts:
		answered, count = attempt(shortcut_count, row, members)
		if answered and count is not None:  # by the label the desk shows, as get_desktop_page names it
			shortcuts[_(row.label) if row.label else _(row.link_to)] = count
		whole = whole and answered
	# what the desk shows is what it would have read from Frappe: plain JSON, made once
	figures = frappe.parse_json(frappe.as_json({"cards": cards, "charts": charts, "shortcuts": shortcuts}))
	return figures, whole


def attempt(fn, *args) -> tuple[bool, object]:
	"""(True, fn(*args)), or (False, None) when it fails: one widget's error (a permission refused, a
	broken card) leaves the others shown, and its messages are not sent with the page."""
	messages = len(frappe.local.message_log or [])
	try:
		return True, fn(*args)
	except Exception:
		del frappe.local.message_log[messages:]
		return False, None


def readable(doctype: str, name: str):
	if not name or not frappe.db.exists(doctype, name):
		return None
	doc = frappe.get_doc(doctype, name)
	return doc if frappe.has_permission(doctype, "read", doc) else None


def members_readable() -> bool:
	return bool(frappe.has_permission("Party Member", "read"))


def active_members_by_branch_and_type() -> list[dict]:
	"""Active members the user may read, counted by branch and membership type: the one query behind
	the two member cards, the members-by-branch chart and the member shortcut."""
	return frappe.get_list(
		"Party Member",
		fields=["branch", "membership_type", "count(*) as n"],
		filters=[["Party Member", "standing", "=", "Active"], ["Party Member", "docstatus", "<", 2]],
		group_by="branch, membership_type",
		order_by="branch",
		limit_page_length=0,
	)


def card_value(doc: dict, members: list[dict] | None):
	"""The number Frappe's widget would show: what number_card.get_result (a Document Type card) or
	the card's method (a Custom card) answers."""
	if doc["name"] == PARTY_MEMBERS and members is not None and is_stock_card(doc, PARTY_MEMBERS_FILTERS):
		return flt(sum(r.n for r in members))
	if doc["name"] == PROBATIONARY and members is not None and is_stock_card(doc, PROBATIONARY_FILTERS):
		return flt(sum(r.n for r in members if r.membership_type == "Probationary"))
	if doc.get("type") == "Custom":
		return frappe.get_attr(doc["method"])(filters=frappe.parse_json(doc.get("filters_json") or "[]"))
	from frappe.desk.doctype.number_card.number_card import get_result

	return get_result(frappe.as_json(doc), frappe.parse_json(doc.get("filters_json") or "[]"))


PARTY_MEMBERS_FILTERS = [["Party Member", "standing", "=", "Active"]]
PROBATIONARY_FILTERS = [*PARTY_MEMBERS_FILTERS, ["Party Member", "membership_type", "=", "Probationary"]]


def is_stock_card(doc: dict, filters: list) -> bool:
	"""Is the card still the one shipped (a count of members with these filters)? An edited card is
	counted by Frappe's own get_result instead."""
	if doc.get("type") != "Document Type" or doc.get("function") != "Count":
		return False
	if doc.get("document_type") != "Party Member" or (doc.get("dynamic_filters_json") or "[]") != "[]":
		return False
	return [f[:4] for f in frappe.parse_json(doc.get("filters_json") or "[]")] == filters


def chart_data(doc: dict, members: list[dict] | None):
	"""What the desk's chart widget would receive for the chart with its saved filters."""
	if doc["name"] == MEMBERS_BY_BRANCH and members is not None and is_stock_chart(doc):
		per_branch: dict = {}
		for r in members:
			per_branch[r.branch] = per_branch.get(r.branch, 0) + r.n
		if not per_branch:
			return None
		ordered = sorted(per_branch.items(), key=lambda item: -item[1])
		return {
			"labels": [branch for branch, _n in ordered],
			"datasets": [{"name": _(doc["name"]), "values": [n for _branch, n in ordered]}],
		}
	if doc.get("chart_type") == "Custom":
		return custom_chart(doc)
	from party_building.core.charts import get

	return get(chart_name=doc["name"], refresh=1)


def is_stock_chart(doc: dict) -> bool:
	return (
		doc.get("chart_type") == "Group By"
		and doc.get("document_type") == "Party Member"
		and doc.get("group_by_based_on") == "branch"
		and doc.get("group_by_type") == "Count"
		and not doc.get("aggregate_function_based_on")
		and (doc.get("dynamic_filters_json") or "[]") == "[]"
		and [f[:4] for f in frappe.parse_json(doc.get("filters_json") or "[]")] == PARTY_MEMBERS_FILTERS
	)


def custom_chart(doc: dict):
	return frappe.get_attr(SOURCES[doc["source"]])(
		chart_name=doc["name"], filters=doc.get("filters_json") or "[]"
	)


def shortcut_count(row, members: list[dict] | None) -> int | None:
	"""A DocType shortcut's count (frappe.client.get_count with its stats filter), or None when it
	shows none."""
	if row.type != "DocType" or row.doc_view == "New" or not row.stats_filter:
		return None
	filters = frappe.parse_json(row.stats_filter)
	if not filters:
		return None
	if (
		row.link_to == "Party Member"
		and members is not None
		and [f[:4] for f in filters] == [["Party Member", *f[1:4]] for f in PARTY_MEMBERS_FILTERS]
	):
		return sum(r.n for r in members)
	if not frappe.has_permission(row.link_to, "read"):
		return None
	from party_building.core.search import get_count

	return get_count(row.link_to, filters=filters)
