"""The admission sheets of the data import (onboarding.admission): probationary members (预备党员) come
into the register with their admission record at step 22 and their probation reminder; people in the
middle of admission (发展党员) get a carried-over record (历史数据转入) at the step reached, checked by the
form's rules. Each bad row is a Chinese error with its row, column and value, and nothing is written."""

import datetime
import io

import frappe
import pytest

from party_building.admission import rules as admission_rules
from party_building.admission.service import send_reminders
from party_building.organization.rules import add_years
from tests.integration import test_onboarding as base
from tests.integration.factories import make_member, make_org
from tests.integration.test_onboarding import messages, new_id, person, refused, run, xlsx

county = base.county  # the fixture: a county, its branch, a Party Admin and the branch's secretary

D = datetime.date
TODAY = D(2026, 11, 18)
JOINED = D(2026, 3, 10)


@pytest.fixture(autouse=True)
def chinese():
	frappe.local.lang = "zh"
	yield
	frappe.local.lang = frappe.db.get_default("lang") or "zh"


@pytest.fixture
def full(county):
	"""Three full members of the branch: contacts and introducers."""
	return [make_member(county.other, membership_type="Full") for _ in range(3)]


def probationary(county, full, **kw) -> dict:
	row = person(county.other, gender="女", birth=D(1996, 4, 2))
	for key in ("人员类别", "转为正式党员日期"):
		row.pop(key)
	row.update(
		{
			"申请入党日期": "2024.3.1",
			"确定为入党积极分子日期": "2024-04-15",
			"确定为发展对象日期": "2025年5月6日",
			"入党日期": f"{JOINED:%Y-%m-%d}",
			"上级党委审批日期": "2026-04-20",
			"入党宣誓日期": "2026-05-01",
			"入党介绍人": f"{full[0].id_number}、{full[1].full_name}",
		}
	)
	row.update(kw)
	return row


def developing(county, full, **kw) -> dict:
	"""A development target who has reached step 9 (introducers chosen)."""
	birth = D(1998, 8, 8)
	row = {
		"姓名": "赵发展",
		"性别": "男",
		"出生日期": None,
		"公民身份号码": new_id(birth),
		"最高学历": "大学本科",
		"所在党支部": county.other,
		"已完成至第几步": "第9步",
		"1.递交入党申请书": "2024-03-01",
		"2.党组织派人谈话": "2024-03-20",
		"3.推荐和确定入党积极分子": "2024-06-01",
		"7.确定发展对象": "2025-06-10",
		"9.确定入党介绍人": "2025-06-20",
		"培养联系人": full[2].id_number,
		"入党介绍人": f"{full[0].id_number}、{full[1].id_number}",
	}
	row.update(kw)
	return row


def record_of(id_number: str):
	name = frappe.db.get_value("Member Development", {"id_number": id_number})
	return frappe.get_doc("Member Development", name) if name else None


def nothing_written(id_number: str):
	assert not frappe.db.exists("Member Development", {"id_number": id_number})
	assert not frappe.db.exists("Party Member", {"id_number": id_number})


# --- 预备党员: the register and the record at step 22 ---------------------------------------------------


def test_a_probationary_member_comes_in_with_the_record_at_step_22_and_the_probation_reminder(county, full):
	row = probationary(county, full)
	report = run(xlsx({"probationary": [row]}), county.root, county.admin)
	assert not report["errors"], messages(report)
	assert report["counts"]["probationary"]["created"] == 1
	member = frappe.get_doc("Party Member", {"id_number": row["公民身份号码"]})
	assert (member.membership_type, member.joined_on, member.branch) == ("Probationary", JOINED, county.other)
	doc = record_of(row["公民身份号码"])
	assert (doc.carried_over, doc.carried_over_through, doc.party_member) == (1, 21, member.name)
	assert doc.stage == admission_rules.PROBATIONARY_MEMBER
	# probation ends a year after the branch meeting (the joining date), by the form's own rule
	assert doc.probation_end == admission_rules.probation_end(JOINED) == D(2027, 3, 10)
	assert (doc.next_step, doc.next_due_on) == (admission_rules.FULL_MEETING, D(2027, 3, 10))
	dates = doc.step_dates()
	assert (dates[1], dates[15], dates[17], dates[20], dates[21]) == (
		D(2024, 3, 1),
		JOINED,
		D(2026, 4, 20),
		D(2026, 5, 1),
		None,
	)
	assert doc.approving_organization == county.root
	assert sorted(i.member for i in doc.introducers) == sorted([full[0].name, full[1].name])
	# the daily job reminds the branch and the upper level 30 days before the probation ends
	send_reminders(D(2027, 2, 20))
	assert frappe.db.exists(
		"Party Reminder Log",
		{"reference_name": doc.name, "reminder_type": admission_rules.PROBATION_ENDING},
	)
	# importing the same file again changes nothing
	again = run(xlsx({"probationary": [row]}), county.root, county.admin)
	assert not again["errors"], messages(again)
	assert again["counts"]["probationary"] == {"created": 0, "updated": 0, "unchanged": 1}
	assert frappe.db.count("Member Development", {"id_number": row["公民身份号码"]}) == 1


