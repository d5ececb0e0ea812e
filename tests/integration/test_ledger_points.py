"""Member points (党员积分): rules with caps, entries by hand with evidence and approval, automatic
awards from source documents (once each, taken back on cancel), ranking per organization."""

import datetime

import frappe
import pytest
from frappe.utils import add_days, getdate, today

from party_building.core import access
from party_building.ledgers import points, rules
from party_building.ledgers.errors import (
	DuplicatePointsSourceError,
	EvidenceRequiredError,
	PointsCapError,
	PointsSignError,
)
from party_building.party_building.report.points_ranking.points_ranking import execute
from tests.integration.factories import (
	free_id_number,
	make_member,
	make_members,
	make_org,
	make_tree,
	make_user,
	unique,
)

EVIDENCE = "/files/volunteer-photo.jpg"


@pytest.fixture
def world():
	tree = make_tree()
	other = make_org("Branch", tree.general.name)
	full = make_members(tree.branch.name, 3)
	probationary = make_member(
		tree.branch.name, membership_type="Probationary", joined_on=add_days(today(), -100)
	)
	outsider = make_member(other.name)
	secretary = make_user("Branch Secretary").name
	access.grant_access(tree.branch.name, secretary, "Branch Secretary")
	committee = make_user("Branch Committee Member").name
	access.grant_access(tree.branch.name, committee, "Branch Committee Member")
	other_secretary = make_user("Branch Secretary").name
	access.grant_access(other.name, other_secretary, "Branch Secretary")
	rule = make_rule("志愿服务", rules.EXEMPLARY_ROLE, 2, daily_cap=2, yearly_cap=5)
	return frappe._dict(
		tree=tree, branch=tree.branch.name, other=other.name, full=full, probationary=probationary,
		outsider=outsider, secretary=secretary, committee=committee, other_secretary=other_secretary, rule=rule,
	)  # fmt: skip


def make_rule(name, category, pts, **kw):
	return frappe.get_doc(
		{"doctype": "Points Rule", "rule_name": unique(name), "category": category, "points": pts, **kw}
	).insert()


def entry(member, rule, on=None, submit=True, **kw):
	doc = frappe.get_doc(
		{
			"doctype": "Points Entry",
			"member": member.name if hasattr(member, "name") else member,
			"rule": rule.name if hasattr(rule, "name") else rule,
			"entry_date": on or today(),
			"evidence": EVIDENCE,
			"description": "参加社区志愿服务",
			**kw,
		}
	).insert()
	if submit:
		doc.submit()
	return doc


def count_entries(member):
	return frappe.db.count("Points Entry", {"member": member.name})


def test_a_manual_entry_needs_evidence(world):
	frappe.set_user(world.secretary)
	with pytest.raises(EvidenceRequiredError):
		entry(world.full[0], world.rule, evidence=None)
	assert count_entries(world.full[0]) == 0


def test_submitting_is_the_approval_and_the_committee_member_cannot_approve(world):
	frappe.set_user(world.committee)
	doc = entry(world.full[0], world.rule, submit=False)
	assert doc.points == 2 and doc.organization == world.branch and doc.category == rules.EXEMPLARY_ROLE
	with pytest.raises(frappe.PermissionError):
		doc.submit()
	frappe.set_user(world.secretary)
	doc = frappe.get_doc("Points Entry", doc.name)
	doc.submit()
	assert frappe.db.get_value("Points Entry", doc.name, "approved_by") == world.secretary


def test_points_beyond_the_daily_cap_are_refused(world):
	frappe.set_user(world.secretary)
	entry(world.full[0], world.rule, on="2026-05-04")
	with pytest.raises(PointsCapError):
		entry(world.full[0], world.rule, on="2026-05-04")
	assert count_entries(world.full[0]) == 1
	entry(world.full[0], world.rule, on="2026-05-05")  # the next day is fine


