"""Member Development (发展党员纪实): the whole path, its effects, and every rule's good and bad case.

Each bad input asserts the rule's own error class and that nothing was written.
"""

import datetime

import frappe
import pytest

from party_building.admission import errors as E
from party_building.admission import rules
from party_building.core.errors import QuorumError
from party_building.organization.errors import NotABranchError
from party_building.organization.rules import add_years
from tests.integration.factories import free_id_number, make_member, make_members, make_tree

D = datetime.date
TODAY = datetime.date.today()

# days after the application on which each step happens in a record that keeps every rule
OFFSETS = {
	1: 0, 2: 20, 3: 90, 4: 95, 5: 100, 6: 110, 7: 466, 8: 470, 9: 475, 10: 490, 11: 500, 12: 510,
	13: 530, 14: 535, 15: 540, 16: 550, 17: 570, 18: 580, 19: 585, 20: 590, 21: 700, 22: 880,
	23: 910, 24: 920, 25: 925,
}  # fmt: skip
PUBLICITY = (512, 525)
APPLIED_ON = D(2021, 3, 1)  # 14 calendar days: at least 5 working days whatever the holidays


@pytest.fixture
def world():
	tree = make_tree()
	people = make_members(tree.branch.name, 4)
	return frappe._dict(tree=tree, branch=tree.branch.name, people=people)


def record_data(world, upto: int = 0, applied_on: D = APPLIED_ON, **kw) -> dict:
	"""A record whose steps 1..upto are dated and complete, keeping every rule."""
	birth_date = kw.pop("birth_date", add_years(applied_on, -24))
	gender = kw.pop("gender", "Female")
	day = {n: applied_on + datetime.timedelta(days=d) for n, d in OFFSETS.items()}
	data = {
		"doctype": "Member Development",
		"full_name": kw.pop("full_name", "测试申请人"),
		"gender": gender,
		"birth_date": birth_date,
		"id_number": free_id_number(birth_date, gender),
		"branch": world.branch,
		"steps": [
			{"step_no": n, "step_date": day[n] if n <= upto else None, "responsible": "李书记"}
			for n in range(1, 26)
		],
	}
	if upto >= rules.CONTACTS:
		data["contacts"] = [{"member": world.people[0].name, "assigned_on": day[5]}]
	if upto >= rules.INTRODUCERS:
		data["introducers"] = [{"member": world.people[1].name}, {"member": world.people[2].name}]
	if upto >= rules.TRAINING:
		data.update(political_review_result="Passed", training_days=3, training_hours=24)
	if upto >= rules.PRE_REVIEW:
		data.update(publicity_from=applied_on + datetime.timedelta(days=PUBLICITY[0]))
		data.update(publicity_to=applied_on + datetime.timedelta(days=PUBLICITY[1]))
	if upto >= rules.BRANCH_MEETING:
		data.update(expected_voting=10, present_voting=8, votes_for=7, votes_against=1)
	if upto >= rules.FULL_MEETING:
		data.update(full_expected_voting=10, full_present_voting=9, full_votes_for=9)
		data["probation_decisions"] = [{"decided_on": day[23], "decision": rules.DECISION_FULL}]
	data.update(kw)
	return data


def make_record(world, upto: int = 0, **kw):
	return frappe.get_doc(record_data(world, upto, **kw)).insert()


def set_step(doc, step: int, day):
	next(r for r in doc.steps if r.step_no == step).step_date = day


def db_step(name: str, step: int):
	return frappe.db.get_value("Member Development Step", {"parent": name, "step_no": step}, "step_date")


def refused(error, world, upto: int = 0, **kw):
	"""Inserting the record raises `error`, and no record nor member is written."""
	data = record_data(world, upto, **kw)
	members = frappe.db.count("Party Member")
	with pytest.raises(error):
		frappe.get_doc(data).insert()
	assert not frappe.db.exists("Member Development", {"id_number": data["id_number"]})
	assert frappe.db.count("Party Member") == members


# --- the whole path and its effects --------------------------------------------------------------------


def test_a_new_record_has_the_25_steps_of_the_master_list(world):
	doc = frappe.get_doc({**record_data(world), "steps": []}).insert()
	assert [r.step_no for r in doc.steps] == list(range(1, 26))
	assert doc.steps[16].step_name == "上级党委审批"
	assert doc.steps[16].stage == rules.ADMISSION_STAGE
	assert [r.stage for r in doc.steps[:3]] == [rules.APPLICATION_STAGE] * 2 + [rules.ACTIVIST_STAGE]
	assert doc.stage == rules.APPLICANT
	assert doc.workflow_state == "Branch Draft"


