"""The yearly cycle an upper level inspects (issue 19), walked in a real browser as the zh users do.

A tiny demo county (周期县) is built and committed. Its admin (the upper level) and its first branch's
secretary walk, in order: the upper level's yearly plan → the secretary's 党课 on a 390-px phone → a
谈心谈话 record → the study hours on a member's form → the secretary's 述职评议, graded by the upper
level → the 组织生活会 with its rectification list becoming a rectification item → the branch
assessment (党建目标考核) filled, scored and ranked by the upper level, and its print as PDF; then the
compliance bulletin (组织生活落实情况通报) printed as PDF, the leading groups' 民主生活会 in it.
Every screen is read: no Latin word outside data. Screenshots and the PDFs' first pages as PNG:
test-artifacts/browser/<test>/. The tests run in file order and share the walk's records.
"""

import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import frappe
import pytest

from party_building.demo import County
from tests.browser.screen import go, latin_words, wait_desk
from tests.integration.live import branch_secretaries, committed_demo

COUNTY = County("周期县")
PHONE = {"width": 390, "height": 844}
walk = {}  # what one step leaves for the next


@pytest.fixture
def open_as(open_page):
	"""open_page with a minute and a half per step: the first pages of a freshly started server, on the
	shared machine, take longer than the desk's usual 30 s."""

	def opened(user, **kw):
		page = open_page(user, **kw)
		page.set_default_timeout(90_000)
		return page

	return opened


@pytest.fixture(scope="module")
def county():
	with committed_demo(COUNTY, seed=47):
		branch, secretary = branch_secretaries(COUNTY)[0]
		me = frappe.db.get_value("Party Member", {"user": secretary}, ["name", "full_name"], as_dict=True)
		others = frappe.get_all(
			"Party Member",
			filters={"branch": branch, "standing": "Active", "name": ("!=", me.name)},
			fields=["name", "full_name"],
			order_by="name",
		)
		yield frappe._dict(
			branch=branch,
			secretary=secretary,
			me=me,
			member=others[0],
			admin=COUNTY.admin_user,
			root=COUNTY.root,
		)


# --- what a user does on a form -------------------------------------------------------------------


def no_latin(page, where: str, allow: set[str] = frozenset()) -> None:
	words = latin_words(page, allow)
	assert not words, f"{where}: English on the screen: {words}"


def new_form(page, doctype: str) -> None:
	go(page, f"/app/{frappe.scrub(doctype).replace('_', '-')}/new")
	page.wait_for_function(
		"(dt) => window.cur_frm && cur_frm.doctype === dt && cur_frm.is_new()", arg=doctype, timeout=90_000
	)


def set_value(page, field: str, value) -> None:
	"""What choosing a link from its dropdown, or a date from its picker, does."""
	page.evaluate("([f, v]) => cur_frm.set_value(f, v)", [field, value])
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(300)


def close_message(page) -> None:
	"""Close the error dialog as a user does (Escape), and wait until it is gone: a save pressed while it
	still shows does not reach the form."""
	page.keyboard.press("Escape")
	try:
		page.wait_for_function("() => !document.querySelector('.modal.show')", timeout=3_000)
	except Exception:
		page.locator(".modal.show .btn-modal-close").first.click()
		page.wait_for_function("() => !document.querySelector('.modal.show')")


def type_into(page, field: str, text: str) -> None:
	page.fill(
		f'.frappe-control[data-fieldname="{field}"] input, .frappe-control[data-fieldname="{field}"] textarea',
		text,
	)
	page.keyboard.press("Tab")
	page.wait_for_timeout(200)


def write_in_editor(page, field: str, text: str) -> None:
	editor = page.locator(f'.frappe-control[data-fieldname="{field}"] .ql-editor:not(.read-mode)')
	editor.click()
	editor.type(text)
	page.wait_for_timeout(800)  # the editor hands its text to the form after a pause


def add_row(page, table: str, values: dict) -> None:
	page.evaluate(
		"""([table, values]) => {
			const row = cur_frm.add_child(table);
			for (const [k, v] of Object.entries(values)) frappe.model.set_value(row.doctype, row.name, k, v);
			cur_frm.refresh_field(table);
		}""",
		[table, values],
	)
	page.wait_for_timeout(300)


def set_rows(page, table: str, field: str, value) -> None:
	page.evaluate(
		"""([table, field, value]) => {
			for (const row of cur_frm.doc[table] || []) frappe.model.set_value(row.doctype, row.name, field, value);
			cur_frm.refresh_field(table);
		}""",
		[table, field, value],
	)
	page.wait_for_timeout(300)