def test_an_extended_probation_ends_later_and_needs_the_decisions_date(county, full):
	joined = D(2025, 6, 1)
	row = probationary(
		county,
		full,
		入党日期=f"{joined:%Y-%m-%d}",
		上级党委审批日期="2025-07-01",
		入党宣誓日期="2025-07-10",
		**{"延长预备期（月）": 12},
	)
	refused(run(xlsx({"probationary": [row]}), county.root, county.admin), "延长预备期决定日期", "延长")
	nothing_written(row["公民身份号码"])
	row["延长预备期决定日期"] = "2026-06-05"
	report = run(xlsx({"probationary": [row]}), county.root, county.admin)
	assert not report["errors"], messages(report)
	doc = record_of(row["公民身份号码"])
	assert doc.probation_end == D(2027, 6, 1) and doc.stage == admission_rules.PROBATIONARY_MEMBER


# --- 发展党员: a carried-over record at the step reached -------------------------------------------------


def test_a_person_in_the_middle_of_admission_starts_at_the_step_reached(county, full):
	row = developing(county, full)
	report = run(xlsx({"development": [row]}), county.root, county.admin)
	assert not report["errors"], messages(report)
	doc = record_of(row["公民身份号码"])
	assert (doc.carried_over, doc.carried_over_through) == (1, 9)
	assert doc.stage == admission_rules.DEVELOPMENT_TARGET and not doc.party_member
	assert doc.target_date == D(2025, 6, 10) and doc.activist_date == D(2024, 6, 1)
	assert [r.note for r in doc.steps if r.step_no in (4, 5, 8)] == ["此前已完成（历史数据转入）"] * 3
	assert [c.member for c in doc.contacts] == [full[2].name]
	assert not doc.pending_boundary  # the filing (step 8) was done before the app
	assert not frappe.db.exists("Party Member", {"id_number": row["公民身份号码"]})
	# the record goes on in the app: its next steps are dated as usual
	doc.reload()
	next(r for r in doc.steps if r.step_no == 10).step_date = D(2025, 7, 1)
	doc.save()
	assert doc.carried_over_through == 9


def test_a_secretary_carries_over_records_of_their_own_branch_only(county, full):
	row = developing(county, full)
	report = run(xlsx({"development": [row]}), county.other, county.secretary)
	assert not report["errors"], messages(report)
	elsewhere = make_org("Branch", county.root)
	other = developing(county, full, 公民身份号码=new_id(D(1999, 1, 1)), 所在党支部=elsewhere.name)
	report = run(xlsx({"development": [other]}), county.other, county.secretary)
	refused(report, "所在党支部", "不在你可以导入的党组织范围内")
	assert not frappe.db.exists("Member Development", {"id_number": other["公民身份号码"]})


# --- bad input: a Chinese error naming the rule, with row, column and value; nothing written ---------


def error_of(report, column: str) -> dict:
	assert not report["imported"]
	found = [e for e in report["errors"] if e["column"] == column]
	assert found, messages(report)
	return found[0]


def test_a_probationary_member_joined_three_years_ago_without_extension_is_refused(county, full):
	joined = add_years(TODAY, -3)
	row = probationary(county, full, 入党日期=f"{joined:%Y-%m-%d}", 上级党委审批日期=None, 入党宣誓日期=None)
	row.update({"申请入党日期": None, "确定为入党积极分子日期": None, "确定为发展对象日期": None})
	report = run(xlsx({"probationary": [row]}), county.root, county.admin)
	error = error_of(report, "入党日期")
	assert (error["sheet"], error["row"], error["value"]) == ("预备党员", 2, f"{joined:%Y-%m-%d}")
	assert "预备期已于" in error["message"]
	nothing_written(row["公民身份号码"])


