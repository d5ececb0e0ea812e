"""Onboarding a county from Excel (party_building.onboarding): a file is checked row by row with the forms'
rules and written all or nothing; re-importing changes nothing; a corrected file updates, never
duplicates; each bad input is a Chinese error and writes nothing."""

import datetime
import io

import frappe
import pytest
from openpyxl import Workbook

from party_building.core import access
from party_building.dues.install import ensure_defaults
from party_building.members import idcard
from party_building.onboarding import service, templates
from party_building.onboarding.errors import FileTooLargeError, MergedHeaderError, UnsupportedFileTypeError
from party_building.organization.rules import add_years
from tests.integration.factories import make_member, make_org, make_user, unique

D = datetime.date
TODAY = D(2026, 11, 18)


@pytest.fixture(autouse=True)
def chinese():
	frappe.local.lang = "zh"
	yield
	frappe.local.lang = frappe.db.get_default("lang") or "zh"


# --- building files ---------------------------------------------------------------------------------


def xlsx(sheets: dict[str, list[dict]]) -> bytes:
	"""A workbook made from the templates, with rows given as {header: value}."""
	rows = {}
	for kind, entries in sheets.items():
		sheet = templates.BY_KIND[kind]
		rows[kind] = [[entry.get(c.header) for c in sheet.columns] for entry in entries]
	book = templates.build_workbook(tuple(templates.BY_KIND[k] for k in sheets), rows)
	out = io.BytesIO()
	book.save(out)
	return out.getvalue()


_sequence = [500]


def new_id(birth: D, gender: str = "Male") -> str:
	while True:
		_sequence[0] += 2
		number = idcard.make("110101", birth, _sequence[0], gender)
		if not frappe.db.exists("Party Member", {"id_number": number}):
			return number


def person(branch: str, **kw) -> dict:
	birth = kw.pop("birth", D(1980, 5, 17))
	gender = kw.pop("gender", "男")
	row = {
		"姓名": kw.pop("name", unique("党员")[:8]),
		"性别": gender,
		"民族": "汉族",
		"出生日期": None,
		"公民身份号码": kw.pop("id_number", None) or new_id(birth, "Male" if gender == "男" else "Female"),
		"最高学历": "大学本科",
		"学位": "学士",
		"人员类别": "正式党员",
		"所在党支部": branch,
		"入党日期": "2005.7.1",
		"转为正式党员日期": "2006年7月1日",
		"工作岗位": "教师",
		"联系电话": "13800138000",
	}
	row.update(kw)
	return row


@pytest.fixture
def county():
	"""A party committee (the county) with a Party Admin restricted to it, and a branch already on the
	site with a secretary restricted to that branch."""
	ensure_defaults()
	root = make_org("Party Committee", status="Active")
	other = make_org("Branch", root.name)
	admin = make_user("Party Admin")
	access.ensure_access(admin.name, root.name, "Party Admin")
	secretary = make_user("Branch Secretary")
	access.ensure_access(secretary.name, other.name, "Branch Secretary")
	access.forget_organization_grants()
	return frappe._dict(root=root.name, other=other.name, admin=admin.name, secretary=secretary.name)


def good_file(county, branch_name: str, ids: list[str] | None = None) -> tuple[bytes, list[str]]:
	"""A new branch with a party group, four members (one probationary), their 2026 dues bases and a
	payment each."""
	group = f"{branch_name}第一党小组"
	members = [person(branch_name, 所在党小组=group if i == 0 else None) for i in range(3)]
	members.append(
		person(
			branch_name,
			人员类别="预备党员",
			入党日期="2026-03-01",
			转为正式党员日期=None,
			gender="女",
			birth=D(1995, 1, 2),
		)
	)
	if ids:
		for m, number in zip(members, ids, strict=True):
			m["公民身份号码"] = number
	ids = [m["公民身份号码"] for m in members]
	content = xlsx(
		{
			"organizations": [
				{
					"党组织全称": branch_name,
					"组织类别": "党支部",
					"上级党组织全称": county.root,
					"所在单位": "某县第九中学",
					"状态": "正常",
					"成立批准文号": "县教工委〔2018〕3号",
					"成立日期": "2018.3.1",
					"本届任期开始": "2024-03-01",
				},
				{"党组织全称": group, "组织类别": "党小组", "上级党组织全称": branch_name, "状态": "正常"},
			],
			"members": members,
			"dues_bases": [
				{"年度": 2026, "公民身份号码": number, "类别": "在职", "月工资基数": 4000} for number in ids
			],
			"dues_payments": [
				{
					"公民身份号码": number,
					"起始月份": "2026.01",
					"截止月份": "2026.03",
					"金额": 120,
					"缴纳日期": "2026-03-20",
					"缴纳方式": "微信支付",
				}
				for number in ids[:3]
			],
		}
	)
	return content, ids


