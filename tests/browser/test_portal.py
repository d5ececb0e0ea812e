"""党员之家 in a real browser: a member on a 390×844 phone and their secretary at the desk, side by side.

A tiny demo county (党员之家县) is built and committed. The secretary makes the member's login from the
member list; the member logs in with the mobile number, changes the first password, sees dues and
meetings, asks leave from one meeting and checks in to another with the code the secretary shows on the
activity form; the secretary sees both on the attendance rows. Every portal screen is read: no Latin
word outside data. Meetings are made at the served site's real time (the tests' clock is frozen).
Screenshots: test-artifacts/browser/<test>/.
"""

import datetime
import re

import frappe
import pytest

from party_building.demo import County
from party_building.portal import rules
from tests.browser.screen import go, latin_words
from tests.integration.live import branch_secretaries, committed_demo
from tests.integration.test_portal import real_now

COUNTY = County("党员之家县")
PHONE = {"width": 390, "height": 844}
NEW_PASSWORD = "Dangyuan2026x"


@pytest.fixture(scope="module")
def county():
	with committed_demo(COUNTY, seed=41):
		branch, secretary = branch_secretaries(COUNTY)[0]
		member = next(
			m
			for m in frappe.get_all(
				"Party Member",
				filters={"branch": branch, "standing": "Active", "user": ("is", "not set")},
				fields=["name", "full_name", "phone"],
				order_by="name",
			)
			if rules.mobile_number(m.phone)
		)
		made = rules.account_email(rules.mobile_number(member.phone))
		try:
			yield frappe._dict(branch=branch, secretary=secretary, member=member)
		finally:
			frappe.db.rollback()
			frappe.db.set_value("Party Member", member.name, "user", None)
			frappe.delete_doc("User", made, ignore_permissions=True, force=True, ignore_missing=True)
			frappe.db.commit()


def meeting(branch: str, start: datetime.datetime, topic: str) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Party Activity",
			"organization": branch,
			"activity_type": "Branch General Meeting",
			"topic": topic,
			"activity_date": start.date(),
			"start_time": start.strftime("%H:%M:%S"),
			"end_time": min(start + datetime.timedelta(hours=1), start.replace(hour=23, minute=59)).strftime(
				"%H:%M:%S"
			),
			"status": "Planned",
			"place": "三楼会议室",
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return doc.name


def no_latin(page, where: str) -> None:
	words = latin_words(page)
	assert not words, f"{where}: English on the screen: {words}"


def attendee_row(page, name: str):
	return page.locator(".frappe-control[data-fieldname='attendees'] .grid-row", has_text=name).first


