"""Admission rules: a good and a bad case per rule, without a site."""

import datetime

from party_building.admission import rules as r
from party_building.holidays import rules as holidays

D = datetime.date


def test_add_months_keeps_the_day_or_takes_the_months_last():
	assert r.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
	assert r.add_months(D(2024, 11, 15), 3) == D(2025, 2, 15)
	assert r.add_months(D(2024, 5, 10), 12) == D(2025, 5, 10)


def test_default_steps_are_25_in_order_with_their_stages():
	assert [no for no, _name, _stage in r.DEFAULT_STEPS] == list(range(1, 26))
	assert {stage for *_, stage in r.DEFAULT_STEPS} == set(r.PROCESS_STAGES)
	assert r.DEFAULT_STEPS[r.APPROVAL - 1][1] == "上级党委审批"


def test_applicant_must_be_18_on_the_application_date():
	assert r.old_enough_to_apply(D(2006, 3, 1), D(2024, 3, 1))
	assert not r.old_enough_to_apply(D(2006, 3, 2), D(2024, 3, 1))


def test_talk_within_one_month_unless_a_reason_is_recorded():
	assert r.talk_in_time(D(2024, 1, 31), D(2024, 2, 29))
	assert not r.talk_in_time(D(2024, 1, 10), D(2024, 2, 11))
	assert r.talk_in_time(D(2024, 1, 10), D(2024, 2, 11), "申请人外出培训")
	assert not r.talk_in_time(D(2024, 1, 10), D(2024, 2, 11), "  ")


def test_one_or_two_full_members_as_contacts():
	assert r.contacts_valid(["Full"]) is None
	assert r.contacts_valid(["Full", "Full"]) is None
	assert r.contacts_valid([]) == "count"
	assert r.contacts_valid(["Full"] * 3) == "count"
	assert r.contacts_valid(["Full", "Probationary"]) == "not_full"


def test_one_year_as_activist_before_becoming_a_target():
	assert r.activist_long_enough(D(2023, 3, 1), D(2024, 3, 1))
	assert not r.activist_long_enough(D(2023, 3, 1), D(2024, 2, 1))  # 11 months


def test_activist_assessment_every_six_months():
	assert r.assessment_due(D(2024, 1, 15), None) == D(2024, 7, 15)
	assert r.assessment_due(D(2024, 1, 15), D(2024, 7, 10)) == D(2025, 1, 10)


def test_publicity_of_five_working_days():
	ok, days, fallback = r.publicity_long_enough(D(2024, 3, 4), D(2024, 3, 8), {})  # Monday to Friday
	assert (ok, days, fallback) == (True, 5, False)


def test_publicity_of_five_calendar_days_over_a_weekend_is_too_short():
	ok, days, fallback = r.publicity_long_enough(D(2024, 3, 7), D(2024, 3, 11), {})  # Thursday to Monday
	assert (ok, days, fallback) == (False, 3, False)


def test_publicity_over_national_day_is_too_short():
	ok, days, _ = r.publicity_long_enough(D(2024, 10, 1), D(2024, 10, 7), {})
	assert not ok and days == 0
	ok, days, _ = r.publicity_long_enough(D(2024, 9, 30), D(2024, 10, 4), {})
	assert not ok and days == 1


def test_publicity_counts_an_adjusted_working_saturday():
	# 2024-10-12 (Saturday) was a working day in lieu of the National Day holiday
	assert holidays.is_working_day(D(2024, 10, 12), {}) == (True, False)
	assert r.publicity_long_enough(D(2024, 10, 8), D(2024, 10, 12), {}) == (True, 5, False)


def test_publicity_outside_the_calendar_falls_back_to_monday_to_friday():
	ok, days, fallback = r.publicity_long_enough(D(2031, 3, 3), D(2031, 3, 7), {})
	assert (ok, days, fallback) == (True, 5, True)
	ok, days, fallback = r.publicity_long_enough(D(2031, 3, 6), D(2031, 3, 10), {})
	assert (ok, days, fallback) == (False, 3, True)