def run(content: bytes, organization: str, user: str = "Administrator", dry_run=False, name="导入.xlsx"):
	frappe.set_user(user)
	try:
		return service.run_import(content, name, organization, dry_run=dry_run, commit=False)
	finally:
		frappe.set_user("Administrator")


def messages(report) -> str:
	return "\n".join(
		f"{e['sheet']} {e['row']} {e['column']} {e['value']} {e['message']}" for e in report["errors"]
	)


def member_count(ids) -> int:
	return frappe.db.count("Party Member", {"id_number": ("in", ids)})


# --- the good file ----------------------------------------------------------------------------------


def test_a_good_file_imports_everything_and_importing_it_again_changes_nothing(county):
	branch = unique("某县第九中学党支部")
	content, ids = good_file(county, branch)
	report = run(content, county.root, county.admin)
	assert not report["errors"], messages(report)
	assert report["imported"]
	assert report["counts"]["organizations"]["created"] == 2
	assert report["counts"]["members"]["created"] == 4
	assert report["counts"]["dues_bases"]["created"] == 4
	assert report["counts"]["dues_payments"]["created"] == 3
	org = frappe.get_doc("Party Organization", branch)
	assert (org.org_type, org.status, org.parent_party_organization) == ("Branch", "Active", county.root)
	assert org.established_on == D(2018, 3, 1) and org.establishment_doc_no == "县教工委〔2018〕3号"
	member = frappe.get_doc("Party Member", {"id_number": ids[0]})
	assert (member.joined_on, member.full_member_on, member.education, member.ethnicity) == (
		D(2005, 7, 1),
		D(2006, 7, 1),
		"University",
		"汉族",
	)
	assert member.party_group == f"{branch}第一党小组"
	probationary = frappe.get_doc("Party Member", {"id_number": ids[3]})
	assert probationary.membership_type == "Probationary" and not probationary.full_member_on
	paid = frappe.get_all(
		"Dues Payment",
		filters={"member": member.name, "docstatus": 1},
		fields=["from_month", "to_month", "amount"],
	)
	assert [(p.from_month, p.to_month, p.amount) for p in paid] == [(D(2026, 1, 1), D(2026, 3, 1), 120)]

	again = run(content, county.root, county.admin)
	assert not again["errors"], messages(again)
	assert again["totals"] == {"created": 0, "updated": 0, "unchanged": 13}
	assert member_count(ids) == 4
	assert frappe.db.count("Dues Payment", {"member": member.name}) == 1


def test_a_corrected_file_updates_members_matched_by_id_number_never_duplicates(county):
	branch = unique("某县第八中学党支部")
	content, ids = good_file(county, branch)
	assert run(content, county.root, county.admin)["imported"]
	corrected = xlsx(
		{
			"members": [
				person(branch, id_number=ids[1], 联系电话="13900139000", 工作岗位="中层干部", 姓名="王 建国"),
			]
		}
	)
	report = run(corrected, county.root, county.admin)
	assert not report["errors"], messages(report)
	assert report["counts"]["members"] == {"created": 0, "updated": 1, "unchanged": 0}
	assert member_count(ids) == 4
	member = frappe.get_doc("Party Member", {"id_number": ids[1]})
	assert (member.phone, member.post, member.full_name) == ("13900139000", "Middle Manager", "王建国")


def test_a_dry_run_writes_nothing_and_reports_what_it_would_write(county):
	branch = unique("某县第七中学党支部")
	content, ids = good_file(county, branch)
	report = run(content, county.root, county.admin, dry_run=True)
	assert not report["errors"] and not report["imported"]
	assert report["totals"]["created"] == 13
	assert not frappe.db.exists("Party Organization", branch)
	assert member_count(ids) == 0


