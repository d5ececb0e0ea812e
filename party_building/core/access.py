"""Who sees what: organization access through User Permissions, and members' own logins.

A branch's users see only their organization's subtree because each holds a User Permission
on "Party Organization" (Frappe applies it to the organization's descendants and to every
document linking to them). Granting it, with the right role, is one action in the desk.
"""

import frappe
from frappe import _

from party_building.core.doctypes import APP_MODULE
from party_building.core.endpoint import guarded

PARTY_ADMIN = "Party Admin"
BRANCH_SECRETARY = "Branch Secretary"
BRANCH_COMMITTEE_MEMBER = "Branch Committee Member"
PARTY_MEMBER = "Party Member"
APP_ROLES = (PARTY_ADMIN, BRANCH_SECRETARY, BRANCH_COMMITTEE_MEMBER, PARTY_MEMBER)
# roles that work on organization records; a user with none of them sees only their own entry
OFFICER_ROLES = {"System Manager", "Administrator", PARTY_ADMIN, BRANCH_SECRETARY, BRANCH_COMMITTEE_MEMBER}
# roles that may act as the upper level of an organization (see is_upper_level)
UPPER_ROLES = {PARTY_ADMIN, "System Manager"}


class AccessGrantError(frappe.PermissionError):
	pass


def ensure_access(user: str, organization: str, role: str) -> bool:
	"""Give `user` the role and a User Permission on `organization`; True when anything changed."""
	changed = False
	roles = frappe.get_roles(user)
	if role not in roles:
		user_doc = frappe.get_doc("User", user)
		user_doc.flags.ignore_permissions = True  # the caller's right to grant was checked already
		user_doc.add_roles(role)
		changed = True
	if not frappe.db.exists(
		"User Permission", {"user": user, "allow": "Party Organization", "for_value": organization}
	):
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": user,
				"allow": "Party Organization",
				"for_value": organization,
				"apply_to_all_doctypes": 1,
			}
		).insert(ignore_permissions=True)
		changed = True
	return changed


@frappe.whitelist()
@guarded
def grant_access(organization: str, user: str, role: str) -> dict:
	"""Give a user an organization (and everything under it) with one of the app's roles."""
	if role not in APP_ROLES:
		frappe.throw(_("{0} is not a role of this app").format(role))
	frappe.has_permission("Party Organization", "write", organization, throw=True)
	caller_roles = set(frappe.get_roles())
	may_grant_any = caller_roles & {"System Manager", PARTY_ADMIN}
	may_grant_branch = BRANCH_SECRETARY in caller_roles and role in (BRANCH_COMMITTEE_MEMBER, PARTY_MEMBER)
	if not (may_grant_any or may_grant_branch):
		frappe.throw(
			_("Only a Party Admin can grant the role {0}").format(_(role)),
			AccessGrantError,
			title=_("Not Permitted"),
		)
	if not frappe.db.exists("User", user) or user in ("Administrator", "Guest"):
		frappe.throw(_("User {0} does not exist").format(user))
	changed = ensure_access(user, organization, role)
	return {"changed": changed, "user": user, "organization": organization, "role": role}


