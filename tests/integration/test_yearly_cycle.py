"""Issue 19, the yearly cycle an upper level inspects: the 党员登记表 print, the committee-size rules,
谈心谈话 and the secretary's 党课 in the compliance report, study hours."""

import base64
import os

import frappe
import pytest

from party_building.organization.errors import CommitteeOverSevenError, NoCommitteeBelowSevenError
from tests.integration.factories import make_member, make_members, make_tree, set_committee
from tests.integration.records_factories import election_doc, election_setup

FORM = "党员登记表"  # the Party Member Registration Form

# a 1×1 red PNG
PNG = base64.b64decode(
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@pytest.fixture
def zh():
	frappe.local.lang = "zh"
	try:
		yield
	finally:
		frappe.local.lang = frappe.db.get_default("lang") or "zh"


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


def test_a_five_member_branch_has_a_secretary_and_a_deputy_but_no_committee():
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


def test_an_eight_member_committee_is_refused():
	tree = make_tree()
	members = make_members(tree.branch.name, 20)
	set_committee(tree.branch, list(zip(members, SEVEN, strict=False)))
	assert frappe.db.get_value("Party Organization", tree.branch.name, "committee_size") == 7
	with pytest.raises(CommitteeOverSevenError, match="不超过7人"):
		set_committee(tree.branch, list(zip(members, [*SEVEN, "Committee Member"], strict=False)))
	assert len(committee_rows(tree.branch.name)) == 7


def test_a_committee_of_six_or_seven_is_warned():
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