def save(page) -> str:
	page.keyboard.press("Control+s")
	try:
		page.wait_for_function(
			"() => window.cur_frm && !cur_frm.is_new() && !cur_frm.is_dirty() && !frappe.dom.freeze_count",
			timeout=30_000,
		)
	except Exception:
		message = page.locator(".modal.show .msgprint").all_inner_texts()
		raise AssertionError(f"not saved: {message}") from None
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(300)
	return page.evaluate("() => cur_frm.doc.name")


def doc(page) -> dict:
	return page.evaluate("() => cur_frm.doc")


def fresh(doctype: str, name: str):
	frappe.db.rollback()  # a fresh read: the served site committed it
	return frappe.get_doc(doctype, name)


def today(page) -> str:
	return page.evaluate("() => frappe.datetime.get_today()")


def pdf_png(pdf: bytes, folder: Path, name: str, layout: bool = True) -> str:
	"""The PDF's text (pdftotext), its first page kept as a PNG beside the screenshots."""
	with tempfile.TemporaryDirectory() as tmp:
		path = Path(tmp) / "print.pdf"
		path.write_bytes(pdf)
		subprocess.run(
			["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(path), str(folder / name)], check=True
		)
		text = subprocess.run(
			["pdftotext", *(["-layout"] if layout else []), str(path), "-"], capture_output=True, text=True
		).stdout
		# the font maps some characters to their radicals (⽣ for 生, ⺠ for 民): read as the characters
		text = unicodedata.normalize("NFKC", text).translate(RADICALS)
		(folder / f"{name}{'' if layout else '-raw'}.txt").write_text(text, encoding="utf-8")
		return text


LATIN = re.compile(r"\b[A-Za-z]{3,}\b")
# CJK radicals (supplement) that NFKC leaves alone, as the characters they stand for
RADICALS = str.maketrans("⺠⻅⻓⻔⻛⻘⻝⻢⻚⻜⻬⻰⻄⻆⻉⻋", "民见长门风青食马页飞齐龙西角贝车")


def latin_in_pdf(text: str) -> list[str]:
	return LATIN.findall(re.sub(r"\S+@\S+|\b[A-Z]+-[\w-]+|\bPDF\b", "", text))


# --- the walk ---------------------------------------------------------------------------------------


def test_1_the_upper_level_makes_the_branchs_yearly_plan(county, open_as, shot):
	page = open_as(county.admin)
	new_form(page, "Party Activity Plan")
	set_value(page, "organization", county.branch)
	year = int(today(page)[:4]) + 1  # at the year's end, next year's plan
	set_value(page, "year", year)
	shot(page, "new-plan")
	no_latin(page, "new yearly plan")
	page.locator('.page-actions button:has-text("标准年度计划")').click()
	page.wait_for_function("() => (cur_frm.doc.items || []).length > 20")
	name = save(page)
	shot(page, "plan-saved")
	no_latin(page, "yearly plan")
	plan = fresh("Party Activity Plan", name)
	kinds = {row.activity_type for row in plan.items}
	assert {"Theme Party Day", "Party Lecture", "Organizational Life Meeting"} <= kinds
	theme_days = [r for r in plan.items if r.activity_type == "Theme Party Day"]
	assert len(theme_days) == 12


def test_2_the_secretary_records_the_partys_lecture_on_a_phone(county, open_as, shot):
	page = open_as(county.secretary, **PHONE)
	new_form(page, "Party Activity")
	assert page.evaluate("() => cur_frm.doc.organization") == county.branch
	page.locator('select[data-fieldname="activity_type"]').select_option(label="党课")
	type_into(page, "topic", "书记讲党课：赓续红色血脉")
	set_value(page, "activity_date", today(page))
	set_value(page, "start_time", "15:00:00")
	set_value(page, "end_time", "17:00:00")
	type_into(page, "place", "党员活动室")
	set_value(page, "lecturer", county.me.name)
	shot(page, "lecture-new-phone")
	no_latin(page, "new lecture on a phone")
	page.locator('[data-fieldname="fill_attendees_button"] button').click()
	page.wait_for_url(re.compile(r"/app/party-activity/(?!new)"), timeout=30_000)
	wait_desk(page)
	set_rows(page, "attendees", "status", "Present")
	name = save(page)
	page.locator('[data-fieldname="attendees"]').first.scroll_into_view_if_needed()
	shot(page, "lecture-saved-phone", full_page=False)
	no_latin(page, "lecture saved on a phone")
	lecture = fresh("Party Activity", name)
	assert (lecture.lecturer, lecture.study_hours) == (county.me.name, 2.0)
	assert lecture.present_count == lecture.expected_count > 0
	walk["lecture"] = name


def test_3_a_heart_to_heart_talk(county, open_as, shot):
	page = open_as(county.secretary)
	new_form(page, "Heart-to-Heart Talk")
	if not page.evaluate("() => cur_frm.doc.organization"):
		set_value(page, "organization", county.branch)
	set_value(page, "talk_date", today(page))
	set_value(page, "initiator", county.me.name)
	set_value(page, "counterpart", county.member.name)
	type_into(page, "topic", "教学工作和思想状况")
	type_into(page, "follow_up", "下月回访")
	shot(page, "talk-new")
	no_latin(page, "new talk")
	# with oneself: refused, naming the rule
	set_value(page, "counterpart", county.me.name)
	page.keyboard.press("Control+s")
	dialog = page.locator(".modal.show .msgprint").first
	dialog.wait_for()
	assert "他人" in dialog.inner_text()
	shot(page, "talk-with-oneself-refused")
	close_message(page)
	set_value(page, "counterpart", county.member.name)
	name = save(page)
	shot(page, "talk-saved")
	no_latin(page, "talk saved")
	talk = fresh("Heart-to-Heart Talk", name)
	assert (talk.initiator_name, talk.counterpart_name) == (county.me.full_name, county.member.full_name)


def test_4_the_study_hours_on_the_members_form(county, open_as, shot):
	page = open_as(county.secretary)
	go(page, f"/app/party-member/{county.member.name}")
	indicator = page.locator(".form-dashboard .indicator", has_text="学时")
	indicator.first.wait_for()
	text = indicator.first.inner_text()
	shot(page, "member-study-hours")
	no_latin(page, "member form")
	year = today(page)[:4]
	assert year in text and "32" in text, text


def test_5_the_secretarys_duty_report_graded_by_the_upper_level(county, open_as, shot):
	page = open_as(county.secretary)
	new_form(page, "Secretary Duty Report")
	if not page.evaluate("() => cur_frm.doc.organization"):
		set_value(page, "organization", county.branch)
	year = int(today(page)[:4])
	assert page.evaluate("() => cur_frm.doc.year") == year
	write_in_editor(page, "report", "本年度支部落实三会一课、主题党日和谈心谈话，书记讲党课一次。")
	shot(page, "duty-report-new")
	no_latin(page, "new duty report")
	name = save(page)
	shot(page, "duty-report-saved")
	no_latin(page, "duty report saved")

	admin = open_as(county.admin)
	go(admin, f"/app/secretary-duty-report/{name}")
	add_row(admin, "reviews", {"grade": "Good", "comment": "述职全面，整改措施具体"})
	save(admin)
	shot(admin, "duty-report-graded")
	no_latin(admin, "duty report graded")
	report = fresh("Secretary Duty Report", name)
	assert report.overall_grade == "Good" and report.reviews[0].reviewer == county.admin


def test_6_the_life_meeting_and_its_rectification_list(county, open_as, shot):
	page = open_as(county.secretary)
	new_form(page, "Party Activity")
	page.locator('select[data-fieldname="activity_type"]').select_option(label="组织生活会")
	type_into(page, "topic", "年度组织生活会暨民主评议党员")
	set_value(page, "activity_date", today(page))
	set_value(page, "start_time", "14:30:00")
	set_value(page, "end_time", "17:30:00")
	type_into(page, "place", "学校会议室")
	# the preparation checklist is on the form as soon as the kind is chosen
	page.wait_for_function("() => (cur_frm.doc.life_meeting_steps || []).length === 5")
	page.locator('.frappe-control[data-fieldname="life_meeting_steps"]').scroll_into_view_if_needed()
	shot(page, "life-meeting-new", full_page=False)
	no_latin(page, "new life meeting")
	# held before its preparation: refused, naming the steps
	page.keyboard.press("Control+s")
	dialog = page.locator(".modal.show .msgprint").first
	dialog.wait_for()
	assert "征求意见" in dialog.inner_text()
	shot(page, "life-meeting-preparation-refused")
	close_message(page)
	page.evaluate(
		"""(day) => {
			for (const row of cur_frm.doc.life_meeting_steps.slice(0, 3)) {
				frappe.model.set_value(row.doctype, row.name, "done", 1);
				frappe.model.set_value(row.doctype, row.name, "done_on", day);
			}
			cur_frm.refresh_field("life_meeting_steps");
		}""",
		today(page),
	)
	page.locator('[data-fieldname="fill_attendees_button"] button').click()
	page.wait_for_url(re.compile(r"/app/party-activity/(?!new)"))
	wait_desk(page)
	set_rows(page, "attendees", "status", "Present")
	add_row(
		page,
		"life_meeting_rectifications",
		{
			"problem": "理论学习与教学结合不紧",
			"measures": "每月结合教研开展一次专题学习",
			"deadline": f"{int(today(page)[:4]) + 1}-03-31",
		},
	)
	name = save(page)
	page.locator('.frappe-control[data-fieldname="life_meeting_rectifications"]').scroll_into_view_if_needed()
	page.wait_for_function(
		"() => cur_frm.doc.life_meeting_rectifications[0].rectification_item", timeout=10_000
	)
	shot(page, "life-meeting-saved", full_page=False)
	no_latin(page, "life meeting saved")
	meeting = fresh("Party Activity", name)
	item = meeting.life_meeting_rectifications[0].rectification_item
	assert item and frappe.db.get_value("Rectification Item", item, "from_meeting") == name
	go(page, f"/app/rectification-item/{item}")
	shot(page, "rectification-item")
	no_latin(page, "rectification item")


def test_7_the_branch_assessment_filled_scored_ranked_and_printed(county, open_as, shot):
	page = open_as(county.admin)
	folder = shot(page, "start").parent
	year = int(today(page)[:4])
	new_form(page, "Branch Assessment Template")
	set_value(page, "organization", county.root)
	type_into(page, "year", str(year))
	for item, points, rule in (
		("落实“三会一课”制度", 30, "Meetings Held"),
		("开展谈心谈话", 20, "Heart-to-Heart Talks"),
		("整改落实", 20, "Rectifications Closed"),
		("支部班子建设", 30, ""),
	):
		add_row(page, "items", {"item": item, "points": points, "evidence_rule": rule})
	template = save(page)
	shot(page, "assessment-template")
	no_latin(page, "assessment template")

	new_form(page, "Branch Assessment")
	set_value(page, "template", template)
	set_value(page, "organization", county.branch)
	name = save(page)  # filled: each item's evidence drawn from the records
	assessment = fresh("Branch Assessment", name)
	assert len(assessment.items) == 4 and all(r.evidence for r in assessment.items[:3])
	shot(page, "assessment-filled")
	no_latin(page, "assessment filled")
	page.evaluate(
		"""() => {
			const scores = [27, 18, 19, 28];
			cur_frm.doc.items.forEach((row, i) => frappe.model.set_value(row.doctype, row.name, "score", scores[i]));
		}"""
	)
	save(page)
	shot(page, "assessment-scored")
	no_latin(page, "assessment scored")
	assert fresh("Branch Assessment", name).total_score == 92

	go(page, f"/app/query-report/Branch Assessment Ranking?year={year}")
	page.wait_for_function(
		"() => frappe.query_report && frappe.query_report.data && frappe.query_report.data.length"
	)
	page.wait_for_load_state("networkidle")
	shot(page, "ranking")
	no_latin(page, "ranking")
	ranked = page.evaluate("() => frappe.query_report.data")
	assert any(r.get("organization") == county.branch for r in ranked), ranked

	go(page, f"/app/branch-assessment/{name}")
	page.locator('.page-actions button.icon-btn:has(use[href="#icon-printer"])').first.click()
	page.wait_for_url(re.compile(r"/app/print/"))
	frame = page.frame_locator("iframe.print-format-container")
	frame.locator(".print-format").wait_for(timeout=30_000)
	page.wait_for_timeout(500)
	assert "党建目标考核" in frame.locator(".print-format").inner_text()
	shot(page, "assessment-print-view")
	no_latin(page, "assessment print view")
	response = page.request.get(
		"/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": "Branch Assessment", "name": name, "format": "党建目标考核表"},
		timeout=90_000,
	)
	assert response.ok and response.body()[:4] == b"%PDF"
	text = pdf_png(response.body(), folder, "assessment-pdf")
	assert "党建目标考核" in text and "92" in text, text[:400]
	assert not latin_in_pdf(text), latin_in_pdf(text)


