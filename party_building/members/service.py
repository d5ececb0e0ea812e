"""The member register on the Frappe side: what other records need to know about members."""

import frappe
from frappe import _

from party_building.members.errors import NotAFullMemberError
from party_building.members.rules import ACTIVE, FULL


def members_by_name(names) -> dict:
	"""Name, standing, membership and branch of the members named, by member."""
	names = list({n for n in names if n})
	if not names:
		return {}
	rows = frappe.get_all(
		"Party Member",
		filters={"name": ("in", names)},
		fields=["name", "full_name", "membership_type", "standing", "branch"],
	)
	return {r.name: r for r in rows}


def require_full_member(member, where: str, right: str) -> None:
	"""Only an active full member has `right` (votes, stands for election, holds a committee position).

	`where` names the row for the message ("Row 3", "Voters row 3"), `right` what is refused.
	"""
	if member.membership_type == FULL and member.standing == ACTIVE:
		return
	frappe.throw(
		_("{0}: only full members {1}; {2} is {3}").format(
			where,
			right,
			member.full_name,
			_("a probationary member")
			if member.membership_type != FULL
			else _(member.standing, context="Party Member"),
		),
		NotAFullMemberError,
		title=_("Not a Full Member"),
	)
