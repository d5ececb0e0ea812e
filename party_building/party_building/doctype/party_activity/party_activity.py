# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_timedelta, getdate, now_datetime, today

from party_building.activity import rules
from party_building.activity import service as activities
from party_building.activity.errors import (
	ActivityFileError,
	AttendanceNotRecordedError,
	BackfillError,
	CommitteeAttendeeError,
	DemocraticLifeMeetingOrganizationError,
	DuplicateAttendeeError,
	FutureMeetingHeldError,
	LeaveReasonRequiredError,
	LifeMeetingPreparationError,
	NotAMemberHereError,
	StudyHoursError,
	TimeOrderError,
	TypedCountsError,
	VoteResultError,
	WrongOrganizationError,
)
from party_building.core import arguments
from party_building.core.endpoint import guarded
from party_building.core.errors import QuorumError, ReturnCommentRequiredError
from party_building.core.name_search import pinyin_keys
from party_building.members.rules import ACTIVE
from party_building.organization.rules import PARTY_GROUP
from party_building.organization.service import subtree

COUNT_FIELDS = ("expected_count", "present_count", "leave_count", "absent_count", "attendance_rate")


class PartyActivity(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.life_meeting_rectification.life_meeting_rectification import (
			LifeMeetingRectification,
		)
		from party_building.party_building.doctype.life_meeting_step.life_meeting_step import LifeMeetingStep
		from party_building.party_building.doctype.party_activity_attendee.party_activity_attendee import (
			PartyActivityAttendee,
		)
		from party_building.party_building.doctype.party_activity_file.party_activity_file import (
			PartyActivityFile,
		)
		from party_building.party_building.doctype.party_activity_vote.party_activity_vote import (
			PartyActivityVote,
		)

		absent_count: DF.Int
		activity_date: DF.Date
		activity_files: DF.Table[PartyActivityFile]
		activity_type: DF.Literal[
			"Branch General Meeting",
			"Branch Committee Meeting",
			"Party Group Meeting",
			"Party Lecture",
			"Theme Party Day",
			"Organizational Life Meeting",
			"Democratic Life Meeting",
			"Democratic Appraisal Meeting",
			"Heart-to-Heart Talk",
			"Group Study",
			"Volunteer Service",
			"Other",
		]
		amended_from: DF.Link | None
		attachment: DF.Attach | None
		attendance_rate: DF.Percent
		attendees: DF.Table[PartyActivityAttendee]
		backfill_approved: DF.Check
		backfill_approved_by: DF.Link | None
		backfill_approved_on: DF.Datetime | None
		backfill_reason: DF.SmallText | None
		decisions: DF.SmallText | None
		end_time: DF.Time | None
		expected_count: DF.Int
		host: DF.Link | None
		host_name: DF.Data | None
		leave_count: DF.Int
		lecturer: DF.Link | None
		life_meeting_rectifications: DF.Table[LifeMeetingRectification]
		life_meeting_steps: DF.Table[LifeMeetingStep]
		lecturer_name: DF.Data | None
		minutes: DF.TextEditor | None
		organization: DF.Link
		party_group: DF.Link | None
		photo: DF.AttachImage | None
		place: DF.Data | None
		study_hours: DF.Float
		present_count: DF.Int
		recorder: DF.Link | None
		recorder_name: DF.Data | None
		review_comment: DF.SmallText | None
		start_time: DF.Time | None
		status: DF.Literal["Held", "Planned"]
		topic: DF.Data
		votes: DF.Table[PartyActivityVote]
		workflow_state: DF.Link | None
	# end: auto-generated types

	def _set_defaults(self):
		"""Frappe fills every empty Time field of a new document with the time of saving
		(create_new.set_dynamic_default_values): an activity saved without its times (a planned one,
		or one created through the API) would say it started and ended the moment it was recorded.
		Times not given stay empty, as in the form."""
		given = {f: self.get(f) for f in ("start_time", "end_time")}
		super()._set_defaults()
		for fieldname, value in given.items():
			if not value:
				self.set(fieldname, None)

	def validate(self):
		self.validate_organization()
		self.validate_times()
		self.set_study_hours()
		self.validate_activity_files()
		self.validate_life_meeting_preparation()
		self.validate_not_held_in_future()
		self.validate_backfilling()
		self.validate_attendees()
		self.validate_attendance_recorded()
		self.set_counts()
		self.validate_committee_quorum()
		self.validate_votes()
		self.validate_review()

	def _validate_links(self):
		"""Frappe checks each link with its own query; a meeting's attendees (often 40–60) are checked
		in one query here instead, and validate_attendees() fills their names and membership."""
		rows = self.attendees
		self.attendees = []
		try:
			super()._validate_links()
		finally:
			self.attendees = rows
		if self.flags.ignore_links or self._action == "cancel":
			return
		wanted = {row.member for row in rows if row.member}
		found = set(
			frappe.get_all("Party Member", filters={"name": ("in", list(wanted))}, pluck="name")
			if wanted
			else []
		)
		if wanted - found:
			frappe.throw(
				_("Could not find {0}").format(", ".join(sorted(wanted - found))), frappe.LinkValidationError
			)

	def on_update(self):
		self.refresh_absence_runs()
		activities.make_rectification_items(self)

	def before_cancel(self):
		activities.check_upper_level(self.organization, _("cancel an activity record"))

	def on_cancel(self):
		self.refresh_absence_runs()

	def on_trash(self):
		self.attendees_to_refresh = [(r.member, self.activity_date) for r in self.attendees]

	def after_delete(self):
		rows = getattr(self, "attendees_to_refresh", [])
		activities.refresh_absence_runs([m for m, _d in rows], self.activity_date)

	def refresh_absence_runs(self):
		"""Keep each attendee's run of absences (the compliance report reads it), here and, for a
		back-dated, changed or cancelled record, on the members' later activities."""
		before = self.get_doc_before_save()
		members = {r.member for r in self.attendees}
		dates = [getdate(self.activity_date)]
		if before:
			members |= {r.member for r in before.attendees}
			dates.append(getdate(before.activity_date))
		activities.refresh_absence_runs(members, min(dates))

	def before_submit(self):
		activities.check_upper_level(self.organization, _("approve an activity record"))

	# --- organization and dates -------------------------------------------------------------

	def validate_organization(self):
		org_type = frappe.db.get_value("Party Organization", self.organization, "org_type")
		if org_type == PARTY_GROUP:
			frappe.throw(
				_("Record a Party Group's meeting under its Branch and choose the group"),
				WrongOrganizationError,
				title=_("Wrong Organization"),
			)
		if self.activity_type == rules.DEMOCRATIC_LIFE_MEETING and not rules.holds_democratic_life_meeting(
			org_type
		):
			frappe.throw(
				_(
					"A democratic life meeting is held by the leading group of a Party Committee or General "
					"Branch; {0} is a {1}: record its Organizational Life Meeting instead"
				).format(self.organization, _(org_type or "")),
				DemocraticLifeMeetingOrganizationError,
				title=_("Wrong Organization"),
			)
		if self.activity_type != rules.GROUP_MEETING:
			self.party_group = None
		elif self.party_group and frappe.db.get_value(
			"Party Organization", self.party_group, ["org_type", "parent_party_organization"]
		) != (PARTY_GROUP, self.organization):
			frappe.throw(
				_("{0} is not a Party Group of {1}").format(self.party_group, self.organization),
				WrongOrganizationError,
				title=_("Wrong Organization"),
			)
		if self.activity_type != rules.PARTY_LECTURE:
			self.lecturer = self.lecturer_name = None

	def validate_times(self):
		start = get_timedelta(self.start_time) if self.start_time else None
		end = get_timedelta(self.end_time) if self.end_time else None
		if not rules.ends_after_start(start, end):
			frappe.throw(
				_("The activity must end after it starts ({0} – {1})").format(self.start_time, self.end_time),
				TimeOrderError,
				title=_("Invalid Times"),
			)

	def validate_life_meeting_preparation(self):
		"""组织生活会 and 民主生活会: the checklist of their chain; held only once opinions, talks and
		materials are done."""
		if not rules.has_life_meeting_chain(self.activity_type):
			return
		have = {row.step for row in self.life_meeting_steps}
		for step in rules.LIFE_MEETING_STEPS:
			if step not in have:
				self.append("life_meeting_steps", {"step": step})
		order = {step: i for i, step in enumerate(rules.LIFE_MEETING_STEPS)}
		self.life_meeting_steps.sort(key=lambda r: order.get(r.step, 99))
		for idx, row in enumerate(self.life_meeting_steps, 1):
			row.idx = idx
		if self.status == rules.HELD:
			missing = rules.missing_preparation(r.step for r in self.life_meeting_steps if r.done)
			if missing:
				frappe.throw(
					_("A {0} is held after its preparation; not done yet: {1}").format(
						_(self.activity_type),
						"、".join(_(step, context="Life Meeting Step") for step in missing),
					),
					LifeMeetingPreparationError,
					title=_("Preparation Not Done"),
				)

	def validate_activity_files(self):
		"""签到表, 现场照片, 会议材料: a scene photo is a picture (the minutes print it as one)."""
		for row in self.activity_files:
			if rules.photo_not_an_image(row.kind, row.file):
				frappe.throw(
					_("Row {0} of the files: a scene photo is a picture (jpg, png …); {1} is not one").format(
						row.idx, row.file
					),
					ActivityFileError,
					title=_("Not a Photo"),
				)

	def set_study_hours(self):
		"""学时: the class hours each member present earns; left empty, the activity's duration."""
		problem = rules.study_hours_problem(self.study_hours)
		if problem:
			frappe.throw(
				_("Study hours are between 0 and {0}; {1} is entered").format(
					rules.MAX_STUDY_HOURS_A_DAY, self.study_hours
				),
				StudyHoursError,
				title=_("Invalid Study Hours"),
			)
		if not self.study_hours and self.is_new():
			self.study_hours = rules.default_study_hours(
				get_timedelta(self.start_time) if self.start_time else None,
				get_timedelta(self.end_time) if self.end_time else None,
			)

	def validate_not_held_in_future(self):
		if self.status == rules.HELD and getdate(self.activity_date) > getdate(today()):
			frappe.throw(
				_("An activity dated {0}, in the future, cannot be marked as held").format(
					self.activity_date
				),
				FutureMeetingHeldError,
				title=_("Not Held Yet"),
			)

	def validate_backfilling(self):
		"""No back-filling: past the limit the upper level's approval is recorded on the document."""
		before = self.get_doc_before_save()
		if self.backfill_approved and not (before and before.backfill_approved):
			activities.check_upper_level(self.organization, _("approve back-filling"))
			self.backfill_approved_by = frappe.session.user
			self.backfill_approved_on = now_datetime()
		elif self.backfill_approved:
			self.backfill_approved_by = before.backfill_approved_by
			self.backfill_approved_on = before.backfill_approved_on
		else:
			if before and before.backfill_approved:
				activities.check_upper_level(self.organization, _("withdraw a back-filling approval"))
			self.backfill_approved_by = self.backfill_approved_on = None
		created_on = getdate(self.creation or today())
		limit = activities.backfill_limit_days()
		if rules.is_backfilled(getdate(self.activity_date), created_on, limit) and not self.backfill_approved:
			frappe.throw(
				_(
					"No back-filling: {0} is {1} days before the record was created (limit {2} days); "
					"the upper level must approve it"
				).format(self.activity_date, rules.days_back(getdate(self.activity_date), created_on), limit),
				BackfillError,
				title=_("Back-filling Needs Approval"),
			)
		if self.backfill_approved and not (self.backfill_reason or "").strip():
			frappe.throw(_("Give the reason for back-filling"), BackfillError, title=_("Reason Required"))

	# --- attendance -------------------------------------------------------------------------

	def validate_attendees(self):
		"""A person appears once; only members of the organization, or invited guests marked as such."""
		for name in rules.duplicates(row.member for row in self.attendees):
			frappe.throw(
				_("{0} is listed more than once").format(self.member_label(name)),
				DuplicateAttendeeError,
				title=_("Duplicate Attendee"),
			)
		members = self.members_of_rows()
		committee = (
			set(activities.committee_members(self.organization, self.activity_date))
			if self.activity_type == rules.COMMITTEE_MEETING
			else None
		)
		in_scope = self.in_scope_check()
		for row in self.attendees:
			member = members.get(row.member)
			if member:
				row.member_name = member.full_name
				row.membership_type = member.membership_type
			if not row.member and not row.is_guest:
				frappe.throw(
					_("Row {0}: choose the member, or mark {1} as an invited guest").format(
						row.idx, row.member_name or "?"
					),
					NotAMemberHereError,
					title=_("Not a Member Here"),
				)
			if row.is_guest and not (row.member or row.member_name):
				frappe.throw(_("Row {0}: give the guest's name").format(row.idx), title=_("Name Required"))
			if not row.is_guest:
				if committee is not None and row.member not in committee:
					frappe.throw(
						_(
							"Row {0}: {1} is not on the committee of {2}; at a committee meeting others "
							"attend only as invited guests, without a vote"
						).format(row.idx, row.member_name, self.organization),
						CommitteeAttendeeError,
						title=_("Not on the Committee"),
					)
				if not in_scope(member):
					frappe.throw(
						_(
							"Row {0}: {1} is not a current member of {2}; list them as an invited guest"
						).format(
							row.idx, row.member_name or row.member, self.party_group or self.organization
						),
						NotAMemberHereError,
						title=_("Not a Member Here"),
					)
			if row.status == rules.ON_LEAVE and not (row.leave_reason or "").strip():
				frappe.throw(
					_("Row {0}: {1} is on leave; give the reason").format(row.idx, row.member_name),
					LeaveReasonRequiredError,
					title=_("Leave Reason Required"),
				)
			if row.status != rules.ON_LEAVE:
				row.leave_reason = None
			row.organization = self.organization
			row.activity_date = self.activity_date
			row.counted = int(bool(row.member) and not row.is_guest and self.status == rules.HELD)
			row.is_voting = int(
				rules.is_voting_member(
					row.membership_type or "",
					bool(row.is_guest),
					(row.member in committee) if committee is not None else None,
				)
			)

	def validate_attendance_recorded(self):
		"""A held meeting goes to the upper level only with everyone's attendance recorded."""
		if self.status != rules.HELD or (
			self.docstatus == 0 and self.workflow_state in (None, "", activities.DRAFT, activities.RETURNED)
		):
			return
		missing = self.unrecorded()
		if missing:
			names = "、".join(
				self.attendees[i - 1].member_name or self.attendees[i - 1].member for i in missing[:5]
			)
			frappe.throw(
				_("Record the attendance of every expected member first: {0} (rows {1})").format(
					names + ("…" if len(missing) > 5 else ""), ", ".join(map(str, missing[:10]))
				),
				AttendanceNotRecordedError,
				title=_("Attendance Not Recorded"),
			)

	def unrecorded(self) -> list[int]:
		return rules.unrecorded(self.attendee_rows())

	def members_of_rows(self) -> dict:
		names = [row.member for row in self.attendees if row.member]
		if not names:
			return {}
		return {
			m.name: m
			for m in frappe.get_all(
				"Party Member",
				filters={"name": ("in", names)},
				fields=["name", "full_name", "membership_type", "branch", "party_group", "standing"],
				ignore_permissions=True,
			)
		}

	def in_scope_check(self):
		if self.activity_type == rules.GROUP_MEETING and self.party_group:
			return lambda m: bool(m) and m.standing == ACTIVE and m.party_group == self.party_group
		if self.activity_type == rules.COMMITTEE_MEETING:
			return lambda m: bool(m)  # the committee check above decides
		orgs = set(subtree(self.organization))
		return lambda m: bool(m) and m.standing == ACTIVE and m.branch in orgs

	def member_label(self, member: str) -> str:
		return next((r.member_name for r in self.attendees if r.member == member and r.member_name), member)

	def attendance(self) -> rules.Attendance:
		return rules.count_attendance(self.attendee_rows())

	def attendee_rows(self) -> list[rules.Attendee]:
		"""The attendance rows as the rules read them."""
		return [
			rules.Attendee(r.member, r.status, bool(r.is_voting), bool(r.is_guest)) for r in self.attendees
		]

	def set_counts(self):
		"""Expected, present, leave, absent and the rate come from the rows, never from the client."""
		computed = self.attendance().as_counts()
		before = self.get_doc_before_save()
		stored = {f: (before.get(f) if before else None) for f in COUNT_FIELDS}
		wrong = rules.disagreeing_counts({f: self.get(f) for f in COUNT_FIELDS}, stored, computed)
		if wrong:
			frappe.throw(
				_("The counts are computed from the attendance rows; {0} disagree with them ({1})").format(
					", ".join(_(self.meta.get_label(f)) for f in wrong),
					", ".join(f"{_(self.meta.get_label(f))} {self.get(f)} ≠ {computed[f]}" for f in wrong),
				),
				TypedCountsError,
				title=_("Counts Are Computed"),
			)
		self.update(computed)

	# --- quorum and votes -------------------------------------------------------------------

	def committee_size(self) -> int:
		return len(activities.committee_members(self.organization, self.activity_date))

	def validate_committee_quorum(self):
		if self.activity_type != rules.COMMITTEE_MEETING or self.status != rules.HELD:
			return
		if self.unrecorded():  # judged once the attendance is taken (it must be, to go up)
			return
		size = self.committee_size()
		present = self.attendance().present_voting
		if not rules.committee_quorum(present, size):
			frappe.throw(
				_("A committee meeting needs more than half of its {0} members present; {1} were").format(
					size, present
				),
				QuorumError,
				title=_("No Quorum"),
			)

	def validate_votes(self):
		if not self.votes:
			return
		att = self.attendance()
		expected = (
			self.committee_size() if self.activity_type == rules.COMMITTEE_MEETING else att.expected_voting
		)
		if not rules.has_quorum(att.present_voting, expected):
			frappe.throw(
				_(
					"No vote without a quorum: {0} of {1} voting members present, more than half are needed"
				).format(att.present_voting, expected),
				QuorumError,
				title=_("No Quorum"),
			)
		before = self.get_doc_before_save()
		stored = {row.name: row.result for row in (before.votes if before else [])}
		for row in self.votes:
			total = (row.votes_for or 0) + (row.votes_against or 0) + (row.votes_abstain or 0)
			if total > expected:
				frappe.throw(
					_("{0}: {1} votes cast but only {2} voting members are expected").format(
						row.item, total, expected
					),
					VoteResultError,
					title=_("Too Many Votes"),
				)
			result = rules.vote_result(row.votes_for or 0, expected)
			if row.result and row.result != result and row.result != stored.get(row.name):
				frappe.throw(
					_(
						"{0}: {1} votes for of {2} voting members expected is {3}; an item passes only "
						"with more than half"
					).format(row.item, row.votes_for or 0, expected, _(result)),
					VoteResultError,
					title=_("Vote Result Is Computed"),
				)
			row.result = result

	# --- review -----------------------------------------------------------------------------

	def validate_review(self):
		before = self.get_doc_before_save()
		previous = before.workflow_state if before else None
		if self.workflow_state == previous or self.workflow_state not in activities.UPPER_LEVEL_STATES:
			return
		activities.check_upper_level(self.organization, _("approve or return an activity record"))
		if self.workflow_state == activities.RETURNED and not (self.review_comment or "").strip():
			frappe.throw(
				_("Write the review comment before returning the record"),
				ReturnCommentRequiredError,
				title=_("Comment Required"),
			)

	@frappe.whitelist()
	@guarded
	def fill_attendees(self) -> int:
		"""Replace the attendance with the organization's current members, in the order of their names'
		pinyin, each one's attendance still to be recorded."""
		arguments.organization(self.organization, officer=True)
		rows = activities.expected_attendees(
			self.organization, self.activity_type, self.party_group, self.activity_date
		)
		guests = [r for r in self.attendees if r.is_guest]
		self.set("attendees", [])
		for row in sorted(rows, key=lambda r: pinyin_keys(r["member_name"] or "")[0]):
			self.append("attendees", {**row, "status": ""})
		for guest in guests:
			self.append("attendees", guest.as_dict(no_default_fields=True))
		self.update(self.attendance().as_counts())
		return len(rows)


def on_doctype_update():
	"""The compliance report's grouped query reads this index only."""
	frappe.db.add_index(
		"Party Activity",
		[
			"organization",
			"activity_date",
			"status",
			"docstatus",
			"activity_type",
			"party_group",
			"present_count",
			"expected_count",
		],
		index_name="compliance",
	)
	# the secretaries' 党课 (compliance): the lectures of the organizations, not every activity of
	# theirs (at four counties MariaDB read all of them by the organization index, row by row)
	frappe.db.add_index(
		"Party Activity", ["activity_type", "organization", "activity_date"], index_name="lectures"
	)
