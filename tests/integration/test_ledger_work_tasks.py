"""Work ledger (工作台账): a year's tasks per organization, bulk entry from a plan, progress report."""

import frappe
import pytest
from frappe.utils import add_days, getdate, today

from party_building.core import access
from party_building.ledgers import rules
from party_building.ledgers import service as ledgers
from party_building.party_building.report.work_ledger_progress.work_ledger_progress import execute
from tests.integration.factories import make_org, make_tree, make_user
from tests.unit.test_ledgers_rules import SEED_PLAN

PLAN = """二、重点任务
(一)抓党组织带头人队伍 1.选优配强学校党组织书记及成员。深入推进行动
2.加强党组织后备力量建设。
(二)抓党组织阵地建设。
3.加强党组织活动场所建设
"""


@pytest.fixture
def world():
	tree = make_tree()
	other = make_org("Branch", tree.general.name)
	secretary = make_user("Branch Secretary").name
	access.grant_access(tree.branch.name, secretary, "Branch Secretary")
	other_secretary = make_user("Branch Secretary").name
	access.grant_access(other.name, other_secretary, "Branch Secretary")
	return frappe._dict(tree=tree, branch=tree.branch.name, other=other.name, secretary=secretary,
		other_secretary=other_secretary)  # fmt: skip


def make_task(organization, **kw):
	return frappe.get_doc(
		{"doctype": "Work Task", "organization": organization, "title": "建立党员积分管理台账", **kw}
	).insert()


def test_a_plan_pasted_as_text_becomes_one_task_each(world):
	frappe.set_user(world.secretary)
	names = ledgers.create_tasks_from_plan(world.branch, 2026, PLAN, "2026-10-31", world.secretary)
	tasks = frappe.get_all(
		"Work Task",
		filters={"name": ("in", names)},
		fields=["plan_number", "category", "title", "year", "deadline", "responsible", "status"],
		order_by="plan_number",
	)
	assert [(t.plan_number, t.category, t.title) for t in tasks] == [
		(1, "抓党组织带头人队伍", "选优配强学校党组织书记及成员"),
		(2, "抓党组织带头人队伍", "加强党组织后备力量建设"),
		(3, "抓党组织阵地建设", "加强党组织活动场所建设"),
	]
	assert {(t.year, str(t.deadline), t.responsible, t.status) for t in tasks} == {
		(2026, "2026-10-31", world.secretary, rules.NOT_STARTED)
	}


def test_the_seed_plans_19_key_tasks_in_one_go(world):
	text = SEED_PLAN.read_text(encoding="utf-8")
	frappe.set_user(world.secretary)
	assert len(ledgers.create_tasks_from_plan(world.branch, 2026, text)) == 19


def test_a_plan_for_another_branch_is_refused_and_nothing_written(world):
	frappe.set_user(world.secretary)
	with pytest.raises(frappe.PermissionError):
		ledgers.create_tasks_from_plan(world.other, 2026, PLAN)
	frappe.set_user("Administrator")
	assert not frappe.db.exists("Work Task", {"organization": world.other})


def test_status_progress_and_overdue(world):
	frappe.set_user(world.secretary)
	task = make_task(world.branch, deadline=add_days(today(), -1))
	assert task.overdue == 1 and task.year == getdate(add_days(today(), -1)).year
	task.append("progress", {"progress_date": today(), "note": "已制定积分细则"})
	task.save()
	assert task.status == rules.IN_PROGRESS
	task.status = rules.DONE
	task.save()
	assert task.overdue == 0 and task.completed_on == getdate(today())


def test_report_counts_done_in_progress_and_overdue(world):
	frappe.set_user(world.secretary)
	make_task(world.branch, year=2026, status=rules.DONE)
	make_task(world.branch, year=2026, status=rules.IN_PROGRESS, deadline=add_days(today(), -3))
	make_task(world.branch, year=2026, deadline=add_days(today(), 30))
	frappe.set_user(world.other_secretary)
	make_task(world.other, year=2026)
	frappe.set_user(world.secretary)
	_c, data, _m, _ch, summary = execute({"year": 2026})
	assert [
		(r["organization"], r["total"], r["done"], r["in_progress"], r["not_started"], r["overdue"])
		for r in data[:-1]
	] == [(world.branch, 3, 1, 1, 1, 1)]
	assert summary[0]["value"] == 3


def test_other_branches_do_not_see_the_tasks(world):
	import frappe.client

	frappe.set_user(world.secretary)
	ours = make_task(world.branch)
	frappe.set_user(world.other_secretary)
	assert frappe.get_list("Work Task", pluck="name", limit_page_length=0) == []
	with pytest.raises(frappe.PermissionError):
		frappe.client.get("Work Task", ours.name)
