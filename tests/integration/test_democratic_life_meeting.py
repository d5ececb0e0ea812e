"""Issue 19: 民主生活会, the leading group's yearly democratic life meeting — a kind of its own, held by a
Party committee or general branch (never a branch), through the same chain as 组织生活会 (opinions →
talks → checking materials → the meeting → the rectification list, which feeds the rectification
ledger), and counted in the compliance bulletin as the leading group's yearly duty."""

import frappe
import pytest

from party_building.activity import rules
from party_building.activity.errors import DemocraticLifeMeetingOrganizationError, LifeMeetingPreparationError
from tests.integration.factories import set_committee


@pytest.fixture
def zh():
	before = frappe.local.lang
	frappe.local.lang = "zh"
	try:
		yield
	finally:
		frappe.local.lang = before


@pytest.fixture
def world():
	from tests.integration import test_activity

	w = test_activity.make_world()
	# the general branch's leading group: three full members of its branch
	since = test_activity.TODAY - 400 * test_activity.DAY
	set_committee(
		w.tree.general,
		[
			(w.full[3], "Secretary", since),
			(w.full[4], "Deputy Secretary", since),
			(w.full[5], "Committee Member", since),
		],
	)
	w.general = w.tree.general.name
	w.leading_group = w.full[3:6]
	return w


def meeting(world, organization=None, members=None, **kw):
	from tests.integration.test_activity import activity

	return activity(
		world,
		members=members or world.leading_group,
		organization=organization or world.general,
		activity_type=rules.DEMOCRATIC_LIFE_MEETING,
		topic="年度领导班子民主生活会",
		**kw,
	)


def meetings_of(organization: str) -> int:
	return frappe.db.count(
		"Party Activity", {"organization": organization, "activity_type": rules.DEMOCRATIC_LIFE_MEETING}
	)


PREPARED = [{"step": s, "done": 1, "done_on": "2026-11-01"} for s in rules.BEFORE_THE_MEETING]


def test_a_branch_holds_no_democratic_life_meeting(world, zh):
	with pytest.raises(DemocraticLifeMeetingOrganizationError, match=r"党委、党总支领导班子.*组织生活会"):
		meeting(
			world, organization=world.branch, members=world.committee, life_meeting_steps=PREPARED
		).insert()
	assert meetings_of(world.branch) == 0
	# a Party committee's and a general branch's leading group do
	assert meeting(world, life_meeting_steps=PREPARED).insert().name
	assert meetings_of(world.general) == 1


def test_a_democratic_life_meeting_is_held_only_after_its_preparation(world, zh):
	with pytest.raises(
		LifeMeetingPreparationError, match=r"民主生活会.*征求意见、谈心谈话、撰写对照检查材料"
	):
		meeting(world).insert()
	assert meetings_of(world.general) == 0
	steps = PREPARED[:2]  # opinions and talks, the checking materials not yet written
	with pytest.raises(LifeMeetingPreparationError, match="撰写对照检查材料"):
		meeting(world, life_meeting_steps=steps).insert()
	assert meetings_of(world.general) == 0
	planned = meeting(world, status="Planned", activity_date="2026-12-20").insert()
	assert [r.step for r in planned.life_meeting_steps] == list(rules.LIFE_MEETING_STEPS)


def test_the_leading_group_is_expected(world):
	from party_building.activity.service import expected_attendees

	rows = expected_attendees(world.general, rules.DEMOCRATIC_LIFE_MEETING)
	assert {r["member"] for r in rows} == {m.name for m in world.leading_group}


def test_its_rectification_list_feeds_the_rectification_ledger(world):
	rows = [
		{"problem": "班子成员调查研究不够", "measures": "每人每学期联系一个支部", "deadline": "2027-03-31"},
		{"problem": "批评与自我批评辣味不足", "measures": "会前逐一谈心", "deadline": "2027-01-31"},
	]
	doc = meeting(world, life_meeting_steps=PREPARED, life_meeting_rectifications=rows).insert()
	doc.reload()
	items = [r.rectification_item for r in doc.life_meeting_rectifications]
	assert all(items) and len(set(items)) == 2
	item = frappe.get_doc("Rectification Item", items[0])
	assert (item.organization, item.description, item.from_meeting) == (
		world.general,
		"班子成员调查研究不够",
		doc.name,
	)
	doc.save()  # saved again: no second item for the same row
	assert frappe.db.count("Rectification Item", {"from_meeting": doc.name}) == 2


