"""公示 in a real browser: a branch secretary publishes a development-target notice at the desk, and an
anonymous visitor on a 390×844 phone reads it on the branch's public page /dangwu/<branch>; once its
period is over it moves to the year's archive (or, early in January, off the page with the old year).

A tiny demo county (公示县) is built and committed; the notice starts on the served site's real date
(the tests' clock is frozen). Screenshots: test-artifacts/browser/<test>/.
"""

import datetime
from urllib.parse import quote

import frappe
import pytest

from party_building.demo import County
from party_building.notices import rules
from tests.browser.screen import go, latin_words
from tests.integration.factories import make_members
from tests.integration.live import branch_secretaries, committed_demo
from tests.integration.test_notices import make_notice, target_record
from tests.integration.test_public_page import real_today

COUNTY = County("公示县")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def county():
	with committed_demo(COUNTY, seed=29):
		branch, secretary = branch_secretaries(COUNTY)[0]
		yield frappe._dict(branch=branch, secretary=secretary)


def test_a_secretary_publishes_a_notice_an_anonymous_visitor_reads_it_then_it_is_archived(
	county, site_url, open_page, shot
):
	today = real_today(site_url)
	world = frappe._dict(branch=county.branch, people=make_members(county.branch, 4))
	notice = make_notice(target_record(world, full_name="公示人"), today)
	frappe.db.commit()
	page_url = f"/dangwu/{quote(county.branch)}"

	# not published: the public page does not show it
	visitor = open_page(None, **PHONE)
	visitor.goto(page_url)
	assert notice.title not in visitor.inner_text("#current")

	# the secretary publishes it with one action
	desk = open_page(county.secretary, 1366, 900)
	go(desk, f"/app/publicity-notice/{notice.name}")
	assert "公示人" in desk.inner_text(".layout-main-section")
	shot(desk, "secretary-notice")
	desk.get_by_role("button", name="发布到公开页面").click()
	desk.get_by_role("button", name="撤下").wait_for()
	shot(desk, "secretary-published")
	frappe.db.rollback()
	assert frappe.db.get_value("Publicity Notice", notice.name, "published") == 1

	# an anonymous visitor on a phone reads it among the current notices
	visitor.goto(page_url)
	current = visitor.inner_text("#current")
	assert notice.title in current and "公示人" in current and "公示中" in current
	assert "基本情况" in visitor.inner_text("#facts")
	assert not latin_words(visitor), latin_words(visitor)
	assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
	shot(visitor, "visitor-current")

	# after its period the notice moves to the archive of its year
	ended = today - datetime.timedelta(days=1)
	frappe.db.set_value(
		"Publicity Notice",
		notice.name,
		{"period_from": ended - datetime.timedelta(days=6), "period_to": ended},
	)
	frappe.db.commit()
	visitor.goto(page_url)
	assert notice.title not in visitor.inner_text("#current")
	archived = notice.title in visitor.inner_text("#archive")
	assert archived == rules.archived_in(ended, today)
	if archived:
		visitor.locator("#archive summary", has_text=notice.title).click()
	shot(visitor, "visitor-archive")
