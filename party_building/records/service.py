"""Organization records, the frappe side shared by elections, transfers and standing changes:
the "upper level" check a workflow role alone cannot make (their errors: records/errors.py).
"""

import frappe
from frappe.utils.nestedset import get_ancestors_of

from party_building.core import arguments
from party_building.core.access import granted_organizations
from party_building.core.endpoint import guarded
from party_building.members.rules import ACTIVE, FULL


def is_superuser(user: str) -> bool:
	return user == "Administrator" or "System Manager" in frappe.get_roles(user)


def has_access_to(organization: str, user: str | None = None) -> bool:
	"""The user's granted organizations include this one or one above it."""
	user = user or frappe.session.user
	if is_superuser(user):
		return True
	return bool(
		granted_organizations(user) & {organization, *get_ancestors_of("Party Organization", organization)}
	)


@frappe.whitelist()
@guarded
def voting_members(organization: str) -> list[dict]:
	"""The full, active members of an organization's subtree: who votes and may stand in its election."""
	from party_building.organization.service import subtree

	arguments.organization(organization, officer=True)
	return frappe.get_list(
		"Party Member",
		filters={"branch": ("in", subtree(organization)), "membership_type": FULL, "standing": ACTIVE},
		fields=["name", "full_name"],
		order_by="name asc",
	)
