# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from party_building.dues import rules as dues
from party_building.dues.errors import InvalidTierError
from party_building.dues.service import tier_of


class PartyDuesSettings(Document):
	def validate(self):
		self.validate_tiers()

	def validate_tiers(self):
		problems = dues.check_tiers([tier_of(row) for row in self.tiers])
		if problems:
			frappe.throw(
				_("The dues tiers are not usable: {0}").format("; ".join(problems)),
				InvalidTierError,
				title=_("Dues Tiers"),
			)
