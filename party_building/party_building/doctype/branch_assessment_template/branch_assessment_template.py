# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""党建目标考核 checklist of an upper level for a year: items, their points and where their evidence
comes from."""

import frappe
from frappe import _
from frappe.model.document import Document

from party_building.organization.rules import BRANCH, PARTY_GROUP


class BranchAssessmentTemplate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.branch_assessment_template_item.branch_assessment_template_item import (
			BranchAssessmentTemplateItem,
		)

		items: DF.Table[BranchAssessmentTemplateItem]
		organization: DF.Link
		year: DF.Int
	# end: auto-generated types

	def validate(self):
		org_type = frappe.db.get_value("Party Organization", self.organization, "org_type")
		if org_type in (BRANCH, PARTY_GROUP):
			frappe.throw(
				_("A branch assessment checklist belongs to the upper level; {0} is a {1}").format(
					self.organization, _(org_type)
				),
				title=_("Not Allowed"),
			)
