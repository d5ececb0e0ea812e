"""Official holiday calendar rules: the app's calendar first, chinesecalendar second, Monday–Friday
last (flagged); reading the State Council's notice. Made-up years only (2031: no library covers it)."""

import datetime

import pytest

from party_building.admission import rules as admission
from party_building.holidays import rules as r

D = datetime.date

# a made-up 2031 "Spring Festival": Sunday 26 January to Saturday 1 February off, the Saturday before
# (25 January) and the Sunday after (2 February) adjusted working days
NOTICE_2031 = """国务院办公厅关于2031年部分节假日安排的通知（虚构，仅供测试）
一、元旦：1月1日（星期三）放假1天，不调休。
二、春节：1月26日（星期日）至2月1日（星期六）放假调休，共7天。1月25日（星期六）、2月2日（星期日）上班。
"""
SPRING_2031 = r.year_days(
	[(D(2031, 1, 1), r.DAY_OFF)]
	+ [(D(2031, 1, 26) + datetime.timedelta(days=i), r.DAY_OFF) for i in range(7)]
	+ [(D(2031, 1, 25), r.WORKING_DAY), (D(2031, 2, 2), r.WORKING_DAY)]
)


def test_an_entered_year_comes_before_monday_to_friday():
	assert r.is_working_day(D(2031, 1, 27), {2031: SPRING_2031}) == (False, False)  # Monday, day off
	assert r.is_working_day(D(2031, 2, 2), {2031: SPRING_2031}) == (True, False)  # Sunday, adjusted
	assert r.is_working_day(D(2031, 2, 3), {2031: SPRING_2031}) == (True, False)  # plain Monday
	assert r.is_working_day(D(2031, 2, 8), {2031: SPRING_2031}) == (False, False)  # plain Saturday


def test_a_year_nobody_covers_falls_back_to_monday_to_friday_with_the_flag():
	assert r.is_working_day(D(2031, 1, 27), {}) == (True, True)
	assert r.is_working_day(D(2031, 2, 2), {}) == (False, True)


def test_the_library_covers_its_years_when_the_app_has_none():
	assert r.is_working_day(D(2024, 10, 1), {}) == (False, False)
	assert r.is_working_day(D(2024, 10, 12), {}) == (True, False)  # adjusted Saturday
	assert r.library_covers(2024) and not r.library_covers(2031)


def test_the_app_calendar_overrides_the_library_for_a_year_it_has():
	# an entered 2024 without National Day: 1 October counts as the Tuesday it is
	assert r.is_working_day(D(2024, 10, 1), {2024: r.year_days([])}) == (True, False)


def test_publicity_across_the_spring_festival_counts_right_once_entered_and_warns_before():
	start, end = D(2031, 1, 23), D(2031, 2, 4)  # Thursday before to Tuesday after
	# entered: 23, 24, 25 (adjusted Saturday), 2 February (adjusted Sunday), 3, 4 = 6 working days
	assert admission.publicity_long_enough(start, end, {2031: SPRING_2031}) == (True, 6, False)
	# not entered: Monday–Friday gives 9 and says it guessed
	assert admission.publicity_long_enough(start, end, {}) == (True, 9, True)
	# a 公示 from Thursday 23 January: 5 working days end on Monday 3 February, not on Wednesday 29
	assert admission.publicity_end(start, {2031: SPRING_2031}) == (D(2031, 2, 3), False)
	assert admission.publicity_end(start, {}) == (D(2031, 1, 29), True)
	# 23 to 31 January is 3 working days once the calendar is in: too short
	assert admission.publicity_long_enough(start, D(2031, 1, 31), {2031: SPRING_2031}) == (False, 3, False)


def test_nth_working_day_starts_on_the_first_working_day():
	# Saturday 1 February (off) → the first working day is Sunday 2 February (adjusted)
	assert r.first_working_day(D(2031, 2, 1), {2031: SPRING_2031}) == (D(2031, 2, 2), False)
	assert r.nth_working_day(D(2024, 3, 4), 5, {}) == (D(2024, 3, 8), False)


def test_the_state_councils_notice_text_is_read():
	days = r.parse_notice(NOTICE_2031, 2031)
	assert r.year_days((day, kind) for day, kind, _note in days) == SPRING_2031
	assert (D(2031, 1, 26), r.DAY_OFF, "春节") in days
	assert (D(2031, 2, 2), r.WORKING_DAY, "春节") in days
	assert (D(2031, 1, 1), r.DAY_OFF, "元旦") in days


def test_typed_lines_are_read():
	days = r.parse_notice("2031-01-26 至 2031-02-01 放假\n2031-01-25 上班\n2031-02-02 上班", 2031)
	assert r.year_days((day, kind) for day, kind, _note in days) == r.year_days(
		[(d, k) for d, k in ((d, r.DAY_OFF) for d in SPRING_2031.off) if d.month != 1 or d.day != 1]
		+ [(d, r.WORKING_DAY) for d in SPRING_2031.work]
	)


def test_a_count_of_days_is_no_date():
	# "共8天" is not 8 February, whatever month came before it
	days = r.parse_notice("春节：1月28日至2月4日放假调休，共8天。", 2031)
	assert [d for d, *_ in days] == [D(2031, 1, 28) + datetime.timedelta(days=i) for i in range(8)]


def test_a_line_naming_a_day_off_without_a_date_is_refused():
	with pytest.raises(r.NoticeLineError) as e:
		r.parse_notice("春节放假", 2031)
	assert e.value.line == "春节放假"
	with pytest.raises(r.NoticeLineError):
		r.parse_notice("2月30日放假", 2031)


def test_lines_without_days_off_or_working_days_are_skipped():
	assert r.parse_notice("各地区、各部门要妥善安排好值班和安全、保卫等工作。", 2031) == []


def test_merging_keeps_one_row_per_day_the_new_kind_winning():
	old = [(D(2031, 2, 2), r.DAY_OFF, "")]
	new = [(D(2031, 2, 2), r.WORKING_DAY, "春节"), (D(2031, 1, 25), r.WORKING_DAY, "春节")]
	assert r.merge_days(old, new) == [
		(D(2031, 1, 25), r.WORKING_DAY, "春节"),
		(D(2031, 2, 2), r.WORKING_DAY, "春节"),
	]


def test_a_calendar_lists_each_day_of_its_own_year_once():
	assert r.calendar_problem(2031, [(D(2031, 1, 1), r.DAY_OFF)]) is None
	assert r.calendar_problem(2031, [(D(2030, 12, 31), r.DAY_OFF)]) == ("year", D(2030, 12, 31))
	assert r.calendar_problem(2031, [(D(2031, 1, 1), r.DAY_OFF), (D(2031, 1, 1), r.WORKING_DAY)]) == (
		"twice",
		D(2031, 1, 1),
	)


def test_the_admin_is_reminded_from_november_when_next_year_is_missing():
	assert r.reminder_year(D(2030, 11, 1), []) == 2031
	assert r.reminder_year(D(2030, 12, 20), []) == 2031
	assert r.reminder_year(D(2030, 10, 31), []) is None  # too early
	assert r.reminder_year(D(2030, 11, 1), [2031]) is None  # entered
	assert r.reminder_year(D(2023, 11, 1), []) is None  # chinesecalendar has 2024
