"""Party Activity, its plan and the democratic appraisal: rules, bad input, review and isolation,
as real users."""

import datetime

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from party_building.activity import rules
from party_building.activity import service as activities
from party_building.activity.errors import (
	AttendanceNotRecordedError,
	BackfillError,
	CommitteeAttendeeError,
	DuplicateAttendeeError,
	DuplicateGradeError,
	DuplicatePlanError,
	FollowUpError,
	FutureMeetingHeldError,
	LeaveReasonRequiredError,
	NotAMemberHereError,
	TimeOrderError,
	TypedCountsError,
	VoteResultError,
	WrongOrganizationError,
)
from party_building.core import access
from party_building.core.errors import QuorumError, ReturnCommentRequiredError, UpperLevelOnlyError
from party_building.core.name_search import pinyin_keys
from tests.integration.factories import (
	make_member,
	make_members,
	make_org,
	make_tree,
	make_user,
	set_committee,
)

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def world():
	return make_world()


def make_world():
	global TODAY
	TODAY = frappe.utils.getdate(frappe.utils.today())  # the site's day (Asia/Shanghai), not the host's
	tree = make_tree()
	full = make_members(tree.branch.name, 6, membership_type="Full")
	probationary = make_members(
		tree.branch.name, 2, membership_type="Probationary", joined_on=TODAY - 100 * DAY
	)
	grouped = make_members(tree.branch.name, 2, membership_type="Full", party_group=tree.group.name)
	since = TODAY - 400 * DAY
	set_committee(
		tree.branch,
		[
			(full[0], "Secretary", since),
			(full[1], "Deputy Secretary", since),
			(full[2], "Committee Member", since),
		],
	)
	frappe.db.set_value("Party Organization", tree.branch.name, "status", "Active")
	other = make_org("Branch", tree.general.name)
	outsider = make_member(other.name)
	users = frappe._dict(
		secretary=make_user("Branch Secretary").name,
		upper=make_user("Party Admin").name,
		branch_admin=make_user("Party Admin").name,
		other_secretary=make_user("Branch Secretary").name,
	)
	access.grant_access(tree.branch.name, users.secretary, "Branch Secretary")
	access.grant_access(tree.committee.name, users.upper, "Party Admin")
	access.grant_access(tree.branch.name, users.branch_admin, "Party Admin")
	access.grant_access(other.name, users.other_secretary, "Branch Secretary")
	return frappe._dict(
		tree=tree,
		branch=tree.branch.name,
		group=tree.group.name,
		full=full,
		probationary=probationary,
		grouped=grouped,
		committee=full[:3],
		other=other.name,
		outsider=outsider,
		users=users,
	)


def attendee(member, status=rules.PRESENT, **kw):
	return {"member": member.name if hasattr(member, "name") else member, "status": status, **kw}


def activity(world, members=None, **kw) -> frappe.model.document.Document:
	members = world.full + world.probationary + world.grouped if members is None else members
	data = {
		"doctype": "Party Activity",
		"organization": world.branch,
		"activity_type": rules.GENERAL_MEETING,
		"topic": "学习党章",
		"activity_date": TODAY - 2 * DAY,
		"start_time": "14:00:00",
		"end_time": "16:00:00",
		"place": "会议室",
		"attendees": [attendee(m) for m in members],
	}
	data.update(kw)
	return frappe.get_doc(data)


def count_activities(world) -> int:
	return frappe.db.count("Party Activity", {"organization": world.branch})


# --- counts -----------------------------------------------------------------------------------


def test_counts_are_computed_from_rows(world):
	rows = [attendee(m) for m in world.full[:4]]
	rows += [
		attendee(world.full[4], rules.ON_LEAVE, leave_reason="出差"),
		attendee(world.full[5], rules.ABSENT),
	]
	rows += [attendee(m) for m in world.probationary]
	rows.append({"member_name": "县委党校 王老师", "is_guest": 1, "status": rules.PRESENT})
	doc = activity(world, attendees=rows).insert()
	assert (doc.expected_count, doc.present_count, doc.leave_count, doc.absent_count) == (8, 6, 1, 1)
	assert doc.attendance_rate == 75.0
	voting = {r.member: r.is_voting for r in doc.attendees if r.member}
	assert voting[world.full[0].name] == 1 and voting[world.probationary[0].name] == 0
	assert doc.attendees[-1].is_voting == 0


