"""The official holiday calendar (法定节假日安排) on a real site: the county admin pastes the notice,
working days are counted with it (a 公示 across a made-up 2031 Spring Festival), only the county admin
edits it, and the reminder from 1 November. 2031 is made up: no library covers it."""

import datetime

import frappe
import pytest

from party_building.admission import errors as E
from party_building.holidays import rules, service
from party_building.holidays.errors import HolidayCalendarError, HolidayCalendarPermissionError
from tests.integration.factories import granted_user, make_members, make_tree
from tests.integration.test_development import record_data

D = datetime.date

NOTICE_2031 = """国务院办公厅关于2031年部分节假日安排的通知（虚构，仅供测试）
一、元旦：1月1日（星期三）放假1天，不调休。
二、春节：1月26日（星期日）至2月1日（星期六）放假调休，共7天。1月25日（星期六）、2月2日（星期日）上班。
"""


@pytest.fixture(autouse=True)
def fresh_cache():
	"""The cached calendar outlives a rolled-back test: every test starts and ends without it."""
	service.clear_cache()
	yield
	service.clear_cache()


@pytest.fixture
def world():
	tree = make_tree()
	people = make_members(tree.branch.name, 4)
	return frappe._dict(tree=tree, branch=tree.branch.name, people=people)


def county_admin(tree):
	return granted_user("Party Admin", tree.committee.name)


def enter_2031(text: str = NOTICE_2031):
	return frappe.get_doc(
		{
			"doctype": "Official Holiday Calendar",
			"year": 2031,
			"notice_title": "国务院办公厅关于2031年部分节假日安排的通知（虚构）",
			"notice_number": "测试〔2030〕1号",
			"notice_date": D(2030, 11, 10),
			"import_text": text,
		}
	).insert()


def development(world, start: D, end: D):
	"""A record up to step 12 whose 公示 runs from start to end."""
	return frappe.get_doc(
		record_data(world, 12, applied_on=D(2020, 1, 6), publicity_from=start, publicity_to=end)
	)


def warned() -> bool:
	return any(
		"法定节假日安排未覆盖" in str(m) or "does not cover" in str(m) for m in frappe.local.message_log
	)


def test_the_county_admin_pastes_the_notice_and_the_days_are_read(world):
	frappe.set_user(county_admin(world.tree))
	doc = enter_2031()
	assert doc.name == "2031"
	assert not doc.import_text
	assert (doc.days_off, doc.adjusted_working_days) == (8, 2)
	stored = {
		(row.day, row.kind, row.note) for row in frappe.get_doc("Official Holiday Calendar", "2031").days
	}
	assert (D(2031, 1, 26), rules.DAY_OFF, "春节") in stored
	assert (D(2031, 2, 2), rules.WORKING_DAY, "春节") in stored
	# a second paste adds to the table; a day listed again takes the new kind
	doc.import_text = "2031-10-01 至 2031-10-07 放假\n2031-02-02 放假"
	doc.save()
	assert (doc.days_off, doc.adjusted_working_days) == (16, 1)


def test_a_publicity_across_the_spring_festival_warns_before_the_calendar_and_counts_right_after(world):
	# Thursday 23 to Wednesday 29 January 2031: 5 days Monday to Friday, accepted with a warning
	frappe.local.message_log = []
	development(world, D(2031, 1, 23), D(2031, 1, 29)).insert()
	assert warned()
	assert service.working_days(D(2031, 1, 23), D(2031, 2, 4)) == (9, True)

	enter_2031()
	# entered: 23, 24 and the adjusted Saturday 25 are the only working days up to 1 February
	assert service.working_days(D(2031, 1, 23), D(2031, 2, 4)) == (6, False)
	with pytest.raises(E.PublicityError):
		development(world, D(2031, 1, 23), D(2031, 1, 31)).insert()
	# 5 working days end on Monday 3 February (the adjusted Sunday 2 February counts); no warning
	assert service.nth_working_day(D(2031, 1, 23), 5) == (D(2031, 2, 3), False)
	frappe.local.message_log = []
	development(world, D(2031, 1, 23), D(2031, 2, 3)).insert()
	assert not warned()


def test_deleting_the_calendar_brings_the_warning_back(world):
	enter_2031()
	assert service.working_days(D(2031, 1, 23), D(2031, 1, 31)) == (3, False)
	frappe.delete_doc("Official Holiday Calendar", "2031")
	assert service.working_days(D(2031, 1, 23), D(2031, 1, 31)) == (7, True)


def test_only_the_county_admin_edits_the_calendar(world):
	frappe.set_user(granted_user("Party Admin", world.tree.general.name))
	with pytest.raises(HolidayCalendarPermissionError):
		enter_2031()
	frappe.set_user("Administrator")
	frappe.set_user(granted_user("Branch Secretary", world.branch))
	with pytest.raises(frappe.PermissionError):
		enter_2031()
	frappe.set_user("Administrator")
	assert not frappe.db.exists("Official Holiday Calendar", "2031")


def test_a_line_without_a_date_or_a_day_of_another_year_is_refused(world):
	with pytest.raises(HolidayCalendarError):
		enter_2031("春节放假调休")
	with pytest.raises(HolidayCalendarError):
		enter_2031("2030-12-31 放假")
	doc = frappe.get_doc(
		{
			"doctype": "Official Holiday Calendar",
			"year": 2031,
			"notice_title": "两次列出同一天",
			"days": [
				{"day": D(2031, 1, 1), "kind": rules.DAY_OFF},
				{"day": D(2031, 1, 1), "kind": rules.DAY_OFF},
			],
		}
	)
	with pytest.raises(HolidayCalendarError):
		doc.insert()
	assert not frappe.db.exists("Official Holiday Calendar", "2031")


def reminders_for(year: int) -> list:
	return frappe.get_all(
		"Party Reminder Log",
		filters={"reminder_key": ("like", f"holiday-calendar:{year}:%")},
		fields=["reminder_key", "recipients"],
	)


def test_the_county_admin_is_reminded_from_november_once_a_month_until_next_year_is_entered(world):
	admin = county_admin(world.tree)
	assert service.send_reminders(D(2030, 10, 31)) == 0
	assert service.send_reminders(D(2030, 11, 1)) == 1
	assert service.send_reminders(D(2030, 11, 2)) == 0  # sent already this month
	sent = reminders_for(2031)
	assert len(sent) == 1 and admin in sent[0].recipients.split("\n")
	assert frappe.db.exists("Notification Log", {"for_user": admin, "subject": ("like", "%2031%")})
	enter_2031()
	assert service.send_reminders(D(2030, 12, 1)) == 0
	assert len(reminders_for(2031)) == 1
