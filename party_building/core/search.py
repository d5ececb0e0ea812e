"""Frappe's whitelisted methods that read around organization isolation, overridden once for all
app doctypes (hooks.override_whitelisted_methods). The rule itself is access.organization_query /
access.organization_has_permission; these endpoints are the ones that would skip it:

- link search and the search widget honour a client-sent `ignore_user_permissions=1`: it is kept
  only where the asking form really has such a field, and then only for the organization directory
  (a transfer, a remittance or an approval names an organization outside one's own subtree: its
  name, nothing else);
- frappe.client.get_count counts without any permission, validate_link answers for any record,
  the list view's "assigned to" counts read the doctype without permissions;
- global search returns any document of a readable doctype.

Members are found by Chinese name, full pinyin and pinyin initials: in link fields by `member_query`
(hooks.standard_queries), in global search by the doctype's global-search fields.
"""

import re
from collections import defaultdict

import frappe
from frappe import _
from frappe.client import get_count as frappe_get_count
from frappe.client import validate_link as frappe_validate_link
from frappe.desk import search as desk_search
from frappe.desk.like import toggle_like as frappe_toggle_like
from frappe.desk.listview import get_group_by_count as frappe_group_by_count
from frappe.desk.search import get_link_title as frappe_get_link_title
from frappe.model.db_query import DatabaseQuery
from frappe.utils import global_search

from party_building.core.access import covers_every_organization, one_answer_per_query, scope_fields
from party_building.core.endpoint import guarded

ORGANIZATION = "Party Organization"


def may_ignore_user_permissions(doctype: str, reference_doctype: str | None) -> bool:
	"""Does the asking form have a link to `doctype` that ignores user permissions? Only such a field
	may search outside the user's organizations, and only in the organization directory."""
	if doctype != ORGANIZATION or not reference_doctype or not frappe.db.exists("DocType", reference_doctype):
		return False
	return any(
		f.options == doctype and f.ignore_user_permissions
		for f in frappe.get_meta(reference_doctype).get_link_fields()
	)


class organization_directory:
	"""Within the block (when `active`), organization names are searchable outside the user's subtree."""

	def __init__(self, active: bool):
		self.active = active

	def __enter__(self):
		frappe.flags.pb_organization_directory = self.active

	def __exit__(self, *exc):
		frappe.flags.pb_organization_directory = False


@frappe.whitelist()
@guarded
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
	directory = bool(ignore_user_permissions) and may_ignore_user_permissions(doctype, reference_doctype)
	with organization_directory(directory):
		results = desk_search.search_link(
			doctype,
			txt,
			query=None if directory else query,
			filters=filters,
			page_length=page_length,
			searchfield=searchfield,
			reference_doctype=reference_doctype,
			ignore_user_permissions=directory,
		)
	return translate_descriptions(doctype, results)


def translate_descriptions(doctype: str, results: list) -> list:
	"""A link's dropdown describes each record by its search fields; the values of Select fields among
	them (an organization's type, a member's category) are shown in the user's language, as the form
	shows them, not as stored."""
	meta = frappe.get_meta(doctype)
	options = set()
	for fieldname in (meta.search_fields or "").split(","):
		field = meta.get_field(fieldname.strip())
		if field and field.fieldtype == "Select":
			options |= {o for o in (field.options or "").split("\n") if o}
	# a name's pinyin keys are searched, never shown: a secretary reads "刘磊宏, 某县…党支部", not "llh, liuleihong"
	keys = meta.has_field("name_pinyin")
	if not options and not keys:
		return results
	for row in results:
		if isinstance(row, dict) and row.get("description"):
			row["description"] = ", ".join(
				_(part, context=doctype) if part in options else part
				for part in row["description"].split(", ")
				if not (keys and PINYIN_KEY.fullmatch(part))
			)
	return results


PINYIN_KEY = re.compile(r"[a-z]+")


MEMBER = "Party Member"
# what a member link's dropdown shows: the value, the label, then the description (as Frappe's own
# search lists them: name, title, search fields)
MEMBER_FIELDS = ["name", "full_name as label", "full_name", "name_initials", "name_pinyin", "branch"]


def like_escape(text: str) -> str:
	return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@frappe.whitelist()
