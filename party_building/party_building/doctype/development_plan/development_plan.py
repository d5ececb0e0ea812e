# Copyright (c) 2026, party_building developers
# For license information, please see license.txt
"""Yearly development plan (发展党员计划): how many new members an organization plans to admit."""

import frappe
from frappe import _
from frappe.model.document import Document

from party_building.admission.errors import DevelopmentError
from party_building.organization.rules import PARTY_GROUP


class DevelopmentPlan(Document):
	def validate(self):
		self.validate_organization()
		self.validate_year()
		self.validate_unique()

	def validate_organization(self):
		if frappe.db.get_value("Party Organization", self.organization, "org_type") == PARTY_GROUP:
			frappe.throw(
				_("A development plan belongs to a branch or a committee, not to a Party Group"),
				DevelopmentError,
				title=_("Development Plan"),
			)

	def validate_year(self):
		if not 2000 <= (self.year or 0) <= 2100:
			frappe.throw(
				_("{0} is not a plan year").format(self.year), DevelopmentError, title=_("Development Plan")
			)

	def validate_unique(self):
		other = frappe.db.exists(
			"Development Plan",
			{"organization": self.organization, "year": self.year, "name": ("!=", self.name or "")},
		)
		if other:
			frappe.throw(
				_("{0} already has a development plan for {1}").format(self.organization, self.year),
				DevelopmentError,
				title=_("Development Plan"),
			)
