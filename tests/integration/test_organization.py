import datetime

import frappe
import pytest

from party_building.members.errors import NotAFullMemberError
from party_building.organization.errors import (
	BranchNotEstablishedError,
	CommitteeMemberOutsideOrganizationError,
	InvalidParentOrganizationError,
	OrganizationNotEmptyError,
	SecretaryCountError,
)
from tests.integration.factories import make_member, make_members, make_org, make_tree, set_committee

TODAY = datetime.date.today()


def stored(org):
	return frappe.db.get_value("Party Organization", org.name, "*", as_dict=True)


def warnings():
	return " ".join(str(m) for m in frappe.get_message_log() if m)


def test_tree_and_term_defaults():
	tree = make_tree()
	assert tree.branch.is_group == 1 and tree.group.is_group == 0
	assert tree.committee.term_years == 5 and tree.branch.term_years == 3 and tree.general.term_years == 3
	tree.branch.term_start = datetime.date(2024, 9, 1)
	tree.branch.save()
	assert stored(tree.branch).term_end == datetime.date(2027, 9, 1)
	tree.branch.term_years = 5  # editable
	tree.branch.save()
	assert stored(tree.branch).term_end == datetime.date(2029, 9, 1)
	from frappe.utils.nestedset import get_descendants_of

	assert set(get_descendants_of("Party Organization", tree.committee.name)) == {
		tree.general.name,
		tree.branch.name,
		tree.group.name,
	}


def test_party_group_must_sit_under_a_branch():
	tree = make_tree()
	name = "测试错误党小组"
	with pytest.raises(InvalidParentOrganizationError):
		make_org("Party Group", tree.general.name, organization_name=name)
	assert not frappe.db.exists("Party Organization", name)
	with pytest.raises(InvalidParentOrganizationError):
		make_org("Party Group", None, organization_name=name)
	assert not frappe.db.exists("Party Organization", name)
	assert make_org("Party Group", tree.branch.name, organization_name=name).name == name


def test_branch_cannot_sit_under_a_branch():
	tree = make_tree()
	with pytest.raises(InvalidParentOrganizationError):
		make_org("Branch", tree.branch.name)


def test_branch_becomes_active_only_with_three_full_members():
	tree = make_tree()
	branch = tree.branch
	make_members(branch.name, 2)
	make_member(branch.name, membership_type="Probationary", joined_on=TODAY - datetime.timedelta(days=30))
	branch.reload()
	branch.status = "Active"
	with pytest.raises(BranchNotEstablishedError):
		branch.save()
	assert stored(branch).status == "Preparing"

	make_member(branch.name)
	branch.reload()
	branch.status = "Active"
	branch.save()
	assert stored(branch).status == "Active"
	assert stored(branch).full_member_count == 3
	assert stored(branch).probationary_member_count == 1


def test_new_branch_cannot_start_active():
	tree = make_tree()
	name = "测试直接成立支部"
	with pytest.raises(BranchNotEstablishedError):
		make_org("Branch", tree.general.name, status="Active", organization_name=name)
	assert not frappe.db.exists("Party Organization", name)


def test_exactly_one_current_secretary():
	tree = make_tree()
	a, b, c = make_members(tree.branch.name, 3)
	set_committee(tree.branch, [(a, "Secretary"), (b, "Deputy Secretary")])
	assert stored(tree.branch).secretary == a.name

	with pytest.raises(SecretaryCountError):
		set_committee(tree.branch, [(a, "Secretary"), (b, "Secretary")])
	assert stored(tree.branch).secretary == a.name
	assert frappe.db.count("Party Organization Committee Member", {"parent": tree.branch.name}) == 2

	# a former secretary whose term ended does not count
	last_year = TODAY - datetime.timedelta(days=400)
	set_committee(
		tree.branch,
		[(a, "Secretary", last_year, TODAY - datetime.timedelta(days=10)), (c, "Secretary")],
	)
	assert stored(tree.branch).secretary == c.name
	assert stored(tree.branch).committee_size == 1


