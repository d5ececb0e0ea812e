"""Demo organization records, rosters and yearly statistics checked against hand counts."""

import datetime

import frappe
import pytest
from frappe.utils import getdate, today

from party_building.demo import County
from party_building.members.rules import age_on
from party_building.organization.service import subtree
from party_building.records import rules
from tests.integration.factories import demo_county

COUNTY = County("记录县")


@pytest.fixture(scope="module")
def demo():
	with demo_county(COUNTY.name, extensions=["party_building.demo.records.make"]) as summary:
		yield summary


def members_of(orgs):
	return frappe.get_all(
		"Party Member",
		filters={"branch": ("in", orgs)},
		fields=[
			"name",
			"branch",
			"gender",
			"ethnicity",
			"birth_date",
			"education",
			"post",
			"membership_type",
			"joined_on",
			"full_member_on",
			"standing",
			"standing_since",
		],
	)


def test_demo_has_elections_transfers_in_every_state_and_standing_changes(demo):
	result = demo["party_building.demo.records.make"]
	orgs = subtree(COUNTY.root)
	non_group = frappe.get_all(
		"Party Organization", filters={"name": ("in", orgs), "org_type": ("!=", "Party Group")}, pluck="name"
	)
	elected = set(
		frappe.get_all(
			"Party Election",
			filters={"organization": ("in", non_group), "docstatus": 1},
			pluck="organization",
		)
	)
	assert elected == set(non_group)
	assert result["overdue_terms"] >= 1 and result["pending_elections"] == 1
	on = getdate(today())
	overdue = [
		o
		for o in frappe.get_all(
			"Party Organization", filters={"name": ("in", non_group)}, fields=["term_end"]
		)
		if rules.expiry_bucket(getdate(o.term_end), on) == rules.OVERDUE
	]
	assert overdue
	states = set(
		frappe.get_all("Member Transfer", filters={"organization": ("in", orgs)}, pluck="workflow_state")
	)
	assert states == {
		"Transfer Draft",
		"Transfer Requested",
		"Transfer Returned",
		"Letter Issued",
		"Transfer Completed",
	}
	assert frappe.db.count("Standing Change", {"organization": ("in", orgs), "docstatus": 1}) >= 3


def test_roster_matches_hand_count(demo):
	from party_building.party_building.report.member_roster.member_roster import execute

	branch = max(
		frappe.get_all(
			"Party Organization",
			filters={"name": ("in", subtree(COUNTY.root)), "org_type": "Branch"},
			pluck="name",
		),
		key=lambda b: frappe.db.count("Party Member", {"branch": b}),
	)
	_cols, rows, *_rest = execute({"organization": branch})
	hand = [m for m in members_of([branch]) if m.standing == "Active"]
	assert len(rows) == len(hand) > 5
	assert {r["name"] for r in rows} == {m.name for m in hand}
	assert [r["joined_on"] for r in rows] == sorted(r["joined_on"] for r in rows)


def test_new_members_of_the_year_match_hand_count(demo):
	from party_building.party_building.report.new_members_of_the_year.new_members_of_the_year import execute

	year = getdate(today()).year
	_cols, rows, *_rest = execute({"organization": COUNTY.root, "year": year})
	hand = [m for m in members_of(subtree(COUNTY.root)) if m.joined_on and m.joined_on.year == year]
	assert len(rows) == len(hand)


def test_yearly_statistics_match_hand_counts(demo):
	from party_building.party_building.report.yearly_statistics.yearly_statistics import execute

	year = getdate(today()).year
	on = datetime.date(year, 12, 31)
	_cols, rows, _msg, chart, summary = execute({"organization": COUNTY.root, "year": year})
	by_org = {r["organization"]: r for r in rows}
	members = members_of(subtree(COUNTY.root))

	def at_year_end(m):
		standing = m.standing if (m.standing_since and m.standing_since <= on) else "Active"
		return m.joined_on <= on and standing in ("Active", "Suspended")

	counted = [m for m in members if at_year_end(m)]
	root = by_org[COUNTY.root]
	assert root["total"] == len(counted)
	assert root["gender_male"] == sum(1 for m in counted if m.gender == "Male")
	assert root["gender_female"] == sum(1 for m in counted if m.gender == "Female")
	assert root["minority"] == sum(1 for m in counted if m.ethnicity and m.ethnicity != "汉族")
	assert root["probationary"] == sum(1 for m in counted if not m.full_member_on or m.full_member_on > on)
	assert root["age_30_and_under"] == sum(1 for m in counted if age_on(m.birth_date, on) <= 30)
	assert root["education_university"] == sum(1 for m in counted if m.education == "University")
	assert root["post_teacher"] == sum(1 for m in counted if m.post == "Teacher")
	assert root["standing_suspended"] == sum(1 for m in counted if m.standing == "Suspended")
	assert root["joined"] == sum(1 for m in members if m.joined_on.year == year)
	assert root["left"] == sum(1 for m in members if m.standing == "Left" and m.standing_since.year == year)
	assert root["died"] == sum(
		1 for m in members if m.standing == "Deceased" and m.standing_since.year == year
	)
	assert root["transferred_out"] == sum(
		1 for m in members if m.standing == "Transferred Out" and m.standing_since.year == year
	)
	completed_in = frappe.db.count(
		"Member Transfer",
		{
			"transfer_type": "In",
			"workflow_state": "Transfer Completed",
			"organization": ("in", subtree(COUNTY.root)),
		},
	)
	assert root["transferred_in"] == completed_in
	# two levels: each organization's row totals the branches under it
	for name, row in by_org.items():
		branches = [
			o
			for o in subtree(name)
			if o in by_org and frappe.db.get_value("Party Organization", o, "org_type") == "Branch"
		]
		assert row["total"] == sum(by_org[b]["total"] for b in branches)
	assert summary[0]["value"] == len(counted)
	assert sum(chart["data"]["datasets"][0]["values"]) == len(counted)


def test_term_expiry_report_lists_overdue_terms(demo):
	from party_building.party_building.report.term_expiry.term_expiry import execute

	_cols, rows, _msg, _chart, _summary = execute({"organization": COUNTY.root})
	on = getdate(today())
	assert rows and all(r["bucket_key"] for r in rows)
	assert any(r["bucket_key"] == rules.OVERDUE for r in rows)
	assert all(rules.expiry_bucket(getdate(r["term_end"]), on) == r["bucket_key"] for r in rows)


def test_term_reminders_are_sent_once(demo):
	from party_building.records.reminders import send_reminders

	first = send_reminders()
	assert first["terms"] >= 1
	logs = frappe.db.count("Party Reminder Log", {"reminder_type": "Term Expiry"})
	again = send_reminders()
	assert again == {"terms": 0, "receipts": 0}
	assert frappe.db.count("Party Reminder Log", {"reminder_type": "Term Expiry"}) == logs