def test_points_beyond_the_yearly_cap_are_refused(world):
	frappe.set_user(world.secretary)
	entry(world.full[0], world.rule, on="2026-05-04")
	entry(world.full[0], world.rule, on="2026-06-04")
	with pytest.raises(PointsCapError):
		entry(world.full[0], world.rule, on="2026-07-04")  # 4 + 2 > 5
	assert count_entries(world.full[0]) == 2
	entry(world.full[0], world.rule, on="2027-01-04")  # a new year


def test_deductions_are_negative(world):
	with pytest.raises(PointsSignError):
		make_rule("违反纪律", rules.DEDUCTION, 5)
	deduction = make_rule("无故缺席组织生活", rules.DEDUCTION, -3)
	frappe.set_user(world.secretary)
	with pytest.raises(PointsSignError):
		entry(world.full[0], deduction, points=3)
	assert entry(world.full[0], deduction).points == -3


def test_a_source_gives_points_once_and_cancelling_takes_them_back(world):
	attendance = make_rule("参加主题党日", rules.ORGANIZATIONAL_LIFE, 1, source=rules.ACTIVITY_ATTENDANCE)
	member = world.full[0].name
	first = points.award(attendance.name, "Party Activity", "ACT-TEST-1", "2026-03-10", member=member)
	assert first
	assert points.award(attendance.name, "Party Activity", "ACT-TEST-1", "2026-03-10", member=member) is None
	# the same source entered by hand is refused too, nothing written
	frappe.set_user(world.secretary)
	with pytest.raises(DuplicatePointsSourceError):
		entry(member, attendance, source_doctype="Party Activity", source_name="ACT-TEST-1")
	frappe.set_user("Administrator")
	assert frappe.db.count("Points Entry", {"member": member, "source_name": "ACT-TEST-1"}) == 1
	assert points.revoke("Party Activity", "ACT-TEST-1") == [first]
	assert frappe.db.get_value("Points Entry", first, ["docstatus", "source_key"]) == (2, None)
	# an amended source awards again
	assert points.award(attendance.name, "Party Activity", "ACT-TEST-1-1", "2026-03-10", member=member)


def test_automatic_awards_stop_at_the_caps(world):
	attendance = make_rule(
		"参加党课", rules.STUDY, 2, daily_cap=3, yearly_cap=0, source=rules.ACTIVITY_ATTENDANCE
	)
	member = world.full[1].name
	points.award(attendance.name, "Party Activity", "ACT-A", "2026-04-01", member=member)
	second = points.award(attendance.name, "Party Activity", "ACT-B", "2026-04-01", member=member)
	assert frappe.db.get_value("Points Entry", second, "points") == 1  # clipped to the daily cap
	assert points.award(attendance.name, "Party Activity", "ACT-C", "2026-04-01", member=member) is None


def test_on_time_dues_award_points_and_late_dues_do_not(world):
	make_rule("按时交纳党费", rules.ORGANIZATIONAL_LIFE, 1, source=rules.ON_TIME_DUES)
	member = world.full[2].name
	on_time = frappe._dict(doctype="Dues Payment", name="DP-T1", member=member, paid_on=getdate("2026-03-20"),
		from_month=getdate("2026-03-01"))  # fmt: skip
	late = frappe._dict(doctype="Dues Payment", name="DP-T2", member=member, paid_on=getdate("2026-05-02"),
		from_month=getdate("2026-04-01"))  # fmt: skip
	points.on_dues_payment_submit(on_time)
	points.on_dues_payment_submit(late)
	points.on_dues_payment_submit(on_time)
	assert frappe.get_all("Points Entry", filters={"member": member}, pluck="source_name") == ["DP-T1"]
	points.on_source_cancel(on_time)
	assert frappe.db.count("Points Entry", {"member": member, "docstatus": 1}) == 0


