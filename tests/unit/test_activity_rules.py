import datetime

from party_building.activity import rules as r

A, P, L = r.ABSENT, r.PRESENT, r.ON_LEAVE


def test_attendance_counts_and_rate_from_rows():
	rows = [
		r.Attendee("m1", P),
		r.Attendee("m2", P, is_voting=False),  # probationary: attends, does not vote
		r.Attendee("m3", L),
		r.Attendee("m4", A),
		r.Attendee(None, P, is_voting=False, is_guest=True),  # guest: listed, never counted
	]
	att = r.count_attendance(rows)
	assert (att.expected, att.present, att.on_leave, att.absent) == (4, 2, 1, 1)
	assert (att.expected_voting, att.present_voting) == (3, 1)
	assert att.rate == 50.0
	assert att.as_counts()["attendance_rate"] == 50.0
	assert r.count_attendance([]).rate == 0.0
	assert r.attendance_rate(2, 3) == 66.7


def test_typed_counts_that_disagree_with_rows_are_found():
	computed = {"expected_count": 5, "present_count": 4}
	# a new record whose form sent nothing or zeros: not typed
	assert r.disagreeing_counts({"expected_count": 0, "present_count": None}, {}, computed) == []
	# the form still shows the counts stored before: not typed
	before = {"expected_count": 3, "present_count": 3}
	assert r.disagreeing_counts(before, before, computed) == []
	# a client that sends its own counts
	assert r.disagreeing_counts({"expected_count": 9, "present_count": 4}, before, computed) == [
		"expected_count"
	]


def test_probationary_members_do_not_vote_and_only_the_committee_votes_at_its_meeting():
	assert r.is_voting_member("Full", False)
	assert not r.is_voting_member("Probationary", False)
	assert not r.is_voting_member("Full", True)
	assert r.is_voting_member("Full", False, on_committee=True)
	assert not r.is_voting_member("Full", False, on_committee=False)


def test_quorum_needs_more_than_half_of_expected_voting_members():
	assert r.has_quorum(5, 9)
	assert not r.has_quorum(4, 9)
	assert not r.has_quorum(5, 10)  # exactly half
	assert r.has_quorum(6, 10)
	assert not r.has_quorum(0, 0)


def test_an_item_passes_with_more_than_half_of_expected_voting_members_for_it():
	assert r.vote_result(6, 10) == r.PASSED
	assert r.vote_result(5, 10) == r.NOT_PASSED  # exactly half fails
	assert r.vote_result(5, 9) == r.PASSED


def test_committee_meeting_needs_more_than_half_of_the_committee():
	assert r.committee_quorum(3, 5)
	assert not r.committee_quorum(2, 5)
	assert not r.committee_quorum(2, 4)
	assert not r.committee_quorum(0, 0)


def test_duplicates():
	assert r.duplicates(["a", "b", "a", None, None, "a"]) == ["a"]


def test_backfilling_limit_counts_days_before_creation():
	created = datetime.date(2026, 3, 31)
	assert not r.is_backfilled(datetime.date(2026, 3, 1), created, 30)  # 30 days: allowed
	assert r.is_backfilled(datetime.date(2026, 2, 28), created, 30)
	assert not r.is_backfilled(datetime.date(2026, 4, 5), created, 30)


def test_end_time_after_start_time():
	h = datetime.timedelta(hours=1)
	assert r.ends_after_start(9 * h, 10 * h)
	assert not r.ends_after_start(10 * h, 10 * h)
	assert not r.ends_after_start(10 * h, 9 * h)
	assert r.ends_after_start(None, 9 * h)


def test_periods():
	start, end = datetime.date(2026, 2, 10), datetime.date(2026, 7, 1)
	assert r.periods_between(start, end, r.MONTHLY) == [(2026, m) for m in range(2, 8)]
	assert r.periods_between(start, end, r.QUARTERLY) == [(2026, 1), (2026, 2), (2026, 3)]
	assert r.period_months((2026, 2), r.QUARTERLY) == [(2026, 4), (2026, 5), (2026, 6)]
	assert r.period_label((2026, 3), r.MONTHLY) == "2026-03"
	assert r.period_label((2026, 3), r.QUARTERLY) == "2026-Q3"
	assert r.month_end(2024, 2) == datetime.date(2024, 2, 29)
	assert r.month_end(2026, 12) == datetime.date(2026, 12, 31)


