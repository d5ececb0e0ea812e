"""Who sees what: organization access through User Permissions, and members' own logins.

A branch's users see only their organization's subtree because each holds a User Permission
on "Party Organization" (Frappe applies it to the organization's descendants and to every
document linking to them). Granting it, with the right role, is one action in the desk.
"""

import frappe
from frappe import _

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


@frappe.whitelist()
def revoke_access(organization: str, user: str) -> int:
	"""Remove a user's User Permission on an organization (their roles stay)."""
	frappe.has_permission("Party Organization", "write", organization, throw=True)
	if not set(frappe.get_roles()) & {"System Manager", PARTY_ADMIN}:
		frappe.throw(_("Only a Party Admin can revoke access"), AccessGrantError, title=_("Not Permitted"))
	names = frappe.get_all(
		"User Permission",
		filters={"user": user, "allow": "Party Organization", "for_value": organization},
		pluck="name",
	)
	for name in names:
		frappe.delete_doc("User Permission", name, ignore_permissions=True)
	return len(names)


@frappe.whitelist()
def users_with_access(organization: str) -> list[dict]:
	frappe.has_permission("Party Organization", "read", organization, throw=True)
	return frappe.get_all(
		"User Permission",
		filters={"allow": "Party Organization", "for_value": organization},
		fields=["user", "name"],
		ignore_permissions=True,
	)


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


def party_member_has_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	user = user or frappe.session.user
	if is_member_only(user):
		return doc.get("user") == user
	return None


def permitted_organizations(user: str | None = None) -> list[str] | None:
	"""Organizations a user may see (granted ones and everything under them); None: no restriction.

	Script reports use it to apply the same isolation as lists and forms:
	`orgs = permitted_organizations(); if orgs is not None: query = query.where(col.isin(orgs or [""]))`.
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


def filter_organizations(organization: str | None = None, user: str | None = None) -> list[str] | None:
	"""The organizations a report should cover: the chosen one's subtree, within what the user may see.

	Returns None for "no restriction" (all organizations), otherwise a list (possibly empty).
	"""
	from party_building.organizations import subtree

	allowed = permitted_organizations(user)
	if organization:
		chosen = subtree(organization)
		return chosen if allowed is None else [o for o in chosen if o in set(allowed)]
	return allowed


def own_member_query(doctype: str, member_field: str = "member", user: str | None = None) -> str:
	"""Permission query condition: a plain member's login sees only rows about themselves."""
	user = user or frappe.session.user
	if not is_member_only(user):
		return ""
	members = f"select name from `tabParty Member` where `user` = {frappe.db.escape(user)}"
	return f"`tab{doctype}`.`{member_field}` in ({members})"


def own_member_has_permission(doc, member_field: str = "member", user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if not is_member_only(user):
		return None
	return (
		bool(doc.get(member_field))
		and frappe.db.get_value("Party Member", doc.get(member_field), "user") == user
	)