def test_attending_a_submitted_party_activity_gives_points_once(world):
	if not frappe.db.exists("DocType", "Party Activity"):
		pytest.skip("Party Activity is not installed on this site")
	from frappe.model.workflow import apply_workflow

	from tests.integration import test_activity

	aw = test_activity.make_world()
	rule = make_rule("参加支部党员大会", rules.ORGANIZATIONAL_LIFE, 2, source=rules.ACTIVITY_ATTENDANCE)
	absent = aw.full[5]
	frappe.set_user(aw.users.secretary)
	members = aw.full[:5] + aw.probationary
	doc = test_activity.activity(aw, members=members)
	doc.append("attendees", test_activity.attendee(absent, "Absent"))
	doc.insert()
	apply_workflow(doc, "Submit to Upper Level")
	frappe.set_user(aw.users.upper)
	apply_workflow(frappe.get_doc("Party Activity", doc.name), "Approve as Upper Level")
	frappe.set_user("Administrator")
	awarded = frappe.get_all(
		"Points Entry", filters={"source_name": doc.name, "docstatus": 1, "rule": rule.name}, pluck="member"
	)
	assert sorted(awarded) == sorted(m.name for m in members)
	frappe.get_doc("Party Activity", doc.name).cancel()
	assert frappe.db.count("Points Entry", {"source_name": doc.name, "docstatus": 1}) == 0


def make_activist(branch):
	birth = datetime.date(2000, 5, 1)
	doc = frappe.get_doc(
		{
			"doctype": "Member Development",
			"full_name": "王积极",
			"gender": "Female",
			"birth_date": birth,
			"id_number": free_id_number(birth, "Female"),
			"branch": branch,
			"stage": "Activist",
		}
	)
	doc.name = unique("MD-TEST-")
	doc.db_insert()  # the admission rules are tested elsewhere; here only a person to score
	return doc


def test_ranking_per_organization_with_probationary_members_and_activists_marked(world):
	study = make_rule("学习强国", rules.STUDY, 1)
	deduction = make_rule("迟到", rules.DEDUCTION, -1)
	a, b, c = world.full
	frappe.set_user(world.secretary)
	entry(a, world.rule, on="2026-03-01")  # 2
	entry(a, study, on="2026-03-01")  # 1
	entry(a, deduction, on="2026-03-02")  # -1   a: 2
	entry(b, world.rule, on="2026-03-01")  # b: 2
	entry(world.probationary, world.rule, on="2026-03-01")
	entry(world.probationary, study, on="2026-03-01")  # probationary: 3
	entry(c, study, on="2025-12-31")  # outside the period
	frappe.set_user("Administrator")
	if frappe.db.exists("DocType", "Member Development"):
		activist = make_activist(world.branch)
		frappe.set_user(world.secretary)
		frappe.get_doc(
			{
				"doctype": "Points Entry",
				"activist": activist.name,
				"rule": study.name,
				"entry_date": "2026-04-01",
				"evidence": EVIDENCE,
			}
		).insert().submit()
	frappe.set_user(world.other_secretary)
	entry(world.outsider, world.rule, on="2026-03-01")

	frappe.set_user(world.secretary)
	_c, rows, _m, _ch, _s = execute(
		{"organization": world.tree.general.name, "from_date": "2026-01-01", "to_date": "2026-12-31"}
	)
	by_key = {r["member"] or r["activist"]: r for r in rows}
	assert world.outsider.name not in by_key  # another branch, whatever the filter asks
	assert (by_key[world.probationary.name]["total"], by_key[world.probationary.name]["rank"]) == (3, 1)
	assert by_key[world.probationary.name]["mark"] == frappe._("Probationary Member")
	assert (by_key[a.name]["total"], by_key[a.name]["rank"]) == (2, 2)
	assert (by_key[a.name]["exemplary_role"], by_key[a.name]["study"], by_key[a.name]["deduction"]) == (
		2,
		1,
		-1,
	)
	assert (by_key[b.name]["total"], by_key[b.name]["rank"]) == (2, 2)
	assert (by_key[c.name]["total"], by_key[c.name]["rank"]) == (0, 5 if len(by_key) == 5 else 4)
	if frappe.db.exists("DocType", "Member Development"):
		activist_row = by_key[activist.name]
		assert (activist_row["total"], activist_row["rank"], activist_row["mark"]) == (
			1,
			4,
			frappe._("Activist"),
		)


