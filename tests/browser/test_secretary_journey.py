"""The desk as a Chinese branch secretary and the county's upper level meet it, in a real browser.

A tiny demo county (浏览县) is built and committed; its first branch's secretary and the county admin
walk: the login page, the workspace, the member list with a filter, global search by a Chinese name and
by pinyin initials, a new meeting with its attendance taken on a 390-px phone and sent up, the upper
level's approval, every report and every print through its button. Every screen is read: no Latin word
outside data. Screenshots of each step: test-artifacts/browser/<test>/.
"""

import re

import frappe
import pytest

from party_building.core.name_search import pinyin_keys
from party_building.demo import County
from tests.browser.screen import go, latin_words, wait_desk
from tests.integration.live import branch_secretaries, committed_demo

COUNTY = County("浏览县")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def county():
	with committed_demo(COUNTY, seed=31):
		branch, secretary = branch_secretaries(COUNTY)[0]
		member = frappe.get_all(
			"Party Member",
			filters={"branch": branch, "standing": "Active"},
			fields=["name", "full_name"],
			order_by="name",
			limit=1,
		)[0]
		yield frappe._dict(branch=branch, secretary=secretary, admin=COUNTY.admin_user, member=member)


def no_latin(page, where: str, allow: set[str] = frozenset()) -> None:
	words = latin_words(page, allow)
	assert not words, f"{where}: English on the screen: {words}"


def test_the_login_page_is_chinese(open_page, shot):
	page = open_page(None)
	page.goto("/login")
	page.wait_for_selector("#login_email")
	shot(page, "login")
	no_latin(page, "login page")


def test_the_workspace_and_the_member_list_with_a_filter(county, open_page, shot):
	page = open_page(county.secretary)
	go(page, "/app/party-building")
	page.wait_for_selector(".widget.number-widget-box", timeout=30_000)
	page.wait_for_load_state("networkidle")
	shot(page, "workspace")
	no_latin(page, "workspace")
	# only the app's workspace in the sidebar
	sidebar = page.locator(".desk-sidebar .sidebar-item-label").all_inner_texts()
	assert sidebar and not {"网站", "工具", "集成", "Build", "Website", "Tools"} & set(sidebar), sidebar

	go(page, "/app/party-member?membership_type=Full")
	page.wait_for_selector(".list-row-container")
	shot(page, "member-list-full-members")
	no_latin(page, "member list")
	assert "正式党员" in page.locator(
		".filter-section, .filter-selector"
	).first.inner_text() + page.inner_text(".page-form")
	page.locator(".filter-selector button").first.click()
	page.wait_for_selector(".filter-box")
	shot(page, "member-list-filter-box")
	no_latin(page, "member list filters")


def test_global_search_by_chinese_name_and_by_initials(county, open_page, shot):
	page = open_page(county.secretary)
	go(page, "/app/party-building")
	name = county.member.full_name
	for typed in (name, pinyin_keys(name)[1]):
		go(page, "/app/party-building")
		search = page.locator("#navbar-search")
		search.click()
		search.fill("")
		search.type(typed, delay=60)
		page.wait_for_timeout(800)
		page.keyboard.press("Enter")  # 搜索 …: the search dialog with its results
		results = page.locator(".modal.show .search-results .result")
		results.first.wait_for(timeout=20_000)
		page.wait_for_load_state("networkidle")
		texts = results.all_inner_texts()
		shot(page, f"search-{typed}")
		assert any(name in t for t in texts), (typed, texts)
		no_latin(page, f"search results for {typed}", allow={typed})


def set_attendance(page, idx: int, label: str) -> None:
	row = page.locator(f'[data-fieldname="attendees"] .grid-body .grid-row[data-idx="{idx}"]')
	row.locator('.grid-static-col[data-fieldname="member_name"]').click()
	select = row.locator('select[data-fieldname="status"]')
	select.wait_for()
	select.select_option(label=label)
	page.wait_for_timeout(150)


def saved(page) -> None:
	page.wait_for_function("() => window.cur_frm && !cur_frm.is_new() && !cur_frm.is_dirty()", timeout=20_000)
	page.wait_for_load_state("networkidle")


def state(page) -> str:
	return page.evaluate("() => cur_frm.doc.workflow_state")


def workflow_action(page, label: str) -> None:
	page.locator(".page-actions .actions-btn-group > button").click()
	page.locator(".page-actions .actions-btn-group .dropdown-menu a", has_text=label).click()
	confirm = page.locator(".modal.show .btn-primary", has_text="是")
	if confirm.count():
		confirm.click()
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(800)