def test_the_stage_follows_the_steps(world):
	assert make_record(world, 2).stage == rules.APPLICANT
	assert make_record(world, 6).stage == rules.ACTIVIST_PERSON
	assert make_record(world, 11).stage == rules.DEVELOPMENT_TARGET


def test_approval_creates_a_probationary_member_joined_on_the_branch_meeting(world):
	doc = make_record(world, 17)
	assert doc.stage == rules.PROBATIONARY_MEMBER
	assert doc.approving_organization == world.tree.committee.name
	member = frappe.get_doc("Party Member", doc.party_member)
	assert member.membership_type == "Probationary"
	assert member.joined_on == doc.meeting_date == doc.step_dates()[rules.BRANCH_MEETING]
	assert (member.branch, member.id_number, member.birth_date, member.gender) == (
		world.branch,
		doc.id_number,
		doc.birth_date,
		"Female",
	)
	assert doc.probation_end == add_years(doc.meeting_date, 1)


def test_approval_places_the_member_in_the_party_group(world):
	doc = make_record(world, 17, party_group=world.tree.group.name)
	assert frappe.db.get_value("Party Member", doc.party_member, "party_group") == world.tree.group.name


def test_the_full_path_ends_in_full_membership_from_the_end_of_probation(world):
	doc = make_record(world, 17)
	for step in range(18, 26):
		set_step(doc, step, D(2021, 3, 1) + datetime.timedelta(days=OFFSETS[step]))
	doc.update({"full_expected_voting": 10, "full_present_voting": 9, "full_votes_for": 9})
	doc.append("probation_decisions", {"decided_on": doc.step_dates()[23], "decision": rules.DECISION_FULL})
	doc.save()
	assert doc.stage == rules.FULL_MEMBER
	member = frappe.get_doc("Party Member", doc.party_member)
	assert member.membership_type == "Full"
	assert member.full_member_on == doc.full_member_on == add_years(doc.meeting_date, 1)
	assert member.party_age >= 2  # 党龄 counts from full membership


def test_cancellation_ends_the_record_without_a_member(world):
	doc = make_record(world, 20)
	doc.append(
		"probation_decisions",
		{
			"decided_on": doc.oath_date + datetime.timedelta(days=30),
			"decision": rules.DECISION_CANCEL,
			"reason": "不履行党员义务",
		},
	)
	doc.save()
	assert doc.stage == rules.CANCELLED
	assert frappe.db.get_value("Party Member", doc.party_member, "standing") == "Left"


def test_withdrawal_before_admission_ends_the_record(world):
	doc = make_record(world, 3, withdrawn_on=D(2021, 7, 1), end_reason="本人撤回申请")
	assert doc.stage == rules.WITHDRAWN
	assert not doc.party_member


def test_a_record_belongs_to_a_branch(world):
	refused(NotABranchError, world, branch=world.tree.general.name)


# --- bad input, one rule each -------------------------------------------------------------------------


def test_applicant_under_18_is_refused(world):
	refused(E.UnderageApplicantError, world, 1, birth_date=D(2003, 3, 2), applied_on=D(2021, 3, 1))
	assert make_record(world, 1, birth_date=D(2003, 3, 1), applied_on=D(2021, 3, 1)).application_date


def test_talk_after_one_month_needs_a_recorded_reason(world):
	late = record_data(world, 2)
	late["steps"][1]["step_date"] = D(2021, 4, 2)
	members = frappe.db.count("Party Member")
	with pytest.raises(E.LateTalkError):
		frappe.get_doc(late).insert()
	assert not frappe.db.exists("Member Development", {"id_number": late["id_number"]})
	assert frappe.db.count("Party Member") == members
	late["talk_late_reason"] = "申请人参加省级培训一个月"
	assert frappe.get_doc(late).insert().name


def test_becoming_a_target_after_11_months_as_activist_is_refused(world):
	data = record_data(world, 7)
	data["steps"][6]["step_date"] = data["steps"][2]["step_date"] + datetime.timedelta(days=335)
	with pytest.raises(E.ActivistPeriodError):
		frappe.get_doc(data).insert()
	assert not frappe.db.exists("Member Development", {"id_number": data["id_number"]})


def test_contacts_are_one_or_two_full_members(world):
	probationary = make_member(
		world.branch, membership_type="Probationary", joined_on=TODAY - datetime.timedelta(days=30)
	)
	refused(E.ContactError, world, 5, contacts=[])
	refused(E.ContactError, world, 5, contacts=[{"member": probationary.name}])
	three = [{"member": p.name} for p in world.people[:3]]
	refused(E.ContactError, world, 5, contacts=three)


