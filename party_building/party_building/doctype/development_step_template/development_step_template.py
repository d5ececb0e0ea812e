# Copyright (c) 2026, party_building developers
# For license information, please see license.txt
"""The master list of the 25 admission steps: names and stages an administrator may edit.

The rules refer to steps by number, so the numbers stay 1 to 25.
"""

import frappe
from frappe import _
from frappe.model.document import Document

from party_building.admission import rules
from party_building.admission.errors import DevelopmentError


class DevelopmentStepTemplate(Document):
	def validate(self):
		if not 1 <= (self.step_no or 0) <= rules.STEP_COUNT:
			frappe.throw(
				_("Steps are numbered 1 to {0}").format(rules.STEP_COUNT),
				DevelopmentError,
				title=_("Step Number"),
			)
		self.upper_level = int(self.step_no in rules.UPPER_LEVEL_STEPS)