def test_the_tally_follows_submitting_and_cancelling(world):
	attendance = make_rule("参加党员大会", rules.ORGANIZATIONAL_LIFE, 2, source=rules.ACTIVITY_ATTENDANCE)
	member = world.full[0].name
	frappe.set_user(world.secretary)
	entry(member, world.rule, on="2026-03-01")  # exemplary 2
	draft = entry(member, world.rule, on="2026-03-02", submit=False)  # drafts count nothing
	frappe.set_user("Administrator")
	points.award(attendance.name, "Party Activity", "ACT-T1", "2026-03-03", member=member)
	points.award(attendance.name, "Party Activity", "ACT-T2", "2026-04-03", member=member)
	points.revoke("Party Activity", "ACT-T2")
	tally = frappe.get_all(
		"Points Tally",
		filters={"member": member},
		fields=["organization", "year", "organizational_life", "exemplary_role", "points", "entries"],
	)
	assert [
		(t.organization, t.year, t.organizational_life, t.exemplary_role, t.points, t.entries) for t in tally
	] == [(world.branch, 2026, 2, 2, 4, 2)]
	assert draft.docstatus == 0
	before = frappe.get_all(
		"Points Tally",
		fields=["name", "organizational_life", "exemplary_role", "points", "entries"],
		order_by="name",
	)
	points.rebuild_tally()
	assert (
		frappe.get_all(
			"Points Tally",
			fields=["name", "organizational_life", "exemplary_role", "points", "entries"],
			order_by="name",
		)
		== before
	)


def test_ranking_over_part_of_a_year_sums_the_entries(world):
	study = make_rule("学习强国", rules.STUDY, 1)
	a, b, _c = world.full
	frappe.set_user(world.secretary)
	entry(a, world.rule, on="2026-03-01")
	entry(a, study, on="2026-03-02")
	entry(b, study, on="2026-04-01")
	_cols, rows, *_ = execute(
		{"organization": world.branch, "from_date": "2026-03-01", "to_date": "2026-03-31", "include_zero": 0}
	)
	assert [(r["member"], r["total"], r["exemplary_role"], r["study"], r["rank"]) for r in rows] == [
		(a.name, 3, 2, 1, 1)
	]


def test_other_branches_do_not_see_the_points(world):
	import frappe.client

	frappe.set_user(world.secretary)
	ours = entry(world.full[0], world.rule)
	frappe.set_user(world.other_secretary)
	assert frappe.get_list("Points Entry", pluck="name", limit_page_length=0) == []
	with pytest.raises(frappe.PermissionError):
		frappe.client.get("Points Entry", ours.name)
	with pytest.raises(frappe.PermissionError):
		entry(world.full[0], world.rule, on=add_days(today(), -1))


def test_a_member_sees_only_their_own_points(world):
	frappe.set_user(world.secretary)
	mine = entry(world.full[0], world.rule)
	entry(world.full[1], world.rule)
	frappe.set_user("Administrator")
	user = make_user()
	member = frappe.get_doc("Party Member", world.full[0].name)
	member.user = user.name
	member.save()
	frappe.set_user(user.name)
	assert frappe.get_list("Points Entry", pluck="name", limit_page_length=0) == [mine.name]


def test_a_member_who_moved_away_stays_where_the_points_were_earned(world):
	moved = world.full[0]
	frappe.set_user(world.secretary)
	entry(moved, world.rule, on="2026-03-01")
	frappe.set_user("Administrator")
	frappe.db.set_value("Party Member", moved.name, "branch", world.other)
	frappe.set_user(world.secretary)
	_cols, rows, *_ = execute({"from_date": "2026-01-01", "to_date": "2026-12-31"})
	row = next(r for r in rows if r["member"] == moved.name)
	assert (row["organization"], row["total"]) == (world.branch, 2)
	assert {r["organization"] for r in rows} == {world.branch}