def test_one_bad_row_writes_nothing_of_the_file(county):
	branch = unique("某县第六中学党支部")
	rows = [person(branch) for _ in range(3)]
	bad = person(branch)
	bad["公民身份号码"] = bad["公民身份号码"][:-1] + ("0" if bad["公民身份号码"][-1] != "0" else "1")
	rows.append(bad)
	file = xlsx(
		{
			"organizations": [
				{"党组织全称": branch, "组织类别": "党支部", "上级党组织全称": county.root, "状态": "正常"}
			],
			"members": rows,
		}
	)
	report = run(file, county.root, county.admin)
	assert not report["imported"]
	assert [(e["row"], e["column"]) for e in report["errors"]] == [(5, "公民身份号码")]
	assert "校验码" in report["errors"][0]["message"]
	assert report["errors"][0]["sheet"] == "党员"
	assert not frappe.db.exists("Party Organization", branch)
	assert member_count([r["公民身份号码"] for r in rows]) == 0


# --- Chinese spreadsheet habits --------------------------------------------------------------------


def test_chinese_spreadsheet_habits_are_read(county):
	old = "110101800517043"  # a first-generation 15-digit number
	row = person(
		county.other,
		id_number="　" + old.replace("1", "１") + " ",
		性别=" 男 ",
		民族="维吾尔",
		最高学历="大专",
		入党日期=38534,  # an Excel serial: 2005-07-01
		转为正式党员日期="20060701",
		出生日期=None,
	)
	row.pop("学位")
	report = run(xlsx({"members": [row]}), county.root, county.admin)
	assert not report["errors"], messages(report)
	member = frappe.get_doc("Party Member", {"id_number": ("like", "11010119800517043%")})
	assert len(member.id_number) == 18 and not idcard.structural_problem(member.id_number)
	assert (member.ethnicity, member.education, member.joined_on, member.full_member_on) == (
		"维吾尔族",
		"College",
		D(2005, 7, 1),
		D(2006, 7, 1),
	)


def test_a_month_only_date_is_a_warning_and_extra_columns_a_notice(county):
	book = Workbook()
	ws = book.active
	ws.title = "党员"
	headers = [c.header for c in templates.MEMBERS.columns] + ["备注"]
	ws.append(headers)
	values = person(county.other, 入党日期="2005.07", 转为正式党员日期="2006.07")
	ws.append([values.get(h) for h in headers[:-1]] + ["老党员"])
	out = io.BytesIO()
	book.save(out)
	report = run(out.getvalue(), county.root, county.admin)
	assert not report["errors"], messages(report)
	notes = {(w["column"], w["message"]) for w in report["warnings"]}
	assert ("入党日期", "只写了年月：按当月1日记录") in notes
	assert ("备注", "该列不在模板中，已忽略") in notes


# --- bad input: a Chinese error, nothing written ---------------------------------------------------


def refused(report, column: str, words: str):
	assert not report["imported"]
	assert any(e["column"] == column and words in e["message"] for e in report["errors"]), messages(report)


def test_a_branch_outside_the_importers_subtree_is_refused(county):
	elsewhere = make_org("Branch", make_org("Party Committee", status="Active").name)
	row = person(elsewhere.name)
	report = run(xlsx({"members": [row]}), county.root, county.admin)
	refused(report, "所在党支部", "不在你可以导入的党组织范围内")
	assert member_count([row["公民身份号码"]]) == 0


def test_a_secretary_imports_only_into_their_own_branch(county):
	mine, theirs = person(county.other), person(branch := make_org("Branch", county.root).name)
	report = run(xlsx({"members": [mine, theirs]}), county.other, county.secretary)
	refused(report, "所在党支部", "不在你可以导入的党组织范围内")
	assert member_count([mine["公民身份号码"], theirs["公民身份号码"]]) == 0
	# choosing the upper level does not widen a secretary's grants
	report = run(xlsx({"members": [theirs]}), county.root, county.secretary)
	refused(report, "所在党支部", branch)
	report = run(xlsx({"members": [mine]}), county.other, county.secretary)
	assert report["imported"], messages(report)
	assert frappe.db.get_value("Party Member", {"id_number": mine["公民身份号码"]}, "branch") == county.other


