"""党务公开: the public page /dangwu/<organization>.

In the test process (the frozen clock, 18 November 2026): which notices the page lists on which day
(current within the period, then this year's archive; unpublished and last year's never), and the
server's work for one page. Over HTTP on the served site, as an anonymous visitor, on a committed demo
county (members with ID numbers, phones and addresses in the database): the page answers without a
login, shows the published notice, carries no desk or website assets, and its HTML holds no resident ID
number, no phone number, no place of origin or stay of a member.
"""

import datetime
import re
import time
from urllib.parse import quote

import frappe
import pytest
import requests
from frappe.website.serve import get_response_content

from party_building.demo import County
from party_building.notices import rules, service
from party_building.notices.page import PublicPage
from tests.integration.factories import make_members, make_tree
from tests.integration.live import branch_secretaries, committed_demo, served_site
from tests.integration.test_notices import make_notice, target_record
from tests.integration.test_portal import real_now

D = datetime.date
COUNTY = County("公开县")


def publish(notice) -> None:
	frappe.db.set_value("Publicity Notice", notice.name, {"published": 1, "published_on": frappe.utils.now()})


@pytest.fixture
def world():
	tree = make_tree()
	people = make_members(tree.branch.name, 4)
	return frappe._dict(tree=tree, branch=tree.branch.name, people=people)


# --- in the test process: what is listed when ----------------------------------------------------


def test_a_published_notice_is_current_in_its_period_then_archived_for_the_year(world):
	record = target_record(world)
	notice = make_notice(record, D(2026, 11, 16))  # Monday to Friday 20 November
	hidden = make_notice(target_record(world, full_name="赵未发"), D(2026, 11, 16))
	last_year = make_notice(target_record(world, full_name="钱去年"), D(2025, 11, 17))
	publish(notice)
	publish(last_year)

	def listed(on):
		page = service.public_page(world.branch, on)
		return [n.name for n in page["current"]], [n.name for n in page["archive"]]

	assert listed(D(2026, 11, 13)) == ([], [])  # not begun
	assert listed(D(2026, 11, 18)) == ([notice.name], [])
	assert listed(D(2026, 11, 23)) == ([], [notice.name])
	assert listed(D(2027, 1, 4)) == ([], [])  # a new year
	assert hidden.name not in str(service.public_page(world.branch, D(2026, 11, 18)))


def test_the_page_renders_for_a_guest_with_the_notice_and_the_facts(world):
	notice = make_notice(target_record(world), D(2026, 11, 16))
	publish(notice)
	frappe.set_user("Guest")
	html = get_response_content(f"/dangwu/{world.branch}")
	assert notice.title in html and "正在公示" in html and "基本情况" in html
	assert world.branch in html
	assert "/assets/" not in html
	frappe.set_user("Administrator")


def test_an_unknown_organization_is_not_found():
	frappe.set_user("Guest")
	assert service.public_page("没有这个组织") is None
	response = PublicPage("dangwu/没有这个组织").render()
	assert response.status_code == 404 and "没有这个党组织" in response.get_data(as_text=True)
	frappe.set_user("Administrator")


def test_the_page_costs_little_server_time(world):
	for n in range(3):
		publish(make_notice(target_record(world, full_name=f"王{n}"), D(2026, 11, 16)))
	frappe.set_user("Guest")
	get_response_content(f"/dangwu/{world.branch}")  # templates compiled, caches filled
	spent = []
	for _ in range(5):
		start = time.perf_counter()
		get_response_content(f"/dangwu/{world.branch}")
		spent.append(time.perf_counter() - start)
	frappe.set_user("Administrator")
	assert min(spent) < 0.1, f"{min(spent) * 1000:.0f} ms"


# --- over HTTP, anonymous ---------------------------------------------------------------------------

ID_OR_PHONE = [*rules.PROTECTED, re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")]


@pytest.fixture(scope="module")
def site():
	with served_site() as url:
		yield url


def real_today(site) -> datetime.date:
	"""The served site's date (its clock runs; the tests' clock is frozen)."""
	return real_now(site).date()


@pytest.fixture(scope="module")
def county(site):
	with committed_demo(COUNTY, seed=23):
		branch, secretary = branch_secretaries(COUNTY)[0]
		world = frappe._dict(branch=branch, people=make_members(branch, 4))
		record = target_record(world, full_name="公开测试人")
		notice = make_notice(record, real_today(site))
		publish(notice)
		draft = make_notice(target_record(world, full_name="未发布人"), real_today(site))
		frappe.db.commit()
		yield frappe._dict(branch=branch, secretary=secretary, notice=notice, record=record, draft=draft)


def test_an_anonymous_visitor_sees_the_published_notice(site, county):
	response = requests.get(f"{site}/dangwu/{quote(county.branch)}", timeout=30)
	assert response.status_code == 200
	assert county.notice.title in response.text
	assert "未发布人" not in response.text
	assert requests.get(f"{site}/dangwu/{quote('没有这个组织')}", timeout=30).status_code == 404


def test_the_page_shows_no_id_number_phone_or_place_of_a_member(site, county):
	html = requests.get(f"{site}/dangwu/{quote(county.branch)}", timeout=30).text
	found = [m.group(0) for pattern in ID_OR_PHONE for m in pattern.finditer(html)]
	assert not found, found
	members = frappe.get_all(
		"Party Member",
		filters={"branch": county.branch},
		fields=["id_number", "phone", "native_place", "mobile_location"],
	)
	assert len(members) > 4
	for m in members:
		for value in (m.id_number, m.phone, m.native_place, m.mobile_location):
			assert not value or value not in html, value
	# the record's own ID number and phone stay off the page too
	assert county.record.id_number not in html and county.record.phone not in html
	# no desk, no website assets: a page of its own
	assert "/assets/" not in html and "frappe.boot" not in html
