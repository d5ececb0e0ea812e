"""Stage boundaries through the workflow, as real users; isolation of the records by branch."""

import datetime

import frappe
import frappe.client
import pytest
from frappe.model.workflow import apply_workflow

from party_building.admission import errors as E
from party_building.admission import rules
from party_building.core import access
from party_building.core.errors import ReturnCommentRequiredError, UpperLevelOnlyError
from tests.integration.factories import make_members, make_org, make_tree, make_user
from tests.integration.test_development import OFFSETS, record_data


@pytest.fixture
def world():
	tree = make_tree()
	other = make_org("Branch", tree.general.name)
	people = make_members(tree.branch.name, 4)
	users = frappe._dict(
		secretary=make_user("Branch Secretary").name,
		other_secretary=make_user("Branch Secretary").name,
		general_admin=make_user("Party Admin").name,
		committee_admin=make_user("Party Admin").name,
	)
	access.grant_access(tree.branch.name, users.secretary, "Branch Secretary")
	access.grant_access(other.name, users.other_secretary, "Branch Secretary")
	access.grant_access(tree.general.name, users.general_admin, "Party Admin")
	access.grant_access(tree.committee.name, users.committee_admin, "Party Admin")
	return frappe._dict(tree=tree, branch=tree.branch.name, other=other, people=people, users=users)


def recent(upto: int, last_step_days_ago: int = 10) -> datetime.date:
	"""The application date that puts step `upto` a few days ago."""
	return datetime.date.today() - datetime.timedelta(days=OFFSETS[upto] + last_step_days_ago)


def act(user: str, doc, action: str):
	frappe.set_user(user)
	try:
		return apply_workflow(doc.as_dict(), action)
	finally:
		frappe.set_user("Administrator")


def test_branch_submits_and_the_party_committee_approves_the_activist_stage(world):
	frappe.set_user(world.users.secretary)
	doc = frappe.get_doc(record_data(world, 3, applied_on=recent(3))).insert()
	assert doc.pending_boundary == rules.ACTIVIST_BOUNDARY
	doc = act(world.users.secretary, doc, "Submit to Upper Level")
	assert (doc.workflow_state, doc.submitted_boundary) == (
		"Submitted to Upper Level",
		rules.ACTIVIST_BOUNDARY,
	)
	frappe.set_user(world.users.secretary)
	locked = frappe.get_doc("Member Development", doc.name)
	locked.phone = "13900000000"
	with pytest.raises(UpperLevelOnlyError):  # with the upper level: the branch waits
		locked.save()
	doc = act(world.users.committee_admin, doc, "Approve Stage")
	assert doc.workflow_state == "Upper Level Approved"
	assert doc.step_dates()[rules.ACTIVIST_FILED] == frappe.utils.getdate()
	assert doc.stage == rules.ACTIVIST_PERSON


def test_admission_approved_through_the_workflow_creates_the_member(world):
	doc = frappe.get_doc(record_data(world, 16, applied_on=recent(16))).insert()
	doc = act(world.users.secretary, doc, "Submit to Upper Level")
	assert doc.submitted_boundary == rules.ADMISSION_BOUNDARY
	doc = act(world.users.committee_admin, doc, "Approve Stage")
	assert doc.stage == rules.PROBATIONARY_MEMBER
	assert doc.approving_organization == world.tree.committee.name
	member = frappe.get_doc("Party Member", doc.party_member)
	assert (member.membership_type, member.joined_on, member.branch) == (
		"Probationary",
		doc.meeting_date,
		world.branch,
	)
	# the branch keeps seeing its record once the Party Committee above is its approver
	frappe.set_user(world.users.secretary)
	assert doc.name in frappe.get_list("Member Development", pluck="name", limit_page_length=0)
	assert frappe.get_doc("Member Development", doc.name).has_permission("write")


def test_a_general_branch_admin_cannot_approve(world):
	doc = frappe.get_doc(record_data(world, 16, applied_on=recent(16))).insert()
	doc = act(world.users.secretary, doc, "Submit to Upper Level")
	with pytest.raises(UpperLevelOnlyError):
		act(world.users.general_admin, doc, "Approve Stage")
	assert frappe.db.get_value("Member Development", doc.name, "workflow_state") == "Submitted to Upper Level"
	assert not frappe.db.get_value("Member Development", doc.name, "party_member")


def test_the_upper_level_returns_with_a_comment(world):
	doc = frappe.get_doc(record_data(world, 3, applied_on=recent(3))).insert()
	doc = act(world.users.secretary, doc, "Submit to Upper Level")
	with pytest.raises(ReturnCommentRequiredError):
		act(world.users.committee_admin, doc, "Return to Branch")
	assert frappe.db.get_value("Member Development", doc.name, "workflow_state") == "Submitted to Upper Level"
	frappe.set_user(world.users.committee_admin)
	doc = frappe.get_doc("Member Development", doc.name)
	doc.upper_level_comment = "请补充谈话记录"
	doc.save()
	doc = act(world.users.committee_admin, doc, "Return to Branch")
	assert doc.workflow_state == "Returned to Branch"
	assert frappe.db.exists("Comment", {"reference_name": doc.name, "content": ("like", "%请补充谈话记录%")})
	doc = act(world.users.secretary, doc, "Submit to Upper Level")
	assert doc.workflow_state == "Submitted to Upper Level"