def test_a_duplicate_id_number_within_the_file_is_refused(county):
	one = person(county.other)
	two = person(county.other, id_number=one["公民身份号码"], 姓名="李四")
	report = run(xlsx({"members": [one, two]}), county.root, county.admin)
	refused(report, "公民身份号码", "已在本表第2行出现")
	assert member_count([one["公民身份号码"]]) == 0


def test_an_id_number_registered_in_another_organization_is_refused(county):
	elsewhere = make_org("Branch", make_org("Party Committee", status="Active").name)
	existing = make_member(elsewhere.name)
	row = person(county.other, id_number=existing.id_number)
	report = run(xlsx({"members": [row]}), county.root, county.admin)
	refused(report, "公民身份号码", "已登记为其他党组织的党员")
	assert frappe.db.get_value("Party Member", existing.name, "branch") == elsewhere.name


def test_an_invalid_check_digit_is_refused(county):
	row = person(county.other)
	row["公民身份号码"] = row["公民身份号码"][:-1] + ("X" if row["公民身份号码"][-1] != "X" else "0")
	refused(run(xlsx({"members": [row]}), county.root, county.admin), "公民身份号码", "校验码")


def test_full_membership_before_joining_is_refused(county):
	row = person(county.other, 入党日期="2006-07-01", 转为正式党员日期="2005-07-01")
	refused(run(xlsx({"members": [row]}), county.root, county.admin), "转为正式党员日期", "不能早于")
	assert member_count([row["公民身份号码"]]) == 0


def test_a_probationary_member_joined_three_years_ago_without_extension_is_refused(county):
	joined = add_years(TODAY, -3)
	row = person(county.other, 人员类别="预备党员", 入党日期=f"{joined:%Y-%m-%d}", 转为正式党员日期=None)
	report = run(xlsx({"members": [row]}), county.root, county.admin)
	refused(report, "入党日期", "预备期已于")
	assert member_count([row["公民身份号码"]]) == 0


def test_a_party_group_under_the_wrong_branch_is_refused(county):
	group = make_org("Party Group", make_org("Branch", county.root).name)
	row = person(county.other, 所在党小组=group.name)
	refused(run(xlsx({"members": [row]}), county.root, county.admin), "所在党小组", "不是党支部")
	# and in the organizations sheet: a party group under a party committee
	report = run(
		xlsx(
			{
				"organizations": [
					{
						"党组织全称": unique("党小组"),
						"组织类别": "党小组",
						"上级党组织全称": county.root,
						"状态": "正常",
					}
				]
			}
		),
		county.root,
		county.admin,
	)
	refused(report, "上级党组织全称", "党小组必须直接设在党支部之下")


def test_a_dues_payment_for_a_month_already_paid_is_refused(county):
	branch = unique("某县第五中学党支部")
	content, ids = good_file(county, branch)
	assert run(content, county.root, county.admin)["imported"]
	newcomer = person(branch)
	again = xlsx(
		{
			"members": [newcomer],
			"dues_payments": [
				{
					"公民身份号码": ids[0],
					"起始月份": "2026.03",
					"截止月份": "2026.04",
					"金额": 80,
					"缴纳日期": "2026-04-20",
				}
			],
		}
	)
	report = run(again, county.root, county.admin)
	assert not report["imported"]
	assert any("已缴纳" in e["message"] and "2026-03" in e["message"] for e in report["errors"]), messages(
		report
	)
	member = frappe.db.get_value("Party Member", {"id_number": ids[0]}, "name")
	assert frappe.db.count("Dues Payment", {"member": member}) == 1
	# the controller refused the payment after the new member was written: that row is undone too
	assert report["counts"]["members"]["created"] == 1
	assert member_count([newcomer["公民身份号码"]]) == 0


def test_an_unknown_ethnic_group_is_refused(county):
	row = person(county.other, 民族="火星族")
	refused(run(xlsx({"members": [row]}), county.root, county.admin), "民族", "56个民族")
	assert member_count([row["公民身份号码"]]) == 0


@pytest.mark.parametrize("name, words", [("党员.xls", "97-2003"), ("党员.csv", "CSV")])
def test_xls_and_csv_files_are_refused_with_a_clear_message(county, name, words):
	with pytest.raises(UnsupportedFileTypeError) as e:
		run(b"\xd0\xcf\x11\xe0" + b"\0" * 100, county.root, county.admin, name=name)
	assert words in str(e.value) and ".xlsx" in str(e.value) and "另存为" in str(e.value)