@guarded
def member_query(
	doctype: str,
	txt: str,
	searchfield: str | None = None,
	start: int = 0,
	page_len: int = 10,
	filters: str | dict | list | None = None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
):
	"""The link search of Party Member (hooks.standard_queries). Letters and digits are the beginning
	of the pinyin initials (`zhs`), the full pinyin (`zhanghua`) or the register number (`PM-00`), read
	from the columns' indexes; Chinese text is looked for inside the name (`华生`) and at the beginning
	of the branch's name. (Frappe's own search looks for the text inside every search field, which reads
	the whole register on every keystroke.) Read as frappe.get_list reads (MemberQuery): the isolation
	rule and the member's own-entry rule apply unchanged."""
	if doctype != MEMBER:
		return []
	txt = (txt or "").strip()
	if isinstance(filters, str):
		filters = frappe.parse_json(filters)
	or_filters = None
	if txt:
		prefix = like_escape(txt) + "%"
		if txt.isascii():  # pinyin, initials or a register number: what it begins, from the indexes
			fields = ("name_initials", "name_pinyin", "name")
			or_filters = [[MEMBER, f, "like", prefix] for f in fields]
		else:  # Chinese: inside the name, or the beginning of the branch's name
			or_filters = [
				[MEMBER, "full_name", "like", "%" + like_escape(txt) + "%"],
				[MEMBER, "branch", "like", prefix],
			]
	return MemberQuery(MEMBER).execute(
		filters=filters or {},
		or_filters=or_filters,
		fields=MEMBER_FIELDS,
		limit_start=int(start or 0),
		limit_page_length=int(page_len or 10),
		order_by="`tabParty Member`.`name` asc",
		reference_doctype=reference_doctype,
		as_list=not as_dict,
	)


class MemberQuery(DatabaseQuery):
	"""frappe.get_list of the register, less a filter that keeps every row. For a user granted every
	organization of the site (a county admin on the county's site), Frappe's user-permission filter on
	the member's branch lists every organization's name (588 for a county), escaped and sent with each
	keystroke's search, and then looks up the documents shared with the user for the rows it would hide:
	a third of the admin's search, to hide nothing. When the grants apply to every doctype and cover
	the whole tree (access.covers_every_organization, from the grants' ranges), that one filter is left
	out; the role permissions, the isolation and own-entry rules, any other user permission and the
	shares apply as in frappe.get_list."""

	def execute(self, *args, **kwargs):
		with one_answer_per_query():
			return super().execute(*args, **kwargs)

	def add_user_permissions(self, user_permissions):
		granted = user_permissions.get(ORGANIZATION)
		if (
			granted
			and not any(p.get("applicable_for") for p in granted)
			and covers_every_organization([p.get("doc") for p in granted], self.user)
		):
			user_permissions = {k: v for k, v in user_permissions.items() if k != ORGANIZATION}
		super().add_user_permissions(user_permissions)


@frappe.whitelist()
@guarded
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
	directory = bool(ignore_user_permissions) and may_ignore_user_permissions(doctype, reference_doctype)
	with organization_directory(directory):
		return desk_search.search_widget(
			doctype,
			txt,
			query=None if directory else query,
			searchfield=searchfield,
			start=start,
			page_length=page_length,
			filters=filters,
			filter_fields=filter_fields,
			as_dict=as_dict,
			reference_doctype=reference_doctype,
			ignore_user_permissions=directory,
		)


@frappe.whitelist()
@guarded
def search(text: str, start: int = 0, limit: int = 20, doctype: str = ""):
	"""Global search (the awesome bar's "Search for …"), without documents the user may not read.
	MariaDB's full-text match finds no Chinese name (the words of a Chinese text are not separated) and
	no word under four letters (a name's pinyin initials, "llh"): the app's own records are also found
	by the text inside their indexed content."""
	results = global_search.search(text, start=start, limit=limit, doctype=doctype)
	text = (text or "").strip()
	if text and len(results) < int(limit):
		seen = {(r.doctype, r.name) for r in results}
		results += [r for r in contained(text, int(limit), doctype) if (r.doctype, r.name) not in seen]
	return [labelled(r, text) for r in readable_only(results)[: int(limit)]]


def labelled(row, text: str = ""):
	"""A result's fields named in the user's language; a field that matched the text without holding the
	record's title is prefixed with it, so a member found by "llh" reads "刘磊宏 · 拼音首字母: llh" (the
	desk shows only the fields that contain the text: a search by the name shows the name once)."""
	if row.doctype not in app_search_doctypes() or not row.get("content"):
		return row
	title = row.get("title") or index_title(row.doctype, row.name)
	parts = []
	for part in row.content.split(" ||| "):
		label, sep, value = part.partition(" : ")
		if sep:
			label = _(label, context=row.doctype)
			matched = text.lower() in part.lower() if text else True
			prefix = f"{title} · " if title and matched and title not in value else ""
			parts.append(f"{prefix}{label} : {value}")
		else:
			parts.append(part)
	row.content = " ||| ".join(parts)
	return row


