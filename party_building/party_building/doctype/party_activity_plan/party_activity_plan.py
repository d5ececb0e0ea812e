# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from party_building.activity import rules
from party_building.activity.errors import DuplicatePlanError
from party_building.activity.service import has_committee_meetings
from party_building.core import arguments
from party_building.core.endpoint import guarded
from party_building.organization.rules import PARTY_GROUP


class PartyActivityPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.party_activity_plan_item.party_activity_plan_item import (
			PartyActivityPlanItem,
		)

		items: DF.Table[PartyActivityPlanItem]
		organization: DF.Link
		year: DF.Int
	# end: auto-generated types

	def validate(self):
		self.validate_unique_per_year()
		self.validate_items()

	def validate_unique_per_year(self):
		other = frappe.db.exists(
			"Party Activity Plan",
			{"organization": self.organization, "year": self.year, "name": ("!=", self.name or "")},
		)
		if other:
			frappe.throw(
				_("{0} already has the plan {1} for {2}").format(self.organization, other, self.year),
				DuplicatePlanError,
				title=_("Plan Exists"),
			)

	def validate_items(self):
		for row in self.items:
			if not 1 <= (row.month or 0) <= 12:
				frappe.throw(
					_("Row {0}: the month must be 1 to 12").format(row.idx), title=_("Invalid Month")
				)
			if row.planned_date and getdate(row.planned_date).year != self.year:
				frappe.throw(
					_("Row {0}: the planned date is not in {1}").format(row.idx, self.year),
					title=_("Invalid Date"),
				)
		self.items.sort(key=lambda r: (r.month, rules.ACTIVITY_TYPES.index(r.activity_type)))
		for idx, row in enumerate(self.items, 1):
			row.idx = idx

	@frappe.whitelist()
	@guarded
	def make_standard_plan(self) -> int:
		"""One click: the standard yearly skeleton (monthly 支委会, 党小组会, 主题党日; quarterly 党员大会
		and 党课; yearly 组织生活会 and 民主评议; a leading group's 民主生活会), keeping rows already planned."""
		arguments.organization(self.organization, officer=True)
		has_committee = has_committee_meetings(self.organization)
		has_groups = bool(
			frappe.db.exists(
				"Party Organization",
				{"parent_party_organization": self.organization, "org_type": PARTY_GROUP},
			)
		)
		self.items = [row for row in self.items if row.month]  # the empty row a new form starts with
		present = {(row.month, row.activity_type) for row in self.items}
		theme_day, org_type = frappe.db.get_value(
			"Party Organization", self.organization, ["theme_day", "org_type"]
		)
		added = 0
		leading_group = rules.holds_democratic_life_meeting(org_type)
		for month, kind in rules.standard_plan(has_committee, has_groups, leading_group):
			if (month, kind) not in present:
				row = self.append("items", {"month": month, "activity_type": kind, "topic": _(kind)})
				if kind == rules.THEME_DAY and theme_day and self.year:
					row.planned_date = rules.theme_day_date(int(self.year), month, int(theme_day))
				added += 1
		self.items.sort(key=lambda r: (r.month, rules.ACTIVITY_TYPES.index(r.activity_type)))
		for idx, row in enumerate(self.items, 1):
			row.idx = idx
		return added