def test_typed_counts_that_disagree_with_the_rows_are_refused(world):
	doc = activity(world, members=world.full, expected_count=10, present_count=6)
	with pytest.raises(TypedCountsError):
		doc.insert()
	assert count_activities(world) == 0
	# through the REST API's insert too
	import frappe.client

	data = activity(world, members=world.full).as_dict()
	data["attendance_rate"] = 50
	with pytest.raises(TypedCountsError):
		frappe.client.insert(data)
	assert count_activities(world) == 0
	# the counts the rows give are accepted, and a later save keeps them right
	doc = activity(world, members=world.full, expected_count=6, present_count=6).insert()
	doc.attendees[0].status = rules.ABSENT
	doc.save()
	assert (doc.present_count, doc.absent_count) == (5, 1)


def test_a_non_member_attendee_is_refused_unless_invited_as_a_guest(world):
	with pytest.raises(NotAMemberHereError):
		activity(world, members=[*world.full, world.outsider]).insert()
	assert count_activities(world) == 0
	doc = activity(world, members=world.full)
	doc.append("attendees", attendee(world.outsider, is_guest=1))
	doc.insert()
	assert doc.expected_count == 6 and doc.attendees[-1].is_voting == 0


def test_a_duplicate_attendee_is_refused(world):
	with pytest.raises(DuplicateAttendeeError):
		activity(world, members=[*world.full, world.full[0]]).insert()
	assert count_activities(world) == 0


def test_leave_without_a_reason_is_refused(world):
	doc = activity(world, attendees=[attendee(world.full[0], rules.ON_LEAVE)])
	with pytest.raises(LeaveReasonRequiredError):
		doc.insert()
	assert count_activities(world) == 0


def test_a_vote_without_quorum_is_refused(world):
	# 8 voting members expected (6 + 2 in the group), 4 present: not more than half
	rows = [attendee(m) for m in world.full[:4]] + [attendee(m, rules.ABSENT) for m in world.full[4:]]
	rows += [attendee(m, rules.ABSENT) for m in world.grouped] + [attendee(m) for m in world.probationary]
	doc = activity(world, attendees=rows, votes=[{"item": "推选优秀党员", "votes_for": 4}])
	with pytest.raises(QuorumError):
		doc.insert()
	assert count_activities(world) == 0
	rows[4] = attendee(world.full[4])
	doc = activity(world, attendees=rows, votes=[{"item": "推选优秀党员", "votes_for": 5}]).insert()
	assert doc.votes[0].result == rules.PASSED


def test_for_votes_of_exactly_half_do_not_pass(world):
	# 8 voting members expected: 4 for is exactly half
	vote = {
		"item": "接收预备党员",
		"votes_for": 4,
		"votes_against": 3,
		"votes_abstain": 1,
		"result": "Passed",
	}
	with pytest.raises(VoteResultError):
		activity(world, votes=[vote]).insert()
	assert count_activities(world) == 0
	vote.pop("result")
	doc = activity(world, votes=[vote]).insert()
	assert doc.votes[0].result == rules.NOT_PASSED
	with pytest.raises(VoteResultError):
		activity(world, votes=[{"item": "x", "votes_for": 5, "votes_against": 4}]).insert()


def test_a_committee_meeting_admits_no_voting_outsider_and_needs_half_of_the_committee(world):
	kw = {"activity_type": rules.COMMITTEE_MEETING}
	with pytest.raises(CommitteeAttendeeError):
		activity(world, members=[*world.committee, world.full[3]], **kw).insert()
	assert count_activities(world) == 0
	doc = activity(world, members=world.committee, **kw)
	doc.append("attendees", attendee(world.full[3], is_guest=1))
	doc.insert()
	assert [r.is_voting for r in doc.attendees] == [1, 1, 1, 0]
	rows = [attendee(world.committee[0]), attendee(world.committee[1], rules.ABSENT)]
	rows.append(attendee(world.committee[2], rules.ON_LEAVE, leave_reason="病假"))
	with pytest.raises(QuorumError):
		activity(world, attendees=rows, **kw).insert()
	assert count_activities(world) == 1


def test_a_meeting_dated_in_the_future_cannot_be_marked_held(world):
	with pytest.raises(FutureMeetingHeldError):
		activity(world, activity_date=TODAY + 3 * DAY).insert()
	assert count_activities(world) == 0
	assert activity(world, activity_date=TODAY + 3 * DAY, status="Planned").insert().status == "Planned"


