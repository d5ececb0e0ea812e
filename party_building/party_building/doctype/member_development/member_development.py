# Copyright (c) 2026, party_building developers
# For license information, please see license.txt
"""发展党员纪实: one record per person through the 25 steps, every admission rule enforced.

The rules are pure functions (party_building.admission.rules); this controller gathers the facts,
calls them and raises the rule's own error. A save is all or nothing: a savepoint wraps it, so an
effect that fails (creating the Party Member at step 17) leaves no half-written record behind.
"""

import datetime

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from party_building.admission import rules
from party_building.admission.errors import (
	ActivistPeriodError,
	ApproverNotCommitteeError,
	BranchOnlyError,
	CarriedOverMeetingDateError,
	CarriedOverMemberError,
	CarriedOverStepsError,
	ContactError,
	ExtensionLengthError,
	ExtensionReasonError,
	FutureStepError,
	IntroducerCountError,
	IntroducerNotFullError,
	IntroducerPenaltyError,
	IntroducerUnderProbationError,
	LateApprovalError,
	LateOathError,
	LateTalkError,
	MajorityError,
	NothingToSubmitError,
	PoliticalReviewError,
	ProbationDecisionError,
	PublicityError,
	SecondExtensionError,
	StepOrderError,
	StepSkippedError,
	TrainingError,
	UnderageApplicantError,
	VoteCountError,
	WithdrawalError,
)
from party_building.admission.service import (
	committees_above,
	member_facts,
	step_templates,
	upper_committee_for,
	works_for,
)
from party_building.core.errors import QuorumError, ReturnCommentRequiredError, UpperLevelOnlyError
from party_building.holidays import service as holidays
from party_building.members import idcard
from party_building.members.errors import IdBirthDateMismatchError, InvalidIdNumberError
from party_building.members.rules import FULL, PROBATIONARY
from party_building.organization.errors import NotABranchError
from party_building.organization.rules import BRANCH
from party_building.organization.service import check_party_group

BRANCH_DRAFT = "Branch Draft"
SUBMITTED = "Submitted to Upper Level"
RETURNED = "Returned to Branch"
APPROVED = "Upper Level Approved"


