"""党员之家 under load: 60 members of one branch check in to one meeting within a minute, on one web
worker over loopback, without an error; each is marked present once and the counts agree.

A tiny demo county (签到县) is built and committed, 60 more members are added to its first branch, each
with a login; the meeting starts five minutes after the served site's real now.
"""

import datetime
import random
import time
from concurrent.futures import ThreadPoolExecutor

import frappe
import pytest

from party_building.demo import DEMO_PASSWORD, County, new_id_number
from tests.integration.live import branch_secretaries, committed_demo, login, served_site, shown_message
from tests.integration.test_portal import real_now

COUNTY = County("签到县")
SERVICE = "party_building.portal.service"
CROWD = 60
BOUND_SECONDS = 60


@pytest.fixture(scope="module")
def site():
	with served_site(workers=1) as url:
		yield url


@pytest.fixture(scope="module")
def crowd(site):
	with committed_demo(COUNTY, seed=23):
		branch, secretary = branch_secretaries(COUNTY)[0]
		rng, used = random.Random(23), set()
		users = []
		try:
			for n in range(CROWD):
				birth = datetime.date(1970 + n % 20, 1 + n % 12, 1 + n % 27)
				number, place = new_id_number(rng, birth, "Male", used)
				member = frappe.get_doc(
					{
						"doctype": "Party Member",
						"full_name": f"签到党员{n:02d}",
						"gender": "Male",
						"birth_date": birth,
						"id_number": number,
						"native_place": place,
						"branch": branch,
						"membership_type": "Full",
						"joined_on": datetime.date(2010, 7, 1),
						"full_member_on": datetime.date(2011, 7, 1),
						"standing": "Active",
					}
				).insert(ignore_permissions=True)
				email = f"crowd{n:02d}@qiandao.example.com"
				frappe.get_doc(
					{
						"doctype": "User",
						"email": email,
						"first_name": member.full_name,
						"send_welcome_email": 0,
						"new_password": DEMO_PASSWORD,
						"roles": [{"role": "Party Member"}],
					}
				).insert(ignore_permissions=True)
				users.append(email)
				member.db_set("user", email)
			frappe.db.commit()
			yield frappe._dict(branch=branch, secretary=secretary, users=users)
		finally:
			frappe.db.rollback()
			for email in users:
				frappe.delete_doc("User", email, ignore_permissions=True, force=True, ignore_missing=True)
			frappe.db.commit()


def test_sixty_members_check_in_within_a_minute_on_one_worker(crowd, site):
	start = real_now(site) + datetime.timedelta(minutes=5)
	activity = frappe.get_doc(
		{
			"doctype": "Party Activity",
			"organization": crowd.branch,
			"activity_type": "Branch General Meeting",
			"topic": "签到压力测试",
			"activity_date": start.date(),
			"start_time": start.strftime("%H:%M:%S"),
			"end_time": min(start + datetime.timedelta(hours=1), start.replace(hour=23, minute=59)).strftime(
				"%H:%M:%S"
			),
			"status": "Planned",
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	secretary = login(site, crowd.secretary, DEMO_PASSWORD)
	opened = secretary.post(
		f"{site}/api/method/{SERVICE}.open_checkin", data={"activity": activity.name}, timeout=60
	)
	assert opened.ok, shown_message(opened)
	code = opened.json()["message"]["code"]
	sessions = [login(site, user, DEMO_PASSWORD) for user in crowd.users]

	def check_in(session):
		return session.post(f"{site}/api/method/{SERVICE}.checkin", data={"code": code}, timeout=120)

	began = time.monotonic()
	with ThreadPoolExecutor(max_workers=20) as pool:
		answers = list(pool.map(check_in, sessions))
	took = time.monotonic() - began
	failed = [(a.status_code, shown_message(a)) for a in answers if not a.ok]
	assert not failed, failed[:5]
	assert took < BOUND_SECONDS, f"{CROWD} check-ins took {took:.1f} s"
	print(f"\n{CROWD} check-ins on one worker: {took:.1f} s")

	frappe.db.rollback()
	rows = frappe.get_all(
		"Party Activity Attendee",
		filters={"parent": activity.name, "member": ("like", "%")},
		fields=["member_name", "status", "check_in_time"],
	)
	crowd_rows = [r for r in rows if r.member_name.startswith("签到党员")]
	assert len(crowd_rows) == CROWD
	assert all(r.status == "Present" and r.check_in_time for r in crowd_rows)
	assert frappe.db.get_value("Party Activity", activity.name, "present_count") == CROWD
	# a second burst is refused once each, nothing changes
	again = check_in(sessions[0])
	assert again.status_code == 417 and "已于" in shown_message(again)
