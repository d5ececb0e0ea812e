"""Issue 19, the yearly cycle an upper level inspects: the 党员登记表 print, the committee-size rules,
谈心谈话 and the secretary's 党课 in the compliance report, study hours."""

import base64
import os

import frappe
import pytest
from frappe.utils import getdate

from party_building.activity import rules
from party_building.activity.errors import (
	ActivityFileError,
	FutureMeetingHeldError,
	LifeMeetingPreparationError,
	StudyHoursError,
	TalkOutsideOrganizationError,
	TalkWithOneselfError,
	ThemeDayError,
)
from party_building.core.errors import OutOfRangeError, UpperLevelOnlyError
from party_building.organization.errors import CommitteeOverSevenError, NoCommitteeBelowSevenError
from party_building.records.errors import (
	AssessmentExistsError,
	AssessmentOutsideError,
	AssessmentScoreError,
	DutyReportExistsError,
	DutyReportReviewerError,
)
from tests.integration.factories import make_member, make_members, make_tree, set_committee
from tests.integration.records_factories import election_doc, election_setup

FORM = "党员登记表"  # the Party Member Registration Form

# a 1×1 red PNG
PNG = base64.b64decode(
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@pytest.fixture
def zh():
	before = frappe.local.lang
	frappe.local.lang = "zh"
	try:
		yield
	finally:
		frappe.local.lang = before


# --- 党员登记表 ------------------------------------------------------------------------------------


def registered_member():
	tree = make_tree()
	photo = frappe.get_doc(
		{"doctype": "File", "file_name": "photo-test.png", "content": PNG, "is_private": 1}
	).insert()
	return make_member(
		tree.branch.name,
		ethnicity="汉族",
		native_place="河北省保定市",
		education="University",
		degree="Bachelor",
		post="Teacher",
		professional_title="中学一级教师",
		work_unit="城关第一中学",
		phone="13800000000",
		photo=photo.file_url,
		posts=[{"post_name": "教研组长", "unit": "城关第一中学", "from_date": "2020-09-01"}],
		rewards_penalties=[
			{
				"record_type": "Reward",
				"description": "优秀共产党员",
				"given_on": "2024-07-01",
				"issued_by": "县委教育工委",
			}
		],
		family_members=[{"relation": "配偶", "family_member_name": "王芳", "political_status": "CPC Member"}],
		trainings=[
			{
				"course": "党员冬训",
				"organizer": "县委组织部",
				"from_date": "2026-01-10",
				"to_date": "2026-01-12",
				"class_hours": 16,
			}
		],
		archive_items=[{"item": "Application for Membership", "received": 1, "received_on": "2010-03-01"}],
	)


def test_the_registration_form_is_the_members_default_print():
	assert frappe.get_meta("Party Member").default_print_format == FORM
	pf = frappe.get_doc("Print Format", FORM)
	assert (pf.print_format_type, pf.standard, pf.disabled) == ("Jinja", "Yes", 0)


def test_the_registration_form_prints_every_section_in_chinese(zh):
	member = registered_member()
	html = frappe.get_print("Party Member", member.name, print_format=FORM)
	for text in (
		"党员登记表",
		member.full_name,
		"教研组长",
		"优秀共产党员",
		"王芳",
		"党员冬训",
		"入党申请书",
		"党支部书记（签字）",
		"上级党委（盖章）",
		member.photo,
	):
		assert text in html, text
	assert "name_pinyin" not in html and (member.name_pinyin or "@@") not in html
	if os.environ.get(
		"PB_PRINT_PDF"
	):  # a look at the PDF: PB_PRINT_PDF=/tmp/form.pdf PB_PRINT_HOST=http://127.0.0.1:8000
		frappe.local.conf.host_name = os.environ.get("PB_PRINT_HOST") or frappe.local.conf.host_name
		with open(os.environ["PB_PRINT_PDF"], "wb") as f:
			f.write(frappe.get_print("Party Member", member.name, print_format=FORM, as_pdf=True))


def test_a_photo_outside_the_files_is_not_printed():
	member = registered_member()
	frappe.db.set_value("Party Member", member.name, "photo", "javascript:alert(1)", update_modified=False)
	html = frappe.get_print("Party Member", member.name, print_format=FORM)
	assert "javascript:" not in html


# --- committee size ---------------------------------------------------------------------------

SEVEN = [
	"Secretary",
	"Deputy Secretary",
	"Organization Member",
	"Propaganda Member",
	"Discipline Member",
	"Committee Member",
	"Committee Member",
]


def committee_rows(branch: str) -> list:
	return frappe.get_all(
		"Party Organization Committee Member", filters={"parent": branch}, pluck="member", order_by="idx"
	)


def test_a_five_member_branch_has_a_secretary_and_a_deputy_but_no_committee(zh):
	tree = make_tree()
	members = make_members(tree.branch.name, 5)
	set_committee(tree.branch, [(members[0], "Secretary"), (members[1], "Deputy Secretary")])
	with pytest.raises(NoCommitteeBelowSevenError, match="不设支部委员会"):
		set_committee(
			tree.branch,
			[
				(members[0], "Secretary"),
				(members[1], "Deputy Secretary"),
				(members[2], "Organization Member"),
			],
		)
	assert committee_rows(tree.branch.name) == [members[0].name, members[1].name]
	with pytest.raises(NoCommitteeBelowSevenError):
		set_committee(
			tree.branch,
			[(members[0], "Secretary"), (members[1], "Deputy Secretary"), (members[2], "Deputy Secretary")],
		)
	assert frappe.db.get_value("Party Organization", tree.branch.name, "committee_size") == 2


def test_an_eight_member_committee_is_refused(zh):
	tree = make_tree()
	members = make_members(tree.branch.name, 20)
	set_committee(tree.branch, list(zip(members, SEVEN, strict=False)))
	assert frappe.db.get_value("Party Organization", tree.branch.name, "committee_size") == 7
	with pytest.raises(CommitteeOverSevenError, match="不超过7人"):
		set_committee(tree.branch, list(zip(members, [*SEVEN, "Committee Member"], strict=False)))
	assert len(committee_rows(tree.branch.name)) == 7


def test_a_committee_of_six_or_seven_is_warned(zh):
	tree = make_tree()
	members = make_members(tree.branch.name, 9)
	frappe.local.message_log = []
	set_committee(tree.branch, list(zip(members, SEVEN[:5], strict=False)))
	assert "一般为3至5人" not in warnings()
	frappe.local.message_log = []
	set_committee(tree.branch, list(zip(members, SEVEN[:6], strict=False)))
	assert "一般为3至5人" in warnings()


def warnings():
	return " ".join(str(m) for m in frappe.get_message_log() if m)


def test_an_election_of_a_committee_in_a_small_branch_is_refused():
	tree = election_setup(full=6)
	with pytest.raises(NoCommitteeBelowSevenError):
		election_doc(tree, seats=3, candidates=4).insert()
	assert not frappe.db.exists("Party Election", {"organization": tree.branch.name})
	doc = election_doc(tree, seats=2, candidates=3).insert()
	assert doc.secretary == tree.members[0].name


def test_an_election_of_eight_is_refused():
	tree = election_setup(full=20)
	doc = election_doc(tree, seats=3, candidates=10)
	doc.seats = 8
	doc.committee = []
	for m, pos in zip(tree.members, [*SEVEN, "Committee Member"], strict=False):
		doc.append("committee", {"member": m.name, "position": pos})
	with pytest.raises(CommitteeOverSevenError):
		doc.insert()
	assert not frappe.db.exists("Party Election", {"organization": tree.branch.name})


# --- 谈心谈话 and the secretary's 党课 --------------------------------------------------------------


@pytest.fixture
def world():
	from tests.integration import test_activity

	return test_activity.make_world()


def talk(world, initiator, counterpart, talk_date=None, **kw):
	return frappe.get_doc(
		{
			"doctype": "Heart-to-Heart Talk",
			"organization": world.branch,
			"talk_date": talk_date or "2026-10-15",
			"initiator": initiator.name,
			"counterpart": counterpart.name,
			"topic": "工作和思想情况",
			"follow_up": "下月再谈",
			**kw,
		}
	)


def talks_of(world) -> int:
	return frappe.db.count("Heart-to-Heart Talk", {"organization": world.branch})


def test_a_talk_with_oneself_is_refused(world, zh):
	with pytest.raises(TalkWithOneselfError, match="须与他人进行"):
		talk(world, world.full[0], world.full[0]).insert()
	assert talks_of(world) == 0
	doc = talk(world, world.full[0], world.full[1]).insert()
	assert doc.initiator_name == world.full[0].full_name and doc.counterpart_name == world.full[1].full_name
	doc.counterpart = world.full[0].name
	with pytest.raises(TalkWithOneselfError):
		doc.save()
	assert frappe.db.get_value("Heart-to-Heart Talk", doc.name, "counterpart") == world.full[1].name


def test_a_talk_with_someone_of_another_branch_or_in_the_future_is_refused(world):
	with pytest.raises(TalkOutsideOrganizationError):
		talk(world, world.full[0], world.outsider).insert()
	with pytest.raises(FutureMeetingHeldError):
		talk(world, world.full[0], world.full[1], talk_date="2026-12-20").insert()
	assert talks_of(world) == 0


def test_talks_are_seen_by_their_branch_only(world):
	doc = talk(world, world.full[0], world.full[1]).insert()
	assert frappe.has_permission("Heart-to-Heart Talk", "read", doc, user=world.users.secretary)
	assert not frappe.has_permission("Heart-to-Heart Talk", "read", doc, user=world.users.other_secretary)
	frappe.set_user(world.users.other_secretary)
	try:
		assert not frappe.get_list("Heart-to-Heart Talk", filters={"name": doc.name})
	finally:
		frappe.set_user("Administrator")


def year_rows(world, **filters):
	from party_building.party_building.report.organizational_life_compliance import (
		organizational_life_compliance as report,
	)

	columns, data, _m, _c, summary = report.execute(
		frappe._dict(
			organization=world.branch,
			from_date="2026-01-01",
			to_date="2026-12-31",
			**{"period": "Quarter", **filters},
		)
	)
	return {c["fieldname"] for c in columns}, {r["period"]: r for r in data}, summary


def test_the_compliance_report_lists_outstanding_talks_and_the_secretarys_lecture(world, zh):
	from tests.integration.test_activity_report import hold

	secretary, deputy, committee_member = world.full[:3]
	columns, rows, summary = year_rows(world)
	assert {"secretary_lecture", "talks_outstanding", "talks_outstanding_members"} <= columns
	q4 = rows[max(rows)]
	assert q4["secretary_lecture"] == "0/1"
	assert q4["talks_outstanding"] == 10  # nobody has talked yet
	assert "书记讲党课" in q4["behind_on"] and "谈心谈话" in q4["behind_on"]
	assert any(c["label"] == _zh("Branches Behind on Yearly Duties") and c["value"] == 1 for c in summary)

	# a 党课 given by someone else does not count; the secretary's does
	hold(world, rules.PARTY_LECTURE, 2026, 9, lecturer=deputy.name)
	assert year_rows(world)[1][max(rows)]["secretary_lecture"] == "0/1"
	hold(world, rules.PARTY_LECTURE, 2026, 10, lecturer=secretary.name)
	assert year_rows(world)[1][max(rows)]["secretary_lecture"] == "1/1"

	talk(world, secretary, deputy).insert()
	talk(world, committee_member, secretary).insert()
	others = [m for m in world.full[3:] + world.probationary + world.grouped]
	for m in others[:-1]:
		talk(world, deputy, m).insert()
	q4 = year_rows(world)[1][max(rows)]
	assert q4["talks_outstanding"] == 1
	assert q4["talks_outstanding_members"] == f"{others[-1].full_name}：本年未谈心谈话"
	talk(world, others[-1], others[0]).insert()  # a talk, but not with the committee
	q4 = year_rows(world)[1][max(rows)]
	assert q4["talks_outstanding_members"] == f"{others[-1].full_name}：尚未与支委谈心谈话"
	talk(world, secretary, others[-1]).insert()
	q4 = year_rows(world)[1][max(rows)]
	assert q4["talks_outstanding"] == 0 and q4["secretary_lecture"] == "1/1"
	assert "谈心谈话" not in q4["behind_on"] and "书记讲党课" not in q4["behind_on"]
	(year,) = year_rows(world, period="Year")[1].values()  # the bulletin's yearly row says the same
	assert (year["talks_outstanding"], year["secretary_lecture"]) == (0, "1/1")


def _zh(text: str) -> str:
	return frappe._(text)


def test_the_demo_records_this_years_talks():
	from tests.integration.factories import demo_county

	extensions = ["party_building.demo.activity.make", "party_building.demo.talks.make"]
	with demo_county("测试谈心县", extensions=extensions) as summary:
		made = summary["party_building.demo.talks.make"]["heart-to-heart talks"]
		assert made > 0
		talks = frappe.get_all("Heart-to-Heart Talk", fields=["initiator", "counterpart", "talk_date"])
		assert len(talks) >= made
		assert all(t.initiator != t.counterpart for t in talks)
		assert all(getdate(t.talk_date).year == 2026 for t in talks)


# --- 学时 -----------------------------------------------------------------------------------------


def study_report(world, **filters):
	from party_building.party_building.report.study_hours import study_hours as report

	_columns, data, _m, _c, summary = report.execute(
		frappe._dict(organization=world.branch, year=2026, **filters)
	)
	return {r["member"]: r for r in data}, summary


def test_negative_study_hours_are_refused(world, zh):
	from tests.integration.test_activity import activity

	doc = activity(world, study_hours=-1)
	with pytest.raises(StudyHoursError, match="学时应在0至24之间"):
		doc.insert()
	assert not frappe.db.exists("Party Activity", {"organization": world.branch, "study_hours": -1})
	with pytest.raises(StudyHoursError):
		activity(world, study_hours=25).insert()
	doc = activity(world).insert()  # 14:00–16:00, left empty: the duration
	assert doc.study_hours == 2.0
	doc.study_hours = -3
	with pytest.raises(StudyHoursError):
		doc.save()
	assert frappe.db.get_value("Party Activity", doc.name, "study_hours") == 2.0


def test_negative_training_hours_are_refused(world):
	member = frappe.get_doc("Party Member", world.full[3].name)
	member.append("trainings", {"course": "党员冬训", "from_date": "2026-01-10", "class_hours": -2})
	with pytest.raises(OutOfRangeError):
		member.save()
	assert not frappe.db.exists("Party Member Training", {"parent": member.name})


def test_the_study_hours_report_lists_members_under_32_hours(world):
	from tests.integration.test_activity import activity, attendee

	studious, present_only, absent = world.full[3], world.full[4], world.full[5]
	others = [m for m in world.full + world.probationary + world.grouped if m not in (present_only, absent)]
	activity(
		world,
		members=[],
		attendees=[attendee(m) for m in [*others, present_only]] + [attendee(absent, rules.ABSENT)],
		study_hours=3,
	).insert()
	member = frappe.get_doc("Party Member", studious.name)
	member.append(
		"trainings",
		{"course": "党员冬训", "from_date": "2026-01-10", "to_date": "2026-01-14", "class_hours": 29},
	)
	member.append("trainings", {"course": "去年的培训", "from_date": "2025-03-01", "class_hours": 40})
	member.save()

	rows, summary = study_report(world)
	assert studious.name not in rows  # 3 + 29 = 32
	assert rows[present_only.name]["activity_hours"] == 3 and rows[present_only.name]["short"] == 29
	assert rows[absent.name]["total_hours"] == 0 and rows[absent.name]["short"] == 32
	assert {c["value"] for c in summary} >= {len(rows)}
	everyone, _summary = study_report(world, show_all=1)
	assert everyone[studious.name]["total_hours"] == 32 and everyone[studious.name]["training_hours"] == 29
	assert world.outsider.name not in everyone  # another branch's member


def test_the_demo_gives_its_activities_study_hours():
	from tests.integration.factories import demo_county

	extensions = ["party_building.demo.activity.make", "party_building.demo.study_hours.make"]
	with demo_county("测试学时县", extensions=extensions) as summary:
		assert summary["party_building.demo.study_hours.make"]["activities with study hours"] > 0
		assert not frappe.db.count("Party Activity", {"study_hours": ("<", 0)})


# --- 主题党日 fixed day ------------------------------------------------------------------------------


def test_a_theme_day_outside_the_month_is_refused(world, zh):
	branch = frappe.get_doc("Party Organization", world.branch)
	branch.theme_day = 32
	with pytest.raises(ThemeDayError, match="主题党日固定日期应为每月1至31号"):
		branch.save()
	assert not frappe.db.get_value("Party Organization", world.branch, "theme_day")
	branch.reload()
	branch.theme_day = 10
	branch.save()
	assert frappe.db.get_value("Party Organization", world.branch, "theme_day") == 10


def test_the_yearly_plan_puts_the_theme_day_on_the_fixed_day(world):
	frappe.db.set_value("Party Organization", world.branch, "theme_day", 31)
	plan = frappe.get_doc({"doctype": "Party Activity Plan", "organization": world.branch, "year": 2027})
	plan.make_standard_plan()
	plan.insert()
	days = {r.month: getdate(r.planned_date) for r in plan.items if r.activity_type == rules.THEME_DAY}
	assert len(days) == 12
	assert (
		days[1] == getdate("2027-01-31")
		and days[2] == getdate("2027-02-28")
		and days[4] == getdate("2027-04-30")
	)


def test_the_theme_day_reminder_follows_the_branchs_fixed_day(world):
	from party_building.activity import service as activities

	key = f"theme-day:{world.branch}:2026-11"
	# the settings' own deadline (unset: the default, later in the month), whatever an earlier test set
	frappe.db.set_single_value("Party Building Settings", "theme_day_deadline", 0)
	assert activities.theme_day_deadline() > 11
	activities.send_reminders(getdate("2026-11-11"))
	assert not frappe.db.exists("Party Reminder Log", {"reminder_key": key})  # the settings' day is later
	frappe.db.set_value("Party Organization", world.branch, "theme_day", 10)
	activities.send_reminders(getdate("2026-11-10"))
	assert not frappe.db.exists("Party Reminder Log", {"reminder_key": key})  # the day itself
	activities.send_reminders(getdate("2026-11-11"))
	assert frappe.db.exists("Party Reminder Log", {"reminder_key": key})


# --- the files of an activity ----------------------------------------------------------------------


def test_a_scene_photo_that_is_no_picture_is_refused(world, zh):
	from tests.integration.test_activity import activity

	files = [{"kind": "Scene Photo", "file": "/files/minutes.pdf", "description": "会场"}]
	with pytest.raises(ActivityFileError, match="现场照片须为图片"):
		activity(world, activity_files=files).insert()
	assert not frappe.db.exists("Party Activity File", {"file": "/files/minutes.pdf"})


def test_the_minutes_list_the_files_and_show_the_photos(world, zh):
	from tests.integration.test_activity import activity

	photo = frappe.get_doc(
		{"doctype": "File", "file_name": "scene-test.png", "content": PNG, "is_private": 1}
	).insert()
	doc = activity(
		world,
		activity_files=[
			{"kind": "Sign-in Sheet", "file": "/files/sign-in-2026-11.pdf", "description": "签到表原件"},
			{"kind": "Scene Photo", "file": photo.file_url, "description": "会场照片"},
			{"kind": "Meeting Materials", "file": "/files/study.docx", "description": "学习材料"},
		],
	).insert()
	html = frappe.get_print("Party Activity", doc.name, print_format="会议记录")
	for text in ("签到表", "现场照片", "会议材料", "签到表原件", "sign-in-2026-11.pdf", "学习材料"):
		assert text in html, text
	assert html.count(f'src="{photo.file_url}"') == 1  # the photo as a thumbnail, the others listed only
	if os.environ.get("PB_PRINT_PDF"):
		frappe.local.conf.host_name = os.environ.get("PB_PRINT_HOST") or frappe.local.conf.host_name
		with open(os.environ["PB_PRINT_PDF"].replace(".pdf", "-minutes.pdf"), "wb") as f:
			f.write(frappe.get_print("Party Activity", doc.name, print_format="会议记录", as_pdf=True))


# --- 述职评议 ------------------------------------------------------------------------------------------


def duty_report(world, **kw):
	return frappe.get_doc(
		{
			"doctype": "Secretary Duty Report",
			"organization": world.branch,
			"year": 2026,
			"report": "<p>一年来，支部认真落实“三会一课”……</p>",
			**kw,
		}
	)


def test_the_secretary_reports_and_only_the_upper_level_grades(world, zh):
	frappe.set_user(world.users.secretary)
	try:
		doc = duty_report(world).insert()
		assert doc.secretary == world.full[0].name and not doc.overall_grade
		doc.append("reviews", {"grade": "Good", "comment": "自评"})
		with pytest.raises(UpperLevelOnlyError, match="由上级党组织评议"):
			doc.save()
	finally:
		frappe.set_user("Administrator")
	assert not frappe.db.count("Secretary Duty Report Review", {"parent": doc.name})

	frappe.set_user(world.users.upper)
	try:
		doc = frappe.get_doc("Secretary Duty Report", doc.name)
		doc.append("reviews", {"grade": "Fairly Good", "comment": "谈心谈话还需加强"})
		doc.save()
		assert doc.reviews[0].reviewer == world.users.upper and doc.overall_grade == "Fairly Good"
		doc.append("reviews", {"grade": "Good"})
		with pytest.raises(DutyReportReviewerError):
			doc.save()
	finally:
		frappe.set_user("Administrator")
	assert frappe.db.count("Secretary Duty Report Review", {"parent": doc.name}) == 1
	doc = frappe.get_doc("Secretary Duty Report", doc.name)
	doc.append("reviews", {"grade": "Good"})  # a second reviewer (Administrator)
	doc.save()
	assert doc.overall_grade == "Good"  # (3 + 4) / 2, half up


def test_one_duty_report_a_year(world):
	duty_report(world).insert()
	with pytest.raises(DutyReportExistsError):
		duty_report(world).insert()
	assert frappe.db.count("Secretary Duty Report", {"organization": world.branch}) == 1
	duty_report(world, year=2025).insert()


def test_the_appraisal_summary_lists_every_branch(world, zh):
	from party_building.party_building.report.duty_report_appraisal import duty_report_appraisal as report

	doc = duty_report(world).insert()
	doc.append("reviews", {"grade": "Average", "comment": "一般"})
	doc.save()
	_columns, data, _m, _c, summary = report.execute(
		frappe._dict(organization=world.tree.general.name, year=2026)
	)
	rows = {r["organization"]: r for r in data}
	assert rows[world.branch]["status"] == "已述职" and rows[world.branch]["overall_grade"] == "一般"
	assert rows[world.branch]["average"] == 1 and rows[world.branch]["reviews"] == 1
	assert rows[world.other]["status"] == "未述职"
	assert {"label": "未述职", "value": len(data) - 1} == {
		k: c[k] for c in summary if c["label"] == "未述职" for k in ("label", "value")
	}
	frappe.set_user(world.users.other_secretary)
	try:
		_columns, data, *_rest = report.execute(frappe._dict(year=2026))
		assert world.branch not in {r["organization"] for r in data}
	finally:
		frappe.set_user("Administrator")


def test_the_demo_has_last_years_duty_reports():
	from tests.integration.factories import demo_county

	with demo_county("测试述职县", extensions=["party_building.demo.duty_reports.make"]) as summary:
		made = summary["party_building.demo.duty_reports.make"]["duty reports"]
		assert made > 0
		reports = frappe.get_all(
			"Secretary Duty Report", fields=["name", "year", "overall_grade", "secretary"]
		)
		assert len(reports) >= made and all(
			r.year == 2025 and r.overall_grade and r.secretary for r in reports
		)
		assert frappe.db.count("Secretary Duty Report Review", {"parent": reports[0].name}) == 1


# --- 组织生活会 chain ----------------------------------------------------------------------------------


def test_a_life_meeting_is_held_only_after_its_preparation(world, zh):
	from tests.integration.test_activity import activity

	doc = activity(world, activity_type=rules.LIFE_MEETING)
	with pytest.raises(LifeMeetingPreparationError, match="征求意见、谈心谈话、撰写对照检查材料"):
		doc.insert()
	assert not frappe.db.exists(
		"Party Activity", {"organization": world.branch, "activity_type": rules.LIFE_MEETING}
	)
	planned = activity(world, activity_type=rules.LIFE_MEETING, status="Planned", activity_date="2026-12-20")
	planned.insert()  # planned: the checklist is laid out, nothing is required yet
	assert [r.step for r in planned.life_meeting_steps] == list(rules.LIFE_MEETING_STEPS)


def test_the_rectification_list_feeds_the_rectification_ledger(world):
	from tests.integration.test_activity import activity

	steps = [{"step": s, "done": 1, "done_on": "2026-11-01"} for s in rules.BEFORE_THE_MEETING]
	rows = [
		{"problem": "理论学习不够深入", "measures": "每月集中学习一次", "deadline": "2027-03-31"},
		{"problem": "谈心谈话覆盖不全", "measures": "书记与每名党员谈心", "deadline": "2027-01-31"},
	]
	doc = activity(
		world, activity_type=rules.LIFE_MEETING, life_meeting_steps=steps, life_meeting_rectifications=rows
	).insert()
	doc.reload()
	items = [r.rectification_item for r in doc.life_meeting_rectifications]
	assert all(items) and len(set(items)) == 2
	item = frappe.get_doc("Rectification Item", items[0])
	assert (item.organization, item.description, str(item.deadline)) == (
		world.branch,
		"理论学习不够深入",
		"2027-03-31",
	)
	assert item.from_meeting == doc.name  # linked back to the meeting
	doc.save()  # saved again: no second item for the same row
	assert frappe.db.count("Rectification Item", {"organization": world.branch}) == 2


# --- 党建目标考核 ---------------------------------------------------------------------------------------


def make_template(tree, year=2026):
	return frappe.get_doc(
		{
			"doctype": "Branch Assessment Template",
			"organization": tree.committee.name,
			"year": year,
			"items": [
				{"item": "落实“三会一课”制度", "points": 30, "evidence_rule": "Meetings Held"},
				{"item": "开展谈心谈话", "points": 20, "evidence_rule": "Heart-to-Heart Talks"},
				{"item": "整改落实", "points": 20, "evidence_rule": "Rectifications Closed"},
				{"item": "支部班子建设", "points": 30},
			],
		}
	).insert()


def make_assessment(world, template=None):
	template = template or make_template(world.tree)
	return frappe.get_doc(
		{"doctype": "Branch Assessment", "template": template.name, "organization": world.branch}
	).insert()


def test_the_assessment_draws_its_evidence_and_only_the_upper_level_scores(world, zh):
	talk(world, world.full[0], world.full[1]).insert()
	doc = make_assessment(world)
	assert doc.year == 2026 and doc.max_score == 100 and doc.total_score == 0
	assert doc.name.startswith("BA-2026-")  # named after the template's year
	evidence = {r.item: r.evidence for r in doc.items}
	assert "应开会议" in evidence["落实“三会一课”制度"]
	assert evidence["开展谈心谈话"] == "尚有8人未完成谈心谈话"
	assert evidence["整改落实"] == "整改事项0项，已销号0项"
	assert evidence["支部班子建设"] in ("", None)

	for user, error in (
		(world.users.secretary, frappe.PermissionError),  # reads its assessment, never writes it
		(world.users.branch_admin, UpperLevelOnlyError),  # an administrator of the branch itself
	):
		frappe.set_user(user)
		try:
			own = frappe.get_doc("Branch Assessment", doc.name)
			own.items[3].score = 30
			with pytest.raises(error):
				own.save()
		finally:
			frappe.set_user("Administrator")
	assert not frappe.db.get_value("Branch Assessment", doc.name, "total_score")
	frappe.set_user(world.users.upper)
	try:
		for bad in (31, -1):
			doc = frappe.get_doc("Branch Assessment", doc.name)
			doc.items[0].score = bad
			with pytest.raises(AssessmentScoreError, match="得分应在0至该项分值30"):
				doc.save()
		doc = frappe.get_doc("Branch Assessment", doc.name)
		doc.items[0].score, doc.items[1].score, doc.items[3].score = 28, 15, 27.5
		doc.save()
	finally:
		frappe.set_user("Administrator")
	stored = frappe.get_doc("Branch Assessment", doc.name)
	assert (stored.total_score, stored.scored_by) == (70.5, world.users.upper)
	with pytest.raises(AssessmentExistsError):
		make_assessment(world, frappe.get_doc("Branch Assessment Template", doc.template))


def test_another_countys_branch_is_neither_assessed_nor_scored(world):
	from party_building.core import access
	from tests.integration.factories import make_user

	other_county = make_tree()
	template = make_template(world.tree)
	stranger = frappe.get_doc(
		{"doctype": "Branch Assessment", "template": template.name, "organization": other_county.branch.name}
	)
	with pytest.raises(AssessmentOutsideError):
		stranger.insert()
	assert not frappe.db.exists("Branch Assessment", {"organization": other_county.branch.name})

	doc = make_assessment(world, template)
	other_admin = make_user("Party Admin").name
	access.grant_access(other_county.committee.name, other_admin, "Party Admin")
	doc.items[0].score = 10
	frappe.set_user(other_admin)
	try:
		with pytest.raises((UpperLevelOnlyError, frappe.PermissionError)):
			doc.save()
	finally:
		frappe.set_user("Administrator")
	assert not frappe.db.get_value("Branch Assessment Item", doc.items[0].name, "score")


def test_the_ranking_shares_places_for_equal_totals(world):
	from party_building.party_building.report.branch_assessment_ranking import (
		branch_assessment_ranking as report,
	)
	from tests.integration.factories import make_org

	template = make_template(world.tree)
	scores = {}
	for branch, score in ((world.branch, 20), (world.other, 25)):
		doc = frappe.get_doc(
			{"doctype": "Branch Assessment", "template": template.name, "organization": branch}
		).insert()
		doc.items[3].score = score
		doc.save()
		scores[branch] = doc.name
	third = make_org("Branch", world.tree.general.name)
	doc = frappe.get_doc(
		{"doctype": "Branch Assessment", "template": template.name, "organization": third.name}
	).insert()
	doc.items[3].score = 20
	doc.save()
	_c, data, _m, _ch, _s = report.execute(frappe._dict(organization=world.tree.committee.name, year=2026))
	ranks = {r["organization"]: r["rank"] for r in data}
	assert ranks == {world.other: 1, world.branch: 2, third.name: 2}


def test_the_assessment_prints_as_its_form(world, zh):
	doc = make_assessment(world)
	assert frappe.get_meta("Branch Assessment").default_print_format == "党建目标考核表"
	html = frappe.get_print("Branch Assessment", doc.name, print_format="党建目标考核表")
	for text in ("党建目标考核表", "落实“三会一课”制度", "佐证情况", "总得分", "上级党委（盖章）"):
		assert text in html, text
	if os.environ.get("PB_PRINT_PDF"):
		frappe.local.conf.host_name = os.environ.get("PB_PRINT_HOST") or frappe.local.conf.host_name
		with open(os.environ["PB_PRINT_PDF"].replace(".pdf", "-assessment.pdf"), "wb") as f:
			f.write(
				frappe.get_print("Branch Assessment", doc.name, print_format="党建目标考核表", as_pdf=True)
			)


def test_the_demo_assesses_every_branch():
	from tests.integration.factories import demo_county

	extensions = ["party_building.demo.activity.make", "party_building.demo.assessment.make"]
	with demo_county("测试考核县", extensions=extensions) as summary:
		made = summary["party_building.demo.assessment.make"]["branch assessments"]
		assert made > 0
		from party_building.demo import County
		from party_building.organization.service import subtree

		rows = frappe.get_all(
			"Branch Assessment",
			filters={
				"organization": ("in", subtree(County("测试考核县").root))
			},  # the site may hold a demo too
			fields=["total_score", "max_score", "year"],
		)
		assert len(rows) == made and all(
			0 < r.total_score <= r.max_score == 100 and r.year == 2025 for r in rows
		)


def test_the_members_form_shows_the_years_study_hours(world):
	from party_building.activity.service import member_study_hours
	from tests.integration.test_activity import activity

	activity(world, study_hours=3).insert()
	frappe.set_user(world.users.secretary)
	try:
		hours = member_study_hours(world.full[0].name, 2026)
	finally:
		frappe.set_user("Administrator")
	assert hours == {"year": 2026, "total_hours": 3.0, "required": 32, "short": 29.0}
	frappe.set_user(world.users.other_secretary)
	try:
		with pytest.raises(frappe.PermissionError):
			member_study_hours(world.full[0].name, 2026)
	finally:
		frappe.set_user("Administrator")
