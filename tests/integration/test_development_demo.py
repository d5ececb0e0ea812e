"""The admission demo: people at every stage, some overdue, every record valid for the controller."""

import frappe
import pytest

from party_building.admission import rules
from party_building.demo import County
from party_building.organization.service import subtree
from tests.integration.factories import demo_county

COUNTY = County("测试县")


@pytest.fixture(scope="module")
def summary():
	with demo_county(COUNTY.name, "small", extensions=["party_building.demo.development.make"]) as result:
		yield result["party_building.demo.development.make"]


def records():
	return frappe.get_all(
		"Member Development",
		filters={"branch": ("in", subtree(COUNTY.root))},
		fields=["name", "stage", "party_member", "meeting_date", "next_due_on", "workflow_state"],
	)


def test_demo_has_people_at_every_stage_and_some_overdue(summary):
	rows = records()
	assert len(rows) == summary["records"] > 40
	stages = {r.stage for r in rows}
	assert {
		rules.APPLICANT,
		rules.ACTIVIST_PERSON,
		rules.DEVELOPMENT_TARGET,
		rules.PROBATIONARY_MEMBER,
	} <= stages
	assert rules.FULL_MEMBER in stages and rules.WITHDRAWN in stages
	assert summary["stages"][rules.CANCELLED] == sum(r.stage == rules.CANCELLED for r in rows)
	today = frappe.utils.getdate()
	assert any(r.next_due_on and r.next_due_on < today for r in rows)
	assert frappe.db.count("Development Plan", {"organization": COUNTY.root}) == 1


def test_every_probationary_member_has_the_record_that_admitted_them(summary):
	probationary = frappe.get_all(
		"Party Member",
		filters={
			"branch": ("in", subtree(COUNTY.root)),
			"membership_type": "Probationary",
			"standing": "Active",
		},
		fields=["name", "joined_on"],
	)
	by_member = {r.party_member: r for r in records() if r.party_member}
	for member in probationary:
		if member.name in by_member:
			assert by_member[member.name].stage == rules.PROBATIONARY_MEMBER
			assert by_member[member.name].meeting_date == member.joined_on
	assert sum(m.name in by_member for m in probationary) >= len(probationary) * 0.8


def test_demo_records_pass_the_controller(summary):
	seen = set()
	for row in records():
		if row.stage in seen:
			continue
		seen.add(row.stage)
		doc = frappe.get_doc("Member Development", row.name)
		doc.save()  # every rule of the controller, as on a real save
		assert doc.stage == row.stage
