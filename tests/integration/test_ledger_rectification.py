"""Rectification ledger (问题整改台账): found → rectified → closed out (销号) with evidence, by real users."""

import frappe
import pytest
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import add_days, getdate, today

from party_building.core import access
from party_building.core.errors import UpperLevelOnlyError
from party_building.ledgers import rules
from party_building.ledgers import service as ledgers
from party_building.ledgers.errors import (
	ClosedItemLockedError,
	CloseOutEvidenceMissingError,
	CloseOutResultMissingError,
	DeadlineBeforeFoundError,
	ReasonRequiredError,
)
from tests.integration.factories import make_org, make_tree, make_user, unique


@pytest.fixture
def world():
	tree = make_tree()
	other = make_org("Branch", tree.general.name)
	secretary = make_user("Branch Secretary").name
	access.grant_access(tree.branch.name, secretary, "Branch Secretary")
	other_secretary = make_user("Branch Secretary").name
	access.grant_access(other.name, other_secretary, "Branch Secretary")
	upper = make_user("Party Admin").name
	access.grant_access(tree.general.name, upper, "Party Admin")
	return frappe._dict(
		tree=tree, branch=tree.branch.name, other=other.name, secretary=secretary,
		other_secretary=other_secretary, upper=upper,
	)  # fmt: skip


def make_item(organization, **kw):
	data = {
		"doctype": "Rectification Item",
		"organization": organization,
		"source": "Self-check",
		"category": "Inner-Party Political Life",
		"found_on": add_days(today(), -10),
		"deadline": add_days(today(), 20),
		"description": "“三会一课”会议记录不完整，缺少2026年3月支委会记录",
		"measures": "补齐会议记录，指定组织委员专人负责",
	}
	data.update(kw)
	return frappe.get_doc(data).insert()


def attach_evidence(item):
	return frappe.get_doc(
		{
			"doctype": "File",
			"file_name": unique("evidence") + ".txt",
			"attached_to_doctype": "Rectification Item",
			"attached_to_name": item.name,
			"content": b"meeting minutes scan",
			"is_private": 1,
		}
	).insert()


def act(user, name, action):
	frappe.set_user(user)
	return apply_workflow(frappe.get_doc("Rectification Item", name), action)


def state(name):
	return frappe.db.get_value("Rectification Item", name, "workflow_state")


def ready_for_close_out(world):
	frappe.set_user(world.secretary)
	item = make_item(world.branch)
	act(world.secretary, item.name, rules.START)
	item = frappe.get_doc("Rectification Item", item.name)
	item.result = "已补齐3月支委会记录，建立会议记录月检制度"
	item.save()
	attach_evidence(item)
	act(world.secretary, item.name, rules.APPLY)
	return item.name


def test_a_problem_goes_from_found_to_closed_with_evidence(world):
	name = ready_for_close_out(world)
	assert state(name) == rules.CLOSE_OUT_REQUESTED
	act(world.upper, name, rules.CLOSE)
	item = frappe.get_doc("Rectification Item", name)
	assert item.workflow_state == rules.CLOSED_OUT
	assert item.closed_by == world.upper
	assert item.closed_on == getdate(today())
	assert item.closed_on_time == 1
	assert [(e.action, e.user) for e in item.history] == [
		(rules.START, world.secretary),
		(rules.APPLY, world.secretary),
		(rules.CLOSE, world.upper),
	]


def test_the_deadline_may_not_fall_before_the_problem_was_found(world):
	frappe.set_user(world.secretary)
	before = frappe.db.count("Rectification Item")
	with pytest.raises(DeadlineBeforeFoundError):
		make_item(world.branch, found_on="2026-03-10", deadline="2026-03-09")
	assert frappe.db.count("Rectification Item") == before


def test_close_out_needs_a_written_result(world):
	frappe.set_user(world.secretary)
	item = make_item(world.branch)
	act(world.secretary, item.name, rules.START)
	attach_evidence(item)
	with pytest.raises(CloseOutResultMissingError):
		act(world.secretary, item.name, rules.APPLY)
	assert state(item.name) == rules.RECTIFYING


def test_close_out_needs_an_evidence_file(world):
	frappe.set_user(world.secretary)
	item = make_item(world.branch, result="已整改")
	act(world.secretary, item.name, rules.START)
	with pytest.raises(CloseOutEvidenceMissingError):
		act(world.secretary, item.name, rules.APPLY)
	assert state(item.name) == rules.RECTIFYING
	assert len(frappe.get_doc("Rectification Item", item.name).history) == 1


def test_the_branch_cannot_close_its_own_problem(world):
	name = ready_for_close_out(world)
	# the secretary has no such action at all
	with pytest.raises(WorkflowTransitionError):
		act(world.secretary, name, rules.CLOSE)
	# a Party Admin of the branch itself holds the role but is not the upper level
	frappe.set_user("Administrator")
	branch_admin = make_user("Party Admin").name
	access.grant_access(world.branch, branch_admin, "Party Admin")
	with pytest.raises(UpperLevelOnlyError):
		act(branch_admin, name, rules.CLOSE)
	frappe.set_user("Administrator")
	assert state(name) == rules.CLOSE_OUT_REQUESTED
	assert not frappe.db.get_value("Rectification Item", name, "closed_by")


def test_return_needs_the_upper_levels_reason(world):
	name = ready_for_close_out(world)
	with pytest.raises(ReasonRequiredError):
		act(world.upper, name, rules.RETURN)
	assert state(name) == rules.CLOSE_OUT_REQUESTED
	frappe.set_user(world.secretary)
	with pytest.raises(UpperLevelOnlyError):
		ledgers.set_pending_reason(name, "自己退回")
	frappe.set_user(world.upper)
	ledgers.set_pending_reason(name, "证明材料不清晰")
	act(world.upper, name, rules.RETURN)
	item = frappe.get_doc("Rectification Item", name)
	assert item.workflow_state == rules.RECTIFYING
	assert item.history[-1].reason == "证明材料不清晰"
	assert not item.pending_reason