def test_publicity_of_5_calendar_days_over_a_weekend_is_refused(world):
	# Thursday 2024-03-07 to Monday 2024-03-11: 3 working days
	refused(
		E.PublicityError,
		world,
		13,
		applied_on=D(2023, 1, 1),
		publicity_from=D(2024, 3, 7),
		publicity_to=D(2024, 3, 11),
	)


def test_publicity_over_national_day_is_refused(world):
	# 2024-09-30 to 2024-10-04: only 30 September is a working day
	refused(
		E.PublicityError,
		world,
		13,
		applied_on=D(2023, 6, 1),
		publicity_from=D(2024, 9, 30),
		publicity_to=D(2024, 10, 4),
	)


def test_publicity_of_5_working_days_with_an_adjusted_saturday_is_accepted(world):
	doc = make_record(
		world, 13, applied_on=D(2023, 6, 1), publicity_from=D(2024, 10, 8), publicity_to=D(2024, 10, 12)
	)
	assert doc.publicity_to == D(2024, 10, 12)


def test_publicity_is_required_before_the_pre_review(world):
	refused(E.PublicityError, world, 13, publicity_from=None, publicity_to=None)


def test_a_probationary_introducer_is_refused(world):
	probationary = make_member(
		world.branch, membership_type="Probationary", joined_on=TODAY - datetime.timedelta(days=30)
	)
	refused(
		E.IntroducerNotFullError,
		world,
		9,
		introducers=[{"member": world.people[1].name}, {"member": probationary.name}],
	)


def test_an_introducer_under_probation_within_the_party_is_refused_even_with_a_reason(world):
	punished = make_member(
		world.branch,
		rewards_penalties=[
			{
				"record_type": "Penalty",
				"description": "测试处分",
				"penalty_kind": "Probation within the Party",
				"given_on": D(2021, 1, 1),
				"ends_on": D(2023, 1, 1),
			}
		],
	)
	introducers = [
		{"member": world.people[1].name},
		{"member": punished.name, "penalty_reason": "支部研究同意"},
	]
	refused(E.IntroducerUnderProbationError, world, 9, introducers=introducers)


def test_an_introducer_under_a_warning_needs_a_recorded_reason(world):
	warned = make_member(
		world.branch,
		rewards_penalties=[
			{
				"record_type": "Penalty",
				"description": "测试处分",
				"penalty_kind": "Warning",
				"given_on": D(2021, 6, 1),
				"ends_on": D(2023, 6, 1),
			}
		],
	)
	introducers = [{"member": world.people[1].name}, {"member": warned.name}]
	refused(E.IntroducerPenaltyError, world, 9, introducers=introducers)
	introducers[1]["penalty_reason"] = "处分影响期已近结束，经支部委员会研究同意"
	assert make_record(world, 9, introducers=introducers).name


def test_a_penalty_no_longer_in_force_does_not_block(world):
	cleared = make_member(
		world.branch,
		rewards_penalties=[
			{
				"record_type": "Penalty",
				"description": "测试处分",
				"penalty_kind": "Serious Warning",
				"given_on": D(2018, 1, 1),
				"ends_on": D(2020, 1, 1),
			}
		],
	)
	assert make_record(
		world, 9, introducers=[{"member": world.people[1].name}, {"member": cleared.name}]
	).name


def test_two_different_introducers(world):
	refused(E.IntroducerCountError, world, 9, introducers=[{"member": world.people[1].name}])
	same = [{"member": world.people[1].name}, {"member": world.people[1].name}]
	refused(E.IntroducerCountError, world, 9, introducers=same)


def test_branch_meeting_needs_a_passed_political_review_and_training(world):
	refused(E.PoliticalReviewError, world, 15, political_review_result="Not Passed")
	refused(E.TrainingError, world, 15, training_days=2, training_hours=20)
	assert make_record(world, 15, training_days=0, training_hours=24).meeting_date


def test_branch_meeting_without_quorum_is_refused(world):
	refused(QuorumError, world, 15, expected_voting=10, present_voting=5, votes_for=5)


def test_branch_meeting_with_for_votes_of_exactly_half_is_refused(world):
	refused(E.MajorityError, world, 15, expected_voting=10, present_voting=8, votes_for=5)
	# a written opinion in favour counts
	assert make_record(
		world, 15, expected_voting=10, present_voting=8, votes_for=5, written_for=1
	).meeting_date


def test_approval_by_a_general_branch_is_refused(world):
	refused(E.ApproverNotCommitteeError, world, 17, approving_organization=world.tree.general.name)