def test_end_time_before_start_time_is_refused(world):
	with pytest.raises(TimeOrderError):
		activity(world, start_time="15:00:00", end_time="14:30:00").insert()
	assert count_activities(world) == 0


def test_back_filling_past_the_limit_needs_the_upper_levels_approval(world):
	old = TODAY - 45 * DAY
	frappe.set_user(world.users.secretary)
	with pytest.raises(BackfillError):
		activity(world, activity_date=old).insert()
	with pytest.raises(UpperLevelOnlyError):
		activity(world, activity_date=old, backfill_approved=1, backfill_reason="补录").insert()
	frappe.set_user(world.users.branch_admin)  # a Party Admin of the branch itself is not above it
	with pytest.raises(UpperLevelOnlyError):
		activity(world, activity_date=old, backfill_approved=1, backfill_reason="补录").insert()
	frappe.set_user("Administrator")
	assert count_activities(world) == 0
	frappe.set_user(world.users.upper)
	doc = activity(world, activity_date=old, backfill_approved=1, backfill_reason="系统上线前的会议补录")
	doc.backfill_approved_by = "Administrator"  # typed by a client: ignored
	doc.insert()
	assert doc.backfill_approved_by == world.users.upper and doc.backfill_approved_on
	# within the limit nothing is needed; the limit is a setting
	frappe.set_user(world.users.secretary)
	assert activity(world, activity_date=TODAY - 30 * DAY).insert().backfill_approved_by is None
	frappe.set_user("Administrator")
	frappe.db.set_single_value("Party Building Settings", "backfill_limit_days", 60)
	frappe.set_user(world.users.secretary)
	assert activity(world, activity_date=old).insert().name


# --- filling the attendance -------------------------------------------------------------------


def test_fill_attendees_takes_the_committee_the_group_or_the_branch(world):
	doc = activity(world, members=[], activity_type=rules.COMMITTEE_MEETING)
	assert doc.fill_attendees() == 3
	assert {r.member for r in doc.attendees} == {m.name for m in world.committee}
	doc.insert()
	doc = activity(world, members=[], activity_type=rules.GROUP_MEETING, party_group=world.group)
	doc.fill_attendees()
	assert {r.member for r in doc.attendees} == {m.name for m in world.grouped}
	doc.insert()
	doc = activity(world, members=[])
	doc.append("attendees", {"member_name": "来宾", "is_guest": 1})
	assert doc.fill_attendees() == 10
	voting = {r.member: r.is_voting for r in doc.attendees}
	assert voting[world.probationary[0].name] == 0 and voting[world.full[5].name] == 1
	assert doc.attendees[-1].member_name == "来宾" and doc.expected_count == 10
	# in the order of the names' pinyin, each one's attendance still to be recorded: a secretary who
	# changes nothing records nobody present, not everyone
	members = [r for r in doc.attendees if not r.is_guest]
	assert [r.member_name for r in members] == sorted(
		(r.member_name for r in members), key=lambda n: pinyin_keys(n)[0]
	)
	assert {r.status for r in members} == {""}
	doc.insert()
	assert doc.present_count == 0 and doc.expected_count == 10


def test_a_meeting_goes_up_only_with_everyones_attendance_recorded(world):
	frappe.set_user(world.users.secretary)
	doc = activity(world, members=[])
	doc.fill_attendees()
	doc.insert()
	with pytest.raises(AttendanceNotRecordedError, match=r"出勤|attendance"):
		apply_workflow(doc, "Submit to Upper Level")
	assert frappe.db.get_value("Party Activity", doc.name, "workflow_state") == activities.DRAFT
	doc.reload()
	for row in doc.attendees:
		row.status = rules.PRESENT
	doc.attendees[0].status = rules.ABSENT
	doc.save()
	apply_workflow(doc, "Submit to Upper Level")
	doc.reload()
	assert doc.workflow_state == activities.SUBMITTED
	assert (doc.present_count, doc.absent_count, doc.expected_count) == (9, 1, 10)


def test_a_group_meeting_lists_only_the_group(world):
	kw = {"activity_type": rules.GROUP_MEETING, "party_group": world.group}
	with pytest.raises(NotAMemberHereError):
		activity(world, members=[*world.grouped, world.full[0]], **kw).insert()
	with pytest.raises(WrongOrganizationError):
		activity(world, members=world.grouped, organization=world.group, party_group=None).insert()