def test_a_closed_item_is_reopened_by_the_upper_level_keeping_its_history(world):
	name = ready_for_close_out(world)
	act(world.upper, name, rules.CLOSE)
	frappe.set_user(world.upper)
	ledgers.set_pending_reason(name, "复查发现4月记录仍缺失")
	act(world.upper, name, rules.REOPEN)
	item = frappe.get_doc("Rectification Item", name)
	assert item.workflow_state == rules.RECTIFYING
	assert item.reopen_count == 1
	assert not item.closed_by and not item.closed_on
	assert [e.action for e in item.history] == [rules.START, rules.APPLY, rules.CLOSE, rules.REOPEN]
	assert item.history[2].user == world.upper
	assert item.history[-1].reason == "复查发现4月记录仍缺失"
	# closed again, late this time
	frappe.db.set_value("Rectification Item", name, "deadline", add_days(today(), -1))
	frappe.db.set_value("Rectification Item", name, "found_on", add_days(today(), -30))
	act(world.secretary, name, rules.APPLY)
	act(world.upper, name, rules.CLOSE)
	assert frappe.db.get_value("Rectification Item", name, "closed_on_time") == 0


def test_a_closed_item_cannot_be_edited(world):
	name = ready_for_close_out(world)
	act(world.upper, name, rules.CLOSE)
	frappe.set_user(world.upper)
	item = frappe.get_doc("Rectification Item", name)
	item.result = "改写结果"
	with pytest.raises(ClosedItemLockedError):
		item.save()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Rectification Item", name, "result") != "改写结果"


def test_overdue_flag_and_reminder_once(world):
	item = make_item(world.branch, found_on=add_days(today(), -30), deadline=add_days(today(), -1))
	assert item.overdue == 1
	ledgers.refresh_overdue_flags()
	first = ledgers.remind_overdue_rectifications()
	again = ledgers.remind_overdue_rectifications()
	assert first >= 1 and again == 0
	assert frappe.db.count("Party Reminder Log", {"reference_name": item.name}) == 1


def test_other_branches_do_not_see_the_ledger(world):
	import frappe.client

	frappe.set_user(world.secretary)
	ours = make_item(world.branch)
	frappe.set_user(world.other_secretary)
	theirs = make_item(world.other)
	assert frappe.get_list("Rectification Item", pluck="name", limit_page_length=0) == [theirs.name]
	with pytest.raises(frappe.PermissionError):
		frappe.client.get("Rectification Item", ours.name)
	with pytest.raises(frappe.PermissionError):
		make_item(world.branch)
	frappe.set_user(world.upper)
	assert set(frappe.get_list("Rectification Item", pluck="name", limit_page_length=0)) == {
		ours.name,
		theirs.name,
	}


def test_progress_report_counts_by_organization_and_category(world):
	from party_building.party_building.report.rectification_progress.rectification_progress import execute

	closed = ready_for_close_out(world)
	act(world.upper, closed, rules.CLOSE)
	frappe.set_user("Administrator")
	late = make_item(world.branch, found_on=add_days(today(), -40), deadline=add_days(today(), -5))
	make_item(world.branch, category="Archives and Information")
	make_item(world.other, category="Archives and Information")
	frappe.db.set_value(
		"Rectification Item",
		late.name,
		{"workflow_state": rules.CLOSED_OUT, "closed_on": add_days(today(), -1)},
	)
	overdue = make_item(world.other, found_on=add_days(today(), -40), deadline=add_days(today(), -2))
	assert overdue.overdue

	frappe.set_user(world.upper)
	_columns, data, _msg, chart, summary = execute({"organization": world.tree.general.name})
	rows = {(r["organization"], r["category"]): r for r in data if not r.get("is_total")}
	politics = rows[(world.branch, frappe._("Inner-Party Political Life"))]
	assert (politics["total"], politics["open"], politics["closed_on_time"], politics["closed_late"]) == (
		2,
		0,
		1,
		1,
	)
	archives = rows[(world.branch, frappe._("Archives and Information"))]
	assert (archives["total"], archives["open"], archives["overdue"]) == (1, 1, 0)
	theirs = rows[(world.other, frappe._("Inner-Party Political Life"))]
	assert (theirs["open"], theirs["overdue"]) == (1, 1)
	total = data[-1]
	assert (
		total["total"],
		total["open"],
		total["overdue"],
		total["closed_on_time"],
		total["closed_late"],
	) == (
		5,
		3,
		1,
		1,
		1,
	)
	assert chart and summary

	# a branch secretary's report covers their branch only, whatever they ask for
	frappe.set_user(world.secretary)
	_c, data, *_ = execute({"organization": world.tree.general.name})
	assert {r["organization"] for r in data if not r.get("is_total")} == {world.branch}


def test_ledger_prints_in_chinese(world):
	ready_for_close_out(world)
	frappe.set_user(world.secretary)
	frappe.local.lang = "zh"
	try:
		html = frappe.get_print("Party Organization", world.branch, "整改台账")
	finally:
		frappe.local.lang = "en"
	assert "问题排查整改台账" in html
	assert "党内政治生活" in html and "申请销号" in html
	frappe.set_user(world.other_secretary)
	with pytest.raises((frappe.PermissionError, frappe.DoesNotExistError)):
		frappe.get_print("Party Organization", world.branch, "整改台账")