def test_required_meetings_per_kind_and_period():
	year = [(2026, m) for m in range(1, 13)]
	q1 = [(2026, 1), (2026, 2), (2026, 3)]
	assert r.required_count(r.COMMITTEE_MEETING, year) == 12
	assert r.required_count(r.COMMITTEE_MEETING, year, has_committee=False) == 0
	assert r.required_count(r.GROUP_MEETING, year, groups=2) == 24
	assert r.required_count(r.GROUP_MEETING, year, groups=0) == 0
	assert r.required_count(r.THEME_DAY, q1) == 3
	assert r.required_count(r.GENERAL_MEETING, year) == 4
	assert r.required_count(r.PARTY_LECTURE, q1) == 1
	assert r.required_count(r.PARTY_LECTURE, [(2026, 1)]) == 0  # not due before the quarter ends
	assert r.required_count(r.LIFE_MEETING, year) == 1
	assert r.required_count(r.APPRAISAL_MEETING, q1) == 0
	assert r.required_count(r.HEART_TALK, year) == 0


def test_compliance_counts_held_against_required():
	year = [(2026, m) for m in range(1, 13)]
	held = {
		r.THEME_DAY: {(2026, m): 1 for m in range(1, 13) if m != 5},
		r.PARTY_LECTURE: {(2026, 2): 1, (2026, 5): 2, (2026, 12): 1},
		r.COMMITTEE_MEETING: {(2026, m): 2 for m in range(1, 13)},  # twice a month counts once
		r.LIFE_MEETING: {(2026, 1): 1},
	}
	by_kind = {c.kind: c for c in r.compliance(held, year, groups=1)}
	assert (by_kind[r.THEME_DAY].required, by_kind[r.THEME_DAY].held) == (12, 11)
	assert by_kind[r.THEME_DAY].behind == 1 and not by_kind[r.THEME_DAY].compliant
	assert (by_kind[r.PARTY_LECTURE].required, by_kind[r.PARTY_LECTURE].held) == (4, 3)
	assert by_kind[r.COMMITTEE_MEETING].held == 12 and by_kind[r.COMMITTEE_MEETING].compliant
	assert by_kind[r.LIFE_MEETING].compliant
	assert by_kind[r.APPRAISAL_MEETING].behind == 1
	assert by_kind[r.GROUP_MEETING].behind == 12
	# a quarter: the lecture held in May counts for the second quarter
	q2 = r.period_months((2026, 2), r.QUARTERLY)
	assert r.compliance(held, q2, kinds=[r.PARTY_LECTURE])[0].compliant


def test_absent_three_times_in_a_row():
	assert r.absent_in_a_row([P, A, A, A])
	assert not r.absent_in_a_row([A, A, L, A])  # leave breaks the run
	assert not r.absent_in_a_row([A, A])
	rows = [("x", A), ("y", A), ("x", A), ("y", P), ("x", A), ("y", A), ("y", A)]
	assert r.absence_streaks(rows) == {"x"}
	assert r.absence_streaks([*rows, ("y", A)]) == {"x", "y"}


def test_standard_plan_skeleton():
	plan = r.standard_plan()
	assert len(plan) == 12 * 3 + 4 * 2 + 2
	assert (12, r.LIFE_MEETING) in plan and (3, r.PARTY_LECTURE) in plan
	assert sum(1 for _m, k in plan if k == r.GENERAL_MEETING) == 4
	small = r.standard_plan(has_committee=False, has_groups=False)
	assert all(k not in (r.COMMITTEE_MEETING, r.GROUP_MEETING) for _m, k in small)


def test_reminder_rules():
	assert r.theme_day_overdue(datetime.date(2026, 5, 26), 25, False)
	assert not r.theme_day_overdue(datetime.date(2026, 5, 25), 25, False)
	assert not r.theme_day_overdue(datetime.date(2026, 5, 28), 25, True)
	assert r.theme_day_overdue(datetime.date(2026, 2, 29 - 1), 31, False) is False
	assert r.quarterly_overdue_kinds(datetime.date(2026, 6, 1), [r.PARTY_LECTURE]) == [r.GENERAL_MEETING]
	assert r.quarterly_overdue_kinds(datetime.date(2026, 5, 30), []) == []


def test_unqualified_grade_needs_a_follow_up_with_deadline():
	assert r.follow_up_problem(r.QUALIFIED, None, None) is None
	assert r.follow_up_problem(r.UNQUALIFIED, None, None) == "follow_up_required"
	assert r.follow_up_problem(r.UNQUALIFIED, r.FOLLOW_UPS[0], None) == "deadline_required"
	assert r.follow_up_problem(r.UNQUALIFIED, r.FOLLOW_UPS[2], datetime.date(2026, 1, 1)) is None
	assert r.follow_up_problem(r.EXCELLENT, r.FOLLOW_UPS[1], None) == "follow_up_only_for_unqualified"


def test_absence_runs_are_kept_per_activity():
	assert r.absence_runs([A, A, P, A, L, A, A, A]) == [1, 2, 0, 1, 0, 1, 2, 3]
	assert r.absence_runs([A, P], seed=2) == [3, 0]


# --- 谈心谈话 and the secretary's 党课 (issue 19) -------------------------------------------------