def test_nothing_to_submit_without_a_complete_stage(world):
	doc = frappe.get_doc(record_data(world, 2, applied_on=recent(2))).insert()
	assert not doc.pending_boundary
	with pytest.raises(frappe.ValidationError):  # the transition's condition hides the action
		act(world.users.secretary, doc, "Submit to Upper Level")
	frappe.set_user(world.users.secretary)
	doc.reload()
	doc.workflow_state = "Submitted to Upper Level"
	with pytest.raises((E.NothingToSubmitError, frappe.ValidationError)):
		doc.save()


def test_the_branch_cannot_record_the_upper_levels_steps(world):
	frappe.set_user(world.users.secretary)
	with pytest.raises(UpperLevelOnlyError):
		frappe.get_doc(record_data(world, 4, applied_on=recent(4))).insert()
	doc = frappe.get_doc(record_data(world, 3, applied_on=recent(3))).insert()
	next(r for r in doc.steps if r.step_no == rules.ACTIVIST_FILED).step_date = frappe.utils.getdate()
	with pytest.raises(UpperLevelOnlyError):
		doc.save()
	frappe.set_user("Administrator")
	assert (
		frappe.db.get_value(
			"Member Development Step", {"parent": doc.name, "step_no": rules.ACTIVIST_FILED}, "step_date"
		)
		is None
	)


def test_another_branch_cannot_act_or_see(world):
	doc = frappe.get_doc(record_data(world, 3, applied_on=recent(3))).insert()
	with pytest.raises(frappe.PermissionError):
		act(world.users.other_secretary, doc, "Submit to Upper Level")
	frappe.set_user(world.users.other_secretary)
	assert doc.name not in frappe.get_list("Member Development", pluck="name", limit_page_length=0)
	with pytest.raises(frappe.PermissionError):
		frappe.client.get("Member Development", doc.name)
	with pytest.raises((frappe.PermissionError, frappe.DoesNotExistError)):
		frappe.get_print("Member Development", doc.name)


def test_secretary_lists_only_their_branch(world):
	ours = frappe.get_doc(record_data(world, 1, applied_on=recent(1))).insert()
	theirs = frappe.get_doc(
		{**record_data(world, 1, applied_on=recent(1)), "branch": world.other.name}
	).insert()
	frappe.set_user(world.users.secretary)
	seen = set(frappe.get_list("Member Development", pluck="name", limit_page_length=0))
	assert ours.name in seen and theirs.name not in seen
	frappe.set_user(world.users.committee_admin)
	seen = set(frappe.get_list("Member Development", pluck="name", limit_page_length=0))
	assert {ours.name, theirs.name} <= seen


def test_the_whole_path_from_application_to_full_membership_as_real_users(world):
	"""The branch records the facts stage by stage; the Party Committee files and approves each stage."""
	full = record_data(world, 25)
	day = {row["step_no"]: row["step_date"] for row in full["steps"]}
	secretary, upper = world.users.secretary, world.users.committee_admin

	def fill(doc, steps, **fields):
		frappe.set_user(secretary)
		doc = frappe.get_doc("Member Development", doc.name)
		for row in doc.steps:
			if row.step_no in steps:
				row.step_date = day[row.step_no]
		for key, value in fields.items():
			doc.set(key, value)
		doc.save()
		return doc

	def approve(doc, step):
		frappe.set_user(upper)
		doc = frappe.get_doc("Member Development", doc.name)
		next(r for r in doc.steps if r.step_no == step).step_date = day[step]  # the date it really happened
		doc.save()
		return act(upper, doc, "Approve Stage")

	frappe.set_user(secretary)
	data = record_data(world, 3)
	doc = frappe.get_doc(data).insert()
	for boundary, step, filled in (
		(rules.ACTIVIST_BOUNDARY, 4, {}),
		(rules.TARGET_BOUNDARY, 8, {"steps": range(5, 8), "contacts": full["contacts"]}),
		(
			rules.ADMISSION_BOUNDARY,
			17,
			{
				"steps": range(9, 17),
				"introducers": full["introducers"],
				**{k: full[k] for k in ("political_review_result", "training_days", "training_hours")},
				**{
					k: full[k]
					for k in ("publicity_from", "publicity_to", "expected_voting", "present_voting")
				},
				"votes_for": full["votes_for"],
			},
		),
		(
			rules.FULL_BOUNDARY,
			24,
			{
				"steps": range(18, 24),
				"probation_decisions": full["probation_decisions"],
				**{k: full[k] for k in ("full_expected_voting", "full_present_voting", "full_votes_for")},
			},
		),
	):
		if filled:
			steps = filled.pop("steps")
			doc = fill(doc, set(steps), **filled)
		doc = act(secretary, doc, "Submit to Upper Level")
		assert doc.submitted_boundary == boundary
		doc = approve(doc, step)
		assert doc.workflow_state == "Upper Level Approved"
	doc = fill(doc, {25})
	assert doc.stage == rules.FULL_MEMBER
	member = frappe.get_doc("Party Member", doc.party_member)
	assert (member.membership_type, member.joined_on, member.full_member_on) == (
		"Full",
		doc.meeting_date,
		doc.probation_end,
	)
