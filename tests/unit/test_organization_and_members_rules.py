import datetime

from party_building.core.name_search import pinyin_keys
from party_building.members import rules as m
from party_building.organization import rules as o

D = datetime.date


def test_party_group_sits_only_under_a_branch():
	assert o.parent_allowed(o.PARTY_GROUP, o.BRANCH)
	for parent in (None, o.PARTY_COMMITTEE, o.GENERAL_BRANCH, o.PARTY_GROUP):
		assert not o.parent_allowed(o.PARTY_GROUP, parent)


def test_branch_sits_under_a_committee_or_general_branch():
	assert o.parent_allowed(o.BRANCH, o.GENERAL_BRANCH)
	assert o.parent_allowed(o.BRANCH, o.PARTY_COMMITTEE)
	assert not o.parent_allowed(o.BRANCH, o.BRANCH)
	assert not o.parent_allowed(o.GENERAL_BRANCH, o.BRANCH)


def test_term_length_by_type_and_end():
	assert o.default_term_years(o.BRANCH) == 3
	assert o.default_term_years(o.GENERAL_BRANCH) == 3
	assert o.default_term_years(o.PARTY_COMMITTEE) == 5
	assert o.term_end(D(2024, 9, 1), 3) == D(2027, 9, 1)
	assert o.term_end(D(2024, 2, 29), 5) == D(2029, 2, 28)
	assert o.term_end(None, 3) is None


def test_branch_needs_three_full_members():
	assert not o.can_become_active(o.BRANCH, 2)
	assert o.can_become_active(o.BRANCH, 3)
	assert o.can_become_active(o.GENERAL_BRANCH, 0)


def test_size_warnings():
	assert o.size_warnings(o.BRANCH, 7, 7, 0) == ["committee_required"]
	assert o.size_warnings(o.BRANCH, 6, 6, 1) == []
	assert o.size_warnings(o.BRANCH, 7, 7, 3) == []
	assert "branch_too_large" in o.size_warnings(o.BRANCH, 40, 51, 5)
	assert o.size_warnings(o.BRANCH, 40, 50, 5) == []
	assert o.size_warnings(o.GENERAL_BRANCH, 0, 101, 5) == ["general_branch_too_large"]
	assert o.size_warnings(o.GENERAL_BRANCH, 0, 100, 5) == []
	assert o.size_warnings(o.BRANCH, 20, 20, 8) == ["committee_too_large"]


def test_current_positions():
	on = D(2026, 6, 1)
	rows = [
		("Secretary", D(2020, 1, 1), D(2023, 1, 1)),
		("Secretary", D(2023, 1, 2), None),
		("Deputy Secretary", D(2023, 1, 2), None),
	]
	assert o.count_current(rows, "Secretary", on) == 1
	assert o.is_current(D(2026, 6, 1), D(2026, 6, 1), on)
	assert not o.is_current(D(2026, 6, 2), None, on)


def test_joining_age():
	assert m.old_enough_to_join(D(2000, 5, 10), D(2018, 5, 10))
	assert not m.old_enough_to_join(D(2000, 5, 10), D(2018, 5, 9))
	assert m.old_enough_to_join(D(2000, 2, 29), D(2018, 2, 28))


def test_party_age_counts_from_full_membership():
	assert m.party_age(D(2010, 7, 1), D(2026, 6, 30)) == 15
	assert m.party_age(D(2010, 7, 1), D(2026, 7, 1)) == 16
	assert m.party_age(None, D(2026, 7, 1)) == 0
	assert m.default_full_member_on(D(2020, 7, 1)) == D(2021, 7, 1)


def test_penalties_in_force():
	rows = [
		(m.WARNING, D(2025, 1, 1), D(2025, 12, 31)),
		(m.PROBATION_IN_PARTY, D(2026, 1, 1), None),
		("Reward", D(2026, 1, 1), None),
	]
	assert m.penalties_in_force(rows, D(2025, 6, 1)) == [m.WARNING]
	assert m.penalties_in_force(rows, D(2026, 6, 1)) == [m.PROBATION_IN_PARTY]
	assert m.penalties_in_force(rows, D(2024, 6, 1)) == []


def test_pinyin_keys():
	assert pinyin_keys("张华生") == ("zhanghuasheng", "zhs")
	assert pinyin_keys("吕丽") == ("lvli", "ll")
	assert pinyin_keys("") == ("", "")


# --- committee size (issue 19) ----------------------------------------------------------------

SEC, DEP = o.SECRETARY, o.DEPUTY_SECRETARY


def test_a_branch_of_fewer_than_seven_has_a_secretary_and_at_most_a_deputy():
	breach = o.committee_size_breach
	assert breach(o.BRANCH, 5, [SEC]) is None
	assert breach(o.BRANCH, 6, [SEC, DEP]) is None
	assert breach(o.BRANCH, 5, [SEC, DEP, "Organization Member"]) == o.NO_COMMITTEE_BELOW_SEVEN
	assert breach(o.BRANCH, 5, [SEC, "Committee Member"]) == o.NO_COMMITTEE_BELOW_SEVEN
	assert breach(o.BRANCH, 6, [SEC, DEP, DEP]) == o.NO_COMMITTEE_BELOW_SEVEN
	assert breach(o.BRANCH, 0, [SEC, DEP, "Organization Member"]) == o.NO_COMMITTEE_BELOW_SEVEN


def test_a_committee_has_at_most_seven_members():
	breach = o.committee_size_breach
	seven = [
		SEC,
		DEP,
		"Organization Member",
		"Propaganda Member",
		"Discipline Member",
		"Committee Member",
		"Committee Member",
	]
	assert breach(o.BRANCH, 7, [SEC, DEP, "Organization Member"]) is None
	assert breach(o.BRANCH, 40, seven) is None
	assert breach(o.BRANCH, 40, [*seven, "Committee Member"]) == o.COMMITTEE_OVER_SEVEN
	assert breach(o.GENERAL_BRANCH, 0, [*seven, "Committee Member"]) == o.COMMITTEE_OVER_SEVEN
	# a general branch's members sit in its branches: its committee is not limited by its own count
	assert breach(o.GENERAL_BRANCH, 0, [SEC, DEP, "Organization Member"]) is None
	# a party committee is not limited here (it only gets the advisory warning)
	assert breach(o.PARTY_COMMITTEE, 0, [*seven, "Committee Member"]) is None


def test_a_committee_outside_three_to_five_is_warned():
	warning = o.committee_size_warning
	assert warning(o.BRANCH, 7, 3) is None
	assert warning(o.BRANCH, 30, 5) is None
	assert warning(o.BRANCH, 30, 6) == o.COMMITTEE_UNUSUAL_SIZE
	assert warning(o.BRANCH, 30, 7) == o.COMMITTEE_UNUSUAL_SIZE
	assert warning(o.BRANCH, 5, 2) is None  # below 7: no committee at all
	# fewer than 3 in a branch of 7 or more is the existing "must elect a committee" warning
	assert "committee_required" in o.size_warnings(o.BRANCH, 7, 7, 1)
