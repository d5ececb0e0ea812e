"""Creating many new documents at once: the checks of `Document.insert`, the writes in multi-row INSERTs.

An import of a county creates thousands of members and hundreds of branches. Inserting them one by one
through `Document.insert` costs a series lock, two to eight INSERTs, a tree shift and a recount of every
organization above the branch for each of them. Here each document still goes through the same steps as
`Document.insert` up to the write (defaults, timestamps, links, the create permission, `before_insert`,
`before_validate`/`validate`/`before_save` with the app's hooks, Frappe's field checks: `prepare`), so a
row is refused for exactly the same reasons and with the same message; then a batch is written at once
(`write`): the names drawn from the naming series in one step, the rows and child rows in multi-row
INSERTs, an organization's place in the tree (lft, rgt, old_parent) computed as Frappe's nested set
would have set it one insert after the other. `save_values` does the same for saves that change the same
fields of many documents (the branches an import establishes).

What the batch leaves out of a one-by-one insert is what has nothing to do on these doctypes: the
notifications, webhooks, assignment rules, server scripts, workflows, energy points and milestones a
site may configure (`possible` says no — and the caller inserts one by one — as soon as one of them is
configured for the doctype, or the user follows the documents they create), and the member controller's
recount at each save, which the caller does once for the whole file
(`members.service.refresh_counts`).
"""

import re

import frappe
from frappe.model.base_document import get_controller
from frappe.model.naming import make_autoname, set_new_name
from frappe.utils import now
from frappe.utils.global_search import update_global_search

from party_building.core import bulk

BATCH = 500  # rows in one INSERT
SERIES = re.compile(r"^([^.#{}]+)\.(#+)$")  # "PM-.#####": a prefix and a number of digits

# what a site may configure to run at each save of a document, by doctype field and enabled filter
AUTOMATIONS = (
	("Notification", "document_type", {"enabled": 1}),
	("Webhook", "webhook_doctype", {"enabled": 1}),
	("Assignment Rule", "document_type", {"disabled": 0}),
	("Server Script", "reference_doctype", {"disabled": 0}),
	("Workflow", "document_type", {"is_active": 1}),
	("Energy Point Rule", "reference_doctype", {"enabled": 1}),
	("Milestone Tracker", "document_type", {"disabled": 0}),
	("Document Naming Rule", "document_type", {"disabled": 0}),
)


def possible(*doctypes: str) -> bool:
	"""May new documents of these doctypes be created in batches (nothing configured runs at each save)?"""
	if frappe.get_cached_value("User", frappe.session.user, "follow_created_documents"):
		return False
	for doctype, field, enabled in AUTOMATIONS:
		if frappe.db.exists(doctype, {field: ("in", doctypes), **enabled}):
			return False
	return True


def prepare(doc, allowed: set | None = None) -> None:
	"""Everything `Document.insert` does before it writes, except naming (see `write`): raises the
	error the insert would raise. Nothing is written.

	`allowed` (kept by the caller for a file) remembers the create permissions granted: the next
	document with the same owner and the same links is not checked again (see `may_create`)."""
	doc.flags.notifications_executed = []
	doc.set("__islocal", True)
	set_defaults(doc)
	doc.set_user_and_timestamp()
	doc.set_docstatus()
	doc.check_if_latest()
	doc._validate_links()
	if allowed is None or not may_create(doc, allowed):
		doc.check_permission("create")
	doc.run_method("before_insert")
	if SERIES.match(frappe.get_meta(doc.doctype).autoname or ""):
		doc.name = f"new-{frappe.scrub(doc.doctype)}-{frappe.generate_hash(length=10)}"  # drawn in `write`
	else:
		doc.set_new_name()  # a name of its own (an organization's full name)
	doc.set_parent_in_children()
	doc.validate_higher_perm_levels()
	doc.flags.in_insert = True
	doc.run_before_save_methods()
	doc._validate()
	doc.set_docstatus()
	doc.flags.in_insert = False