def test_8_the_compliance_bulletin_prints_as_pdf(county, open_as, shot):
	page = open_as(county.admin)
	folder = shot(page, "start").parent
	go(page, f"/app/query-report/Organizational Life Compliance?organization={county.root}")
	page.wait_for_function(
		"() => frappe.query_report && frappe.query_report.data && frappe.query_report.data.length"
		" && !frappe.query_report.$loading.is(':visible')"
	)
	page.wait_for_load_state("networkidle")
	shot(page, "bulletin")
	no_latin(page, "compliance bulletin")
	rows = page.evaluate("() => frappe.query_report.data")
	assert any(r.get("is_leading_group") for r in rows), "no leading group's row"
	page.locator(".page-actions .menu-btn-group > button").click()
	page.locator(".page-actions .menu-btn-group .dropdown-menu .dropdown-item", has_text="PDF").click()
	dialog = page.locator(".modal.show")
	dialog.wait_for()
	shot(page, "bulletin-print-settings")
	no_latin(page, "print settings")
	with page.expect_download(timeout=90_000) as download:
		dialog.locator(".btn-primary").click()
	pdf = Path(download.value.path()).read_bytes()
	assert pdf[:4] == b"%PDF"
	text = pdf_png(pdf, folder, "bulletin-pdf")
	# in reading order, without spaces: a narrow column wraps its heading (民主生活 / 会)
	joined = re.sub(r"\s+", "", pdf_png(pdf, folder, "bulletin-pdf", layout=False))
	for words in (
		"组织生活落实情况通报",
		"书记讲党课",
		"谈心谈话",
		"民主生活会",
		"组织生活会",
		"盖章",
		county.branch,
	):
		assert words in joined, (words, text[:600])
	assert not latin_in_pdf(text), latin_in_pdf(text)

	phone = open_as(county.admin, **PHONE)
	go(phone, f"/app/query-report/Organizational Life Compliance?organization={county.root}")
	phone.wait_for_function("() => frappe.query_report && frappe.query_report.data")
	phone.wait_for_load_state("networkidle")
	shot(phone, "bulletin-phone", full_page=False)
	no_latin(phone, "compliance bulletin on a phone")


