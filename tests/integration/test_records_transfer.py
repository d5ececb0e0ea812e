"""Member transfers (组织关系转接): sides, letter numbers, receipts, workflow, completion."""

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from party_building.core.access import BRANCH_SECRETARY, ensure_access
from party_building.core.errors import UpperLevelOnlyError
from party_building.records.errors import (
	DuplicateLetterNumberError,
	ReceiptDateError,
	ReceivingSideOnlyError,
	TransferSameOrganizationError,
)
from tests.integration.factories import free_id_number, make_member, make_org, make_tree, make_user
from tests.integration.records_factories import officers


def transfer(member, to_org=None, transfer_type="Within", **kw):
	return frappe.get_doc(
		{
			"doctype": "Member Transfer",
			"transfer_type": transfer_type,
			"member": member.name if member else None,
			"to_organization": to_org,
			**kw,
		}
	)


def setup():
	tree = make_tree()
	other = make_org("Branch", tree.general.name)
	member = make_member(tree.branch.name)
	return tree, other, member


def count(member):
	return frappe.db.count("Member Transfer", {"member": member.name})


def test_transfer_to_the_same_organization_is_refused():
	tree, _other, member = setup()
	with pytest.raises(TransferSameOrganizationError):
		transfer(member, tree.branch.name).insert()
	assert count(member) == 0


def test_duplicate_letter_number_in_a_year_is_refused():
	tree, other, member = setup()
	second = make_member(tree.branch.name)
	transfer(member, other.name, letter_no="2026-901", issue_date=today()).insert()
	with pytest.raises(DuplicateLetterNumberError):
		transfer(second, other.name, letter_no="2026-901", issue_date=today()).insert()
	assert count(second) == 0
	last_year = add_days(today(), -370)
	assert transfer(second, other.name, letter_no="2026-901", issue_date=last_year).insert().letter_year


def test_receipt_date_before_issue_date_is_refused():
	_tree, other, member = setup()
	with pytest.raises(ReceiptDateError):
		transfer(member, other.name, issue_date=today(), receipt_date=add_days(today(), -3)).insert()
	assert count(member) == 0


def test_dues_paid_up_to_is_kept_when_no_dues_records():
	_tree, other, member = setup()
	doc = transfer(member, other.name, dues_paid_up_to="2026-10-01").insert()
	assert str(doc.dues_paid_up_to) == "2026-10-01"


def test_within_transfer_goes_through_workflow_and_moves_the_member():
	tree, other, member = setup()
	users = officers(tree)
	receiver = make_user(BRANCH_SECRETARY)
	ensure_access(receiver.name, other.name, BRANCH_SECRETARY)
	frappe.clear_cache(user=receiver.name)

	frappe.set_user(users.secretary)
	doc = transfer(member, other.name, reason="工作调动").insert()
	assert doc.organization == tree.branch.name and doc.member_name == member.full_name
	doc = apply_workflow(doc, "Request Transfer")
	with pytest.raises(UpperLevelOnlyError):
		doc.reload()
		doc.workflow_state = "Letter Issued"
		doc.submit()
	frappe.set_user(users.admin)
	doc = apply_workflow(frappe.get_doc("Member Transfer", doc.name), "Approve and Issue")
	assert doc.docstatus == 1 and doc.letter_no.startswith(f"{getdate(today()).year}-")
	assert getdate(doc.receipt_due_on) > getdate(doc.issue_date)

	# the sending secretary may not confirm the receiving side
	frappe.set_user(users.secretary)
	with pytest.raises(ReceivingSideOnlyError):
		apply_workflow(frappe.get_doc("Member Transfer", doc.name), "Confirm Receipt")

	frappe.set_user(receiver.name)
	assert doc.name in frappe.get_list("Member Transfer", pluck="name")  # shared with the receiving side
	doc = apply_workflow(frappe.get_doc("Member Transfer", doc.name), "Confirm Receipt")
	frappe.set_user("Administrator")
	assert doc.workflow_state == "Transfer Completed" and getdate(doc.completed_on) == getdate(today())
	moved = frappe.get_doc("Party Member", member.name)
	assert moved.branch == other.name and moved.standing == "Active"
	assert frappe.db.exists("Version", {"ref_doctype": "Party Member", "docname": member.name})
	assert frappe.db.exists("Comment", {"reference_name": member.name, "content": ("like", f"%{doc.name}%")})


def test_out_transfer_marks_member_transferred_out():
	tree, _other, member = setup()
	doc = transfer(member, None, "Out", to_organization_name="兰州市某中学党支部").insert()
	doc = apply_workflow(doc, "Request Transfer")
	doc = apply_workflow(doc, "Approve and Issue")
	doc.db_set("receipt_date", today())
	doc = apply_workflow(frappe.get_doc("Member Transfer", doc.name), "Confirm Receipt")
	assert frappe.db.get_value("Party Member", member.name, "standing") == "Transferred Out"
	assert doc.organization == tree.branch.name


def test_in_transfer_creates_the_member():
	tree = make_tree()
	birth = getdate("1990-05-05")
	doc = frappe.get_doc(
		{
			"doctype": "Member Transfer",
			"transfer_type": "In",
			"member_name": "转入张",
			"from_organization_name": "兰州市某中学党支部",
			"to_organization": tree.branch.name,
			"gender": "Male",
			"birth_date": birth,
			"id_number": free_id_number(birth, "Male"),
			"joined_on": "2015-06-01",
			"membership_type": "Full",
		}
	).insert()
	assert doc.organization == tree.branch.name
	for action in ("Request Transfer", "Approve and Issue", "Confirm Receipt"):
		doc = apply_workflow(frappe.get_doc("Member Transfer", doc.name), action)
	doc.reload()
	assert doc.member and frappe.db.get_value("Party Member", doc.member, "branch") == tree.branch.name


def test_transfer_isolation():
	tree, other, member = setup()
	doc = transfer(member, other.name).insert()
	outsider = make_user(BRANCH_SECRETARY)
	third = make_org("Branch", tree.general.name)
	ensure_access(outsider.name, third.name, BRANCH_SECRETARY)
	frappe.set_user(outsider.name)
	assert doc.name not in frappe.get_list("Member Transfer", pluck="name")
	assert not frappe.has_permission("Member Transfer", "read", doc.name)


def test_letter_prints_three_parts_with_capitals():
	_tree, other, member = setup()
	frappe.db.set_value("Party Member", member.name, "phone", "13800000000")
	doc = transfer(member, other.name, validity_days=30, dues_paid_up_to="2026-10-01").insert()
	doc = apply_workflow(doc, "Request Transfer")
	doc = apply_workflow(doc, "Approve and Issue")
	frappe.local.lang = "zh"
	try:
		html = frappe.get_print("Member Transfer", doc.name, "组织关系介绍信")
	finally:
		frappe.local.lang = "en"
	for text in ("存根", "回执", "叁拾", "二〇二六年十月", doc.letter_no, member.full_name, other.name):
		assert text in html
	assert html.count("中国共产党党员组织关系介绍信") == 3