def index_title(doctype: str, name: str) -> str | None:
	table = frappe.qb.Table("__global_search")
	found = (
		frappe.qb.from_(table)
		.select(table.title)
		.where((table.doctype == doctype) & (table.name == name))
		.limit(1)
	).run()
	return found[0][0] if found else None


def app_search_doctypes() -> list[str]:
	return [d["doctype"] for d in frappe.get_hooks("global_search_doctypes").get("Default", [])]


def contained(text: str, limit: int, doctype: str = "") -> list:
	"""The app's globally searched records whose indexed content contains the text."""
	app_doctypes = app_search_doctypes()
	doctypes = [doctype] if doctype in app_doctypes else [] if doctype else app_doctypes
	if not doctypes:
		return []
	table = frappe.qb.Table("__global_search")
	pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
	rows = (
		frappe.qb.from_(table)
		.select(table.doctype, table.name, table.content, table.title)
		.where(table.doctype.isin(doctypes) & table.content.like(pattern))
		.limit(limit)
	).run(as_dict=True)
	for row in rows:
		row.rank = 1
	return rows


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


@frappe.whitelist()
@guarded
def get_count(doctype, filters=None, debug=False, cache=False):
	"""frappe.client.get_count, counting only what the user may read for the app's doctypes."""
	if not isinstance(doctype, str):
		frappe.throw(_("DocType must be a string"))
	if not scope_fields(doctype):
		return frappe_get_count(doctype, filters=filters, debug=debug, cache=cache)
	rows = frappe.get_list(doctype, filters=filters or {}, fields=["count(*) as count"], order_by=None)
	return rows[0].count if rows else 0


@frappe.whitelist()
@guarded
def validate_link(doctype: str, docname: str, fields=None):
	"""frappe.client.validate_link, which answers for any record of a readable doctype: a record the
	user may not read is reported as not found (organizations: their name only, for the directory)."""
	if isinstance(doctype, str) and isinstance(docname, str) and scope_fields(doctype):
		if not frappe.db.exists(doctype, docname):
			return frappe._dict()
		if not frappe.has_permission(doctype, "read", docname):
			return frappe._dict(name=docname) if doctype == ORGANIZATION else frappe._dict()
	return frappe_validate_link(doctype, docname, fields=fields)


@frappe.whitelist()
@guarded
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""The list sidebar's group-by counts; "assigned to" of an app doctype counts only readable records."""
	if field != "assigned_to" or not isinstance(doctype, str) or not scope_fields(doctype):
		return frappe_group_by_count(doctype, current_filters, field)
	names = frappe.get_list(
		doctype, filters=frappe.parse_json(current_filters), pluck="name", limit_page_length=0, order_by=None
	)
	if not names:
		return []
	rows = frappe.get_all(
		"ToDo",
		filters={"reference_type": doctype, "reference_name": ("in", names), "status": ("!=", "Cancelled")},
		fields=["allocated_to as name", "count(*) as count"],
		group_by="allocated_to",
		order_by="count desc",
		limit=50,
	)
	system_users = set(
		frappe.get_all(
			"User", filters={"name": ("in", [r.name for r in rows]), "user_type": "System User"}, pluck="name"
		)
	)
	return [r for r in rows if r.name in system_users]


@frappe.whitelist()
@guarded
def get_link_title(doctype, docname):
	"""frappe.desk.search.get_link_title, which reads the title of any record: a record the user may
	not read keeps its bare name (an organization's title is its name)."""
	if isinstance(doctype, str) and scope_fields(doctype) and doctype != ORGANIZATION:
		if not frappe.db.exists(doctype, docname) or not frappe.has_permission(doctype, "read", docname):
			return docname
	return frappe_get_link_title(doctype, docname)


@frappe.whitelist()
@guarded
def toggle_like(doctype, name, add=False):
	"""frappe.desk.like.toggle_like, which likes any record (a comment on its timeline): only a record
	the user may read."""
	if isinstance(doctype, str) and scope_fields(doctype):
		frappe.has_permission(doctype, "read", name, throw=True)
	return frappe_toggle_like(doctype, name, add)