def set_defaults(doc) -> None:
	"""`Document._set_defaults`, without building the defaults of a child table that has no new rows:
	Frappe builds a new row of each table (a deep copy of its defaults) only to copy it into the
	table's rows — a new member has no rows yet in its five tables."""
	if frappe.flags.in_import:
		return
	if doc.is_new():
		doc.update_if_missing(frappe.new_doc(doc.doctype, as_dict=True))
	for df in doc.meta.get_table_fields():
		value = doc.get(df.fieldname)
		rows = [d for d in value if d.is_new()] if isinstance(value, list) else []
		if rows:
			defaults = frappe.new_doc(df.options, parent_doc=doc, parentfield=df.fieldname, as_dict=True)
			for d in rows:
				d.update_if_missing(defaults)


def may_create(doc, allowed: set) -> bool:
	"""Is the user's create permission on this new document the one already granted to an earlier
	document of the file with the same owner and the same links?

	Frappe decides a new document's create permission from the user's roles (and whether they own it),
	the User Permissions on the values of its links, and the doctype's has_permission hooks — the app's
	look at the organization and user links (core.access). A new document without child rows and
	without a name of its own has nothing else to look at; the first of each kind is checked, the
	granted ones remembered. A refusal is never remembered: each refused document raises its own error."""
	if doc.get_all_children() or doc.name or doc.flags.ignore_permissions:
		return False
	links = doc.meta.get_link_fields() + doc.meta.get_dynamic_link_fields()
	key = (
		doc.doctype,
		frappe.session.user,
		doc.owner,
		tuple((df.fieldname, doc.get(df.fieldname)) for df in links),
	)
	if key in allowed:
		return True
	doc.check_permission("create")  # raises when refused
	allowed.add(key)
	return True


def write(docs: list) -> None:
	"""Insert prepared documents of one doctype, in their order, as `Document.insert` would have."""
	if not docs:
		return
	doctype = docs[0].doctype
	meta = frappe.get_meta(doctype)
	if SERIES.match(meta.autoname or ""):
		draw_names(docs, meta.autoname)
	tree = meta.has_field("lft") and meta.has_field("rgt") and meta.get("nsm_parent_field")
	if tree:
		place_in_tree(docs, meta.nsm_parent_field)
	insert_rows(docs)
	children: dict[str, list] = {}
	hashed: dict[str, bool] = {}
	stamp = now()
	for doc in docs:
		for child in doc.get_all_children():
			if not child.name:
				if child.doctype not in hashed:
					hashed[child.doctype] = named_by_hash(child.doctype)
				if hashed[child.doctype]:
					child.name = make_autoname("hash", child.doctype)
				else:
					set_new_name(child)
			if not child.creation:  # a row the controller added after the timestamps: as db_insert does
				child.creation = child.modified = stamp
				child.owner = child.modified_by = frappe.session.user
			children.setdefault(child.doctype, []).append(child)
	for rows in children.values():
		insert_rows(rows)
	for doc in docs:
		update_global_search(doc)
		for key in ("__islocal", "__unsaved"):
			if hasattr(doc, key):
				delattr(doc, key)
	if tree:
		frappe.clear_document_cache(doctype)


def save_values(befores: list, values: dict) -> None:
	"""Store the same `values` on documents of one doctype as their `save` would — for documents whose
	save changes nothing else, as the caller has checked with the rules the controller applies: one
	UPDATE with the timestamps for all of them, then for each what `Document.save` does after its write
	on the app's doctypes: the Version of the change, the global search, the `on_change` hooks and the
	desk's live update; the document cache at the end. (The automations a site may configure at each
	save are none: see `possible`.)"""
	if not befores:
		return
	doctype = befores[0].doctype
	values = {**values, "modified": now(), "modified_by": frappe.session.user}
	sets = ", ".join(f"`{field}`=%({field})s" for field in values)
	names = [doc.name for doc in befores]
	for start in range(0, len(names), BATCH):
		frappe.db.sql(
			f"UPDATE `tab{doctype}` SET {sets} WHERE `name` IN %(names)s",
			{**values, "names": tuple(names[start : start + BATCH])},
		)
	for before in befores:
		after = frappe.get_doc(before.as_dict())
		after.update(values)
		after._doc_before_save = before
		after._action = "save"
		after.flags.ignore_version = frappe.flags.in_test  # as `Document.save` decides
		update_global_search(after)
		after.save_version()
		after.run_method("on_change")
		after.notify_update()
	frappe.clear_document_cache(doctype)