class MemberDevelopment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.member_development_contact.member_development_contact import (
			MemberDevelopmentContact,
		)
		from party_building.party_building.doctype.member_development_introducer.member_development_introducer import (
			MemberDevelopmentIntroducer,
		)
		from party_building.party_building.doctype.member_development_probation_decision.member_development_probation_decision import (
			MemberDevelopmentProbationDecision,
		)
		from party_building.party_building.doctype.member_development_step.member_development_step import (
			MemberDevelopmentStep,
		)

		abstentions: DF.Int
		activist_date: DF.Date | None
		application_date: DF.Date | None
		approval_date: DF.Date | None
		approval_extended: DF.Check
		approval_extension_reason: DF.SmallText | None
		approving_organization: DF.Link | None
		birth_date: DF.Date
		branch: DF.Link
		carried_over: DF.Check
		carried_over_through: DF.Int
		contacts: DF.Table[MemberDevelopmentContact]
		education: DF.Literal[
			"",
			"Postgraduate",
			"University",
			"College",
			"Technical Secondary",
			"High School",
			"Junior High and Below",
		]
		end_reason: DF.SmallText | None
		ethnicity: DF.Data | None
		expected_voting: DF.Int
		full_expected_voting: DF.Int
		full_member_on: DF.Date | None
		full_name: DF.Data
		full_present_voting: DF.Int
		full_publicity_from: DF.Date | None
		full_publicity_to: DF.Date | None
		full_votes_for: DF.Int
		full_written_for: DF.Int
		gender: DF.Literal["", "Male", "Female"]
		id_number: DF.Data
		introducers: DF.Table[MemberDevelopmentIntroducer]
		last_assessment_on: DF.Date | None
		meeting_date: DF.Date | None
		native_place: DF.Data | None
		next_due_on: DF.Date | None
		next_step: DF.Int
		oath_date: DF.Date | None
		party_group: DF.Link | None
		party_member: DF.Link | None
		pending_boundary: DF.Literal["", "Activist", "Development Target", "Admission", "Full Membership"]
		phone: DF.Data | None
		political_review_result: DF.Literal["", "Passed", "Not Passed"]
		present_voting: DF.Int
		probation_decisions: DF.Table[MemberDevelopmentProbationDecision]
		probation_end: DF.Date | None
		publicity_from: DF.Date | None
		publicity_to: DF.Date | None
		stage: DF.Literal[
			"Applicant",
			"Activist",
			"Development Target",
			"Probationary Member",
			"Full Member",
			"Cancelled",
			"Withdrawn",
		]
		steps: DF.Table[MemberDevelopmentStep]
		submitted_boundary: DF.Literal["", "Activist", "Development Target", "Admission", "Full Membership"]
		talk_late_reason: DF.SmallText | None
		target_date: DF.Date | None
		training_days: DF.Float
		training_hours: DF.Float
		upper_level_comment: DF.SmallText | None
		votes_against: DF.Int
		votes_for: DF.Int
		withdrawn_on: DF.Date | None
		work_unit: DF.Data | None
		workflow_state: DF.Link | None
		written_for: DF.Int
	# end: auto-generated types

	# --- all or nothing ---------------------------------------------------------------------------

	def insert(self, *args, **kwargs):
		return self._in_savepoint(super().insert, *args, **kwargs)

	def save(self, *args, **kwargs):
		return self._in_savepoint(super().save, *args, **kwargs)

	def _in_savepoint(self, action, *args, **kwargs):
		savepoint = f"member_development_{frappe.generate_hash(length=8)}"
		frappe.db.savepoint(savepoint)
		try:
			result = action(*args, **kwargs)
		except Exception:
			frappe.db.rollback(save_point=savepoint)
			raise
		frappe.db.release_savepoint(savepoint)
		return result

	# --- validate: the table of contents ------------------------------------------------------------

	def validate(self):
		self.set_steps()
		self.validate_carried_over()
		self.validate_branch()
		self.validate_id_number()
		self.validate_workflow_action()
		self.validate_upper_level_steps()
		self.validate_step_dates()
		self.validate_age()
		self.validate_talk()
		self.validate_contacts()
		self.validate_activist_period()
		self.validate_introducers()
		self.validate_publicity()
		self.validate_ready_for_branch_meeting()
		self.validate_branch_meeting()
		self.validate_approval()
		self.validate_oath()
		self.validate_probation_decisions()
		self.validate_full_membership()
		self.validate_withdrawal()
		self.set_key_dates()

	def on_update(self):
		self.create_member_on_approval()
		self.make_member_full()
		self.end_membership_on_cancellation()
		self.comment_on_return()

	# --- facts ------------------------------------------------------------------------------------

	def step_dates(self) -> dict[int, datetime.date | None]:
		return {row.step_no: getdate(row.step_date) if row.step_date else None for row in self.steps}

	def date_of(self, step: int) -> datetime.date | None:
		return self.step_dates().get(step)

	def step_label(self, step: int) -> str:
		row = next((r for r in self.steps if r.step_no == step), None)
		return _("Step {0} ({1})").format(step, row.step_name if row else "")

	def decisions(self) -> list[tuple[str, datetime.date | None, int]]:
		return [
			(d.decision, getdate(d.decided_on) if d.decided_on else None, d.extension_months or 0)
			for d in sorted(self.probation_decisions, key=lambda d: d.idx)
		]

	def before_doc(self):
		return None if self.is_new() else self.get_doc_before_save()

	def done_through(self) -> int:
		"""The steps a carried-over record arrived having done (0 for a record kept in the app from step 1)."""
		return (self.carried_over_through or 0) if self.carried_over else 0

	def reached(self, step: int) -> bool:
		return rules.reached(self.step_dates(), step, self.done_through())

	def done_before_the_app(self, step: int) -> bool:
		"""A step of a carried-over record done before the app: its evidence (votes, training, publicity,
		contacts, introducers) is checked when the record carries it, not required."""
		return step <= self.done_through()

	# --- the record ---------------------------------------------------------------------------------

	def set_steps(self):
		"""The 25 rows from the master list; a missing row comes back, an extra row goes, and names
		and stages follow the master list (an edit there shows on each record's next save)."""
		present = {row.step_no: row for row in self.steps}
		rows = []
		for no, name, stage in step_templates():
			row = present.get(no)
			if row is None:
				row = self.append("steps", {"step_no": no, "step_name": name, "stage": stage})
			row.step_name, row.stage = name, stage  # the master list decides names and stages
			rows.append(row)
		for idx, row in enumerate(rows, 1):
			row.idx = idx
		self.steps = rows

	def validate_carried_over(self):
		"""历史数据转入: a record kept before the app starts at a later step; the earlier steps count as done
		with the dates that are known (checked by the same rules), without their workflow."""
		if not self.carried_over:
			self.carried_over_through = 0
			return
		through = self.carried_over_through or 0
		problem = rules.carried_over_problem(self.step_dates(), through, bool(self.party_member))
		if problem == "range":
			frappe.throw(
				_("A record carried over from before the app has done 1 to {0} steps, not {1}").format(
					rules.MAX_CARRIED_OVER, through
				),
				CarriedOverStepsError,
				title=_("Carried Over"),
			)
		if problem == "meeting_date":
			frappe.throw(
				_(
					"A record carried over past {0} needs that meeting's date: probation runs a year from it"
				).format(self.step_label(rules.BRANCH_MEETING)),
				CarriedOverMeetingDateError,
				title=_("Carried Over"),
			)
		if problem == "member":
			frappe.throw(
				_("A record carried over past {0} names the person's entry in the register").format(
					self.step_label(rules.APPROVAL)
				),
				CarriedOverMemberError,
				title=_("Carried Over"),
			)
		if self.date_of(rules.APPROVAL) and not self.approving_organization:
			self.approving_organization = next(iter(committees_above(self.branch)), None)
		if self.is_new():
			for row in self.steps:
				if row.step_no <= through and not row.step_date and not row.note:
					row.note = _("Done before the app (carried over)")

	def validate_branch(self):
		org_type = frappe.db.get_value("Party Organization", self.branch, "org_type")
		if org_type != BRANCH:
			frappe.throw(
				_("A person is developed by a Branch; {0} is a {1}").format(self.branch, _(org_type or "")),
				NotABranchError,
				title=_("Not a Branch"),
			)
		check_party_group(self.party_group, self.branch)

	def validate_id_number(self):
		self.id_number = idcard.normalize(self.id_number)
		if idcard.structural_problem(self.id_number):
			frappe.throw(
				_("The resident ID number {0} is not valid").format(self.id_number),
				InvalidIdNumberError,
				title=_("Invalid Resident ID Number"),
			)
		if getdate(self.birth_date) != idcard.birth_date_of(self.id_number):
			frappe.throw(
				_(
					"The resident ID number gives the birth date {0}, but the birth date entered is {1}"
				).format(
					frappe.format(idcard.birth_date_of(self.id_number), "Date"),
					frappe.format(self.birth_date, "Date"),
				),
				IdBirthDateMismatchError,
				title=_("Invalid Resident ID Number"),
			)
		self.gender = self.gender or idcard.gender_of(self.id_number)

	# --- workflow: who acts --------------------------------------------------------------------------

	def validate_workflow_action(self):
		"""A branch user submits a ready stage boundary; a Party Admin of a Party Committee above the
		branch approves (recording the filing or approval step) or returns it with a comment."""
		before = self.before_doc()
		if not before:
			return
		if before.workflow_state == self.workflow_state:
			if self.workflow_state == SUBMITTED and not upper_committee_for(self.branch):
				frappe.throw(
					_("The record is with the upper level for review; wait until it is approved or returned"),
					UpperLevelOnlyError,
					title=_("Submitted to Upper Level"),
				)
			return
		if self.workflow_state == SUBMITTED:
			boundary = rules.pending_boundary(self.step_dates())
			if not boundary:
				frappe.throw(
					_("Nothing to submit: no stage is complete and waiting for the upper level"),
					NothingToSubmitError,
					title=_("Nothing to Submit"),
				)
			if not works_for(self.branch):
				frappe.throw(
					_("Only the branch {0} submits its records").format(self.branch),
					BranchOnlyError,
					title=_("Not Permitted"),
				)
			self.submitted_boundary = boundary
			self.upper_level_comment = None
		elif self.workflow_state in (APPROVED, RETURNED):
			committee = self.require_upper_level()
			if self.workflow_state == RETURNED and not (self.upper_level_comment or "").strip():
				frappe.throw(
					_("Write a comment for the branch before returning the record"),
					ReturnCommentRequiredError,
					title=_("Comment Required"),
				)
			if self.workflow_state == APPROVED and self.submitted_boundary:
				self.record_upper_level_step(rules.BOUNDARIES[self.submitted_boundary][1], committee)

	def require_upper_level(self) -> str:
		committee = upper_committee_for(self.branch)
		if not committee:
			frappe.throw(
				_(
					"Only a Party Admin of a Party Committee above the branch {0} files and approves admission steps"
				).format(self.branch),
				UpperLevelOnlyError,
				title=_("Upper Level Only"),
			)
		return committee

	def record_upper_level_step(self, step: int, committee: str):
		row = next(r for r in self.steps if r.step_no == step)
		if not row.step_date:
			row.step_date = today()
		row.responsible = row.responsible or frappe.utils.get_fullname(frappe.session.user)
		if step == rules.APPROVAL and not self.approving_organization:
			self.approving_organization = committee

	def validate_upper_level_steps(self):
		"""Filing (steps 4, 8) and approval (17, 24) are the upper Party Committee's to record."""
		if self.carried_over and self.is_new():
			return  # the carried-over steps were filed and approved before the app: no workflow for them
		before = self.before_doc()
		old = {r.step_no: r.step_date for r in before.steps} if before else {}
		changed = [
			step
			for step in rules.UPPER_LEVEL_STEPS
			if str(self.date_of(step) or "") != str(getdate(old[step]) if old.get(step) else "")
		]
		if not changed:
			return
		committee = self.require_upper_level()
		if rules.APPROVAL in changed and self.date_of(rules.APPROVAL) and not self.approving_organization:
			self.approving_organization = committee

	# --- the order of the steps ----------------------------------------------------------------------

	def validate_step_dates(self):
		on = getdate(today())
		for row in self.steps:
			if row.step_date and getdate(row.step_date) > on:
				frappe.throw(
					_("{0} is dated {1}, in the future").format(
						self.step_label(row.step_no), frappe.format(row.step_date, "Date")
					),
					FutureStepError,
					title=_("Date in the Future"),
				)
		problem = rules.order_problem(self.step_dates(), self.done_through())
		if not problem:
			return
		kind, first, second = problem
		if kind == "gap":
			frappe.throw(
				_("Steps happen in order: {0} is dated but {1} before it is not").format(
					self.step_label(second), self.step_label(first)
				),
				StepSkippedError,
				title=_("Steps Out of Order"),
			)
		frappe.throw(
			_("Steps happen in order: {0} ({1}) cannot come before {2} ({3})").format(
				self.step_label(first),
				frappe.format(self.date_of(first), "Date"),
				self.step_label(second),
				frappe.format(self.date_of(second), "Date"),
			),
			StepOrderError,
			title=_("Steps Out of Order"),
		)

	# --- the rules, step by step ---------------------------------------------------------------------

	def validate_age(self):
		applied = self.date_of(rules.APPLICATION)
		if applied and not rules.old_enough_to_apply(getdate(self.birth_date), applied):
			frappe.throw(
				_(
					"An applicant must be at least {0} years old; {1} was born on {2} and applied on {3}"
				).format(
					rules.MIN_APPLICATION_AGE,
					self.full_name,
					frappe.format(self.birth_date, "Date"),
					frappe.format(applied, "Date"),
				),
				UnderageApplicantError,
				title=_("Too Young to Apply"),
			)

	def validate_talk(self):
		applied, talked = self.date_of(rules.APPLICATION), self.date_of(rules.TALK)
		if applied and talked and not rules.talk_in_time(applied, talked, self.talk_late_reason):
			frappe.throw(
				_(
					"The talk must take place within {0} month of the application (by {1}), not on {2}; record the reason if it was late"
				).format(
					rules.TALK_WITHIN_MONTHS,
					frappe.format(rules.talk_due(applied), "Date"),
					frappe.format(talked, "Date"),
				),
				LateTalkError,
				title=_("Talk Too Late"),
			)

	def validate_contacts(self):
		if not self.reached(rules.CONTACTS):
			return
		if not self.contacts and self.done_before_the_app(rules.CONTACTS):
			return
		facts = member_facts([c.member for c in self.contacts], getdate(today()))
		problem = rules.contacts_valid(
			facts[c.member].membership_type if c.member in facts else "" for c in self.contacts
		)
		if problem == "count":
			frappe.throw(
				_("An activist has {0} or {1} contacts (培养联系人), not {2}").format(
					rules.MIN_CONTACTS, rules.MAX_CONTACTS, len(self.contacts)
				),
				ContactError,
				title=_("Contacts"),
			)
		if problem == "not_full":
			frappe.throw(
				_("Contacts must be full members: {0}").format(
					", ".join(
						c.member_name or c.member
						for c in self.contacts
						if facts.get(c.member, frappe._dict()).membership_type != FULL
					)
				),
				ContactError,
				title=_("Contacts"),
			)

	def validate_activist_period(self):
		activist, target = self.date_of(rules.ACTIVIST), self.date_of(rules.TARGET)
		if activist and target and not rules.activist_long_enough(activist, target):
			frappe.throw(
				_(
					"A development target needs at least {0} year as activist: activist since {1}, so not before {2} (not {3})"
				).format(
					rules.ACTIVIST_MIN_YEARS,
					frappe.format(activist, "Date"),
					frappe.format(rules.earliest_target_date(activist), "Date"),
					frappe.format(target, "Date"),
				),
				ActivistPeriodError,
				title=_("Activist Period Too Short"),
			)

	def validate_introducers(self):
		if not self.reached(rules.INTRODUCERS):
			return
		if not self.introducers and self.done_before_the_app(rules.INTRODUCERS):
			return
		chosen_on = self.date_of(rules.INTRODUCERS) or getdate(today())
		if not rules.introducer_count_valid([i.member for i in self.introducers]):
			frappe.throw(
				_("A development target has exactly {0} different introducers (入党介绍人)").format(
					rules.INTRODUCER_COUNT
				),
				IntroducerCountError,
				title=_("Introducers"),
			)
		facts = member_facts([i.member for i in self.introducers], chosen_on)
		for row in self.introducers:
			fact = facts[row.member]
			problem = rules.introducer_problem(fact.membership_type, fact.penalties, row.penalty_reason)
			if problem == "not_full":
				frappe.throw(
					_("The introducer {0} is not a full member").format(fact.full_name),
					IntroducerNotFullError,
					title=_("Introducers"),
				)
			if problem == "probation_in_party":
				frappe.throw(
					_(
						"The introducer {0} is under probation within the party (留党察看) and cannot introduce"
					).format(fact.full_name),
					IntroducerUnderProbationError,
					title=_("Introducers"),
				)
			if problem == "penalty":
				frappe.throw(
					_(
						"The introducer {0} is under a penalty in force ({1}); choose another introducer or record the reason"
					).format(fact.full_name, ", ".join(_(p) for p in fact.penalties)),
					IntroducerPenaltyError,
					title=_("Introducers"),
				)

	def validate_publicity(self):
		pre_review = self.date_of(rules.PRE_REVIEW)
		self.check_publicity(self.publicity_from, self.publicity_to, pre_review, _("Publicity"))
		self.check_publicity(
			self.full_publicity_from,
			self.full_publicity_to,
			self.date_of(rules.FULL_APPROVAL),
			_("Publicity (Full Membership)"),
		)

	def check_publicity(self, start, end, needed_by: datetime.date | None, label: str):
		if not (start and end):
			if needed_by and label == _("Publicity") and not self.done_before_the_app(rules.PRE_REVIEW):
				frappe.throw(
					_("{0} must be recorded before {1}").format(label, self.step_label(rules.PRE_REVIEW)),
					PublicityError,
					title=_("Publicity"),
				)
			return
		start, end = getdate(start), getdate(end)
		ok, days, fallback = (
			rules.publicity_long_enough(start, end, holidays.official_calendar())
			if end >= start
			else (False, 0, False)
		)
		if not ok:
			frappe.throw(
				_("{0} lasts at least {1} working days; {2} to {3} has {4}").format(
					label,
					rules.PUBLICITY_MIN_WORKING_DAYS,
					frappe.format(start, "Date"),
					frappe.format(end, "Date"),
					days,
				),
				PublicityError,
				title=_("Publicity Too Short"),
			)
		if needed_by and end > needed_by:
			frappe.throw(
				_("{0} must end before {1}").format(label, frappe.format(needed_by, "Date")),
				PublicityError,
				title=_("Publicity"),
			)
		if fallback:
			frappe.msgprint(
				holidays.fallback_warning(start, end),
				title=_("Publicity"),
				indicator="orange",
			)

	def validate_ready_for_branch_meeting(self):
		if not self.date_of(rules.BRANCH_MEETING):
			return
		recorded = self.political_review_result or self.training_days or self.training_hours
		if not recorded and self.done_before_the_app(rules.BRANCH_MEETING):
			return
		problem = rules.ready_for_branch_meeting(
			self.political_review_result == "Passed", self.training_days, self.training_hours
		)
		if problem == "political_review":
			frappe.throw(
				_("No admission without a passed political review"),
				PoliticalReviewError,
				title=_("Political Review"),
			)
		if problem == "training":
			frappe.throw(
				_(
					"Concentrated training lasts at least {0} days or {1} class hours; recorded: {2} days, {3} hours"
				).format(
					rules.MIN_TRAINING_DAYS,
					rules.MIN_TRAINING_HOURS,
					self.training_days or 0,
					self.training_hours or 0,
				),
				TrainingError,
				title=_("Training Too Short"),
			)

	def validate_branch_meeting(self):
		recorded = self.expected_voting or self.present_voting or self.votes_for
		if self.date_of(rules.BRANCH_MEETING) and (
			recorded or not self.done_before_the_app(rules.BRANCH_MEETING)
		):
			self.check_votes(self.expected_voting, self.present_voting, self.votes_for, self.written_for)
		if self.date_of(rules.FULL_MEETING):
			self.check_votes(
				self.full_expected_voting,
				self.full_present_voting,
				self.full_votes_for,
				self.full_written_for,
			)

	def check_votes(self, expected, present, votes_for, written_for):
		problem = rules.meeting_problem(expected, present, votes_for, written_for)
		if problem in ("expected", "counts"):
			frappe.throw(
				_(
					"Record the branch meeting's votes: voting members expected ({0}), present ({1}) and votes for ({2}) do not add up"
				).format(expected or 0, present or 0, votes_for or 0),
				VoteCountError,
				title=_("Branch Meeting Votes"),
			)
		if problem == "quorum":
			frappe.throw(
				_(
					"The branch meeting had no quorum: {0} of {1} voting members present, more than half are needed"
				).format(present or 0, expected),
				QuorumError,
				title=_("No Quorum"),
			)
		if problem == "votes":
			frappe.throw(
				_(
					"Votes for ({0}, written opinions included) must be more than half of the {1} voting members expected"
				).format((votes_for or 0) + (written_for or 0), expected),
				MajorityError,
				title=_("Not Enough Votes"),
			)

	def validate_approval(self):
		meeting, approved = self.date_of(rules.BRANCH_MEETING), self.date_of(rules.APPROVAL)
		if self.approval_extended and not (self.approval_extension_reason or "").strip():
			frappe.throw(
				_("Record the reason for extending the approval deadline"),
				ExtensionReasonError,
				title=_("Approval"),
			)
		if not (meeting and approved):
			return
		approver = frappe.db.get_value(
			"Party Organization", self.approving_organization, ["org_type", "lft", "rgt"], as_dict=True
		)
		branch = frappe.db.get_value("Party Organization", self.branch, ["lft", "rgt"], as_dict=True)
		above = approver and approver.lft < branch.lft and approver.rgt > branch.rgt
		approver_type = approver.org_type if above else None
		problem = rules.approval_problem(
			approver_type, meeting, approved, bool(self.approval_extended), self.approval_extension_reason
		)
		if problem == "not_committee":
			frappe.throw(
				_("Only a Party Committee above the branch approves an admission; {0} is a {1}").format(
					self.approving_organization or "", _(approver_type or "")
				),
				ApproverNotCommitteeError,
				title=_("Approval"),
			)
		if problem == "late":
			frappe.throw(
				_(
					"The approval is due within {0} months of the branch meeting ({1}), by {2}; approved on {3}"
				).format(
					rules.APPROVAL_EXTENDED_MONTHS
					if self.approval_extended
					else rules.APPROVAL_WITHIN_MONTHS,
					frappe.format(meeting, "Date"),
					frappe.format(rules.approval_deadline(meeting, bool(self.approval_extended)), "Date"),
					frappe.format(approved, "Date"),
				),
				LateApprovalError,
				title=_("Approval Too Late"),
			)

	def validate_oath(self):
		approved, oath = self.date_of(rules.APPROVAL), self.date_of(rules.OATH)
		if approved and oath and not rules.oath_in_time(approved, oath):
			frappe.throw(
				_("The oath is due within {0} month of the approval (by {1}), not on {2}").format(
					rules.OATH_WITHIN_MONTHS,
					frappe.format(rules.oath_due(approved), "Date"),
					frappe.format(oath, "Date"),
				),
				LateOathError,
				title=_("Oath Too Late"),
			)

	def validate_probation_decisions(self):
		if not self.probation_decisions:
			return
		meeting = self.date_of(rules.BRANCH_MEETING)
		if not (meeting and self.reached(rules.APPROVAL)):
			frappe.throw(
				_("Decisions at the end of probation come after the admission is approved"),
				ProbationDecisionError,
				title=_("Probation"),
			)
		problem = rules.probation_decisions_problem(self.decisions(), meeting)
		if problem == "second_extension":
			frappe.throw(_("Probation can be extended only once"), SecondExtensionError, title=_("Probation"))
		if problem == "extension_length":
			frappe.throw(
				_("An extension of probation lasts {0} to {1} months").format(
					rules.MIN_EXTENSION_MONTHS, rules.MAX_EXTENSION_MONTHS
				),
				ExtensionLengthError,
				title=_("Probation"),
			)
		if problem == "after_final":
			frappe.throw(
				_("Nothing follows full membership or cancellation"),
				ProbationDecisionError,
				title=_("Probation"),
			)
		if problem == "too_early":
			frappe.throw(
				_("Full membership or an extension is decided at the end of probation ({0})").format(
					frappe.format(
						rules.probation_end(meeting, rules.extension_months_of(self.decisions()[:-1])), "Date"
					)
				),
				ProbationDecisionError,
				title=_("Probation"),
			)

	def validate_full_membership(self):
		"""Steps 23 and 24 close probation: the meeting at its end, the approval of full membership."""
		meeting = self.date_of(rules.BRANCH_MEETING)
		full_meeting = self.date_of(rules.FULL_MEETING)
		if full_meeting and meeting:
			ends = rules.probation_end(meeting, rules.extension_months_of(self.decisions()))
			if full_meeting < ends and rules.final_decision(self.decisions()) != rules.DECISION_CANCEL:
				frappe.throw(
					_("The branch meeting on full membership comes at the end of probation ({0})").format(
						frappe.format(ends, "Date")
					),
					ProbationDecisionError,
					title=_("Probation"),
				)
		if (
			self.date_of(rules.FULL_APPROVAL)
			and rules.final_decision(self.decisions()) != rules.DECISION_FULL
		):
			frappe.throw(
				_("Record the decision of full membership before {0}").format(
					self.step_label(rules.FULL_APPROVAL)
				),
				ProbationDecisionError,
				title=_("Probation"),
			)

	def validate_withdrawal(self):
		if self.withdrawn_on and self.reached(rules.APPROVAL):
			frappe.throw(
				_("An admitted member is not withdrawn; decide cancellation at the end of probation instead"),
				WithdrawalError,
				title=_("Withdrawal"),
			)
		if self.withdrawn_on and not (self.end_reason or "").strip():
			frappe.throw(_("Record the reason for ending the record"), WithdrawalError, title=_("Withdrawal"))

	# --- derived fields ------------------------------------------------------------------------------

	def set_key_dates(self):
		dates = self.step_dates()
		decisions = self.decisions()
		extension = rules.extension_months_of(decisions)
		self.application_date = dates.get(rules.APPLICATION)
		self.activist_date = dates.get(rules.ACTIVIST)
		self.target_date = dates.get(rules.TARGET)
		self.meeting_date = dates.get(rules.BRANCH_MEETING)
		self.approval_date = dates.get(rules.APPROVAL)
		self.oath_date = dates.get(rules.OATH)
		through = self.done_through()
		self.probation_end = (
			rules.probation_end(self.meeting_date, extension)
			if self.meeting_date and rules.reached(dates, rules.APPROVAL, through)
			else None
		)
		final = rules.final_decision(decisions)
		self.stage = rules.stage_of(dates, final, rules.WITHDRAWN if self.withdrawn_on else None, through)
		self.full_member_on = self.probation_end if self.stage == rules.FULL_MEMBER else None
		self.pending_boundary = (
			rules.pending_boundary(dates, through) if self.stage in rules.OPEN_STAGES else None
		)
		deadline = (
			rules.next_deadline(
				dates, bool(self.approval_extended), extension, self.talk_late_reason, through
			)
			if self.stage in rules.OPEN_STAGES
			else None
		)
		self.next_step, self.next_due_on = deadline or (0, None)

	# --- effects -------------------------------------------------------------------------------------

	def create_member_on_approval(self):
		"""Step 17 approved: the person enters the register as a probationary member, joined on the
		branch meeting's date, in the branch and party group of the record."""
		if not self.approval_date or self.party_member or self.stage == rules.WITHDRAWN:
			return
		member = frappe.get_doc(
			{
				"doctype": "Party Member",
				"full_name": self.full_name,
				"gender": self.gender,
				"birth_date": self.birth_date,
				"id_number": self.id_number,
				"ethnicity": self.ethnicity,
				"native_place": self.native_place,
				"education": self.education,
				"work_unit": self.work_unit,
				"phone": self.phone,
				"branch": self.branch,
				"party_group": self.party_group,
				"membership_type": PROBATIONARY,
				"joined_on": self.meeting_date,
			}
		)
		member.insert(ignore_permissions=True)
		self.db_set("party_member", member.name)

	def make_member_full(self):
		"""Step 24 approved: full membership from the end of probation (党龄 counts from there)."""
		if self.stage != rules.FULL_MEMBER or not self.party_member:
			return
		membership_type, full_member_on = frappe.db.get_value(
			"Party Member", self.party_member, ["membership_type", "full_member_on"]
		)
		if (
			membership_type == FULL
			and full_member_on
			and getdate(full_member_on) == getdate(self.full_member_on)
		):
			return
		member = frappe.get_doc("Party Member", self.party_member)
		member.membership_type = FULL
		member.full_member_on = self.full_member_on
		member.flags.party_process = True
		member.save(ignore_permissions=True)

	def end_membership_on_cancellation(self):
		"""Cancellation of the probationary membership: the record ends without a member."""
		if self.stage != rules.CANCELLED or not self.party_member:
			return
		if frappe.db.get_value("Party Member", self.party_member, "standing") == "Left":
			return
		member = frappe.get_doc("Party Member", self.party_member)
		decided = next((d for d in reversed(self.decisions()) if d[0] == rules.DECISION_CANCEL), None)
		member.standing = "Left"
		member.standing_since = decided[1] if decided and decided[1] else today()
		member.flags.party_process = True
		member.save(ignore_permissions=True)

	def comment_on_return(self):
		before = self.before_doc()
		if self.workflow_state == RETURNED and before and before.workflow_state != RETURNED:
			self.add_comment(
				"Comment", _("Returned by the upper level: {0}").format(self.upper_level_comment)
			)