def test_approval_after_3_months_without_extension_is_refused(world):
	data = record_data(world, 17)
	meeting = data["steps"][14]["step_date"]
	data["steps"][16]["step_date"] = meeting + datetime.timedelta(days=100)
	for n in range(17, 25):  # nothing else is dated after it
		data["steps"][n]["step_date"] = None
	with pytest.raises(E.LateApprovalError):
		frappe.get_doc(data).insert()
	assert not frappe.db.exists("Member Development", {"id_number": data["id_number"]})
	with pytest.raises(E.ExtensionReasonError):
		frappe.get_doc({**data, "approval_extended": 1}).insert()
	doc = frappe.get_doc(
		{**data, "approval_extended": 1, "approval_extension_reason": "寒假期间上级党委未开会"}
	).insert()
	assert doc.stage == rules.PROBATIONARY_MEMBER


def test_oath_after_one_month_is_refused(world):
	doc = make_record(world, 19)
	set_step(doc, 20, doc.approval_date + datetime.timedelta(days=40))
	with pytest.raises(E.LateOathError):
		doc.save()
	assert db_step(doc.name, 20) is None


def test_a_second_extension_is_refused(world):
	doc = make_record(world, 22)
	end = doc.probation_end
	doc.append(
		"probation_decisions", {"decided_on": end, "decision": rules.DECISION_EXTEND, "extension_months": 6}
	)
	doc.save()
	assert doc.probation_end == rules.add_months(end, 6)
	doc.append(
		"probation_decisions",
		{"decided_on": doc.probation_end, "decision": rules.DECISION_EXTEND, "extension_months": 6},
	)
	with pytest.raises(E.SecondExtensionError):
		doc.save()
	assert frappe.db.count("Member Development Probation Decision", {"parent": doc.name}) == 1


def test_an_extension_of_13_months_is_refused(world):
	doc = make_record(world, 22)
	doc.append(
		"probation_decisions",
		{"decided_on": doc.probation_end, "decision": rules.DECISION_EXTEND, "extension_months": 13},
	)
	with pytest.raises(E.ExtensionLengthError):
		doc.save()
	assert frappe.db.count("Member Development Probation Decision", {"parent": doc.name}) == 0


def test_steps_out_of_order_are_refused(world):
	data = record_data(world, 5)
	data["steps"][3]["step_date"] = data["steps"][2]["step_date"] - datetime.timedelta(days=1)
	with pytest.raises(E.StepOrderError):
		frappe.get_doc(data).insert()
	assert not frappe.db.exists("Member Development", {"id_number": data["id_number"]})
	doc = make_record(world, 3)
	set_step(doc, 5, D(2021, 6, 9))
	with pytest.raises(E.StepSkippedError):
		doc.save()
	assert db_step(doc.name, 5) is None


def test_a_step_in_the_future_is_refused(world):
	refused(E.FutureStepError, world, 1, applied_on=TODAY + datetime.timedelta(days=2))


def test_a_failed_effect_leaves_nothing_half_saved(world):
	"""Step 17 for a person already in the register: the member cannot be created, the record is not saved."""
	doc = make_record(world, 16)
	taken = make_member(world.branch)
	frappe.db.set_value("Member Development", doc.name, "id_number", taken.id_number)
	doc.reload()
	doc.birth_date, doc.gender = taken.birth_date, taken.gender
	set_step(doc, 17, doc.meeting_date + datetime.timedelta(days=20))
	from party_building.members.errors import DuplicateIdNumberError

	with pytest.raises(DuplicateIdNumberError):
		doc.save()
	assert db_step(doc.name, 17) is None
	assert frappe.db.get_value("Member Development", doc.name, "stage") == rules.DEVELOPMENT_TARGET


def test_publicity_outside_the_official_calendar_counts_monday_to_friday_and_warns(world):
	frappe.local.message_log = []
	doc = make_record(world, 13, applied_on=D(2002, 1, 7))  # publicity in 2003: before the library's years
	assert doc.publicity_from.year == 2003
	assert any("2003" in str(m) for m in frappe.local.message_log)


def test_errors_speak_chinese_and_name_the_rule(world):
	frappe.local.lang = "zh"
	try:
		with pytest.raises(E.UnderageApplicantError, match="须年满 18 岁"):
			frappe.get_doc(record_data(world, 1, birth_date=D(2004, 1, 1), applied_on=D(2021, 3, 1))).insert()
		with pytest.raises(E.MajorityError, match="赞成票"):
			make_record(world, 15, expected_voting=10, present_voting=8, votes_for=5)
	finally:
		frappe.local.lang = frappe.db.get_default("lang") or "zh"
