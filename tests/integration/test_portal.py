"""党员之家 over HTTP: a member's pages and methods on the served site, as the member, their secretary and
another branch's people. A demo county (党员县) is built and committed; meetings are made at the served
site's real time (its clock runs; the tests' clock is frozen), so that leave and check-in windows are
open when the requests arrive.

Each refusal is proven twice: the answer (status and the Chinese message naming the rule) and the data
(nothing written).
"""

import datetime
import email.utils
import re
import zoneinfo

import frappe
import pytest
import requests

from party_building.demo import DEMO_PASSWORD, County
from party_building.portal import rules
from tests.integration.live import (
	branch_secretaries,
	committed_demo,
	login,
	served_site,
	shown_message,
)

COUNTY = County("党员县")
SERVICE = "party_building.portal.service"


@pytest.fixture(scope="module")
def site():
	with served_site() as url:
		yield url


@pytest.fixture(scope="module")
def county(site):
	with committed_demo(COUNTY, seed=17):
		(a, a_secretary), (b, b_secretary) = branch_secretaries(COUNTY)[:2]
		a_member = member_login(a, "portal.a@example.com", "甲党员")
		b_member = member_login(b, "portal.b@example.com", "乙党员")
		frappe.db.commit()
		made_users = []
		try:
			yield frappe._dict(
				a=a,
				b=b,
				a_secretary=a_secretary,
				b_secretary=b_secretary,
				a_member=a_member,
				b_member=b_member,
				a_user="portal.a@example.com",
				b_user="portal.b@example.com",
				made_users=made_users,
			)
		finally:
			frappe.db.rollback()
			for user in [*made_users, "portal.a@example.com", "portal.b@example.com"]:
				frappe.db.set_value("Party Member", {"user": user}, "user", None)
				frappe.delete_doc("User", user, ignore_permissions=True, force=True, ignore_missing=True)
			frappe.db.commit()


def member_login(branch: str, email: str, first_name: str) -> str:
	"""An active plain member of the branch (without a login so far) gets the login `email` (the demo's
	password), with the Party Member role only; returns the member."""
	member = frappe.get_all(
		"Party Member",
		filters={"branch": branch, "user": ("is", "not set"), "standing": "Active"},
		order_by="name",
		limit=1,
		pluck="name",
	)[0]
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"send_welcome_email": 0,
				"new_password": DEMO_PASSWORD,
				"roles": [{"role": "Party Member"}],
			}
		).insert(ignore_permissions=True)
	frappe.get_doc("Party Member", member).db_set("user", email)
	from party_building.core.access import ensure_access

	ensure_access(email, branch, "Party Member")
	return member


def real_now(site) -> datetime.datetime:
	"""The served site's clock, in the site's time zone (naive, as Frappe stores times)."""
	sent = email.utils.parsedate_to_datetime(
		requests.get(f"{site}/api/method/ping", timeout=10).headers["Date"]
	)
	zone = zoneinfo.ZoneInfo(frappe.utils.get_system_timezone())
	return sent.astimezone(zone).replace(tzinfo=None, microsecond=0)