def test_introducers_are_two_different_members():
	assert r.introducer_count_valid(["PM-1", "PM-2"])
	assert not r.introducer_count_valid(["PM-1"])
	assert not r.introducer_count_valid(["PM-1", "PM-1"])
	assert not r.introducer_count_valid(["PM-1", "PM-2", "PM-3"])


def test_introducer_must_be_a_full_member():
	assert r.introducer_problem("Full", []) is None
	assert r.introducer_problem("Probationary", []) == "not_full"


def test_introducer_under_probation_within_the_party_is_refused_even_with_a_reason():
	assert r.introducer_problem("Full", ["Probation within the Party"], "理由") == "probation_in_party"


def test_introducer_under_a_warning_needs_a_recorded_reason():
	for kind in ("Warning", "Serious Warning", "Removal from Party Post"):
		assert r.introducer_problem("Full", [kind]) == "penalty"
		assert r.introducer_problem("Full", [kind], "经支部委员会研究同意") is None


def test_political_review_and_training_before_the_branch_meeting():
	assert r.ready_for_branch_meeting(True, 3, 0) is None
	assert r.ready_for_branch_meeting(True, 0, 24) is None
	assert r.ready_for_branch_meeting(False, 5, 40) == "political_review"
	assert r.ready_for_branch_meeting(True, 2.5, 20) == "training"


def test_branch_meeting_quorum_and_majority():
	assert r.meeting_problem(expected=20, present=11, votes_for=11) is None
	assert r.meeting_problem(expected=20, present=10, votes_for=10) == "quorum"
	assert r.meeting_problem(expected=20, present=15, votes_for=10) == "votes"  # exactly half
	assert r.meeting_problem(expected=20, present=15, votes_for=10, written_for=1) is None
	assert r.meeting_problem(expected=0, present=0, votes_for=0) == "expected"
	assert r.meeting_problem(expected=10, present=11, votes_for=6) == "counts"
	assert r.meeting_problem(expected=10, present=6, votes_for=7) == "counts"


def test_approval_only_by_a_party_committee_within_three_months():
	meeting = D(2024, 3, 15)
	assert r.approval_problem("Party Committee", meeting, D(2024, 6, 15)) is None
	assert r.approval_problem("General Branch", meeting, D(2024, 4, 1)) == "not_committee"
	assert r.approval_problem("Party Committee", meeting, D(2024, 6, 16)) == "late"
	assert r.approval_problem("Party Committee", meeting, D(2024, 8, 1), True, "寒假") is None
	assert r.approval_problem("Party Committee", meeting, D(2024, 8, 1), True, "") == "no_reason"
	assert r.approval_problem("Party Committee", meeting, D(2024, 9, 16), True, "寒假") == "late"


def test_oath_within_one_month_of_approval():
	assert r.oath_in_time(D(2024, 5, 10), D(2024, 6, 10))
	assert not r.oath_in_time(D(2024, 5, 10), D(2024, 6, 11))


def test_probation_is_one_year_from_the_branch_meeting_plus_extension():
	assert r.probation_end(D(2024, 3, 15)) == D(2025, 3, 15)
	assert r.probation_end(D(2024, 3, 15), 6) == D(2025, 9, 15)


def test_probation_decisions():
	meeting = D(2023, 3, 15)
	full = (r.DECISION_FULL, D(2024, 3, 20), 0)
	extend = (r.DECISION_EXTEND, D(2024, 3, 20), 6)
	assert r.probation_decisions_problem([full], meeting) is None
	assert r.probation_decisions_problem([extend, (r.DECISION_FULL, D(2024, 9, 20), 0)], meeting) is None
	assert r.probation_decisions_problem([(r.DECISION_CANCEL, D(2024, 3, 20), 0)], meeting) is None
	assert r.probation_decisions_problem([(r.DECISION_CANCEL, D(2023, 10, 1), 0)], meeting) is None
	second = (r.DECISION_EXTEND, D(2024, 9, 20), 6)
	assert r.probation_decisions_problem([extend, second], meeting) == "second_extension"
	assert r.probation_decisions_problem([(r.DECISION_EXTEND, D(2024, 3, 20), 13)], meeting) == (
		"extension_length"
	)
	assert r.probation_decisions_problem([(r.DECISION_EXTEND, D(2024, 3, 20), 5)], meeting) == (
		"extension_length"
	)
	assert r.probation_decisions_problem([full, extend], meeting) == "after_final"
	assert r.probation_decisions_problem([(r.DECISION_FULL, D(2024, 3, 1), 0)], meeting) == "too_early"
	assert r.probation_decisions_problem([extend, (r.DECISION_FULL, D(2024, 9, 1), 0)], meeting) == (
		"too_early"
	)
	assert r.extension_months_of([extend, full]) == 6
	assert r.final_decision([extend]) is None
	assert r.final_decision([extend, full]) == r.DECISION_FULL


