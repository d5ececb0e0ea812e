# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""党建目标考核 of one branch: the upper level's checklist, each item with the evidence drawn from
the branch's records, scored by the upper level only."""

import frappe
from frappe import _
from frappe.model.document import Document

from party_building.core.access import is_upper_level
from party_building.core.errors import UpperLevelOnlyError
from party_building.organization.rules import BRANCH
from party_building.organization.service import is_within
from party_building.records import assessment, rules
from party_building.records.errors import AssessmentExistsError, AssessmentOutsideError, AssessmentScoreError


class BranchAssessment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.branch_assessment_item.branch_assessment_item import (
			BranchAssessmentItem,
		)

		items: DF.Table[BranchAssessmentItem]
		max_score: DF.Float
		organization: DF.Link
		scored_by: DF.Link | None
		template: DF.Link
		total_score: DF.Float
		year: DF.Int
	# end: auto-generated types

	def before_naming(self):
		# the name (BA-{year}-#####) is made before validate copies the template's year
		if self.template and not self.year:
			self.year = frappe.db.get_value("Branch Assessment Template", self.template, "year")

	def validate(self):
		# flags.template: the checklist already loaded by whoever assesses many branches at once (the demo)
		template = self.flags.template or frappe.get_doc("Branch Assessment Template", self.template)
		self.year = template.year
		self.validate_branch(template)
		self.validate_one_per_branch()
		if self.is_new() or not self.items:
			self.fill_items(template)
		self.validate_scores()

	def validate_branch(self, template):
		org_type = frappe.db.get_value("Party Organization", self.organization, "org_type")
		if org_type != BRANCH or not is_within(self.organization, template.organization):
			frappe.throw(
				_(
					"{0} is not a Branch under {1}: it is assessed with its own upper level's checklist"
				).format(self.organization, template.organization),
				AssessmentOutsideError,
				title=_("Not Under This Checklist"),
			)

	def validate_one_per_branch(self):
		other = frappe.db.exists(
			"Branch Assessment",
			{"template": self.template, "organization": self.organization, "name": ("!=", self.name or "")},
		)
		if other:
			frappe.throw(
				_("{0} is assessed with this checklist already ({1})").format(self.organization, other),
				AssessmentExistsError,
				title=_("Assessed Already"),
			)

	def fill_items(self, template):
		self.items = []
		for row in template.items:
			self.append(
				"items",
				{
					"item": row.item,
					"points": row.points,
					"evidence_rule": row.evidence_rule,
					"evidence": assessment.evidence(row.evidence_rule, self.organization, int(self.year)),
				},
			)

	def validate_scores(self):
		before = self.get_doc_before_save()
		old = {r.name: r.score for r in (before.items if before else [])}
		changed = [r for r in self.items if (r.score or 0) != (old.get(r.name) or 0)]
		if changed and not is_upper_level(self.organization):
			frappe.throw(
				_(
					"The assessment of {0} is scored by the upper level: a Party Admin of an organization above it"
				).format(self.organization),
				UpperLevelOnlyError,
				title=_("Upper Level Only"),
			)
		for row in self.items:
			if rules.score_problem(row.score, row.points):
				frappe.throw(
					_("Row {0}: a score is between 0 and the item's {1} points; {2} is entered").format(
						row.idx, row.points, row.score
					),
					AssessmentScoreError,
					title=_("Invalid Score"),
				)
		if changed:
			self.scored_by = frappe.session.user
		self.total_score = sum(r.score or 0 for r in self.items)
		self.max_score = sum(r.points or 0 for r in self.items)
