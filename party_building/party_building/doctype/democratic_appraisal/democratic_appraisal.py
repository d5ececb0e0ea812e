# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from party_building.activity import rules
from party_building.activity import service as activities
from party_building.activity.errors import DuplicateGradeError, FollowUpError, NotAMemberHereError
from party_building.core import arguments
from party_building.core.endpoint import guarded
from party_building.core.errors import ReturnCommentRequiredError
from party_building.organization.service import subtree

FOLLOW_UP_MESSAGES = {
	"follow_up_required": "Row {0}: {1} is graded Unqualified; choose the follow-up",
	"deadline_required": "Row {0}: give the deadline of the follow-up for {1}",
	"follow_up_only_for_unqualified": "Row {0}: a follow-up is only for a member graded Unqualified ({1})",
}


class DemocraticAppraisal(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.democratic_appraisal_grade.democratic_appraisal_grade import (
			DemocraticAppraisalGrade,
		)

		activity: DF.Link | None
		amended_from: DF.Link | None
		appraisal_date: DF.Date | None
		grades: DF.Table[DemocraticAppraisalGrade]
		organization: DF.Link
		review_comment: DF.SmallText | None
		summary: DF.SmallText | None
		workflow_state: DF.Link | None
		year: DF.Int
	# end: auto-generated types

	def validate(self):
		self.validate_members()
		self.validate_grades_unique()
		self.validate_follow_ups()
		self.validate_review()

	def before_submit(self):
		activities.check_upper_level(self.organization, _("approve a democratic appraisal"))

	def before_cancel(self):
		activities.check_upper_level(self.organization, _("cancel a democratic appraisal"))

	def on_cancel(self):
		# a cancelled appraisal no longer holds its members' grades for the year (amend it instead)
		frappe.db.set_value(
			"Democratic Appraisal Grade", {"parent": self.name}, "grade_key", None, update_modified=False
		)

	def validate_members(self):
		names = [row.member for row in self.grades if row.member]
		found = {
			m.name: m
			for m in frappe.get_all(
				"Party Member",
				filters={"name": ("in", names or [""])},
				fields=["name", "full_name", "branch"],
				ignore_permissions=True,
			)
		}
		orgs = set(subtree(self.organization))
		for row in self.grades:
			member = found.get(row.member)
			if not member or member.branch not in orgs:
				frappe.throw(
					_("Row {0}: {1} is not a member of {2}").format(
						row.idx, member.full_name if member else row.member, self.organization
					),
					NotAMemberHereError,
					title=_("Not a Member Here"),
				)
			row.member_name = member.full_name

	def validate_grades_unique(self):
		"""One grade per member and year: checked here, and kept by the unique index on grade_key."""
		for member in rules.duplicates(row.member for row in self.grades):
			frappe.throw(
				_("{0} is graded more than once in this appraisal").format(self.name_of(member)),
				DuplicateGradeError,
				title=_("Duplicate Grade"),
			)
		for row in self.grades:
			row.grade_key = f"{row.member}|{self.year}"
		keys = [row.grade_key for row in self.grades]
		taken = frappe.get_all(
			"Democratic Appraisal Grade",
			filters={"grade_key": ("in", keys or [""]), "parent": ("!=", self.name or "")},
			fields=["grade_key", "parent"],
			ignore_permissions=True,
		)
		if taken:
			member = taken[0].grade_key.split("|")[0]
			frappe.throw(
				_("{0} already has a grade for {1} in {2}").format(
					self.name_of(member), self.year, taken[0].parent
				),
				DuplicateGradeError,
				title=_("Duplicate Grade"),
			)

	def validate_follow_ups(self):
		for row in self.grades:
			problem = rules.follow_up_problem(row.grade, row.follow_up, row.follow_up_deadline)
			if problem:
				frappe.throw(
					_(FOLLOW_UP_MESSAGES[problem]).format(row.idx, row.member_name),
					FollowUpError,
					title=_("Follow-up"),
				)

	def validate_review(self):
		before = self.get_doc_before_save()
		previous = before.workflow_state if before else None
		if self.workflow_state == previous or self.workflow_state not in activities.UPPER_LEVEL_STATES:
			return
		activities.check_upper_level(self.organization, _("approve or return a democratic appraisal"))
		if self.workflow_state == activities.RETURNED and not (self.review_comment or "").strip():
			frappe.throw(
				_("Write the review comment before returning the record"),
				ReturnCommentRequiredError,
				title=_("Comment Required"),
			)

	def name_of(self, member: str) -> str:
		return next((r.member_name for r in self.grades if r.member == member and r.member_name), member)

	@frappe.whitelist()
	@guarded
	def fill_members(self) -> int:
		"""Add a row for each current member of the organization not yet listed."""
		arguments.organization(self.organization, officer=True)
		listed = {row.member for row in self.grades}
		added = 0
		for row in activities.expected_attendees(self.organization, rules.GENERAL_MEETING):
			if row["member"] not in listed:
				self.append("grades", {"member": row["member"], "member_name": row["member_name"]})
				added += 1
		return added
