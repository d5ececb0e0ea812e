"""党员之家 rules: the check-in window and its signed token, leave before the start, the dues months of a
year, what needs doing now, a member's login from the register's mobile number, new passwords."""

import datetime

from party_building.portal import rules

D = datetime.date
T = datetime.datetime
KEY = b"k" * 32


def test_the_planned_start_is_the_day_and_its_start_time():
	assert rules.planned_start(D(2026, 12, 1), datetime.timedelta(hours=14, minutes=30)) == T(
		2026, 12, 1, 14, 30
	)
	assert rules.planned_start(D(2026, 12, 1), None) == T(2026, 12, 1)


def test_checkin_opens_30_minutes_before_the_start_and_closes_30_after():
	opens, closes = rules.checkin_window(T(2026, 12, 1, 14, 30))
	assert (opens, closes) == (T(2026, 12, 1, 14, 0), T(2026, 12, 1, 15, 0))
	assert rules.window_state(T(2026, 12, 1, 13, 59, 59), opens, closes) == rules.NOT_YET
	assert rules.window_state(T(2026, 12, 1, 14, 0), opens, closes) == rules.OPEN
	assert rules.window_state(T(2026, 12, 1, 15, 0), opens, closes) == rules.OPEN
	assert rules.window_state(T(2026, 12, 1, 15, 0, 1), opens, closes) == rules.CLOSED


def test_a_signed_token_names_its_checkin_until_it_expires():
	token = rules.sign_token(KEY, "sess1", 1000)
	assert rules.read_token(KEY, token, 999) == ("sess1", None)
	assert rules.read_token(KEY, token, 1000) == ("sess1", None)
	assert rules.read_token(KEY, token, 1001) == (None, rules.EXPIRED_TOKEN)


def test_a_token_signed_elsewhere_or_altered_is_refused():
	token = rules.sign_token(KEY, "sess1", 1000)
	assert rules.read_token(b"other" * 8, token, 1) == (None, rules.BAD_TOKEN)
	_payload, signature = token.split(".")
	forged = rules.sign_token(b"other" * 8, "sess2", 10**10).split(".")[0] + "." + signature
	assert rules.read_token(KEY, forged, 1) == (None, rules.BAD_TOKEN)
	for junk in ("", "abc", "a.b.c", None, 12, "x" * 500):
		assert rules.read_token(KEY, junk, 1) == (None, rules.BAD_TOKEN)


def test_a_shown_token_lives_two_minutes_never_past_the_window():
	assert rules.token_expiry(1000, 5000) == 1120
	assert rules.token_expiry(1000, 1060) == 1060


def test_a_code_is_six_digits():
	assert rules.is_code("012345")
	assert not rules.is_code("12345")
	assert not rules.is_code("1234567")
	assert not rules.is_code("12345a")
	assert not rules.is_code("")


def test_leave_is_asked_before_the_meeting_starts():
	start = T(2026, 12, 1, 14, 30)
	assert rules.leave_still_possible(T(2026, 12, 1, 14, 29), start)
	assert not rules.leave_still_possible(T(2026, 12, 1, 14, 30), start)


def test_yearly_attendance_counts_present_of_counted_rows():
	assert rules.yearly_attendance(["Present", "Present", "On Leave", "Absent"]) == (2, 4, 50.0)
	assert rules.yearly_attendance([]) == (0, 0, 0.0)


def test_dues_months_of_the_year_run_to_this_month_from_the_first_payable():
	on = D(2026, 11, 18)
	assert rules.due_months_of_year(2026, on, None, True) == [D(2026, m, 1) for m in range(1, 12)]
	assert rules.due_months_of_year(2026, on, D(2026, 9, 20), True) == [D(2026, m, 1) for m in (9, 10, 11)]
	assert rules.due_months_of_year(2025, on, None, True) == [D(2025, m, 1) for m in range(1, 13)]
	assert rules.due_months_of_year(2026, on, None, False) == []
	assert rules.due_months_of_year(2027, on, None, True) == []


def test_arrears_are_the_trailing_unpaid_months_already_ended():
	on = D(2026, 11, 18)
	due = [D(2026, m, 1) for m in range(1, 12)]
	paid = {D(2026, m, 1) for m in range(1, 9)}
	summary = rules.dues_summary(due, paid, on)
	assert summary["unpaid"] == [D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)]
	assert summary["arrears"] == 2  # November is not overdue yet
	assert len(summary["paid"]) == 8


def test_todo_lists_what_applies_most_urgent_first():
	items = rules.todo(
		D(2026, 11, 18), meetings_today=1, checkins_open=1, unpaid_months=2, leave_waiting=0, leave_refused=1
	)
	assert [k for k, _ in items] == [
		rules.CHECKIN_OPEN,
		rules.MEETING_TODAY,
		rules.LEAVE_REFUSED,
		rules.DUES_UNPAID,
	]
	assert rules.todo(D(2026, 11, 18), 0, 0, 0, 0, 0) == []


def test_the_login_is_the_mainland_mobile_number():
	assert rules.mobile_number("138 0013 8000") == "13800138000"
	assert rules.mobile_number("+86-138-0013-8000") == "13800138000"
	assert rules.mobile_number("0086 13800138000") == "13800138000"
	for bad in (None, "", "010-12345678", "12800138000", "1380013800", "138001380001"):
		assert rules.mobile_number(bad) is None
	assert rules.account_email("13800138000") == "13800138000@member.party.invalid"


def test_a_new_password_has_eight_characters_letters_and_digits_not_the_mobile():
	assert rules.password_problem("abcd1234") is None
	assert rules.password_problem("abc123") == "too short"
	assert rules.password_problem("abcdefgh") == "letters and digits"
	assert rules.password_problem("12345678") == "letters and digits"
	assert rules.password_problem("a13800138000", "13800138000") == "contains the mobile number"


def test_a_resident_id_number_is_shown_masked():
	assert rules.masked_id("110101199003074514") == "110101********4514"
	assert rules.masked_id("") == ""