def test_9_the_leading_group_plans_its_democratic_life_meeting(county, open_as, shot):
	page = open_as(county.admin)
	new_form(page, "Party Activity")
	set_value(page, "organization", county.root)
	page.locator('select[data-fieldname="activity_type"]').select_option(label="民主生活会")
	page.locator('select[data-fieldname="status"]').select_option(label="计划中")
	type_into(page, "topic", "年度领导班子民主生活会")
	set_value(page, "activity_date", page.evaluate("() => frappe.datetime.month_end()"))
	type_into(page, "place", "县委教育工委会议室")
	page.locator('[data-fieldname="fill_attendees_button"] button').click()
	page.wait_for_url(re.compile(r"/app/party-activity/(?!new)"), timeout=30_000)
	wait_desk(page)
	name = page.evaluate("() => cur_frm.doc.name")
	steps = page.evaluate("() => cur_frm.doc.life_meeting_steps.map((r) => r.step)")
	assert steps[:3] == ["Opinions Solicited", "Heart-to-Heart Talks Held", "Checking Materials Written"]
	leaders = page.evaluate("() => cur_frm.doc.attendees.map((r) => r.member)")
	committee = frappe.get_all(
		"Party Organization Committee Member",
		filters={"parent": county.root, "parenttype": "Party Organization", "is_current": 1},
		pluck="member",
	)
	assert leaders and set(leaders) <= set(committee), (leaders, committee)
	page.locator('.frappe-control[data-fieldname="life_meeting_steps"]').scroll_into_view_if_needed()
	shot(page, "democratic-life-meeting", full_page=False)
	no_latin(page, "democratic life meeting")
	phone = open_as(county.admin, **PHONE)
	go(phone, f"/app/party-activity/{name}")
	phone.locator('.frappe-control[data-fieldname="life_meeting_steps"]').scroll_into_view_if_needed()
	shot(phone, "democratic-life-meeting-phone", full_page=False)
	no_latin(phone, "democratic life meeting on a phone")

	# a branch has none: refused, naming the rule
	go(page, "/app/party-activity/new")
	page.wait_for_function("() => window.cur_frm && cur_frm.is_new()")
	set_value(page, "organization", county.branch)
	page.locator('select[data-fieldname="activity_type"]').select_option(label="民主生活会")
	page.locator('select[data-fieldname="status"]').select_option(label="计划中")
	type_into(page, "topic", "支部民主生活会")
	set_value(page, "activity_date", page.evaluate("() => frappe.datetime.month_end()"))
	page.keyboard.press("Control+s")
	dialog = page.locator(".modal.show .msgprint").first
	dialog.wait_for()
	assert "组织生活会" in dialog.inner_text() and "党委、党总支" in dialog.inner_text()
	shot(page, "democratic-life-meeting-of-a-branch-refused")
