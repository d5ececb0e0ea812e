# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from party_building.core import arguments
from party_building.core.endpoint import guarded
from party_building.dues import rules as dues
from party_building.dues.assessment import (
	ASSESSED_STANDINGS,
	compute_item,
	filled_item,
	last_year_items,
	total_monthly,
)
from party_building.dues.errors import DuplicateAssessmentError, MemberNotInBranchError
from party_building.dues.service import tiers
from party_building.organization.errors import NotABranchError
from party_building.organization.rules import BRANCH


class DuesAssessment(Document):
	def validate(self):
		self.validate_branch()
		self.validate_members()
		self.compute_items()
		self.set_totals()

	def before_submit(self):
		self.validate_one_assessment_per_member_year()
		for row in self.items:
			row.member_year = dues.member_year_key(row.member, self.year)

	def on_cancel(self):
		# frees the members' year for a new assessment (an amendment)
		for row in self.items:
			row.db_set("member_year", None, update_modified=False)

	def validate_branch(self):
		if frappe.db.get_value("Party Organization", self.organization, "org_type") != BRANCH:
			frappe.throw(
				_("Dues are assessed per branch: {0} is not a branch").format(self.organization),
				NotABranchError,
				title=_("Not a Branch"),
			)

	def validate_members(self):
		seen = set()
		branches = dict(
			frappe.get_all(
				"Party Member",
				filters={"name": ("in", [r.member for r in self.items])},
				fields=["name", "branch"],
				as_list=True,
			)
		)
		for row in self.items:
			if row.member in seen:
				frappe.throw(
					_("Row {0}: member {1} appears twice").format(row.idx, row.member_name or row.member),
					DuplicateAssessmentError,
					title=_("Duplicate Member"),
				)
			seen.add(row.member)
			if branches.get(row.member) != self.organization:
				frappe.throw(
					_("Row {0}: member {1} does not belong to the branch {2}").format(
						row.idx, row.member_name or row.member, self.organization
					),
					MemberNotInBranchError,
					title=_("Wrong Branch"),
				)

	def compute_items(self):
		"""Rate and amount from the tiers, unless reduced, exempt or otherwise approved with a reason."""
		table = tiers()
		for row in self.items:
			compute_item(row, table)

	def set_totals(self):
		self.member_count = len(self.items)
		self.total_monthly = total_monthly(self.items)

	def validate_one_assessment_per_member_year(self):
		keys = [dues.member_year_key(r.member, self.year) for r in self.items]
		taken = frappe.get_all(
			"Dues Assessment Item",
			filters={"member_year": ("in", keys), "parent": ("!=", self.name)},
			fields=["member", "member_name", "parent"],
			limit=5,
		)
		if taken:
			frappe.throw(
				_("{0} already has a submitted dues assessment for {1}: {2}").format(
					taken[0].member_name or taken[0].member, self.year, taken[0].parent
				),
				DuplicateAssessmentError,
				title=_("Already Assessed"),
			)

	@frappe.whitelist()
	@guarded
	def fill_members(self) -> int:
		"""Add every active member of the branch not yet in the table, with last year's figures."""
		arguments.organization(self.organization, officer=True)
		arguments.year(self.year)
		self.check_permission("write")
		present = {r.member for r in self.items}
		members = frappe.get_all(
			"Party Member",
			filters={"branch": self.organization, "standing": ("in", ASSESSED_STANDINGS)},
			fields=["name", "full_name", "post"],
			order_by="name",
		)
		previous = last_year_items([self.organization], int(self.year or 0) - 1)[self.organization]
		added = 0
		for m in members:
			if m.name in present:
				continue
			self.append("items", filled_item(m, previous.get(m.name) or {}))
			added += 1
		# the rows' members were just read from the register (validate_members checks them again in
		# one query), so a server-side fill-and-submit skips the per-row link lookups
		self.flags.ignore_links = True
		return added
