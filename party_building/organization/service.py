"""Queries on the organization tree shared by controllers, reports and access checks."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils.nestedset import get_ancestors_of, get_descendants_of

from party_building.members.rules import ACTIVE, FULL
from party_building.members.service import refresh_counts
from party_building.organization import rules
from party_building.organization.errors import (
	CommitteeOverSevenError,
	NoCommitteeBelowSevenError,
	PartyGroupNotInBranchError,
)
from party_building.organization.rules import PARTY_GROUP


def subtree(organization: str) -> list[str]:
	"""The organization and every organization under it."""
	return [organization, *get_descendants_of("Party Organization", organization, ignore_permissions=True)]


def is_within(organization: str | None, ancestor: str | None) -> bool:
	"""Is `organization` the ancestor or under it? Two rows of the tree (not the subtree's names)."""
	if not (organization and ancestor):
		return False
	org = frappe.qb.DocType("Party Organization")
	inner = frappe.qb.DocType("Party Organization").as_("inner_org")
	return bool(
		frappe.qb.from_(org)
		.join(inner)
		.on((inner.lft >= org.lft) & (inner.rgt <= org.rgt))
		.select(inner.name)
		.where((org.name == ancestor) & (inner.name == organization))
		.run()
	)


def check_party_group(party_group: str | None, branch: str) -> None:
	"""A person's party group, if any, is a Party Group directly under their branch."""
	if not party_group:
		return
	org_type, parent = frappe.db.get_value(
		"Party Organization", party_group, ["org_type", "parent_party_organization"]
	) or (None, None)
	if org_type != PARTY_GROUP or parent != branch:
		frappe.throw(
			_("The party group {0} is not a Party Group under the branch {1}").format(party_group, branch),
			PartyGroupNotInBranchError,
			title=_("Wrong Party Group"),
		)


def member_counts(organization: str) -> dict[str, int]:
	"""Active members placed directly in this branch (by membership) and in its whole subtree."""
	lft, rgt = frappe.db.get_value("Party Organization", organization, ["lft", "rgt"])
	member = frappe.qb.DocType("Party Member")
	org = frappe.qb.DocType("Party Organization")
	rows = (
		frappe.qb.from_(member)
		.join(org)
		.on(org.name == member.branch)
		.select(member.branch, member.membership_type, Count("*"))
		.where((org.lft >= lft) & (org.rgt <= rgt) & (member.standing == ACTIVE))
		.groupby(member.branch, member.membership_type)
	).run()
	counts = {"full": 0, "probationary": 0, "all": 0}
	for branch, membership_type, n in rows:
		counts["all"] += n
		if branch == organization:
			counts["full" if membership_type == FULL else "probationary"] += n
	return counts


def refresh_member_counts(organization: str | None, with_ancestors: bool = True) -> None:
	"""Store the member counts on the organization (and those above it) without touching `modified`."""
	if not organization or not frappe.db.exists("Party Organization", organization):
		return
	names = [organization]
	if with_ancestors:
		names += get_ancestors_of("Party Organization", organization)
	for name in names:
		counts = member_counts(name)
		frappe.db.set_value(
			"Party Organization",
			name,
			{
				"full_member_count": counts["full"],
				"probationary_member_count": counts["probationary"],
				"member_count": counts["all"],
			},
			update_modified=False,
		)


def refresh_all_member_counts() -> None:
	"""Every organization's stored counts at once (after bulk loads such as the demo data)."""
	refresh_counts(frappe.get_all("Party Organization", pluck="name"))


def check_committee_size(organization: str, org_type: str, full_members: int, positions: list[str]) -> None:
	"""The committee-size rules, for an organization's current committee and for an elected one."""
	breach = rules.committee_size_breach(org_type, full_members, positions)
	if breach == rules.NO_COMMITTEE_BELOW_SEVEN:
		frappe.throw(
			_(
				"A Branch of fewer than {0} full members elects no committee, only a secretary and at most one deputy secretary; {1} has {2} full members and {3} positions are entered"
			).format(rules.COMMITTEE_REQUIRED_FROM_FULL_MEMBERS, organization, full_members, len(positions)),
			NoCommitteeBelowSevenError,
			title=_("Committee Size"),
		)
	if breach == rules.COMMITTEE_OVER_SEVEN:
		frappe.throw(
			_("A committee has at most {0} members; {1} would have {2}").format(
				rules.COMMITTEE_MAX_SIZE, organization, len(positions)
			),
			CommitteeOverSevenError,
			title=_("Committee Size"),
		)


def warn_on_committee_size(organization: str, org_type: str, full_members: int, committee_size: int) -> None:
	"""A Branch's committee of more than the normal 5 (up to 7) is allowed, with a warning."""
	if rules.committee_size_warning(org_type, full_members, committee_size):
		frappe.msgprint(
			_("A Branch committee normally has {0} to {1} members; {2} has {3}").format(
				rules.COMMITTEE_MIN_SIZE, rules.COMMITTEE_NORMAL_MAX_SIZE, organization, committee_size
			),
			title=_("Warning"),
			indicator="orange",
		)