def test_a_20_mb_file_is_refused(county):
	content = b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024)
	with pytest.raises(FileTooLargeError) as e:
		run(content, county.root, county.admin)
	assert "拆分" in str(e.value)


def test_a_formula_cell_is_refused(county):
	row = person(county.other)
	row["入党日期"] = "=DATE(2005,7,1)"
	refused(run(xlsx({"members": [row]}), county.root, county.admin), "入党日期", "公式")
	assert member_count([row["公民身份号码"]]) == 0


def test_merged_header_cells_are_refused(county):
	book = Workbook()
	ws = book.active
	ws.title = "党员"
	ws.append([c.header for c in templates.MEMBERS.columns])
	ws.append(list(person(county.other).values()))
	ws.merge_cells("A1:B1")
	out = io.BytesIO()
	book.save(out)
	with pytest.raises(MergedHeaderError) as e:
		run(out.getvalue(), county.root, county.admin)
	assert "合并单元格" in str(e.value) and "A1:B1" in str(e.value)


def test_a_merged_title_row_above_the_header_is_fine(county):
	book = Workbook()
	ws = book.active
	ws.title = "党员"
	ws.append(["某县党员信息表"])
	ws.merge_cells("A1:F1")
	headers = [c.header for c in templates.MEMBERS.columns]
	ws.append(headers)
	row = person(county.other)
	ws.append([row.get(h) for h in headers])
	out = io.BytesIO()
	book.save(out)
	report = run(out.getvalue(), county.root, county.admin)
	assert report["imported"], messages(report)
	assert report["errors"] == [] and member_count([row["公民身份号码"]]) == 1


def test_the_template_has_instructions_drop_downs_and_text_id_columns():
	from openpyxl import load_workbook

	from party_building.onboarding.export import template_workbook

	book = load_workbook(io.BytesIO(template_workbook()))
	assert book.sheetnames[0] == "填写说明"
	assert {"党组织", "党员", "支委会", "党费基数", "党费缴纳"} <= set(book.sheetnames)
	members = book["党员"]
	assert [c.value for c in members[1]] == [c.header for c in templates.MEMBERS.columns]
	lists = {str(dv.sqref).split(":")[0][:-1] for dv in members.data_validations.dataValidation}
	assert {"B", "C", "H", "I", "J"} <= lists  # 性别, 民族, 最高学历, 学位, 人员类别
	id_column = [c.header for c in templates.MEMBERS.columns].index("公民身份号码")
	assert members.column_dimensions["ABCDEFGHIJKLMNOPQRSTU"[id_column]].number_format == "@"


def test_the_import_page_checks_then_imports_as_a_party_admin(county):
	"""党建数据导入 as the desk uses it: save, attach, check (nothing written), import (all written)."""
	branch = unique("某县第四中学党支部")
	content, ids = good_file(county, branch)
	frappe.set_user(county.admin)
	try:
		doc = frappe.get_doc({"doctype": "Party Data Import", "organization": county.root}).insert()
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "某县党员.xlsx",
				"content": content,
				"attached_to_doctype": doc.doctype,
				"attached_to_name": doc.name,
				"attached_to_field": "import_file",
			}
		).insert()
		assert file.is_private  # an app record's attachment stays private (core/uploads.py)
		doc.import_file = file.file_url
		doc.save()
		with pytest.raises(frappe.ValidationError):
			doc.start_import()  # not checked yet
		doc.check_file()
		doc.reload()
		assert (doc.status, doc.error_count, doc.created_count) == ("Checked", 0, 13)
		assert member_count(ids) == 0
		doc.start_import()
		doc.reload()
		assert (doc.status, doc.created_count) == ("Imported", 13)
		assert member_count(ids) == 4
	finally:
		frappe.set_user("Administrator")


def test_the_import_page_shows_a_refused_file_in_its_results(county):
	frappe.set_user(county.secretary)
	try:
		doc = frappe.get_doc({"doctype": "Party Data Import", "organization": county.other}).insert()
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "党员.csv",
				"content": "姓名,公民身份号码\n张三,110101198005170425\n".encode(),
				"attached_to_doctype": doc.doctype,
				"attached_to_name": doc.name,
			}
		).insert()
		doc.import_file = file.file_url
		doc.save()
		doc.check_file()
		doc.reload()
		assert doc.status == "Has Errors" and doc.error_count == 1
		assert "另存为" in frappe.parse_json(doc.result)["errors"][0]["message"]
	finally:
		frappe.set_user("Administrator")


