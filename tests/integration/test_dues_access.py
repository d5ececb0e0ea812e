"""Dues isolation and the remittance workflow, as real users (Administrator proves nothing)."""

import frappe
import frappe.client
import pytest
from frappe.model.workflow import WorkflowTransitionError, apply_workflow

from party_building.core import access
from party_building.core.errors import UpperLevelOnlyError
from party_building.dues import service as dues_service
from tests.integration.dues_factories import assess, pay, remittance
from tests.integration.factories import make_member, make_members, make_org, make_user

from .dues_factories import dues_world


@pytest.fixture
def two():
	"""Our branch and a sibling branch, each with paid dues; a secretary of ours, an admin above."""
	w = dues_world(n=2)
	other = make_org("Branch", w.tree.general.name)
	theirs = make_members(other.name, 2, joined_on=w.members[0].joined_on, birth_date=w.members[0].birth_date)
	assess(other.name, 2026, theirs)
	w.ours = [pay(m, "2026-01", "2026-03") for m in w.members]
	w.theirs = [pay(m, "2026-01", "2026-03") for m in theirs]
	w.other = other.name
	w.secretary = make_user("Branch Secretary").name
	access.grant_access(w.branch, w.secretary, "Branch Secretary")
	w.admin = make_user("Party Admin").name
	access.grant_access(w.tree.general.name, w.admin, "Party Admin")
	w.branch_admin = make_user(
		"Party Admin"
	).name  # a Party Admin of the branch itself is not the upper level
	access.grant_access(w.branch, w.branch_admin, "Party Admin")
	return w


def names(docs):
	return {d.name for d in docs}


def test_secretary_lists_only_their_branchs_dues(two):
	frappe.set_user(two.secretary)
	assert set(frappe.get_list("Dues Payment", pluck="name")) == names(two.ours)
	ledger = frappe.get_list("Dues Ledger Entry", fields=["organization"], limit_page_length=0)
	assert {r.organization for r in ledger} == {two.branch}
	assert {r.name for r in frappe.get_list("Dues Assessment")} == {two.assessments[0].name}
	with pytest.raises(frappe.PermissionError):
		frappe.client.get("Dues Payment", two.theirs[0].name)
	with pytest.raises((frappe.PermissionError, frappe.DoesNotExistError)):
		frappe.get_print("Dues Payment", two.theirs[0].name)


def test_secretary_reports_see_only_their_branch(two):
	from party_building.party_building.report.dues_collection.dues_collection import execute as collection
	from party_building.party_building.report.dues_ledger.dues_ledger import execute as ledger

	frappe.set_user(two.secretary)
	_columns, rows, *_rest = collection({"from_month": "2026-01-01", "to_month": "2026-03-01"})
	assert {r["branch"] for r in rows} == {two.branch}
	_columns, rows, *_rest = collection({"organization": two.other, "from_month": "2026-01-01"})
	assert rows == []
	_columns, rows, *_rest = ledger({"from_month": "2026-01-01", "to_month": "2026-03-01"})
	assert {r["organization"] for r in rows} == {two.branch}
	assert dues_service.collection_rate_card(year=2026, month=2)["value"] == 100


def test_member_sees_only_their_own_payments(two):
	user = make_user("Party Member").name
	frappe.db.set_value("Party Member", two.members[0].name, "user", user)
	access.ensure_access(user, two.branch, "Party Member")
	frappe.set_user(user)
	assert set(frappe.get_list("Dues Payment", pluck="name")) == {two.ours[0].name}
	assert {r.member for r in frappe.get_list("Dues Ledger Entry", fields=["member"])} == {
		two.members[0].name
	}
	with pytest.raises(frappe.PermissionError):
		frappe.client.get("Dues Payment", two.ours[1].name)


def test_secretary_cannot_pay_for_another_branchs_member(two):
	frappe.set_user(two.secretary)
	with pytest.raises(frappe.PermissionError):
		pay(two.theirs[0].member, "2026-04")


def test_branch_submits_and_the_upper_level_approves(two):
	frappe.set_user(two.secretary)
	doc = remittance(two.branch, 200)
	doc = apply_workflow(doc, "Submit to Upper Level")
	assert (doc.workflow_state, doc.docstatus) == ("Submitted to Upper Level", 0)
	with pytest.raises(WorkflowTransitionError):
		apply_workflow(doc, "Approve Remittance")  # the secretary holds no such transition
	frappe.set_user(two.branch_admin)
	with pytest.raises(UpperLevelOnlyError):
		apply_workflow(frappe.get_doc("Dues Remittance", doc.name), "Approve Remittance")
	frappe.set_user(two.admin)
	doc = apply_workflow(frappe.get_doc("Dues Remittance", doc.name), "Approve Remittance")
	assert (doc.workflow_state, doc.docstatus, doc.approved_by) == ("Upper Level Approved", 1, two.admin)
	frappe.set_user("Administrator")
	assert dues_service.balance(two.branch) == 40
	assert dues_service.balance(two.tree.general.name) == 200


def test_the_upper_level_returns_a_remittance(two):
	frappe.set_user(two.secretary)
	doc = apply_workflow(remittance(two.branch, 100), "Submit to Upper Level")
	frappe.set_user(two.admin)
	doc = apply_workflow(frappe.get_doc("Dues Remittance", doc.name), "Return to Branch")
	assert (doc.workflow_state, doc.docstatus) == ("Returned to Branch", 0)
	frappe.set_user(two.secretary)
	doc = frappe.get_doc("Dues Remittance", doc.name)
	doc.amount = 80
	doc.save()
	assert apply_workflow(doc, "Submit to Upper Level").workflow_state == "Submitted to Upper Level"


def test_secretary_cannot_remit_for_another_branch(two):
	frappe.set_user(two.secretary)
	with pytest.raises(frappe.PermissionError):
		remittance(two.other, 10)


def test_new_member_of_the_branch_is_filled_for_the_secretary(two):
	make_member(two.branch, joined_on=two.members[0].joined_on, birth_date=two.members[0].birth_date)
	frappe.set_user(two.secretary)
	doc = frappe.get_doc({"doctype": "Dues Assessment", "organization": two.branch, "year": 2027})
	assert doc.fill_members() == 3
	doc.insert()
	doc.submit()
	assert doc.docstatus == 1
