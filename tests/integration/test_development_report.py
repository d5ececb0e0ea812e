"""Development Pipeline report, yearly plan and the daily reminders of admitting new members."""

import datetime

import frappe
import pytest

from party_building.admission import rules
from party_building.admission.errors import DevelopmentError
from party_building.admission.service import send_reminders
from party_building.core import access
from party_building.party_building.report.development_pipeline.development_pipeline import execute
from tests.integration.factories import make_members, make_org, make_tree, make_user
from tests.integration.test_development import OFFSETS, record_data
from tests.integration.test_development_workflow import recent


@pytest.fixture
def world():
	tree = make_tree()
	other = make_org("Branch", tree.general.name)
	people = make_members(tree.branch.name, 4)
	secretary = make_user("Branch Secretary").name
	access.grant_access(tree.branch.name, secretary, "Branch Secretary")
	return frappe._dict(tree=tree, branch=tree.branch.name, other=other, people=people, secretary=secretary)


def today():
	return frappe.utils.getdate()


def test_pipeline_counts_people_per_stage_with_subtree_totals_plan_and_admitted(world):
	year = today().year
	frappe.get_doc(record_data(world, 2, applied_on=recent(2))).insert()
	frappe.get_doc(record_data(world, 6, applied_on=recent(6))).insert()
	admitted = frappe.get_doc(record_data(world, 17, applied_on=recent(17, 5))).insert()
	assert admitted.approval_date.year == year or admitted.approval_date.year == year - 1
	frappe.get_doc(
		{"doctype": "Development Plan", "organization": world.tree.general.name, "year": year, "quota": 5}
	).insert()
	_columns, rows, _message, chart, summary = execute(
		{"organization": world.tree.committee.name, "year": year}
	)
	by_org = {r["organization"]: r for r in rows}
	branch = by_org[world.branch]
	assert (branch.applicant, branch.activist, branch.probationary) == (1, 1, 1)
	general = by_org[world.tree.general.name]
	assert general.probationary == 1 and general.plan == 5 and general.indent == 1
	assert by_org[world.tree.committee.name].indent == 0
	assert chart["data"]["datasets"][0]["values"][:4] == [1, 1, 0, 1]
	assert world.other.name not in by_org  # nothing there
	assert {s["label"]: s["value"] for s in summary}[
		f"{year}年计划" if frappe.local.lang == "zh" else f"Plan {year}"
	] == 5


def test_overdue_steps_with_days_overdue(world):
	data = record_data(world, 1, applied_on=today() - datetime.timedelta(days=50))
	doc = frappe.get_doc(data).insert()
	assert doc.next_step == rules.TALK
	_c, rows, *_ = execute({"organization": world.branch, "view": "Overdue Steps"})
	row = next(r for r in rows if r["name"] == doc.name)
	assert row["days_overdue"] == (today() - rules.talk_due(doc.application_date)).days > 0
	assert "党组织派人谈话" in row["step"]


def test_probation_ending_in_60_days(world):
	# branch meeting a year minus 30 days ago: probation ends in 30 days
	meeting = rules.add_months(today(), -12) + datetime.timedelta(days=30)
	applied_on = meeting - datetime.timedelta(days=OFFSETS[15])
	doc = frappe.get_doc(record_data(world, 20, applied_on=applied_on)).insert()
	_c, rows, *_ = execute({"organization": world.branch, "view": "Probation Ending"})
	assert [r["name"] for r in rows] == [doc.name]
	assert rows[0]["days_left"] == (doc.probation_end - today()).days


def test_a_secretary_sees_only_their_branch_in_the_report(world):
	frappe.get_doc(record_data(world, 1, applied_on=recent(1))).insert()
	frappe.get_doc({**record_data(world, 1, applied_on=recent(1)), "branch": world.other.name}).insert()
	frappe.set_user(world.secretary)
	_c, rows, *_ = execute({"year": today().year})
	assert {r["organization"] for r in rows} == {world.branch}
	_c, rows, *_ = execute({"organization": world.other.name, "year": today().year})
	assert rows == []


def test_one_plan_per_organization_and_year(world):
	plan = {"doctype": "Development Plan", "organization": world.branch, "year": 2026, "quota": 2}
	frappe.get_doc(plan).insert()
	with pytest.raises((DevelopmentError, frappe.DuplicateEntryError)):
		frappe.get_doc(plan).insert()
	with pytest.raises(DevelopmentError):
		frappe.get_doc({**plan, "organization": world.tree.group.name}).insert()


def test_reminders_are_sent_once_per_occasion(world):
	access.grant_access(world.tree.committee.name, make_user().name, "Party Admin")
	talk = frappe.get_doc(record_data(world, 1, applied_on=today() - datetime.timedelta(days=28))).insert()
	oath = frappe.get_doc(record_data(world, 17, applied_on=recent(17, 25))).insert()
	sent = send_reminders()
	assert sent >= 2
	assert send_reminders() == 0
	logs = frappe.get_all(
		"Party Reminder Log",
		filters={"reference_name": ("in", [talk.name, oath.name])},
		fields=["reference_name", "reminder_type", "recipients"],
	)
	kinds = {(log.reference_name, log.reminder_type) for log in logs}
	assert (talk.name, rules.TALK_DUE) in kinds
	assert (oath.name, rules.OATH_DUE) in kinds
	assert len(logs) == len(kinds)
	assert all(world.secretary in log.recipients for log in logs)


def test_the_dossier_prints_in_chinese(world):
	doc = frappe.get_doc(record_data(world, 25)).insert()
	frappe.local.lang = "zh"
	try:
		html = frappe.get_print("Member Development", doc.name, "发展党员纪实表")
	finally:
		frappe.local.lang = frappe.db.get_default("lang") or "zh"
	assert "发展党员纪实表" in html
	assert "上级党委审批" in html and "预备党员的教育考察和转正" in html
	assert doc.full_name in html