def named_by_hash(doctype: str) -> bool:
	"""Does `set_new_name` give a row of this child doctype nothing but a random hash? So when its
	autoname is empty or "hash" and nothing else may name it: no autoname or before_naming method or
	hook, no naming rule, server script or other automation (`possible`)."""
	meta = frappe.get_meta(doctype)
	if not meta.istable or (meta.autoname or "hash").lower() != "hash":
		return False
	controller = get_controller(doctype)
	if any(hasattr(controller, m) for m in ("autoname", "before_naming")):
		return False
	hooks = frappe.get_doc_hooks()
	for key in (doctype, "*"):
		if any(m in hooks.get(key, {}) for m in ("autoname", "before_naming")):
			return False
	return possible(doctype)


def draw_names(docs: list, autoname: str) -> None:
	"""Names from the naming series, as `getseries` draws them one by one: one lock for the batch."""
	prefix, hashes = SERIES.match(autoname).groups()
	current = frappe.db.sql("SELECT `current` FROM `tabSeries` WHERE `name`=%s FOR UPDATE", (prefix,))
	start = int(current[0][0] or 0) if current and current[0][0] is not None else 0
	if current and current[0][0] is not None:
		frappe.db.sql(
			"UPDATE `tabSeries` SET `current` = `current` + %s WHERE `name`=%s", (len(docs), prefix)
		)
	else:
		frappe.db.sql("INSERT INTO `tabSeries` (`name`, `current`) VALUES (%s, %s)", (prefix, len(docs)))
	for n, doc in enumerate(docs, start + 1):
		doc.name = f"{prefix}{n:0{len(hashes)}d}"
		doc.flags.name_set = True
		doc.set_parent_in_children()


def place_in_tree(docs: list, parent_field: str) -> None:
	"""lft, rgt and old_parent of new organizations as Frappe's `update_add_node` sets them at each insert
	(each new node the last child of its parent, everything to its right shifted by 2), computed on the
	tree as stored, the shifted nodes written once."""
	doctype = docs[0].doctype
	stored = {
		r[0]: (r[1], r[2], r[3] or "")
		for r in frappe.db.sql(f"SELECT name, lft, rgt, `{parent_field}` FROM `tab{doctype}` FOR UPDATE")
	}
	bounds = {name: [lft, rgt] for name, (lft, rgt, _parent) in stored.items()}
	for doc in docs:
		parent = doc.get(parent_field) or ""
		if parent:
			right = bounds[parent][1]
		else:
			right = max((b[1] for n, b in bounds.items() if not stored.get(n, (0, 0, ""))[2]), default=0) + 1
			right = right or 1
		for b in bounds.values():
			if b[1] >= right:
				b[1] += 2
			if b[0] >= right:
				b[0] += 2
		bounds[doc.name] = [right, right + 1]
		stored.setdefault(doc.name, (0, 0, parent))
		doc.set("old_parent", parent)
	for doc in docs:  # a later one placed to its left moved it on
		doc.lft, doc.rgt = bounds[doc.name]
	new = {doc.name for doc in docs}
	for name, (lft, rgt) in bounds.items():
		if name not in new and (lft, rgt) != stored[name][:2]:
			frappe.db.sql(f"UPDATE `tab{doctype}` SET lft=%s, rgt=%s WHERE name=%s", (lft, rgt, name))


def insert_rows(docs: list) -> None:
	"""One multi-row INSERT per BATCH documents of a doctype, with the columns `db_insert` writes."""
	fields = list(docs[0].get_valid_dict(convert_dates_to_str=True, ignore_nulls=False, ignore_virtual=True))
	rows = []
	for doc in docs:
		d = doc.get_valid_dict(convert_dates_to_str=True, ignore_nulls=False, ignore_virtual=True)
		rows.append(tuple(d.get(f) for f in fields))
	bulk.insert_rows(docs[0].doctype, fields, rows, chunk_size=BATCH)