def test_a_member_on_the_phone_asks_leave_and_checks_in_the_secretary_sees_both(
	county, site_url, open_page, shot
):
	now = real_now(site_url)
	soon = meeting(county.branch, now + datetime.timedelta(minutes=10), "十二月主题党日")
	later = meeting(county.branch, now + datetime.timedelta(hours=3), "党课：学习党章")
	member = county.member

	# the secretary makes the member's login from the member list
	desk = open_page(county.secretary, 1366, 900)
	go(desk, f"/app/party-member?branch={county.branch}")
	desk.wait_for_selector(".list-row-container")
	row = desk.locator(".list-row-container", has_text=member.full_name).first
	row.locator(".list-row-checkbox").check()
	desk.get_by_role("button", name="操作").click()
	desk.get_by_text("为党员开通账号").click()
	desk.locator(".modal.show .btn-primary", has_text="是").click()
	dialog = desk.locator(".modal.show", has_text="党员账号已开通")
	dialog.wait_for()
	shot(desk, "secretary-logins-created")
	login_name, password = (
		dialog.locator("tbody tr td").nth(1).inner_text(),
		dialog.locator("code").inner_text(),
	)
	assert login_name == rules.mobile_number(member.phone) and len(password) == 8

	# the member logs in with the mobile number and must change the first password
	phone = open_page(login_name, password=password, **PHONE)
	assert phone.url.endswith("/party/password"), phone.url
	shot(phone, "member-first-password")
	no_latin(phone, "password page")
	phone.fill("#old", password)
	phone.fill("#new", NEW_PASSWORD)
	phone.click("#password-form button")
	phone.wait_for_url(re.compile(r"/party$"))
	phone.wait_for_load_state("networkidle")
	assert member.full_name in phone.inner_text("header") and "党龄" in phone.inner_text("main")
	shot(phone, "member-home")
	no_latin(phone, "home")

	phone.click("nav.tabs >> text=我的党费")
	phone.wait_for_url(re.compile(r"/party/dues"))
	assert "缴费记录" in phone.inner_text("main") and "党费证" in phone.inner_text("main")
	shot(phone, "member-dues")
	no_latin(phone, "dues")

	phone.click("nav.tabs >> text=组织生活")
	phone.wait_for_url(re.compile(r"/party/meetings"))
	meetings = phone.inner_text("main")
	assert "十二月主题党日" in meetings and "党课：学习党章" in meetings
	shot(phone, "member-meetings")
	no_latin(phone, "meetings")

	phone.click("nav.tabs >> text=积分")
	phone.wait_for_url(re.compile(r"/party/points"))
	assert "支部排名" in phone.inner_text("main")
	shot(phone, "member-points")
	no_latin(phone, "points")
	phone.goto("/party/record")
	assert member.full_name in phone.inner_text("main") and "信息更正" in phone.inner_text("main")
	shot(phone, "member-record")
	no_latin(phone, "record")
	phone.click("nav.tabs >> text=组织生活")
	phone.wait_for_url(re.compile(r"/party/meetings"))

	# leave from the later meeting, with a reason
	item = phone.locator("li.meeting", has_text="党课：学习党章")
	item.locator("summary").click()
	item.locator("textarea").fill("下午有公开课")
	item.locator("button[type=submit]").click()
	item.locator(".msg.ok").wait_for()
	shot(phone, "member-leave-asked")
	phone.wait_for_load_state("networkidle")
	phone.wait_for_timeout(1500)
	assert "请假" in phone.locator("li.meeting", has_text="党课：学习党章").inner_text()

	# the secretary opens the check-in code of the meeting about to start
	go(desk, f"/app/party-activity/{soon}")
	shot(desk, "secretary-activity-form")
	desk.get_by_role("button", name="签到码").click()
	screen = desk.locator(".modal.show .pb-checkin")
	screen.wait_for()
	code = screen.locator(".pb-checkin-code").inner_text().strip()
	assert rules.is_code(code)
	assert screen.locator("svg").count() == 1
	shot(desk, "secretary-checkin-code")

	# the member types it on the phone
	phone.click("nav.tabs >> text=签到")
	phone.wait_for_url(re.compile(r"/party/checkin"))
	assert "十二月主题党日" in phone.inner_text("main")
	shot(phone, "member-checkin-page")
	no_latin(phone, "check-in page")
	phone.fill("#code", code)
	phone.click("#code-form button")
	phone.locator("#result.ok").wait_for()
	assert "已签到" in phone.inner_text("#result")
	shot(phone, "member-checked-in")
	phone.wait_for_timeout(1800)
	phone.wait_for_load_state("networkidle")
	assert "已签到" in phone.inner_text("main")

	# the secretary's screen counts the check-in; closing it reloads the form with the row present
	desk.wait_for_function(
		"() => document.querySelector('.pb-checkin-count') && document.querySelector('.pb-checkin-count').textContent === '1'",
		timeout=40_000,
	)
	shot(desk, "secretary-checkin-counted")
	desk.keyboard.press("Escape")
	desk.wait_for_timeout(1500)
	go(desk, f"/app/party-activity/{soon}")
	present = attendee_row(desk, member.full_name)
	present.wait_for()
	text = present.inner_text()
	assert "出席" in text and re.search(r"\d{2}:\d{2}", text), text
	present.scroll_into_view_if_needed()
	shot(desk, "secretary-sees-checkin")

	go(desk, f"/app/party-activity/{later}")
	on_leave = attendee_row(desk, member.full_name)
	on_leave.wait_for()
	text = on_leave.inner_text()
	assert "请假" in text and "下午有公开课" in text, text
	on_leave.scroll_into_view_if_needed()
	shot(desk, "secretary-sees-leave")