def bulletin(organization, year, **filters):
	from party_building.party_building.report.organizational_life_compliance import (
		organizational_life_compliance as report,
	)

	columns, data, _m, _chart, summary = report.execute(
		frappe._dict(
			organization=organization,
			period="Year",
			from_date=f"{year}-01-01",
			to_date=f"{year}-12-31",
			**filters,
		)
	)
	return {c["fieldname"] for c in columns}, {r["organization"]: r for r in data}, summary


def test_the_bulletin_counts_it_as_the_leading_groups_yearly_duty(world, zh):
	committee = world.tree.committee.name
	# last year, ended: neither leading group held it
	columns, rows, summary = bulletin(committee, 2025)
	assert "democratic_life" in columns
	assert rows[committee]["democratic_life"] == rows[world.general]["democratic_life"] == "0/1"
	assert rows[world.general]["behind"] == 1 and "民主生活会" in rows[world.general]["behind_on"]
	assert "democratic_life" not in rows[world.branch]  # a branch owes 组织生活会, not this
	assert "民主生活会" not in rows[world.branch]["behind_on"]
	assert any(c["label"] == "未按时召开民主生活会的领导班子" and c["value"] == 2 for c in summary)
	# this year, still running: owed, not behind; held, it counts
	rows = bulletin(committee, 2026)[1]
	assert rows[world.general]["democratic_life"] == "0/1" and rows[world.general]["behind"] == 0
	meeting(world, life_meeting_steps=PREPARED).insert()
	rows = bulletin(committee, 2026)[1]
	assert rows[world.general]["democratic_life"] == "1/1"
	# the report on that kind alone lists the leading groups only
	only = bulletin(committee, 2025, activity_type=rules.DEMOCRATIC_LIFE_MEETING)[1]
	assert set(only) == {committee, world.general}


def test_a_branch_secretary_sees_no_leading_group(world):
	frappe.set_user(world.users.secretary)
	try:
		rows = bulletin(None, 2025)[1]
	finally:
		frappe.set_user("Administrator")
	assert set(rows) == {world.branch}


def test_the_demo_holds_last_years_democratic_life_meetings():
	from party_building.organization.service import subtree
	from tests.integration.factories import demo_county

	with demo_county("测试民主生活会县", extensions=["party_building.demo.democratic_life.make"]) as summary:
		made = summary["party_building.demo.democratic_life.make"]["democratic life meetings"]
		meetings = frappe.get_all(
			"Party Activity",
			filters={
				"activity_type": rules.DEMOCRATIC_LIFE_MEETING,
				"organization": ("in", subtree(summary["root"])),
			},
			fields=["name", "organization", "activity_date", "status"],
		)
		assert made >= 1 and len(meetings) >= made
		types = {frappe.db.get_value("Party Organization", m.organization, "org_type") for m in meetings}
		assert types <= set(rules.LEADING_GROUP_ORG_TYPES)
		assert all(m.status == rules.HELD for m in meetings)
		assert frappe.db.count("Rectification Item", {"from_meeting": meetings[0].name}) == 2


def test_the_standard_plan_of_a_leading_group_holds_it_in_december(world):
	plan = frappe.get_doc({"doctype": "Party Activity Plan", "organization": world.general, "year": 2027})
	plan.append("items", {"activity_type": rules.THEME_DAY})  # the empty row a new form starts with
	plan.make_standard_plan()
	assert (12, rules.DEMOCRATIC_LIFE_MEETING) in {(r.month, r.activity_type) for r in plan.items}
	assert all(r.month for r in plan.items)
	plan.insert()
	branch_plan = frappe.get_doc(
		{"doctype": "Party Activity Plan", "organization": world.branch, "year": 2027}
	)
	branch_plan.make_standard_plan()
	assert rules.DEMOCRATIC_LIFE_MEETING not in {r.activity_type for r in branch_plan.items}


def test_the_leading_groups_administrator_may_edit_its_draft():
	"""The committee's own 民主生活会 is drafted by its Party Admin (no branch secretary drafts it): the
	draft and a returned record are editable by that role in the desk (the workflow's allow_edit)."""
	states = frappe.get_all(
		"Workflow Document State",
		filters={"parent": "Party Activity Review", "parenttype": "Workflow"},
		fields=["state", "allow_edit"],
	)
	editors = {s.state: set() for s in states}
	for s in states:
		editors[s.state].add(s.allow_edit)
	assert editors["Branch Draft"] == {"Branch Secretary", "Party Admin"}
	assert editors["Returned"] == {"Branch Secretary", "Party Admin"}
	assert editors["Upper Level Approved"] == {"Party Admin"}
