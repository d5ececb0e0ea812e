"""The member register on the Frappe side: what other records need to know about members."""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.query_builder.functions import Count

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


# --- organization sizes -----------------------------------------------------------------------------
#
# A member's save recounts the sizes of their branch and every organization above it (the controller's
# on_update). A batch of members — an import — counts once at the end instead: inside
# `counts_deferred()` the controller only notes the branch (`count_later`), and the exit refreshes every
# organization noted, and those above them, in one pass (`refresh_counts`).


@contextmanager
def counts_deferred():
	"""Member saves inside recount their organizations once, when the block ends without an error."""
	if frappe.flags.get("pb_counts_deferred") is not None:  # an outer block counts
		yield
		return
	frappe.flags.pb_counts_deferred = set()
	try:
		yield
		branches = frappe.flags.pb_counts_deferred
	finally:
		frappe.flags.pb_counts_deferred = None
	refresh_counts(branches)


def count_later(*branches: str | None) -> bool:
	"""Inside `counts_deferred`: note the branches to recount and say so (the caller then counts nothing)."""
	noted = frappe.flags.get("pb_counts_deferred")
	if noted is None:
		return False
	noted.update(b for b in branches if b)
	return True


def refresh_counts(branches) -> None:
	"""Store the member counts of the organizations given and of all above them, as
	`organization.service.refresh_member_counts` stores them one organization at a time, from one
	grouped count of the active members: each organization's whole-subtree count adds up its
	children's, the tree walked from the leaves. Only the counts that changed are written."""
	branches = {b for b in branches if b}
	if not branches:
		return
	tree = {
		r.name: r
		for r in frappe.get_all(
			"Party Organization",
			fields=[
				"name",
				"parent_party_organization",
				"full_member_count",
				"probationary_member_count",
				"member_count",
			],
			order_by="lft desc",  # children before their parents
			ignore_permissions=True,
		)
	}
	chosen: set[str] = set()
	for name in branches:  # and everything above them
		while name in tree and name not in chosen:
			chosen.add(name)
			name = tree[name].parent_party_organization
	by_branch: dict[str, dict[str, int]] = {}
	member = frappe.qb.DocType("Party Member")
	for branch, membership_type, n in (
		frappe.qb.from_(member)
		.select(member.branch, member.membership_type, Count("*"))
		.where(member.standing == ACTIVE)
		.groupby(member.branch, member.membership_type)
	).run():
		counts = by_branch.setdefault(branch, {"full": 0, "probationary": 0})
		counts["full" if membership_type == FULL else "probationary"] += n
	below: dict[str, int] = {}
	for name, org in tree.items():
		own = by_branch.get(name, {"full": 0, "probationary": 0})
		total = own["full"] + own["probationary"] + below.get(name, 0)
		if org.parent_party_organization:
			below[org.parent_party_organization] = below.get(org.parent_party_organization, 0) + total
		if name not in chosen:
			continue
		values = {
			"full_member_count": own["full"],
			"probationary_member_count": own["probationary"],
			"member_count": total,
		}
		if any(org.get(k) != v for k, v in values.items()):
			frappe.db.set_value("Party Organization", name, values, update_modified=False)
