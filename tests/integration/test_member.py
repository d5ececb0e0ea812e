import datetime

import frappe
import pymysql
import pytest

from party_building.core.errors import FutureDateError
from party_building.members import idcard
from party_building.members.errors import (
	DuplicateIdNumberError,
	IdBirthDateMismatchError,
	IdGenderMismatchError,
	InvalidIdNumberError,
	MembershipDateError,
	UnderageJoiningError,
)
from party_building.organization.errors import NotABranchError, PartyGroupNotInBranchError
from party_building.organization.rules import add_years
from tests.integration.factories import make_member, make_org, make_tree, member_data

TODAY = datetime.date.today()


@pytest.fixture
def tree():
	return make_tree()


def refused(error, data):
	"""Insert must fail with `error` and leave no member with that ID number behind."""
	before = frappe.db.count("Party Member")
	with pytest.raises(error):
		frappe.get_doc(data).insert()
	assert frappe.db.count("Party Member") == before
	assert not frappe.db.exists(
		"Party Member", {"full_name": data["full_name"], "id_number": data["id_number"]}
	)


def test_good_member_is_stored_with_derived_fields(tree):
	data = member_data(tree.branch.name, full_name="张华生", party_group=tree.group.name)
	data.pop("birth_date")
	data.pop("gender")
	member = frappe.get_doc(data).insert()
	row = frappe.db.get_value("Party Member", member.name, "*", as_dict=True)
	assert row.birth_date == idcard.birth_date_of(data["id_number"])
	assert row.gender == idcard.gender_of(data["id_number"])
	assert (row.name_pinyin, row.name_initials) == ("zhanghuasheng", "zhs")
	assert row.full_member_on == add_years(row.joined_on, 1)
	from party_building.members.rules import party_age

	assert row.party_age == party_age(row.full_member_on, TODAY) >= 1
	assert len(member.archive_items) == 6


def test_wrong_id_checksum_is_refused(tree):
	data = member_data(tree.branch.name)
	last = data["id_number"][-1]
	data["id_number"] = data["id_number"][:-1] + ("1" if last != "1" else "2")
	refused(InvalidIdNumberError, data)


def test_id_birth_date_must_match(tree):
	data = member_data(tree.branch.name)
	data["birth_date"] = data["birth_date"] - datetime.timedelta(days=1)
	refused(IdBirthDateMismatchError, data)


def test_id_gender_digit_must_match(tree):
	data = member_data(tree.branch.name, gender="Male")
	data["gender"] = "Female"
	refused(IdGenderMismatchError, data)


def test_duplicate_id_number_is_refused(tree):
	first = make_member(tree.branch.name)
	data = member_data(tree.branch.name, gender=first.gender, birth_date=first.birth_date)
	data["id_number"] = first.id_number.lower()
	with pytest.raises(DuplicateIdNumberError):
		frappe.get_doc(data).insert()
	assert frappe.db.count("Party Member", {"id_number": first.id_number}) == 1


def test_duplicate_id_number_is_also_a_database_constraint(tree):
	first = make_member(tree.branch.name)
	second = make_member(tree.branch.name)
	with pytest.raises(pymysql.err.IntegrityError):
		frappe.db.set_value("Party Member", second.name, "id_number", first.id_number)


@pytest.mark.parametrize("org_key", ["group", "committee", "general"])
def test_member_belongs_to_a_branch(tree, org_key):
	refused(NotABranchError, member_data(tree[org_key].name))


def test_party_group_must_be_under_the_members_branch(tree):
	other_branch = make_org("Branch", tree.general.name)
	refused(PartyGroupNotInBranchError, member_data(other_branch.name, party_group=tree.group.name))
	refused(PartyGroupNotInBranchError, member_data(tree.branch.name, party_group=other_branch.name))


def test_birth_date_in_the_future_is_refused(tree):
	future = TODAY + datetime.timedelta(days=10)
	data = member_data(tree.branch.name, birth_date=future, joined_on=None)
	refused(FutureDateError, data)


def test_joining_before_18_is_refused(tree):
	birth = add_years(TODAY, -30)
	data = member_data(tree.branch.name, birth_date=birth, joined_on=add_years(birth, 17))
	refused(UnderageJoiningError, data)
	ok = member_data(tree.branch.name, birth_date=birth, joined_on=add_years(birth, 18))
	assert frappe.get_doc(ok).insert().name


def test_probationary_member_has_no_full_membership_date(tree):
	data = member_data(
		tree.branch.name,
		membership_type="Probationary",
		joined_on=TODAY - datetime.timedelta(days=30),
		full_member_on=TODAY,
	)
	refused(MembershipDateError, data)


def test_full_membership_cannot_precede_joining(tree):
	data = member_data(tree.branch.name)
	data["full_member_on"] = data["joined_on"] - datetime.timedelta(days=1)
	refused(MembershipDateError, data)


def test_changing_a_member_to_a_bad_id_leaves_the_stored_one(tree):
	member = make_member(tree.branch.name)
	original = member.id_number
	member.id_number = original[:-1] + ("1" if original[-1] != "1" else "2")
	with pytest.raises(InvalidIdNumberError):
		member.save()
	assert frappe.db.get_value("Party Member", member.name, "id_number") == original


def test_penalty_in_force(tree):
	member = make_member(tree.branch.name)
	member.append(
		"rewards_penalties",
		{
			"record_type": "Penalty",
			"penalty_kind": "Probation within the Party",
			"description": "测试处分",
			"given_on": TODAY - datetime.timedelta(days=100),
			"ends_on": TODAY + datetime.timedelta(days=265),
		},
	)
	member.save()
	from party_building.party_building.doctype.party_member.party_member import penalties_in_force

	assert penalties_in_force(member.name) == ["Probation within the Party"]
	assert penalties_in_force(member.name, TODAY + datetime.timedelta(days=300)) == []


def test_member_counts_follow_moves(tree):
	other = make_org("Branch", tree.general.name)
	member = make_member(tree.branch.name)
	assert frappe.db.get_value("Party Organization", tree.general.name, "member_count") == 1
	member.branch = other.name
	member.save()
	assert frappe.db.get_value("Party Organization", tree.branch.name, "full_member_count") == 0
	assert frappe.db.get_value("Party Organization", other.name, "full_member_count") == 1
	assert frappe.db.get_value("Party Organization", tree.committee.name, "member_count") == 1