def test_an_approval_later_than_three_months_after_the_branch_meeting_is_refused(county, full):
	row = probationary(county, full, 上级党委审批日期="2026-07-20", 入党宣誓日期="2026-07-25")
	report = run(xlsx({"probationary": [row]}), county.root, county.admin)
	error = error_of(report, "上级党委审批日期")
	assert error["value"] == "2026-07-20" and "3" in error["message"] and "个月" in error["message"]
	nothing_written(row["公民身份号码"])


def test_a_development_target_within_a_year_of_becoming_activist_is_refused(county, full):
	row = developing(county, full, **{"7.确定发展对象": "2025-03-01", "9.确定入党介绍人": "2025-03-10"})
	report = run(xlsx({"development": [row]}), county.root, county.admin)
	error = error_of(report, "7.确定发展对象")
	assert error["row"] == 2 and error["value"] == "2025-03-01" and "1" in error["message"]
	nothing_written(row["公民身份号码"])


def test_dates_out_of_order_are_refused(county, full):
	row = developing(county, full, **{"3.推荐和确定入党积极分子": "2024-02-01"})
	report = run(xlsx({"development": [row]}), county.root, county.admin)
	error = error_of(report, "3.推荐和确定入党积极分子")
	assert "顺序" in error["message"] and error["value"] == "2024-02-01"
	nothing_written(row["公民身份号码"])


def test_a_probationary_introducer_is_refused(county, full):
	newcomer = make_member(county.other, membership_type="Probationary", joined_on=D(2026, 5, 1))
	row = developing(county, full, 入党介绍人=f"{full[0].id_number}、{newcomer.id_number}")
	report = run(xlsx({"development": [row]}), county.root, county.admin)
	error = error_of(report, "入党介绍人")
	assert "正式党员" in error["message"]
	nothing_written(row["公民身份号码"])


def test_an_unknown_introducer_is_refused(county, full):
	row = developing(county, full, 入党介绍人=f"{full[0].id_number}、查无此人")
	error = error_of(run(xlsx({"development": [row]}), county.root, county.admin), "入党介绍人")
	assert "查无此人" in error["message"]
	nothing_written(row["公民身份号码"])


@pytest.mark.parametrize(
	"cells, column, words",
	[
		({"已完成至第几步": 23}, "已完成至第几步", "22"),
		({"已完成至第几步": "快入党了"}, "已完成至第几步", "步骤"),
		({"已完成至第几步": 7}, "9.确定入党介绍人", "只到第7步"),
		({"已完成至第几步": 17, "15.支部大会讨论": "2026-01-10"}, "公民身份号码", "预备党员"),
		({"政治审查结论": "待定"}, "政治审查结论", "通过"),
		({"1.递交入党申请书": "2027-01-01"}, "1.递交入党申请书", "晚于今天"),
		(
			{
				"已完成至第几步": 18,
				**{"1.递交入党申请书": "2020-01-06", "2.党组织派人谈话": "2020-01-20"},
				**{"3.推荐和确定入党积极分子": "2020-03-02", "7.确定发展对象": "2021-04-01"},
				**{"9.确定入党介绍人": "2021-04-10", "15.支部大会讨论": "2021-06-01"},
			},
			"15.支部大会讨论",
			"预备期已于",
		),
	],
)
def test_impossible_rows_in_the_development_sheet_are_refused(county, full, cells, column, words):
	row = developing(county, full, **cells)
	report = run(xlsx({"development": [row]}), county.root, county.admin)
	error = error_of(report, column)
	assert words in error["message"], messages(report)
	assert error["sheet"] == "发展党员" and error["row"] == 2
	nothing_written(row["公民身份号码"])


def test_one_bad_row_of_the_admission_sheets_writes_nothing_of_the_file(county, full):
	good = probationary(county, full)
	bad = developing(county, full, **{"7.确定发展对象": "2025-03-01", "9.确定入党介绍人": "2025-03-10"})
	report = run(xlsx({"probationary": [good], "development": [bad]}), county.root, county.admin)
	assert not report["imported"] and len(report["errors"]) == 1, messages(report)
	nothing_written(good["公民身份号码"])
	nothing_written(bad["公民身份号码"])


def test_the_template_has_the_admission_sheets_with_their_instructions():
	from openpyxl import load_workbook

	from party_building.onboarding import templates
	from party_building.onboarding.export import template_workbook

	book = load_workbook(io.BytesIO(template_workbook()))
	assert {"预备党员", "发展党员"} <= set(book.sheetnames)
	assert [c.value for c in book["发展党员"][1]] == [c.header for c in templates.DEVELOPMENT.columns]
	guide = "\n".join(str(c.value or "") for c in book["填写说明"]["A"])
	assert "【预备党员】" in guide and "第22步" in guide and "【发展党员】" in guide
