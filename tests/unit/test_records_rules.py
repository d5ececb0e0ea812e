"""Record rules: elections, terms, transfers, standing, statistics, 大写."""

import datetime as dt

import pytest

from party_building.members.rules import ACTIVE, DECEASED, LEFT, SUSPENDED, TRANSFERRED_OUT
from party_building.records import rules as r


@pytest.mark.parametrize(("seats", "fewest"), [(1, 2), (3, 4), (5, 6), (6, 8), (7, 9), (10, 12), (11, 14)])
def test_candidates_at_least_twenty_percent_more_than_seats(seats, fewest):
	assert r.min_candidates(seats) == fewest
	assert r.enough_candidates(seats, fewest)
	assert not r.enough_candidates(seats, fewest - 1)


def test_candidates_equal_to_seats_are_not_enough():
	assert not r.enough_candidates(5, 5)
	assert not r.enough_candidates(0, 3)


def test_quorum_more_than_four_fifths():
	assert r.quorum_met(10, 9)
	assert not r.quorum_met(10, 8)
	assert not r.quorum_met(0, 0)


def test_votes_not_more_than_voters_present():
	assert r.votes_valid(9, 9)
	assert not r.votes_valid(10, 9)
	assert not r.votes_valid(-1, 9)


def test_elected_by_more_than_half_of_expected():
	assert r.elected_by_majority(6, 10)
	assert not r.elected_by_majority(5, 10)


@pytest.mark.parametrize(
	("election", "timing"),
	[
		(dt.date(2026, 6, 30), r.ON_TIME),
		(dt.date(2026, 4, 1), r.ON_TIME),
		(dt.date(2026, 3, 1), r.NEEDS_APPROVAL),
		(dt.date(2027, 6, 30), r.NEEDS_APPROVAL),
		(dt.date(2026, 7, 1), r.NEEDS_APPROVAL),
		(dt.date(2025, 6, 30), r.NEEDS_APPROVAL),
		(dt.date(2025, 6, 29), r.REFUSED),
		(dt.date(2027, 7, 1), r.REFUSED),
		(dt.date(2028, 6, 30), r.REFUSED),
	],
)
def test_election_timing_against_term_end(election, timing):
	assert r.election_timing(election, dt.date(2026, 6, 30)) == timing


def test_first_election_has_no_term_to_compare():
	assert r.election_timing(dt.date(2026, 1, 1), None) == r.FIRST_ELECTION
	assert r.deviation_days(dt.date(2026, 1, 1), None) == 0
	assert r.deviation_days(dt.date(2026, 1, 3), dt.date(2026, 1, 1)) == 2


@pytest.mark.parametrize(
	("term_end", "bucket"),
	[
		(dt.date(2026, 11, 20), r.OVERDUE),
		(dt.date(2026, 11, 21), r.ONE_MONTH),
		(dt.date(2026, 12, 21), r.ONE_MONTH),
		(dt.date(2026, 12, 22), r.THREE_MONTHS),
		(dt.date(2027, 2, 21), r.THREE_MONTHS),
		(dt.date(2027, 5, 21), r.SIX_MONTHS),
		(dt.date(2027, 5, 22), None),
		(None, None),
	],
)
def test_term_expiry_buckets(term_end, bucket):
	assert r.expiry_bucket(term_end, dt.date(2026, 11, 21)) == bucket


def test_add_months_clamps_to_month_end():
	assert r.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
	assert r.add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)
	assert r.add_months(dt.date(2026, 3, 31), -1) == dt.date(2026, 2, 28)