def test_steps_in_order():
	dates = {1: D(2024, 1, 1), 2: D(2024, 1, 20), 3: D(2024, 3, 1), 4: None, 5: None}
	assert r.order_problem(dates) is None
	assert r.order_problem({**dates, 2: D(2024, 1, 1)}) is None  # the same day is fine
	assert r.order_problem({**dates, 3: D(2024, 1, 19)}) == ("before", 3, 2)
	assert r.order_problem({**dates, 2: None}) == ("gap", 2, 3)


def test_stage_follows_the_steps_and_the_decision():
	dates = {n: None for n in range(1, 26)}
	assert r.stage_of(dates, None, None) == r.APPLICANT
	dates.update({n: D(2024, 1, 1) for n in range(1, 8)})
	assert r.stage_of(dates, None, None) == r.DEVELOPMENT_TARGET
	dates.update({n: D(2024, 1, 1) for n in range(8, 18)})
	assert r.stage_of(dates, None, None) == r.PROBATIONARY_MEMBER
	assert r.stage_of(dates, r.DECISION_CANCEL, None) == r.CANCELLED
	dates.update({n: D(2025, 1, 1) for n in range(18, 25)})
	assert r.stage_of(dates, r.DECISION_FULL, None) == r.FULL_MEMBER
	assert r.stage_of({1: D(2024, 1, 1)}, None, r.WITHDRAWN) == r.WITHDRAWN


def test_pending_boundary():
	dates = {n: None for n in range(1, 26)}
	dates.update({1: D(2024, 1, 1), 2: D(2024, 1, 2)})
	assert r.pending_boundary(dates) is None
	dates[3] = D(2024, 3, 1)
	assert r.pending_boundary(dates) == r.ACTIVIST_BOUNDARY
	dates.update({n: D(2025, 3, 1) for n in range(4, 17)})
	assert r.pending_boundary(dates) == r.ADMISSION_BOUNDARY


def test_next_deadline_and_days_overdue():
	dates = {1: D(2024, 1, 10)}
	assert r.next_deadline(dates) == (r.TALK, D(2024, 2, 10))
	assert r.next_deadline(dates, talk_late_reason="病假") is None
	dates = {1: D(2023, 1, 1), 2: D(2023, 1, 5), 15: D(2024, 3, 15)}
	assert r.next_deadline(dates) == (r.APPROVAL, D(2024, 6, 15))
	assert r.next_deadline(dates, approval_extended=True) == (r.APPROVAL, D(2024, 9, 15))
	dates[17] = D(2024, 5, 1)
	assert r.next_deadline(dates) == (r.OATH, D(2024, 6, 1))
	dates[20] = D(2024, 5, 20)
	assert r.next_deadline(dates) == (r.FULL_MEETING, D(2025, 3, 15))
	assert r.days_overdue(D(2025, 3, 15), D(2025, 3, 25)) == 10
	assert r.days_overdue(D(2025, 3, 15), D(2025, 3, 1)) == 0