def test_a_secretary_cannot_open_an_import_of_another_branch(county):
	frappe.set_user(county.secretary)
	try:
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc({"doctype": "Party Data Import", "organization": county.root}).insert()
	finally:
		frappe.set_user("Administrator")


def test_a_large_file_is_checked_in_the_background_with_its_progress(county, monkeypatch):
	from party_building.party_building.doctype.party_data_import import party_data_import as page

	monkeypatch.setattr(page, "INLINE_MAX_BYTES", 1000)  # this small file counts as a large one
	branch = unique("某县第三中学党支部")
	content, ids = good_file(county, branch)
	frappe.set_user(county.admin)
	try:
		doc = frappe.get_doc({"doctype": "Party Data Import", "organization": county.root}).insert()
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "某县党员.xlsx",
				"content": content,
				"attached_to_doctype": doc.doctype,
				"attached_to_name": doc.name,
			}
		).insert()
		doc.import_file = file.file_url
		doc.save()
		assert doc.check_file() == {"queued": True}
		doc.reload()
		assert doc.status == "Queued" and member_count(ids) == 0
		page.run_job(doc.name, dry_run=True)  # what the worker runs, as the importer
		doc.reload()
		assert (doc.status, doc.created_count, doc.error_count) == ("Checked", 13, 0)
	finally:
		frappe.set_user("Administrator")
	steps = []
	service.run_import(
		content, "x.xlsx", county.root, dry_run=True, progress=lambda d, t: steps.append((d, t)), commit=False
	)
	assert steps and steps[-1][0] == steps[-1][1] == 13  # 2 organizations, 4 members, 4 bases, 3 payments


def test_a_corrected_joining_date_is_the_upper_levels_change_and_refused_to_a_secretary(county):
	row = person(county.other)
	assert run(xlsx({"members": [row]}), county.root, county.admin)["imported"]
	member = frappe.db.get_value("Party Member", {"id_number": row["公民身份号码"]}, "name")
	corrected = xlsx({"members": [{**row, "入党日期": "2005-06-30"}]})
	report = run(corrected, county.other, county.secretary)
	refused(report, "", "只能通过")
	assert frappe.db.get_value("Party Member", member, "joined_on") == D(2005, 7, 1)
	report = run(corrected, county.root, county.admin)
	assert report["counts"]["members"]["updated"] == 1, messages(report)
	assert frappe.db.get_value("Party Member", member, "joined_on") == D(2005, 6, 30)
	assert not frappe.db.get_value("Party Member", member, "change_reason")
	comments = frappe.get_all("Comment", filters={"reference_name": member}, pluck="content")
	assert any("导入.xlsx" in c for c in comments), comments


def test_the_template_and_the_export_download_as_xlsx_for_officers_only(county):
	from party_building.party_building.doctype.party_data_import import party_data_import as page

	frappe.set_user(county.secretary)
	try:
		page.download_template()
		assert frappe.response["type"] == "binary" and frappe.response["filecontent"].startswith(b"PK")
		page.export_data(county.other)
		assert frappe.response["filename"].startswith(county.other)
		with pytest.raises(frappe.PermissionError):
			page.export_data(county.root)  # above the secretary's branch
	finally:
		frappe.set_user("Administrator")
		for key in ("type", "filecontent", "filename"):
			frappe.response.pop(key, None)
	plain = make_user("Party Member")
	frappe.set_user(plain.name)
	try:
		with pytest.raises(frappe.PermissionError):
			page.download_template()
	finally:
		frappe.set_user("Administrator")


def test_a_secretary_reimports_their_own_export_and_nothing_changes(county):
	from party_building.onboarding.export import export_workbook

	rows = [person(county.other) for _ in range(3)]
	assert run(xlsx({"members": rows}), county.root, county.admin)["imported"]
	frappe.set_user(county.secretary)
	try:
		content = export_workbook(county.other)
	finally:
		frappe.set_user("Administrator")
	report = run(content, county.other, county.secretary)
	assert not report["errors"], messages(report)
	assert report["totals"] == {"created": 0, "updated": 0, "unchanged": 4}  # the branch and its 3 members