def test_a_talk_with_oneself_is_refused():
	assert r.is_talk_with_oneself("PM-1", "PM-1")
	assert not r.is_talk_with_oneself("PM-1", "PM-2")
	assert not r.is_talk_with_oneself(None, None)


def test_talk_duties_secretary_committee_and_every_member():
	members = ["S", "C1", "C2", "M1", "M2", "M3"]
	committee = ["S", "C1", "C2"]
	assert r.missing_talks("S", committee, members, []) == {
		"S": r.TALK_NONE,
		"C1": r.TALK_WITH_SECRETARY,
		"C2": r.TALK_WITH_SECRETARY,
		"M1": r.TALK_NONE,
		"M2": r.TALK_NONE,
		"M3": r.TALK_NONE,
	}
	talks = [("S", "C1"), ("C2", "S"), ("C1", "M1"), ("M2", "M3"), ("M3", "M3")]
	assert r.missing_talks("S", committee, members, talks) == {
		"M2": r.TALK_WITH_COMMITTEE,  # talked, but with another member only
		"M3": r.TALK_WITH_COMMITTEE,  # and a talk with oneself counts for nothing
	}
	talks += [("S", "M2"), ("C2", "M3")]
	assert r.missing_talks("S", committee, members, talks) == {}


def test_talk_duties_of_a_small_branch_with_a_secretary_only():
	assert r.missing_talks("S", [], ["S", "A", "B"], [("S", "A")]) == {"B": r.TALK_NONE}
	assert r.missing_talks("S", [], ["S", "A", "B"], [("A", "B")]) == {
		"S": r.TALK_NONE,
		"A": r.TALK_WITH_COMMITTEE,
		"B": r.TALK_WITH_COMMITTEE,
	}
	# no secretary recorded: the yearly talk of each member still counts
	assert r.missing_talks(None, [], ["A", "B"], [("A", "B")]) == {}


def test_the_secretary_lectures_once_a_year_due_in_december():
	year = [(2026, m) for m in range(1, 13)]
	c = r.secretary_lecture_compliance({}, year)
	assert (c.required, c.held, c.behind) == (1, 0, 1)
	c = r.secretary_lecture_compliance({2026: 2}, year)
	assert (c.required, c.held, c.behind) == (1, 1, 0)
	c = r.secretary_lecture_compliance({2026: 1}, [(2026, 5)])
	assert (c.required, c.held, c.behind) == (0, 1, 0)  # not due before December
	c = r.secretary_lecture_compliance({2025: 1}, [(2025, 12), (2026, 12)])
	assert (c.required, c.held) == (2, 1)


# --- 学时 (issue 19) ----------------------------------------------------------------------------


def test_study_hours_are_not_negative_nor_more_than_a_day():
	assert r.study_hours_problem(-0.5) == r.NEGATIVE_HOURS
	assert r.study_hours_problem(24.5) == r.TOO_MANY_HOURS
	assert r.study_hours_problem(0) is None
	assert r.study_hours_problem(2.5) is None
	assert r.study_hours_problem(None) is None


def test_study_hours_default_to_the_duration_to_the_half_hour():
	h = datetime.timedelta(hours=1)
	assert r.default_study_hours(14 * h, 16 * h) == 2.0
	assert r.default_study_hours(14 * h, 15 * h + datetime.timedelta(minutes=40)) == 1.5
	assert r.default_study_hours(14 * h, 15 * h + datetime.timedelta(minutes=50)) == 2.0
	assert r.default_study_hours(None, 16 * h) == 0.0
	assert r.default_study_hours(16 * h, 14 * h) == 0.0


def test_a_member_needs_32_hours_a_year():
	assert r.MIN_STUDY_HOURS_A_YEAR == 32
	assert r.study_hours_short(30.5) == 1.5
	assert r.study_hours_short(32) == 0.0
	assert r.study_hours_short(40) == 0.0
	assert r.study_hours_short(None) == 32.0


# --- 主题党日 fixed day (issue 19) --------------------------------------------------------------


def test_a_branchs_theme_day_is_a_day_of_the_month():
	assert r.theme_day_valid(None) and r.theme_day_valid(0)
	assert r.theme_day_valid(1) and r.theme_day_valid(31)
	assert not r.theme_day_valid(32) and not r.theme_day_valid(-1)


def test_the_theme_day_of_a_short_month_is_its_last_day():
	assert r.theme_day_date(2026, 3, 15) == datetime.date(2026, 3, 15)
	assert r.theme_day_date(2026, 2, 31) == datetime.date(2026, 2, 28)
	assert r.theme_day_date(2028, 2, 30) == datetime.date(2028, 2, 29)