def test_receipt_due_within_one_month_and_letter_validity():
	assert r.receipt_due_on(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
	assert r.letter_valid_until(dt.date(2026, 1, 1), 30) == dt.date(2026, 1, 30)
	assert r.validity_ok(30) and not r.validity_ok(0) and not r.validity_ok(91)


def test_transfer_to_the_same_organization():
	assert r.same_side("A", "A")
	assert not r.same_side("A", "B")
	assert r.same_side(None, None, "某县一中党支部 ", "某县一中党支部")
	assert not r.same_side("A", None, None, "A")


def test_transfer_sides():
	assert r.sides_needed(r.TRANSFER_OUT) == (True, False)
	assert r.sides_needed(r.TRANSFER_IN) == (False, True)
	assert r.sides_needed(r.TRANSFER_WITHIN) == (True, True)


def test_next_letter_number_per_year():
	assert r.next_letter_number([], 2026) == "2026-001"
	assert r.next_letter_number(["2026-006", "2026-002", "2025-044", "手写7号", None], 2026) == "2026-007"


@pytest.mark.parametrize(
	("change", "current", "result"),
	[
		(r.SUSPENSION, ACTIVE, SUSPENDED),
		(r.SUSPENSION, SUSPENDED, None),
		(r.RESTORATION, SUSPENDED, ACTIVE),
		(r.RESTORATION, ACTIVE, None),
		(r.LEAVING, ACTIVE, LEFT),
		(r.LEAVING, SUSPENDED, LEFT),
		(r.LEAVING, LEFT, None),
		(r.DEATH, SUSPENDED, DECEASED),
		(r.DEATH, DECEASED, None),
		(r.DEATH, TRANSFERRED_OUT, None),
	],
)
def test_standing_transitions(change, current, result):
	assert r.new_standing(change, current) == result


def test_reasons_per_change_type():
	assert r.reasons_for(r.SUSPENSION) == r.SUSPENSION_REASONS
	assert len(r.reasons_for(r.LEAVING)) == 5
	assert r.reasons_for(r.DEATH) == ()


def test_lost_contact_six_months_and_removal_after_two_years():
	on = dt.date(2026, 11, 21)
	assert r.lost_contact_long_enough(dt.date(2026, 5, 21), on)
	assert not r.lost_contact_long_enough(dt.date(2026, 5, 22), on)
	assert r.due_for_removal(dt.date(2024, 11, 20), on)
	assert not r.due_for_removal(dt.date(2024, 11, 21), on)
	assert not r.due_for_removal(None, on)


@pytest.mark.parametrize(
	("age", "band"),
	[
		(22, "30 and Under"),
		(30, "30 and Under"),
		(31, "31-35"),
		(45, "36-45"),
		(60, "56-60"),
		(61, "61 and Over"),
	],
)
def test_age_bands(age, band):
	assert r.age_band(age) == band


def test_capitals_for_letters():
	assert r.upper_number(30) == "叁拾"
	assert r.upper_number(105) == "壹佰零伍"
	assert r.upper_amount(1234.5) == "壹仟贰佰叁拾肆元伍角"
	assert r.cn_date(dt.date(2026, 11, 21)) == "二〇二六年十一月二十一日"
	assert r.cn_date(dt.date(2030, 1, 10)) == "二〇三〇年一月十日"
	assert r.cn_month(dt.date(2026, 12, 1)) == "二〇二六年十二月"
	assert r.cn_date(None) == ""


def test_only_the_upper_level_ends_membership_against_the_members_will():
	from party_building.records import rules as rr

	for reason in ("Expulsion", "Removed from Membership", "Persuaded to Withdraw"):
		assert rr.needs_upper_level(rr.LEAVING, reason)
	for reason in ("Resignation", "Self-Withdrawal"):
		assert not rr.needs_upper_level(rr.LEAVING, reason)
	assert not rr.needs_upper_level(rr.SUSPENSION, "Lost Contact 6 Months or More")
	assert not rr.needs_upper_level(rr.DEATH, None)


# --- 述职评议 (issue 19) -------------------------------------------------------------------------


def test_the_overall_duty_grade_is_the_mean_half_up():
	from party_building.records import rules as rr

	assert rr.overall_duty_grade([]) is None
	assert rr.overall_duty_grade([None, "bogus"]) is None
	assert rr.overall_duty_grade([rr.GOOD]) == rr.GOOD
	assert rr.overall_duty_grade([rr.GOOD, rr.FAIRLY_GOOD]) == rr.GOOD  # 3.5 → 好
	assert rr.overall_duty_grade([rr.GOOD, rr.AVERAGE, rr.POOR]) == rr.AVERAGE  # 7/3
	assert rr.overall_duty_grade([rr.POOR, rr.POOR, rr.AVERAGE]) == rr.POOR


def test_a_reviewer_grades_once():
	from party_building.records import rules as rr

	assert rr.repeated(["a", "b", None, None]) == []
	assert rr.repeated(["a", "b", "a", "a"]) == ["a"]


# --- 党建目标考核 (issue 19) ---------------------------------------------------------------------


def test_a_score_is_between_zero_and_the_points():
	from party_building.records import rules as rr

	assert rr.score_problem(None, 10) is None
	assert rr.score_problem(0, 10) is None and rr.score_problem(10, 10) is None
	assert rr.score_problem(-1, 10) == "negative"
	assert rr.score_problem(10.5, 10) == "above_points"


def test_equal_totals_share_a_place():
	from party_building.records import rules as rr

	assert rr.competition_rank({"a": 90, "b": 95, "c": 90, "d": 80}) == {"b": 1, "a": 2, "c": 2, "d": 4}
	assert rr.competition_rank({}) == {}