def test_reminders_fall_due_within_their_lead_time():
	on = D(2024, 2, 5)
	dates = {1: D(2024, 1, 10)}
	assert r.reminders_due(dates, on, r.APPLICANT) == [(r.TALK_DUE, D(2024, 2, 10))]
	assert r.reminders_due(dates, D(2024, 1, 20), r.APPLICANT) == []
	assert r.reminders_due(dates, on, r.WITHDRAWN) == []
	dates = {1: D(2023, 1, 1), 2: D(2023, 1, 5), 3: D(2023, 3, 1)}
	assert r.reminders_due(dates, D(2023, 8, 20), r.ACTIVIST_PERSON) == [(r.ASSESSMENT_DUE, D(2023, 9, 1))]
	dates = {15: D(2024, 3, 15), 17: D(2024, 4, 1), 20: D(2024, 4, 15)}
	assert r.reminders_due(dates, D(2025, 2, 20), r.PROBATIONARY_MEMBER) == [
		(r.PROBATION_ENDING, D(2025, 3, 15))
	]


# --- a record carried over from before the app (历史数据转入) ---------------------------------------------

MEETING = D(2026, 3, 10)
CARRIED = {n: None for n in range(1, 26)} | {r.BRANCH_MEETING: MEETING}  # only the joining date known


def test_a_carried_over_step_is_done_with_or_without_its_date():
	assert r.reached(CARRIED, r.APPROVAL, 21) and r.reached(CARRIED, r.BRANCH_MEETING, 0)
	assert not r.reached(CARRIED, r.APPROVAL, 0) and not r.reached(CARRIED, 22, 21)


def test_a_carried_over_record_has_done_1_to_22_steps_with_the_meeting_date_and_member_past_them():
	assert r.carried_over_problem(CARRIED, 21, has_member=True) is None
	assert r.carried_over_problem(CARRIED, 0, has_member=True) == "range"
	assert r.carried_over_problem(CARRIED, 23, has_member=True) == "range"
	assert r.carried_over_problem({1: D(2024, 1, 1)}, 16, has_member=False) == "meeting_date"
	assert r.carried_over_problem(CARRIED, 17, has_member=False) == "member"
	assert r.carried_over_problem(CARRIED, 16, has_member=False) is None


def test_carried_over_steps_may_be_undated_but_dated_ones_stay_in_order():
	dates = {1: D(2023, 1, 5), 2: None, 3: D(2023, 4, 1), 4: None, 5: None}
	assert r.order_problem(dates) == ("gap", 2, 3)
	assert r.order_problem(dates, done_through=3) is None
	assert r.order_problem({**dates, 3: D(2022, 12, 1)}, done_through=3) == ("before", 3, 1)
	assert r.order_problem({**dates, 5: D(2023, 6, 1)}, done_through=3) == ("gap", 4, 5)


def test_a_carried_over_probationary_member_is_at_step_22_with_probation_ending_a_year_after_the_meeting():
	assert r.stage_of(CARRIED, None, None, done_through=21) == r.PROBATIONARY_MEMBER
	assert r.stage_of(CARRIED, None, None) == r.APPLICANT  # the same dates kept in the app: not approved
	assert r.next_deadline(CARRIED, done_through=21) == (r.FULL_MEETING, D(2027, 3, 10))
	assert r.next_deadline(CARRIED, extension_months=6, done_through=21) == (r.FULL_MEETING, D(2027, 9, 10))
	assert r.pending_boundary(CARRIED, 21) is None
	# the probation reminder fires 30 days ahead, as for a record kept in the app
	assert r.reminders_due(CARRIED, D(2027, 2, 8), r.PROBATIONARY_MEMBER, done_through=21) == [
		(r.PROBATION_ENDING, D(2027, 3, 10))
	]
	assert r.reminders_due(CARRIED, D(2027, 2, 7), r.PROBATIONARY_MEMBER, done_through=21) == []


def test_a_carried_over_activist_is_assessed_every_six_months_from_the_known_dates():
	dates = {3: D(2026, 1, 10)}
	assert r.stage_of(dates, None, None, done_through=6) == r.ACTIVIST_PERSON
	due = r.reminders_due(dates, D(2026, 7, 1), r.ACTIVIST_PERSON, done_through=6)
	assert due == [(r.ASSESSMENT_DUE, D(2026, 7, 10))]
	# reached without a date and without an assessment: no date to count from, nothing guessed
	assert r.reminders_due({}, D(2026, 7, 1), r.ACTIVIST_PERSON, done_through=6) == []
