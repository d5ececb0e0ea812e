# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from party_building.core import arguments
from party_building.core.endpoint import guarded
from party_building.dues import rules as dues
from party_building.dues.errors import (
	ApprovalReasonRequiredError,
	DuplicateAssessmentError,
	MemberNotInBranchError,
	NegativeBaseError,
	RateDisagreesWithTiersError,
)
from party_building.dues.service import tiers
from party_building.members.rules import ACTIVE, SUSPENDED
from party_building.organization.errors import NotABranchError
from party_building.organization.rules import BRANCH

FIXED_CATEGORIES = (dues.STUDENT, dues.UNEMPLOYED, dues.ON_RELIEF)


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
			base = dues.dec(row.monthly_base)
			if base < 0:
				frappe.throw(
					_("Row {0}: the monthly base of {1} cannot be negative ({2})").format(
						row.idx, row.member_name or row.member, row.monthly_base
					),
					NegativeBaseError,
					title=_("Invalid Monthly Base"),
				)
			tier_rate, tier_amount = dues.assess(row.category, base, table)
			reason = (row.approval_reason or "").strip()
			if row.adjustment and not reason:
				frappe.throw(
					_("Row {0}: a {1} amount for {2} needs an approval reason").format(
						row.idx, _(row.adjustment), row.member_name or row.member
					),
					ApprovalReasonRequiredError,
					title=_("Approval Reason Required"),
				)
			if row.adjustment == dues.EXEMPT:
				row.rate, row.monthly_amount = 0, 0
			elif row.adjustment == dues.REDUCED:
				row.monthly_amount = float(dues.to_fen(max(dues.dec(row.monthly_amount), 0)))
			elif row.category in FIXED_CATEGORIES:
				row.rate, row.monthly_amount = 0, float(tier_amount)
			else:
				if not row.rate:
					row.rate = float(tier_rate)
				rate = dues.dec(row.rate)
				if rate != tier_rate and not reason:
					frappe.throw(
						_(
							"Row {0}: the rate {1}% for {2} disagrees with the tiers ({3}% for a base of {4}); "
							"give an approval reason"
						).format(row.idx, rate, row.member_name or row.member, tier_rate, base),
						RateDisagreesWithTiersError,
						title=_("Rate Disagrees with Tiers"),
					)
				row.monthly_amount = float(dues.amount_at(base, rate) if rate != tier_rate else tier_amount)

	def set_totals(self):
		self.member_count = len(self.items)
		self.total_monthly = float(dues.to_fen(sum(dues.dec(r.monthly_amount) for r in self.items)))

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
			filters={"branch": self.organization, "standing": ("in", (ACTIVE, SUSPENDED))},
			fields=["name", "full_name", "post"],
			order_by="name",
		)
		previous = last_year_items(self.organization, int(self.year or 0) - 1)
		added = 0
		for m in members:
			if m.name in present:
				continue
			last = previous.get(m.name) or {}
			self.append(
				"items",
				{
					"member": m.name,
					"member_name": m.full_name,
					"category": last.get("category")
					or (dues.RETIRED if m.post == "Retired" else dues.IN_SERVICE),
					"monthly_base": last.get("monthly_base") or 0,
					"adjustment": last.get("adjustment"),
					"approval_reason": last.get("approval_reason"),
					"rate": last.get("rate") if last.get("approval_reason") else 0,
					"monthly_amount": last.get("monthly_amount") if last.get("adjustment") else 0,
				},
			)
			added += 1
		# the rows' members were just read from the register (validate_members checks them again in
		# one query), so a server-side fill-and-submit skips the per-row link lookups
		self.flags.ignore_links = True
		return added


def last_year_items(organization: str, year: int) -> dict[str, dict]:
	item = frappe.qb.DocType("Dues Assessment Item")
	parent = frappe.qb.DocType("Dues Assessment")
	rows = (
		frappe.qb.from_(item)
		.join(parent)
		.on(parent.name == item.parent)
		.select(
			item.member,
			item.category,
			item.monthly_base,
			item.rate,
			item.monthly_amount,
			item.adjustment,
			item.approval_reason,
		)
		.where((parent.organization == organization) & (parent.year == year) & (parent.docstatus == 1))
		.run(as_dict=True)
	)
	return {r.member: r for r in rows}