# --- review -----------------------------------------------------------------------------------


def test_the_branch_submits_and_only_the_upper_level_approves_or_returns(world):
	frappe.set_user(world.users.secretary)
	doc = activity(world).insert()
	assert doc.workflow_state == activities.DRAFT
	apply_workflow(doc, "Submit to Upper Level")
	doc.reload()
	assert doc.workflow_state == activities.SUBMITTED and doc.docstatus == 0
	with pytest.raises(frappe.ValidationError):  # the workflow offers the secretary no approval
		apply_workflow(doc, "Approve as Upper Level")
	frappe.set_user(world.users.branch_admin)  # has the role, but not above the branch
	with pytest.raises(UpperLevelOnlyError):
		apply_workflow(doc, "Approve as Upper Level")
	frappe.set_user(world.users.upper)
	with pytest.raises(ReturnCommentRequiredError):
		apply_workflow(doc, "Return to Branch")
	doc.reload()
	doc.review_comment = "请补充会议照片"
	doc.save()
	apply_workflow(doc, "Return to Branch")
	doc.reload()
	assert doc.workflow_state == activities.RETURNED and doc.docstatus == 0
	frappe.set_user(world.users.secretary)
	doc.reload()
	doc.photo = "/files/meeting.jpg"
	doc.save()
	apply_workflow(doc, "Submit to Upper Level")
	frappe.set_user(world.users.upper)
	apply_workflow(doc, "Approve as Upper Level")
	doc.reload()
	assert doc.workflow_state == activities.APPROVED and doc.docstatus == 1
	doc.topic = "改动"
	with pytest.raises(frappe.ValidationError):  # approved records are locked
		doc.save()
	frappe.set_user(world.users.branch_admin)
	with pytest.raises((UpperLevelOnlyError, frappe.ValidationError)):
		apply_workflow(doc, "Cancel Record")
	frappe.set_user(world.users.upper)
	apply_workflow(doc, "Cancel Record")
	doc.reload()
	assert doc.docstatus == 2 and doc.workflow_state == "Record Cancelled"


# --- isolation --------------------------------------------------------------------------------


def test_no_branch_sees_another_branchs_activities(world):
	import frappe.client

	ours = activity(world).insert()
	theirs = activity(world, organization=world.other, members=[world.outsider]).insert()
	frappe.set_user(world.users.secretary)
	assert set(frappe.get_list("Party Activity", pluck="name")) == {ours.name}
	with pytest.raises(frappe.PermissionError):
		frappe.client.get("Party Activity", theirs.name)
	with pytest.raises((frappe.PermissionError, frappe.DoesNotExistError)):
		frappe.get_print("Party Activity", theirs.name)
	with pytest.raises(frappe.PermissionError):
		activity(world, organization=world.other, members=[world.outsider]).insert()
	frappe.set_user(world.users.upper)
	assert {ours.name, theirs.name} <= set(frappe.get_list("Party Activity", pluck="name"))


def test_a_member_sees_only_the_activities_they_were_expected_at(world):
	login = make_user("Party Member").name
	frappe.db.set_value("Party Member", world.full[5].name, "user", login)
	frappe.db.set_value("Party Member", world.full[4].name, "user", None)
	seen = activity(world).insert()
	activity(world, members=world.full[:4]).insert()
	frappe.set_user(login)
	assert frappe.get_list("Party Activity", pluck="name") == [seen.name]
	assert frappe.get_doc("Party Activity", seen.name).has_permission("read")


# --- yearly plan --------------------------------------------------------------------------------


def test_the_standard_plan_is_one_click_and_one_per_year(world):
	plan = frappe.get_doc(
		{"doctype": "Party Activity Plan", "organization": world.branch, "year": TODAY.year}
	)
	plan.append("items", {"month": 5, "activity_type": rules.THEME_DAY, "topic": "参观红色教育基地"})
	added = plan.make_standard_plan()
	plan.insert()
	assert added == len(rules.standard_plan(True, True)) - 1
	assert plan.items[0].month == 1
	assert sum(1 for r in plan.items if r.activity_type == rules.GENERAL_MEETING) == 4
	again = frappe.get_doc(
		{"doctype": "Party Activity Plan", "organization": world.branch, "year": TODAY.year}
	)
	with pytest.raises(DuplicatePlanError):
		again.insert()


