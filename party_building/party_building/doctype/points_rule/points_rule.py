# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from party_building.ledgers.points import check_sign


class PointsRule(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		activity_type: DF.Data | None
		category: DF.Literal["Organizational Life", "Study", "Exemplary Role", "Deduction"]
		daily_cap: DF.Float
		description: DF.SmallText | None
		enabled: DF.Check
		points: DF.Float
		rule_name: DF.Data
		source: DF.Literal["Manual", "Activity Attendance", "On-time Dues"]
		yearly_cap: DF.Float
	# end: auto-generated types

	def validate(self):
		self.validate_sign()
		self.validate_caps()

	def validate_sign(self):
		check_sign(self.category, self.points)

	def validate_caps(self):
		for field in ("daily_cap", "yearly_cap"):
			if flt(self.get(field)) < 0:
				frappe.throw(
					_("{0} may not be negative").format(_(self.meta.get_label(field))), title=_("Invalid Cap")
				)
			if flt(self.get(field)) and flt(self.get(field)) < abs(flt(self.points)):
				frappe.throw(
					_("{0} of {1} is smaller than the rule's {2} points").format(
						_(self.meta.get_label(field)), self.get(field), abs(flt(self.points))
					),
					title=_("Invalid Cap"),
				)
