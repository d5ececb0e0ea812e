"""Search that keeps organization isolation.

Frappe's link search honours a client-sent `ignore_user_permissions=1` (meant for link fields
that ignore user permissions) and its global search returns any document of a readable doctype.
Both would show a branch's users the names of other branches' members, so the desk's endpoints
are overridden (hooks.override_whitelisted_methods) to apply permissions on isolated doctypes.
Members are found by Chinese name, full pinyin and pinyin initials through the doctype's
`search_fields` (name_pinyin, name_initials) and its global-search fields.
"""

from collections import defaultdict

import frappe
from frappe.desk import search as desk_search
from frappe.utils import global_search

# doctypes whose records are private to an organization's subtree
ISOLATED_DOCTYPES = {"Party Member"}


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	if doctype in ISOLATED_DOCTYPES:
		ignore_user_permissions = False
	return desk_search.search_link(
		doctype,
		txt,
		query=query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | dict | list | None = None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	if doctype in ISOLATED_DOCTYPES:
		ignore_user_permissions = False
	return desk_search.search_widget(
		doctype,
		txt,
		query=query,
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)


@frappe.whitelist()
def search(text: str, start: int = 0, limit: int = 20, doctype: str = ""):
	"""Global search (the awesome bar's "Search for …"), without documents the user may not read."""
	return readable_only(global_search.search(text, start=start, limit=limit, doctype=doctype))


def readable_only(results: list) -> list:
	names = defaultdict(list)
	for r in results:
		names[r.doctype].append(r.name)
	allowed = {
		doctype: set(
			frappe.get_list(doctype, filters={"name": ("in", docnames)}, pluck="name", limit_page_length=0)
		)
		for doctype, docnames in names.items()
	}
	return [r for r in results if r.name in allowed[r.doctype]]