# --- democratic appraisal -----------------------------------------------------------------------


def appraisal(world, grades, year=None):
	return frappe.get_doc(
		{
			"doctype": "Democratic Appraisal",
			"organization": world.branch,
			"year": year or TODAY.year,
			"appraisal_date": TODAY,
			"grades": grades,
		}
	)


def test_a_second_grade_for_the_same_member_and_year_is_refused(world):
	m = world.full[0].name
	first = appraisal(
		world, [{"member": m, "grade": rules.EXCELLENT, "self_assessment": "认真履职"}]
	).insert()
	with pytest.raises(DuplicateGradeError):
		appraisal(world, [{"member": m, "grade": rules.QUALIFIED}]).insert()
	with pytest.raises(DuplicateGradeError):
		appraisal(world, [{"member": world.full[1].name, "grade": "Qualified"}] * 2).insert()
	assert frappe.db.count("Democratic Appraisal", {"organization": world.branch}) == 1
	# the database keeps it too: a row written past the controller
	row = frappe.get_doc(
		{
			"doctype": "Democratic Appraisal Grade",
			"parent": "x",
			"parenttype": "Democratic Appraisal",
			"parentfield": "grades",
			"member": m,
			"grade": rules.QUALIFIED,
			"grade_key": first.grades[0].grade_key,
		}
	)
	with pytest.raises((frappe.UniqueValidationError, frappe.DuplicateEntryError)):
		row.db_insert()
	# another year is fine
	assert appraisal(world, [{"member": m, "grade": rules.QUALIFIED}], year=TODAY.year - 1).insert()


def test_unqualified_needs_a_follow_up_with_a_deadline(world):
	m = world.full[2].name
	with pytest.raises(FollowUpError):
		appraisal(world, [{"member": m, "grade": rules.UNQUALIFIED}]).insert()
	with pytest.raises(FollowUpError):
		appraisal(
			world, [{"member": m, "grade": rules.UNQUALIFIED, "follow_up": rules.FOLLOW_UPS[0]}]
		).insert()
	with pytest.raises(NotAMemberHereError):
		appraisal(world, [{"member": world.outsider.name, "grade": rules.QUALIFIED}]).insert()
	doc = appraisal(
		world,
		[
			{
				"member": m,
				"grade": rules.UNQUALIFIED,
				"follow_up": rules.FOLLOW_UPS[0],
				"follow_up_deadline": TODAY,
			}
		],
	).insert()
	assert doc.grades[0].grade == rules.UNQUALIFIED


def test_the_appraisal_is_approved_through_the_workflow_by_the_upper_level(world):
	frappe.set_user(world.users.secretary)
	doc = appraisal(world, [])
	assert doc.fill_members() == 10
	for row in doc.grades:
		row.grade = rules.QUALIFIED
	doc.insert()
	apply_workflow(doc, "Submit to Upper Level")
	frappe.set_user(world.users.branch_admin)
	with pytest.raises(UpperLevelOnlyError):
		apply_workflow(doc, "Approve as Upper Level")
	frappe.set_user(world.users.upper)
	apply_workflow(doc, "Approve as Upper Level")
	doc.reload()
	assert doc.docstatus == 1 and doc.workflow_state == activities.APPROVED
	frappe.set_user(world.users.other_secretary)
	assert frappe.get_list("Democratic Appraisal", filters={"name": doc.name}) == []


def test_an_attendee_who_does_not_exist_is_refused(world):
	with pytest.raises(frappe.LinkValidationError):
		activity(world, attendees=[attendee("PM-NOPE-1"), attendee(world.full[0])]).insert()
	assert count_activities(world) == 0


def test_an_activity_saved_without_its_times_keeps_them_empty(world):
	"""Frappe would fill both with the moment of saving; a planned activity's times are not known yet."""
	doc = activity(
		world, status=rules.PLANNED, activity_date=TODAY + 10 * DAY, start_time=None, end_time=None
	)
	doc.attendees = []
	doc.insert()
	assert frappe.db.get_value("Party Activity", doc.name, ["start_time", "end_time"]) == (None, None)
	held = activity(world, start_time="09:00:00", end_time=None).insert()
	assert str(frappe.db.get_value("Party Activity", held.name, "start_time")) == "9:00:00"
	assert frappe.db.get_value("Party Activity", held.name, "end_time") is None