def test_a_meeting_taken_on_a_phone_sent_up_approved_and_printed(county, open_page, shot):
	page = open_page(county.secretary, **PHONE)
	go(page, "/app/party-activity/new")
	# the secretary of one branch starts with it
	assert page.locator('[data-fieldname="organization"] input').input_value() == county.branch
	page.locator('select[data-fieldname="activity_type"]').select_option(label="支部党员大会")
	page.fill('[data-fieldname="topic"] input', "学习党的二十届四中全会精神")
	today = page.evaluate("() => frappe.datetime.str_to_user(frappe.datetime.get_today())")
	page.fill('[data-fieldname="activity_date"] input', today)
	page.keyboard.press("Tab")
	for field, value in (("start_time", "16:30"), ("end_time", "17:40")):
		for _try in range(3):  # the picker may still be closing from the field before
			page.fill(f'[data-fieldname="{field}"] input', value)
			page.keyboard.press("Tab")  # on to the next field, closing the picker
			page.wait_for_timeout(400)
			if page.evaluate(f"() => cur_frm.doc.{field}"):
				break
	page.fill('[data-fieldname="place"] input', "三楼会议室")
	shot(page, "new-meeting")
	assert page.evaluate("() => [cur_frm.doc.start_time, cur_frm.doc.end_time]") == ["16:30:00", "17:40:00"]
	no_latin(page, "new meeting")

	page.locator('[data-fieldname="fill_attendees_button"] button').click()
	page.wait_for_url(re.compile(r"/app/party-activity/(?!new)"), timeout=30_000)
	wait_desk(page)
	rows = page.locator('[data-fieldname="attendees"] .grid-body .grid-row')
	count = rows.count()
	assert count >= 3
	page.locator('[data-fieldname="attendees"]').first.scroll_into_view_if_needed()
	shot(page, "attendees-filled-unrecorded", full_page=False)
	no_latin(page, "filled attendance")
	# names, not record numbers, in the order of their pinyin; the attendance column on the screen
	names = [rows.nth(i).locator('[data-fieldname="member_name"]').inner_text().strip() for i in range(count)]
	assert all(names) and not any(re.match(r"PM-\d+", n) for n in names), names
	assert names == sorted(names, key=lambda n: pinyin_keys(n)[0]), names
	status = rows.first.locator('.grid-static-col[data-fieldname="status"]')
	box = status.bounding_box()
	assert box and box["x"] + box["width"] <= PHONE["width"], f"出勤 column off the screen: {box}"

	# sent up with the attendance unrecorded: refused, naming the rule
	workflow_action(page, "报上级审批")
	dialog = page.locator(".modal.show .msgprint, .modal.show .modal-body").first
	dialog.wait_for()
	assert "出勤" in dialog.inner_text()
	shot(page, "refused-unrecorded")
	page.keyboard.press("Escape")
	page.reload()
	wait_desk(page)

	for idx in range(1, count + 1):
		set_attendance(page, idx, "出席" if idx != 2 else "缺席")
	shot(page, "attendance-recorded", full_page=False)
	no_latin(page, "attendance taken")
	page.locator(".page-actions .primary-action").click()
	try:
		saved(page)
	finally:
		shot(page, "saved", full_page=False)
	workflow_action(page, "报上级审批")
	page.wait_for_function("() => cur_frm.doc.workflow_state === 'Submitted to Upper Level'", timeout=20_000)
	shot(page, "sent-up")
	no_latin(page, "meeting sent up")
	name = page.url.rstrip("/").split("/")[-1]
	frappe.db.rollback()  # a fresh read: the served site committed it
	present = frappe.db.get_value("Party Activity", name, ["present_count", "expected_count"])
	assert present == (count - 1, count)

	# the upper level approves it, and prints the minutes through their button
	admin = open_page(county.admin)
	go(admin, f"/app/party-activity/{name}")
	workflow_action(admin, "上级批准")
	admin.wait_for_function("() => cur_frm.doc.docstatus === 1", timeout=20_000)
	shot(admin, "approved")
	no_latin(admin, "approved meeting")
	admin.locator(".page-actions button", has_text="打印会议记录").click()
	admin.wait_for_url(re.compile(r"/app/print/"))
	preview = print_preview_text(admin)
	assert "会议记录" in preview and "学习党的二十届四中全会精神" in preview
	shot(admin, "minutes-print")
	no_latin(admin, "minutes print view")