def test_only_full_members_hold_positions():
	tree = make_tree()
	full = make_member(tree.branch.name)
	probationary = make_member(
		tree.branch.name, membership_type="Probationary", joined_on=TODAY - datetime.timedelta(days=60)
	)
	with pytest.raises(NotAFullMemberError):
		set_committee(tree.branch, [(full, "Secretary"), (probationary, "Organization Member")])
	assert frappe.db.count("Party Organization Committee Member", {"parent": tree.branch.name}) == 0
	set_committee(tree.branch, [(full, "Secretary")])
	assert stored(tree.branch).secretary == full.name


def test_committee_members_come_from_the_organization():
	tree = make_tree()
	other = make_org("Branch", tree.general.name)
	outsider = make_member(other.name)
	with pytest.raises(CommitteeMemberOutsideOrganizationError):
		set_committee(tree.branch, [(outsider, "Secretary")])
	# the general branch may take members from the branches under it
	insider = make_member(tree.branch.name)
	set_committee(tree.general, [(insider, "Secretary")])
	assert stored(tree.general).secretary == insider.name


def test_branch_with_seven_full_members_and_no_committee_is_warned():
	tree = make_tree()
	members = make_members(tree.branch.name, 7)
	frappe.local.message_log = []
	set_committee(tree.branch, [(members[0], "Secretary")])
	assert "must elect a committee" in warnings() or "委员会" in warnings()
	frappe.local.message_log = []
	set_committee(
		tree.branch,
		[(members[0], "Secretary"), (members[1], "Organization Member"), (members[2], "Propaganda Member")],
	)
	assert not warnings()


def test_large_branch_and_general_branch_are_warned_not_refused():
	tree = make_tree()
	make_members(tree.branch.name, 51)
	frappe.local.message_log = []
	tree.branch.reload()
	tree.branch.save()
	assert "51" in warnings()
	second = make_org("Branch", tree.general.name)
	make_members(second.name, 50)
	frappe.local.message_log = []
	tree.general.reload()
	tree.general.save()
	assert "101" in warnings()
	assert stored(tree.general).member_count == 101


def test_dissolving_needs_an_empty_organization():
	tree = make_tree()
	make_member(tree.branch.name)
	tree.group.status = "Dissolved"
	tree.group.dissolved_on = TODAY
	tree.group.save()
	tree.branch.reload()
	tree.branch.status = "Dissolved"
	tree.branch.dissolved_on = TODAY
	with pytest.raises(OrganizationNotEmptyError):
		tree.branch.save()
	assert stored(tree.branch).status == "Preparing"


def test_is_within_reads_the_tree():
	from party_building.organization.service import is_within

	tree, other = make_tree(), make_tree()
	assert is_within(tree.group.name, tree.committee.name)
	assert is_within(tree.branch.name, tree.general.name)
	assert is_within(tree.branch.name, tree.branch.name)  # an organization is within itself
	assert not is_within(tree.committee.name, tree.branch.name)  # not upwards
	assert not is_within(other.branch.name, tree.committee.name)  # nor into another tree
	assert not is_within(None, tree.committee.name) and not is_within(tree.branch.name, "")


def test_refreshing_every_count_at_once_gives_each_organizations_own_count():
	from party_building.organization.service import member_counts, refresh_all_member_counts

	tree = make_tree()
	make_members(tree.branch.name, 4)
	second = make_org("Branch", tree.general.name)
	make_members(second.name, 3)
	probationary = make_member(second.name)
	frappe.db.set_value(
		"Party Member", probationary.name, "membership_type", "Probationary", update_modified=False
	)
	# counts gone stale, as after a bulk load that writes members without their controller
	frappe.db.sql(
		"update `tabParty Organization` set full_member_count = 99, member_count = 0 where name in %s",
		[[tree.committee.name, tree.general.name, tree.branch.name, second.name]],
	)
	refresh_all_member_counts()
	for org in (tree.committee, tree.general, tree.branch, second, tree.group):
		counts = member_counts(org.name)
		got = stored(org)
		assert (got.full_member_count, got.probationary_member_count, got.member_count) == (
			counts["full"],
			counts["probationary"],
			counts["all"],
		), org.name
	assert stored(tree.general).member_count == 8
	assert stored(second).probationary_member_count == 1