def test_the_fixed_day_is_the_reminders_deadline():
	assert r.theme_day_deadline_for(10, 25) == 10
	assert r.theme_day_deadline_for(None, 25) == 25
	assert r.theme_day_deadline_for(40, 25) == 25
	on = datetime.date(2026, 11, 11)
	assert r.theme_day_overdue(on, r.theme_day_deadline_for(10, 25), held_this_month=False)
	assert not r.theme_day_overdue(on, r.theme_day_deadline_for(None, 25), held_this_month=False)


def test_a_period_still_running_is_running_not_behind():
	"""On 18 November the month, the fourth quarter and the year are still running: what they still
	require is not yet behind (the bulletin showed every branch 未达标 on the 1st of a month)."""
	on = datetime.date(2026, 11, 18)
	months = [(2026, 10), (2026, 11)]
	committee = {r.COMMITTEE_MEETING: {(2026, 10): 1}}
	c = r.compliance(committee, months, kinds=[r.COMMITTEE_MEETING], on=on)[0]
	assert (c.required, c.held, c.running, c.behind) == (2, 1, 1, 0)
	c = r.compliance({}, months, kinds=[r.COMMITTEE_MEETING], on=on)[0]
	assert (c.running, c.behind) == (1, 1)  # October is over and was missed
	held_in_november = {r.COMMITTEE_MEETING: {(2026, 10): 1, (2026, 11): 1}}
	c = r.compliance(held_in_november, months, kinds=[r.COMMITTEE_MEETING], on=on)[0]
	assert (c.running, c.behind, c.compliant) == (0, 0, True)
	lecture = r.compliance({}, months, kinds=[r.PARTY_LECTURE], on=on)[0]
	assert lecture.behind == 0 and lecture.running == lecture.required
	after = r.compliance({}, months, kinds=[r.PARTY_LECTURE], on=datetime.date(2027, 1, 2))[0]
	assert after.running == 0 and after.behind == after.required
	# without a day nothing is running (the earlier meaning)
	assert r.compliance({}, months, kinds=[r.COMMITTEE_MEETING])[0].behind == 2
	assert r.period_label((2026, 0), r.YEARLY) == "2026"


# --- the files of an activity (issue 19) --------------------------------------------------------


def test_a_scene_photo_is_a_picture():
	assert r.is_image("/files/会场.JPG") and r.is_image("/private/files/a.png?fid=1")
	assert not r.is_image("/files/minutes.pdf") and not r.is_image(None)
	assert r.photo_not_an_image(r.SCENE_PHOTO, "/files/minutes.pdf")
	assert not r.photo_not_an_image(r.SCENE_PHOTO, "/files/scene.jpeg")
	assert not r.photo_not_an_image(r.SIGN_IN_SHEET, "/files/sign-in.pdf")


# --- 组织生活会 chain (issue 19) ------------------------------------------------------------------


def test_a_life_meeting_is_held_after_its_preparation():
	assert r.missing_preparation([]) == [r.OPINIONS_SOLICITED, r.TALKS_HELD, r.CHECKING_MATERIALS]
	assert r.missing_preparation([r.TALKS_HELD, r.THE_MEETING]) == [
		r.OPINIONS_SOLICITED,
		r.CHECKING_MATERIALS,
	]
	assert r.missing_preparation(r.BEFORE_THE_MEETING) == []


def test_the_democratic_life_meeting_is_the_leading_groups_yearly_duty():
	year = [(2026, m) for m in range(1, 13)]
	assert r.holds_democratic_life_meeting("Party Committee") and r.holds_democratic_life_meeting(
		"General Branch"
	)
	assert not r.holds_democratic_life_meeting("Branch") and not r.holds_democratic_life_meeting(None)
	assert r.DEMOCRATIC_LIFE_MEETING not in r.REQUIRED_KINDS  # a branch holds 组织生活会 instead
	assert r.required_count(r.DEMOCRATIC_LIFE_MEETING, year) == 1
	assert r.required_count(r.DEMOCRATIC_LIFE_MEETING, year[:11]) == 0  # due in December
	(c,) = r.compliance({r.DEMOCRATIC_LIFE_MEETING: {(2026, 7): 1}}, year, kinds=[r.DEMOCRATIC_LIFE_MEETING])
	assert (c.required, c.held, c.compliant) == (1, 1, True)
	(c,) = r.compliance({}, year, kinds=[r.DEMOCRATIC_LIFE_MEETING], on=datetime.date(2027, 1, 5))
	assert c.behind == 1
	assert r.has_life_meeting_chain(r.DEMOCRATIC_LIFE_MEETING) and r.has_life_meeting_chain(r.LIFE_MEETING)
	assert not r.has_life_meeting_chain(r.GENERAL_MEETING)
	assert (12, r.DEMOCRATIC_LIFE_MEETING) in r.standard_plan(leading_group=True)
	assert all(k != r.DEMOCRATIC_LIFE_MEETING for _m, k in r.standard_plan())