def print_preview_text(page) -> str:
	"""The text of the print preview (Frappe renders it into an iframe)."""
	frame = page.frame_locator("iframe.print-format-container")
	frame.locator(".print-format").wait_for(timeout=30_000)
	page.wait_for_timeout(500)
	return frame.locator(".print-format").inner_text()


REPORTS_NEEDING_A_RECORD = {"Dues Ledger"}  # opened from a branch, with its filter set


def test_every_report_reads_in_chinese(county, open_page, shot):
	page = open_page(county.admin)
	reports = frappe.get_all(
		"Report", filters={"module": "Party Building", "disabled": 0}, pluck="name", order_by="name"
	)
	assert len(reports) >= 15
	for report in reports:
		route = f"/app/query-report/{report}"
		if report in REPORTS_NEEDING_A_RECORD:
			route += f"?organization={county.branch}"
		go(page, route)
		page.wait_for_function(
			"(name) => window.frappe && frappe.query_report && frappe.query_report.report_name === name"
			" && !frappe.query_report.$loading.is(':visible')",
			arg=report,
			timeout=30_000,
		)
		page.wait_for_load_state("networkidle")
		page.wait_for_timeout(500)
		shot(page, re.sub(r"\W+", "-", report))
		no_latin(page, f"report {report}")
		title = page.locator(".page-title .title-text").inner_text()
		assert not re.search(r"[A-Za-z]{3,}", title), (report, title)


def pdf_of(page, button: str, group: str | None = None) -> bytes:
	"""The PDF a print button opens in a new tab."""
	if group:
		page.locator(".page-actions .inner-group-button button", has_text=group).click()
		with page.context.expect_page() as opened:
			page.locator(".page-actions .inner-group-button .dropdown-menu a", has_text=button).click()
	else:
		with page.context.expect_page() as opened:
			page.locator(".page-actions button", has_text=button).click()
	tab = opened.value
	url = tab.url if tab.url.startswith("http") else None
	if not url:
		tab.wait_for_event("request", timeout=10_000)
		url = tab.url
	tab.close()  # the PDF once, fetched below with the same session
	response = page.request.get(url, timeout=90_000)
	assert response.ok, (button, response.status)
	body = response.body()
	assert body[:4] == b"%PDF", (button, body[:200])
	return body


def pdf_text(pdf: bytes, folder, name: str) -> str:
	"""The PDF's text (pdftotext), its first page kept as a PNG beside the screenshots."""
	import subprocess
	import tempfile
	from pathlib import Path

	with tempfile.TemporaryDirectory() as tmp:
		path = Path(tmp) / "print.pdf"
		path.write_bytes(pdf)
		if folder:
			subprocess.run(
				["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(folder / name)],
				check=False,
			)
		return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


def test_every_print_through_its_button(county, open_page, shot):
	page = open_page(county.admin)
	folder = shot(page, "start").parent
	latin = re.compile(r"\b[A-Za-z]{3,}\b")

	# the 党费证 of a member, the branch's 党费账本 and 整改台账
	go(page, f"/app/party-member/{county.member.name}")
	text = pdf_text(pdf_of(page, "打印党费证"), folder, "dues-card")
	assert "党费证" in text and county.member.full_name in text
	go(page, f"/app/party-organization/{county.branch}")
	for button, title in (("支部党费账本", "党费"), ("整改台账", "整改")):
		text = pdf_text(pdf_of(page, button, group="打印"), folder, re.sub(r"\W", "", title))
		assert title in text, (button, text[:300])
		assert not latin.findall(re.sub(r"\S+@\S+|[A-Z]+-[\w-]+", "", text)), (button, latin.findall(text))

	# the dossier of an admission and a transfer letter: their doctype's default print, from the printer icon
	for doctype, title in (("Member Development", "纪实"), ("Member Transfer", "介绍信")):
		filters = {"docstatus": 1} if doctype == "Member Transfer" else {}
		names = frappe.get_all(doctype, filters=filters, pluck="name", limit=20)
		names = [n for n in names if frappe.has_permission(doctype, doc=n, user=county.admin)]
		if not names:
			continue
		go(page, f"/app/{frappe.scrub(doctype).replace('_', '-')}/{names[0]}")
		page.locator('.page-actions button.icon-btn:has(use[href="#icon-printer"])').first.click()
		page.wait_for_url(re.compile(r"/app/print/"))
		preview = print_preview_text(page)
		shot(page, f"print-{frappe.scrub(doctype)}")
		assert title in preview, (doctype, preview[:200])
		no_latin(page, f"print view of {doctype}")
