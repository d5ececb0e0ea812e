# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""述职评议: the secretary's yearly duty report to the upper level, graded by the upper level's
reviewers (好/较好/一般/差 with a comment); the grades together give the overall grade."""

import frappe
from frappe import _
from frappe.model.document import Document

from party_building.core.access import is_upper_level
from party_building.core.errors import UpperLevelOnlyError
from party_building.organization.rules import BRANCH, GENERAL_BRANCH
from party_building.records import rules
from party_building.records.errors import DutyReportExistsError, DutyReportReviewerError, NoSecretaryError


class SecretaryDutyReport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.secretary_duty_report_review.secretary_duty_report_review import (
			SecretaryDutyReportReview,
		)

		attachment: DF.Attach | None
		organization: DF.Link
		overall_grade: DF.Literal["", "Good", "Fairly Good", "Average", "Poor"]
		report: DF.TextEditor
		report_date: DF.Date | None
		reviews: DF.Table[SecretaryDutyReportReview]
		secretary: DF.Link | None
		secretary_name: DF.Data | None
		year: DF.Int
	# end: auto-generated types

	def validate(self):
		self.validate_organization()
		self.validate_one_a_year()
		self.validate_reviews()
		self.overall_grade = rules.overall_duty_grade(r.grade for r in self.reviews) or ""

	def validate_organization(self):
		org = frappe.db.get_value(
			"Party Organization", self.organization, ["org_type", "secretary", "secretary_name"], as_dict=True
		)
		if org.org_type not in (BRANCH, GENERAL_BRANCH):
			frappe.throw(
				_(
					"A duty report is made by the secretary of a Branch or General Branch; {0} is a {1}"
				).format(self.organization, _(org.org_type)),
				title=_("Not Allowed"),
			)
		if self.is_new() or not self.secretary:
			if not org.secretary:
				frappe.throw(
					_("{0} has no current secretary to report on the year's duties").format(
						self.organization
					),
					NoSecretaryError,
					title=_("No Secretary"),
				)
			self.secretary, self.secretary_name = org.secretary, org.secretary_name

	def validate_one_a_year(self):
		other = frappe.db.exists(
			"Secretary Duty Report",
			{"organization": self.organization, "year": self.year, "name": ("!=", self.name or "")},
		)
		if other:
			frappe.throw(
				_("{0} has made its duty report for {1} already ({2})").format(
					self.organization, self.year, other
				),
				DutyReportExistsError,
				title=_("Already Reported"),
			)

	def validate_reviews(self):
		"""Only the upper level grades; each reviewer once; the reviewer is who enters the grade."""
		before = self.get_doc_before_save()
		old = {r.name: (r.grade, r.comment) for r in (before.reviews if before else [])}
		changed = [r for r in self.reviews if old.get(r.name) != (r.grade, r.comment)]
		removed = set(old) - {r.name for r in self.reviews}
		if (changed or removed) and not is_upper_level(self.organization):
			frappe.throw(
				_(
					"The duty report of {0} is graded by the upper level: a Party Admin of an organization above it"
				).format(self.organization),
				UpperLevelOnlyError,
				title=_("Upper Level Only"),
			)
		for row in changed:
			row.reviewer = frappe.session.user
			row.reviewer_name = frappe.utils.get_fullname(frappe.session.user)
		if twice := rules.repeated(r.reviewer for r in self.reviews):
			frappe.throw(
				_("Each reviewer grades a duty report once; {0} has graded it already").format(
					", ".join(frappe.utils.get_fullname(u) for u in twice)
				),
				DutyReportReviewerError,
				title=_("Graded Already"),
			)