def is_member_only(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Administrator":
		return False
	return not (set(frappe.get_roles(user)) & OFFICER_ROLES)


def party_member_query(user: str | None = None, doctype: str | None = None) -> str:
	"""A plain member's list shows only their own register entry."""
	user = user or frappe.session.user
	if is_member_only(user):
		return f"`tabParty Member`.`user` = {frappe.db.escape(user)}"
	return ""


def party_member_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	"""A plain member's login reads only their own register entry. (A permission hook can only deny:
	True means "no objection", the role permissions and the isolation rule still decide.)"""
	user = user or frappe.session.user
	if is_member_only(user):
		return bool(doc.get("user")) and doc.get("user") == user
	return True


def permitted_organizations(user: str | None = None) -> list[str] | None:
	"""Organizations a user may see (granted ones and everything under them); None: no restriction.

	Script reports use it to apply the same isolation as lists and forms (through `within`).
	"""
	from frappe.permissions import get_user_permissions

	user = user or frappe.session.user
	if user == "Administrator":
		return None
	perms = get_user_permissions(user).get("Party Organization")
	if not perms:
		return [] if is_member_only(user) else None
	return sorted({p.get("doc") for p in perms})


def granted_organizations(user: str | None = None) -> set[str]:
	"""The organizations granted to a user by User Permission (not their subtrees)."""
	return set(
		frappe.get_all(
			"User Permission",
			filters={"user": user or frappe.session.user, "allow": "Party Organization"},
			pluck="for_value",
			ignore_permissions=True,
		)
	)


def is_upper_level(organization: str, user: str | None = None) -> bool:
	"""Does the user act for the level above `organization`? The one rule behind every approval
	reserved to the upper level (elections, transfers, activity reviews, remittances, closing
	rectifications):

	- Administrator always;
	- otherwise a Party Admin or System Manager who is either restricted to no organization (a
	  county-wide administrator) or granted an organization above this one;
	- a grant of the organization itself does not put anyone above it — except at the top of the
	  tree, where nothing is above and the organization's own administrators decide.
	"""
	from frappe.utils.nestedset import get_ancestors_of

	user = user or frappe.session.user
	if user == "Administrator":
		return True
	if not set(frappe.get_roles(user)) & UPPER_ROLES:
		return False
	granted = granted_organizations(user)
	if not granted:
		return True
	above = get_ancestors_of("Party Organization", organization) or [organization]
	return bool(granted & set(above))


class Scope:
	"""The organizations a report covers, as the nested-set ranges of `lft` they make up (found in one
	small query). `within` limits a query with a subquery on the tree's lft: no list of hundreds of
	names to read, escape and send (20–50 ms for a county); `names` reads them when a report needs
	them."""

	def __init__(self, ranges: list[tuple[int, int]]):
		self.ranges = ranges
		self._names: list[str] | None = None

	@property
	def names(self) -> list[str]:
		"""The organizations, in tree order (read once)."""
		if self._names is None:
			terms = self.lft_terms()
			self._names = (
				frappe.db.sql_list(f"select name from `tabParty Organization` where {terms} order by lft")
				if terms
				else []
			)
		return self._names

	def is_broad(self, share: float = 0.25) -> bool:
		"""Does the scope hold at least `share` of the tree's organizations? Then a table of rows that
		belong to organizations is read faster whole than organization by organization through its
		index (a secondary index entry, then the row, for each): MariaDB picked the index for four
		counties' members and took 4–5 × as long as the table read whole. (Each organization is two
		numbers of lft/rgt, so the share is the ranges' width over the tree's largest rgt.)"""
		width = sum(high - low + 1 for low, high in self.ranges)
		size = frappe.db.sql("select max(rgt) from `tabParty Organization`")[0][0] or 0
		return bool(size) and width >= share * size

	def covers(self, lft: int | None) -> bool:
		"""Is the organization at `lft` of the tree one of the organizations?"""
		return lft is not None and any(low <= lft <= high for low, high in self.ranges)

	def lft_terms(self, lft: str = "lft") -> str:
		"""The ranges as SQL text on the column `lft` ("" without any)."""
		return " or ".join(f"{lft} between {int(low)} and {int(high)}" for low, high in self.ranges)

	def sql(self, column: str) -> str:
		"""The condition "`column` is one of the organizations" as SQL text."""
		if not self.ranges:
			return f"{column} in ('')"
		return f"{column} in (select name from `tabParty Organization` where {self.lft_terms()})"

	def condition(self, column):
		"""`column` is one of the organizations."""
		if not self.ranges:
			return column.isin([""])
		org = frappe.qb.DocType("Party Organization").as_("scope_org")
		terms = None
		for low, high in self.ranges:
			term = org.lft[low:high]
			terms = term if terms is None else terms | term
		return column.isin(frappe.qb.from_(org).select(org.name).where(terms))


def report_scope(organization: str | None = None, user: str | None = None) -> Scope | None:
	"""The organizations a report should cover: the chosen one's subtree, within what the user may see
	(None: no restriction, all organizations).

	The same organizations as permitted_organizations (the user's grants and, unless a grant hides
	them, everything under each) intersected with the chosen subtree, read from the tree's lft/rgt in
	one small query: a grant or the chosen organization is a range of lft, and two subtrees are
	either nested or apart, so their intersection is a range again.
	"""
	user = user or frappe.session.user
	grants, chosen = granted_and_chosen(user, organization)
	if organization:
		if chosen is None:
			return Scope([])
		ranges = [chosen] if grants is None else [r for g in grants if (r := overlap(g, chosen))]
	elif grants is None:
		return None
	else:
		ranges = grants
	return Scope(merged(ranges))


def filter_organizations(organization: str | None = None, user: str | None = None) -> list[str] | None:
	"""report_scope's organizations as a list of names (None: no restriction; possibly empty)."""
	scope = report_scope(organization, user)
	return None if scope is None else scope.names


def granted_ranges(user: str) -> list[tuple[int, int]] | None:
	"""The ranges of lft a user is granted (None: no restriction), from their User Permissions on
	organizations: a grant covers its organization's subtree, or the organization alone when the
	grant hides its descendants (as Frappe's get_user_permissions, and so permitted_organizations)."""
	return granted_and_chosen(user)[0]


def granted_and_chosen(
	user: str, organization: str | None = None
) -> tuple[list[tuple[int, int]] | None, tuple[int, int] | None]:
	"""granted_ranges(user) and the chosen organization's range of lft (None: no such organization),
	read in one query: every report asks for both, and a round trip to the database is most of a small
	report's own cost."""
	queries, values = [], {"user": user, "organization": organization}
	if user != "Administrator":
		queries.append(
			"""select 1, o.lft, o.rgt, p.hide_descendants from `tabUser Permission` p
			left join `tabParty Organization` o on o.name = p.for_value
			where p.user = %(user)s and p.allow = 'Party Organization'"""
		)
	if organization:
		queries.append("select 0, lft, rgt, 0 from `tabParty Organization` where name = %(organization)s")
	rows = frappe.db.sql(" union all ".join(queries), values) if queries else ()
	chosen = next(((int(lft), int(rgt)) for grant, lft, rgt, _hide in rows if not grant), None)
	grants = [(lft, rgt, hide) for grant, lft, rgt, hide in rows if grant]
	if user == "Administrator":
		return None, chosen
	if not grants:
		return ([] if is_member_only(user) else None), chosen
	# a grant of an organization that no longer exists opens nothing
	return [
		(int(lft), int(lft) if hide else int(rgt)) for lft, rgt, hide in grants if lft is not None
	], chosen


def overlap(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int] | None:
	low, high = max(a[0], b[0]), min(a[1], b[1])
	return (low, high) if low <= high else None


def merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
	"""The same lft values in the fewest ranges (sorted, touching ones joined)."""
	out: list[list[int]] = []
	for low, high in sorted(ranges):
		if out and low <= out[-1][1] + 1:
			out[-1][1] = max(out[-1][1], high)
		else:
			out.append([low, high])
	return [(low, high) for low, high in out]


def within(query, column, orgs: "Scope | list[str] | None"):
	"""A query limited to rows whose `column` is one of the organizations (None: no limit; []: no row)."""
	return query if orgs is None else query.where(in_scope(column, orgs))


def in_scope(column, orgs: "Scope | list[str]"):
	"""The condition "`column` is one of the organizations" (a list of names, or a Scope)."""
	if isinstance(orgs, Scope):
		return orgs.condition(column)
	return column.isin(orgs or [""])


def among(column: str, names: list[str], scope: "Scope | None") -> str:
	"""SQL text: `column` is one of `names` (the query's parameter `names`) — or, given the report's
	Scope those names were chosen from, one of its organizations as the tree's ranges (Scope.sql): a
	county's or a province's list of branches costs more to send and compare than the subquery, and past
	1,000 names (MariaDB's in_predicate_conversion_threshold) is joined as a table of them. The rows of
	the scope's other organizations are read and left unused by the caller."""
	return scope.sql(column) if scope is not None else f"{column} in %(names)s"


def own_member_query(doctype: str, member_field: str = "member", user: str | None = None) -> str:
	"""Permission query condition: a plain member's login sees only rows about themselves."""
	user = user or frappe.session.user
	if not is_member_only(user):
		return ""
	members = f"select name from `tabParty Member` where `user` = {frappe.db.escape(user)}"
	return f"`tab{doctype}`.`{member_field}` in ({members})"


def own_member_has_permission(doc, member_field: str = "member", user: str | None = None) -> bool:
	user = user or frappe.session.user
	if not is_member_only(user):
		return True
	return (
		bool(doc.get(member_field))
		and frappe.db.get_value("Party Member", doc.get(member_field), "user") == user
	)


# --- one isolation rule for every path ------------------------------------------------------------
#
# Every record of the app that belongs to an organization is seen only by users whose granted
# subtree holds that organization. Frappe applies User Permissions on most paths, but some of its
# whitelisted methods skip them (a client-sent ignore_user_permissions, frappe.client.get_count,
# validate_link, ...). So the rule is also a permission query condition and a has_permission hook
# for every app doctype ("*" in hooks.py): whatever path reads through frappe.get_list or
# frappe.has_permission applies it, and the few methods that read around both are overridden
# (party_building/core/search.py).

# the fields that place a record in an organization, where it is not simply "organization"
SCOPE_FIELDS = {
	"Party Organization": ("name",),
	"Party Member": ("branch",),
	"Member Development": ("branch",),
	# a transfer is seen by the branch it leaves and the branch it goes to
	"Member Transfer": ("organization", "from_organization", "to_organization"),
}


def scope_fields(doctype: str) -> tuple[str, ...]:
	"""The fields of an app doctype that name its organization; () for doctypes that belong to none
	(settings, master lists, Frappe's own doctypes)."""
	if doctype not in _scope_cache:
		_scope_cache[doctype] = _scope_fields(doctype)
	return _scope_cache[doctype]


_scope_cache: dict[str, tuple[str, ...]] = {}  # doctypes only change with a migration (a restart)


def _scope_fields(doctype: str) -> tuple[str, ...]:
	if doctype in SCOPE_FIELDS:
		return SCOPE_FIELDS[doctype]
	meta = frappe.get_meta(doctype)
	if meta.module != APP_MODULE or meta.istable or meta.issingle:
		return ()
	field = meta.get_field("organization")
	if field and field.fieldtype == "Link" and field.options == "Party Organization":
		return ("organization",)
	return ()


def isolated_doctypes() -> list[str]:
	"""Every app doctype whose records belong to an organization."""
	return [
		d
		for d in frappe.get_all("DocType", filters={"module": APP_MODULE, "istable": 0}, pluck="name")
		if scope_fields(d)
	]


def organization_query(user: str | None = None, doctype: str | None = None) -> str:
	"""Permission query condition of every app doctype: rows of the user's granted subtree only."""
	fields = scope_fields(doctype) if doctype else ()
	if not fields or (doctype == "Party Organization" and frappe.flags.pb_organization_directory):
		return ""
	user = user or frappe.session.user
	allowed = isolation_organizations(user)
	if allowed is None or covers_every_organization(allowed, user):
		return ""  # nothing is outside the user's grants (a county admin on a county's site)
	if not allowed:
		return "1=0"
	values = ", ".join(frappe.db.escape(o) for o in allowed)
	# ifnull(): a plain IN over hundreds of names makes MariaDB range-scan the index on the field, far
	# slower than checking each row it reads anyway (a county admin's member list: 2–3×)
	return "(" + " or ".join(f"ifnull(`tab{doctype}`.`{f}`, '') in ({values})" for f in fields) + ")"


# The app's own per-doctype rules (a plain member reads only what is about them). Frappe consults the
# has_permission hooks one by one and the first that answers True or False decides, the "*" hook first:
# so there is one hook for the app, this one, which applies the isolation rule and then the doctype's
# own rule, and answers with a bool for every app doctype (None, "not mine", for every other doctype,
# whose own hooks then decide).
DOCTYPE_RULES = {
	"Party Member": "party_building.core.access.party_member_has_permission",
	"Dues Payment": "party_building.dues.service.payment_has_permission",
	"Dues Ledger Entry": "party_building.dues.service.ledger_has_permission",
	"Party Activity": "party_building.activity.service.activity_has_permission",
	"Points Entry": "party_building.party_building.doctype.points_entry.points_entry.points_entry_has_permission",
}


def organization_has_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	"""has_permission of every app doctype: False for a record outside the user's granted subtree or
	refused by the doctype's own rule, True otherwise (the role permissions still apply); None for a
	doctype that is not the app's. A record not yet saved is judged by the organization it names, so a
	made-up document sent to a method (run_doc_method) opens nothing of another branch."""
	user = user or frappe.session.user
	fields = scope_fields(doc.doctype)
	rule = DOCTYPE_RULES.get(doc.doctype)
	if not fields and not rule:
		return None
	if fields and not within_grants(doc, fields, user):
		return False
	if rule:
		return bool(frappe.get_attr(rule)(doc, ptype=ptype, user=user))
	return True


def within_grants(doc, fields: tuple[str, ...], user: str) -> bool:
	new = bool(doc.get("__islocal")) or not doc.get("name")
	if new:  # judged by its own organization (a transfer's destination is another branch's)
		values = {doc.get(fields[0])} - {None, ""} if fields[0] != "name" else set()
		if not values:
			return True
	else:
		values = {doc.get(f) for f in fields} - {None, ""}
	allowed = isolation_organizations(user)
	return allowed is None or bool(values & set(allowed))


def isolation_organizations(user: str) -> list[str] | None:
	"""The organizations whose records a user may see: their grants and everything under them; a
	plain member without a grant, their own branch (the member rules narrow it further); None: all."""
	allowed = permitted_organizations(user)
	if allowed == [] and is_member_only(user):
		allowed = frappe.get_all("Party Member", filters={"user": user}, pluck="branch")
	return allowed


def forget_organization_grants() -> None:
	"""Users granted an ancestor see a new or moved organization at once (Frappe caches each user's
	permitted organizations, descendants included)."""
	frappe.cache.delete_value("user_permissions")


def covers_every_organization(allowed: list[str], user: str | None = None) -> bool:
	"""Is every organization of the site among `allowed` (the user's isolation_organizations)? One read
	that stops at the first organization left out (a branch secretary's: the first row read, whatever
	the site's size; a count of the organizations read them all on every query), never cached (a cached
	answer that a rollback left wrong would open the rule).

	With the `user` whose grants `allowed` are, the grants' ranges of the tree are read instead: the
	organizations outside them come from the lft index (a county admin's: no row, from two empty
	ranges), where `name not in (…)` sent, parsed and compared every name (588 for a county: a third
	of the member search's time)."""
	answers = getattr(frappe.local, "pb_covers", None)  # within one_answer_per_query
	if user and answers is not None and user in answers:
		return answers[user]
	ranges = granted_ranges(user) if user else []
	if ranges:
		outside = " and ".join(f"lft not between {int(low)} and {int(high)}" for low, high in merged(ranges))
		covers = not frappe.db.sql(f"select 1 from `tabParty Organization` where {outside} limit 1")
	else:
		covers = not frappe.db.sql(
			"select 1 from `tabParty Organization` where name not in %(allowed)s limit 1",
			{"allowed": tuple(allowed)},
		)
	if user and answers is not None:
		answers[user] = covers
	return covers


class one_answer_per_query:
	"""Within the block, covers_every_organization reads the tree once per user: a query that asks
	twice while it is built (search.MemberQuery: for Frappe's user-permission filter, then for the
	isolation rule) gets the same answer without the second two reads. Only for the building of one
	query: nothing is kept after it."""

	def __enter__(self):
		frappe.local.pb_covers = {}

	def __exit__(self, *exc):
		frappe.local.pb_covers = None


def may_create_under(parent: str | None, user: str | None = None) -> bool:
	"""May the user create an organization under `parent`? With the role's create permission, and
	only below what they were granted: the parent is in their subtree (never above or beside it).
	A top-level organization needs a user restricted to no organization."""
	user = user or frappe.session.user
	if not frappe.has_permission("Party Organization", "create", user=user):
		return False
	allowed = permitted_organizations(user)
	if allowed is None:
		return True
	return bool(parent) and parent in set(allowed)


# --- fields only a process sets ---------------------------------------------------------------------
#
# An organization's committee, term, status and approval numbers change through an approved election
# or the upper level's decision; a member's category, dates, standing and branch through admission,
# a standing change or a transfer. A plain edit of them by anyone else is refused on the server (REST
# as well as the form). The process code marks its save with doc.flags.party_process.

PROCESS_ONLY = {
	"Party Organization": (
		("committee", "term_years", "term_start", "term_end", "status", "established_on",
		 "establishment_doc_no", "dissolved_on", "dissolution_doc_no"),
		"an approved election (Party Election) or the upper level's decision",
	),
	"Party Member": (
		("membership_type", "joined_on", "full_member_on", "standing", "standing_since", "branch"),
		"admission (Member Development), a Standing Change or a Member Transfer",
	),
}  # fmt: skip


def guard_process_fields(doc) -> None:
	"""Refuse a plain edit of the fields only a process or the upper level may change."""
	from party_building.core.errors import ProcessOnlyFieldError

	fields, process = PROCESS_ONLY[doc.doctype]
	if doc.is_new() or doc.flags.party_process or frappe.flags.in_install or frappe.flags.in_migrate:
		return
	before = doc.get_doc_before_save()
	if not before:
		return
	changed = [f for f in fields if _value(before, f) != _value(doc, f)]
	if not changed:
		return
	organization = doc.name if doc.doctype == "Party Organization" else before.get("branch")
	labels = "、".join(_(doc.meta.get_label(f)) for f in changed)
	if is_upper_level(organization):
		if frappe.session.user != "Administrator" and not (doc.get("change_reason") or "").strip():
			frappe.throw(
				_("The upper level changes {0} directly only with a reason: fill in {1}").format(
					labels, _(doc.meta.get_label("change_reason"))
				),
				ProcessOnlyFieldError,
				title=_("Reason Required"),
			)
		doc.flags.process_fields_changed = labels  # recorded with the reason once saved
		return
	frappe.throw(
		_("{0} can only be changed through {1}; ask the upper level or use that process").format(
			labels, _(process)
		),
		ProcessOnlyFieldError,
		title=_("Changed Only by Its Process"),
	)


def _value(doc, field: str):
	value = doc.get(field)
	if isinstance(value, list):  # a child table: what its rows say, not their row names
		keys = ("member", "position", "from_date", "to_date", "is_current")
		return sorted(tuple(str(row.get(k) or "") for k in keys) for row in value)
	if hasattr(value, "isoformat"):
		return value.isoformat()
	return str(value or "")


def record_process_field_change(doc) -> None:
	"""After an upper level's direct change: the reason goes into the record's history, and the
	field is emptied so that the next change needs its own."""
	labels = doc.flags.pop("process_fields_changed", None)
	if not labels:
		return
	if doc.get("change_reason"):
		doc.add_comment("Info", _("{0} changed by the upper level: {1}").format(labels, doc.change_reason))
		doc.db_set("change_reason", None, update_modified=False)