def meeting(county, site, starts_in: datetime.timedelta, branch=None, topic=None) -> str:
	"""A planned branch general meeting starting `starts_in` from the site's real now, committed."""
	start = real_now(site) + starts_in
	doc = frappe.get_doc(
		{
			"doctype": "Party Activity",
			"organization": branch or county.a,
			"activity_type": "Branch General Meeting",
			"topic": topic or f"学习会-{frappe.generate_hash(length=6)}",
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


def call(http, site, method, **data):
	return http.post(f"{site}/api/method/{SERVICE}.{method}", data=data, timeout=60)


def get_page(session, site, path, **kwargs):
	"""A portal page as the browser gets it; its CSRF token then goes with the session's posts, as the
	page's own script sends it (the session holds a token from the first page on)."""
	response = session.get(f"{site}{path}", timeout=30, **kwargs)
	found = re.search(r'frappe.csrf_token = "([^"]+)"', response.text)
	if found:
		session.headers["X-Frappe-CSRF-Token"] = found.group(1)
	return response


def row_of(activity: str, member: str):
	frappe.db.rollback()  # read what the served site committed
	return frappe.db.get_value(
		"Party Activity Attendee",
		{"parent": activity, "member": member},
		["status", "leave_reason", "check_in_time", "leave_request"],
		as_dict=True,
	)


# --- pages ------------------------------------------------------------------------------------------


def test_a_guest_is_sent_to_the_login(site):
	response = requests.get(f"{site}/party/dues", allow_redirects=False, timeout=30)
	assert response.status_code in (301, 302, 303, 307)
	assert "/login" in response.headers["Location"] and "party/dues" in response.headers["Location"]


def test_the_pages_show_the_member_their_own_data_in_chinese_and_small(county, site):
	own = meeting(county, site, datetime.timedelta(hours=3), topic="本支部党员大会甲")
	meeting(county, site, datetime.timedelta(hours=3), branch=county.b, topic="别的支部党员大会乙")
	session = login(site, county.a_user, DEMO_PASSWORD)
	name, branch = frappe.db.get_value("Party Member", county.a_member, ["full_name", "branch"])
	home = get_page(session, site, "/party")
	assert home.status_code == 200
	assert name in home.text and branch in home.text and "党龄" in home.text and "待办事项" in home.text
	dues = get_page(session, site, "/party/dues")
	assert dues.status_code == 200 and "党费证" in dues.text and "缴费记录" in dues.text
	meetings = get_page(session, site, "/party/meetings")
	assert "本支部党员大会甲" in meetings.text and own in meetings.text
	assert "别的支部党员大会乙" not in meetings.text
	for page in (home, dues, meetings):
		assert "/assets/frappe/dist" not in page.text  # no desk or website bundle
		assert len(page.content) < 200_000
	points = get_page(session, site, "/party/points")
	assert points.status_code == 200 and "支部排名" in points.text and "组织生活" in points.text
	assert len(points.content) < 200_000
	pdf = session.get(f"{site}/api/method/{SERVICE}.dues_card_pdf", timeout=60)
	assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_login_that_is_no_members_is_told_so(county, site):
	session = login(site, county.a_secretary, DEMO_PASSWORD)
	frappe.db.set_value("Party Member", {"user": county.a_secretary}, "user", None)
	frappe.db.commit()
	try:
		response = get_page(session, site, "/party")
		assert "此账号未关联党员信息" in response.text
		api = call(session, site, "checkin", code="123456")
		assert api.status_code == 403 and "未关联党员" in shown_message(api)
	finally:
		frappe.db.rollback()


# --- leave --------------------------------------------------------------------------------------------


def test_leave_before_the_meeting_shows_on_the_row_until_the_secretary_refuses_it(county, site):
	activity = meeting(county, site, datetime.timedelta(hours=2))
	member = login(site, county.a_user, DEMO_PASSWORD)

	empty = call(member, site, "request_leave", activity=activity, reason="  ")
	assert empty.status_code == 417 and "请假事由" in shown_message(empty)
	assert row_of(activity, county.a_member) is None  # nothing written, not even the list
	assert not frappe.db.exists("Activity Leave Request", {"activity": activity})

	asked = call(member, site, "request_leave", activity=activity, reason="外出培训")
	assert asked.ok, shown_message(asked)
	row = row_of(activity, county.a_member)
	assert (row.status, row.leave_reason) == ("On Leave", "外出培训")
	request = row.leave_request
	assert frappe.db.get_value("Activity Leave Request", request, "status") == "Requested"
	expected = frappe.db.count("Party Activity Attendee", {"parent": activity, "is_guest": 0})
	assert expected > 1  # the whole list was filled, as the secretary's button does
	assert frappe.db.get_value("Party Activity", activity, "leave_count") == 1

	# another branch's secretary cannot answer it; the member's own secretary can
	other = login(site, county.b_secretary, DEMO_PASSWORD)
	refused = call(other, site, "refuse_leave", request=request, answer="不行")
	assert refused.status_code == 403
	assert row_of(activity, county.a_member).status == "On Leave"
	secretary = login(site, county.a_secretary, DEMO_PASSWORD)
	no_reason = call(secretary, site, "refuse_leave", request=request, answer="")
	assert no_reason.status_code == 417 and "理由" in shown_message(no_reason)
	assert row_of(activity, county.a_member).status == "On Leave"
	done = call(secretary, site, "refuse_leave", request=request, answer="本次会议须全员参加")
	assert done.ok, shown_message(done)
	row = row_of(activity, county.a_member)
	assert row.status != "On Leave" and not row.leave_reason and row.leave_request == request
	assert frappe.db.get_value("Activity Leave Request", request, ["status", "answer"]) == (
		"Refused",
		"本次会议须全员参加",
	)
	page = get_page(member, site, "/party/meetings")
	assert "请假未获同意" in page.text and "本次会议须全员参加" in page.text


def test_leave_is_refused_after_the_start_and_from_another_branchs_meeting(county, site):
	started = meeting(county, site, datetime.timedelta(minutes=-5))
	member = login(site, county.a_user, DEMO_PASSWORD)
	late = call(member, site, "request_leave", activity=started, reason="临时有课")
	assert late.status_code == 417 and "会议开始" in shown_message(late)
	assert not frappe.db.exists("Activity Leave Request", {"activity": started})

	elsewhere = meeting(county, site, datetime.timedelta(hours=2), branch=county.b)
	other = call(member, site, "request_leave", activity=elsewhere, reason="外出")
	assert other.status_code == 403 and "应到名单" in shown_message(other)
	unknown = call(member, site, "request_leave", activity="PA-NONE-1", reason="外出")
	assert unknown.status_code == 403 and shown_message(unknown) == shown_message(other)
	assert not frappe.db.exists("Activity Leave Request", {"activity": elsewhere})
	assert row_of(elsewhere, county.b_member) is None


# --- check-in -----------------------------------------------------------------------------------------


def test_checkin_by_code_and_by_token_once_only_while_open_only_the_expected(county, site):
	activity = meeting(county, site, datetime.timedelta(minutes=10))
	secretary = login(site, county.a_secretary, DEMO_PASSWORD)
	member = login(site, county.a_user, DEMO_PASSWORD)
	outsider = login(site, county.b_user, DEMO_PASSWORD)

	# a member cannot open it
	assert call(member, site, "open_checkin", activity=activity).status_code == 403
	opened = call(secretary, site, "open_checkin", activity=activity)
	assert opened.ok, shown_message(opened)
	screen = opened.json()["message"]
	assert rules.is_code(screen["code"]) and screen["qr_svg"].startswith("<svg")
	assert screen["url"].endswith("/party/checkin?t=" + screen["token"])
	assert screen["expected"] > 1 and screen["checked_in"] == 0

	wrong = call(member, site, "checkin", code=f"{(int(screen['code']) + 1) % 10**6:06d}")
	assert wrong.status_code == 417 and "签到码" in shown_message(wrong)
	assert not row_of(activity, county.a_member).check_in_time

	done = call(member, site, "checkin", code=screen["code"])
	assert done.ok, shown_message(done)
	row = row_of(activity, county.a_member)
	assert row.status == "Present" and row.check_in_time
	again = call(member, site, "checkin", token=screen["token"])
	assert again.status_code == 417 and "已于" in shown_message(again)

	# another branch's member with the forwarded token: not expected, nothing written
	forwarded = call(outsider, site, "checkin", token=screen["token"])
	assert forwarded.status_code == 403 and "应到名单" in shown_message(forwarded)
	assert row_of(activity, county.b_member) is None
	# a forged token
	forged = screen["token"][:-3] + ("AAA" if not screen["token"].endswith("AAA") else "BBB")
	assert call(member, site, "checkin", token=forged).status_code == 417

	# the secretary closes it: the token and the code are refused from then on
	other_member = frappe.get_all(
		"Party Activity Attendee",
		filters={"parent": activity, "member": ("!=", county.a_member), "is_guest": 0},
		pluck="member",
		limit=1,
	)[0]
	other_user = "portal.a2@example.com"
	frappe.get_doc(
		{
			"doctype": "User",
			"email": other_user,
			"first_name": "丙党员",
			"send_welcome_email": 0,
			"new_password": DEMO_PASSWORD,
			"roles": [{"role": "Party Member"}],
		}
	).insert(ignore_permissions=True)
	county.made_users.append(other_user)
	frappe.db.set_value("Party Member", other_member, "user", other_user)
	frappe.db.commit()
	late_member = login(site, other_user, DEMO_PASSWORD)
	closed = call(secretary, site, "close_checkin", session=screen["session"])
	assert closed.ok and closed.json()["message"]["closed"]
	assert closed.json()["message"]["checked_in"] == 1
	for attempt in ({"token": screen["token"]}, {"code": screen["code"]}):
		replay = call(late_member, site, "checkin", **attempt)
		assert replay.status_code == 417 and "签到已结束" in shown_message(replay), attempt
	assert not row_of(activity, other_member).check_in_time

	# the secretary still corrects the row in the desk (the check-in time stays the member's)
	doc = frappe.get_doc("Party Activity", activity)
	for r in doc.attendees:
		if r.member == county.a_member:
			r.status = "Absent"
	frappe.set_user(county.a_secretary)
	try:
		doc.save()
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()
	row = row_of(activity, county.a_member)
	assert row.status == "Absent" and row.check_in_time


def test_checkin_opens_only_around_the_planned_start(county, site):
	later = meeting(county, site, datetime.timedelta(hours=2))
	secretary = login(site, county.a_secretary, DEMO_PASSWORD)
	refused = call(secretary, site, "open_checkin", activity=later)
	assert refused.status_code == 417 and "30分钟" in shown_message(refused)
	assert not frappe.db.exists("Activity Check-in Code", {"activity": later})
	# another branch's secretary cannot open this branch's check-in
	soon = meeting(county, site, datetime.timedelta(minutes=5))
	other = login(site, county.b_secretary, DEMO_PASSWORD)
	assert call(other, site, "open_checkin", activity=soon).status_code == 403
	assert not frappe.db.exists("Activity Check-in Code", {"activity": soon})


# --- logins for members -------------------------------------------------------------------------------


def test_the_secretary_makes_logins_by_mobile_number_and_the_first_password_must_be_changed(county, site):
	frappe.db.rollback()
	candidates = frappe.get_all(
		"Party Member",
		filters={"branch": county.a, "user": ("is", "not set"), "standing": "Active"},
		fields=["name", "phone"],
		order_by="name",
	)
	chosen = next(c for c in candidates if rules.mobile_number(c.phone))
	secretary = login(site, county.a_secretary, DEMO_PASSWORD)

	# one chosen member who cannot have a login: none is made
	no_phone = next((c for c in candidates if c.name != chosen.name), None)
	frappe.db.set_value("Party Member", no_phone.name, "phone", "")
	frappe.db.commit()
	refused = call(secretary, site, "create_logins", members=frappe.as_json([chosen.name, no_phone.name]))
	assert refused.status_code == 417 and "手机号" in shown_message(refused)
	frappe.db.rollback()
	assert not frappe.db.get_value("Party Member", chosen.name, "user")
	assert not frappe.db.exists("User", rules.account_email(rules.mobile_number(chosen.phone)))

	# a plain member and another branch's secretary cannot make them
	member = login(site, county.a_user, DEMO_PASSWORD)
	assert call(member, site, "create_logins", members=frappe.as_json([chosen.name])).status_code == 403
	other = login(site, county.b_secretary, DEMO_PASSWORD)
	assert call(other, site, "create_logins", members=frappe.as_json([chosen.name])).status_code == 403

	made = call(secretary, site, "create_logins", members=frappe.as_json([chosen.name]))
	assert made.ok, shown_message(made)
	(login_row,) = made.json()["message"]
	county.made_users.append(rules.account_email(login_row["login"]))
	assert login_row["login"] == rules.mobile_number(chosen.phone)
	frappe.db.rollback()
	user = frappe.db.get_value("Party Member", chosen.name, "user")
	assert frappe.db.get_value("User", user, "user_type") == "Website User"

	phone = login(site, login_row["login"], login_row["password"])  # Frappe's login by mobile number
	first = get_page(phone, site, "/party", allow_redirects=False)
	assert first.status_code in (301, 302, 303, 307) and first.headers["Location"].endswith("/party/password")
	desk = phone.get(f"{site}/app/party-member", allow_redirects=False, timeout=30)
	assert desk.status_code != 200 or "frappe.boot" not in desk.text  # no desk for them
	weak = call(phone, site, "change_password", old_password=login_row["password"], new_password="12345678")
	assert weak.status_code == 417 and "字母和数字" in shown_message(weak)
	new_password = "Dangyuan2026x"
	changed = call(
		phone, site, "change_password", old_password=login_row["password"], new_password=new_password
	)
	assert changed.ok, shown_message(changed)
	again = login(site, login_row["login"], new_password)
	home = get_page(again, site, "/party")
	assert home.status_code == 200 and "待办事项" in home.text
	# twice is refused: the member has a login now
	twice = call(secretary, site, "create_logins", members=frappe.as_json([chosen.name]))
	assert twice.status_code == 417 and "已有账号" in shown_message(twice)


def test_a_member_reads_nothing_of_others_through_the_portal(county, site):
	member = login(site, county.a_user, DEMO_PASSWORD)
	b_meeting = meeting(county, site, datetime.timedelta(hours=1), branch=county.b, topic="乙支部专题会")
	page = get_page(member, site, "/party/meetings")
	assert "乙支部专题会" not in page.text
	b_name = frappe.db.get_value("Party Member", county.b_member, "full_name")
	for path in ("/party", "/party/dues", "/party/meetings", "/party/checkin"):
		text = get_page(member, site, f"{path}?member={county.b_member}&name={county.b_member}").text
		assert b_name not in text and county.b_member not in text, path
	# the leave requests and check-in codes are not readable by a member in the desk API either
	for doctype in ("Activity Leave Request", "Activity Check-in Code"):
		listed = member.get(f"{site}/api/resource/{doctype}", timeout=30)
		assert listed.status_code == 403 or not listed.json().get("data"), doctype
	assert re.search(r"PA-", b_meeting)


# --- 我的档案 and 信息更正 ------------------------------------------------------------------------------


def test_the_record_is_read_only_and_a_correction_changes_it_only_when_accepted(county, site):
	member = login(site, county.a_user, DEMO_PASSWORD)
	frappe.db.rollback()
	entry = frappe.db.get_value(
		"Party Member", county.a_member, ["full_name", "id_number", "phone", "post"], as_dict=True
	)
	page = get_page(member, site, "/party/record")
	assert page.status_code == 200 and entry.full_name in page.text and "信息更正" in page.text
	assert entry.id_number not in page.text and rules.masked_id(entry.id_number) in page.text

	def corrections():
		frappe.db.rollback()
		return frappe.db.count("Member Info Correction", {"member": county.a_member})

	before = corrections()  # the demo may already hold a proposal of this member
	for fieldname, value, words in (
		("phone", "12345", "11位手机号"),
		("branch", county.b, "不能在此提出"),
		("post", "Emperor", "可选值"),
	):
		bad = call(member, site, "propose_correction", fieldname=fieldname, value=value)
		assert bad.status_code == 417 and words in shown_message(bad), fieldname
	assert corrections() == before  # a refused proposal leaves nothing behind

	new_phone = "13912345678" if entry.phone != "13912345678" else "13912345679"
	asked = call(member, site, "propose_correction", fieldname="phone", value=new_phone, note="三月换了号码")
	assert asked.ok, shown_message(asked)
	name = asked.json()["message"]["correction"]
	assert frappe.db.get_value("Party Member", county.a_member, "phone") == entry.phone  # nothing changed yet

	other = login(site, county.b_secretary, DEMO_PASSWORD)
	assert call(other, site, "accept_correction", correction=name).status_code == 403
	assert call(member, site, "accept_correction", correction=name).status_code == 403
	frappe.db.rollback()
	assert frappe.db.get_value("Party Member", county.a_member, "phone") == entry.phone
	secretary = login(site, county.a_secretary, DEMO_PASSWORD)
	accepted = call(secretary, site, "accept_correction", correction=name)
	assert accepted.ok, shown_message(accepted)
	frappe.db.rollback()
	assert frappe.db.get_value("Party Member", county.a_member, "phone") == new_phone
	assert frappe.db.get_value("Member Info Correction", name, "status") == "Accepted"
	again = call(secretary, site, "accept_correction", correction=name)
	assert again.status_code == 417 and "已答复" in shown_message(again)

	proposed = call(member, site, "propose_correction", fieldname="post", value="Middle Manager")
	assert proposed.ok, shown_message(proposed)
	second = proposed.json()["message"]["correction"]
	no_reason = call(secretary, site, "refuse_correction", correction=second, answer=" ")
	assert no_reason.status_code == 417
	refused = call(secretary, site, "refuse_correction", correction=second, answer="学校未发任命文件")
	assert refused.ok, shown_message(refused)
	frappe.db.rollback()
	assert frappe.db.get_value("Party Member", county.a_member, "post") == entry.post
	page = get_page(member, site, "/party/record")
	assert "学校未发任命文件" in page.text and "已采纳" in page.text
