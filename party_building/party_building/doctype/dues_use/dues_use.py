# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""党费使用: party dues kept by an organization spent on an approved use (education and training, visits
to members in difficulty, commendation …). The branch drafts it; the upper level submits it with its
written approval's number and date, which writes a ledger row (entry type "Use", the amount as spent)
into the organization's dues book; cancelling writes the reversal. It shows in the Dues Ledger, the
党费账本 print, the Dues Publication and the public page."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from party_building.core import limits
from party_building.core.errors import FutureDateError
from party_building.dues import rules as dues
from party_building.dues import service
from party_building.dues.errors import NonPositiveAmountError, UseAboveBalanceError, UseApprovalMissingError


class DuesUse(Document):
	def validate(self):
		limits.require(self, "organization", "used_on", "purpose")
		self.approving_organization = frappe.db.get_value(
			"Party Organization", self.organization, "parent_party_organization"
		)
		self.validate_amount()

	def before_submit(self):
		service.check_upper_level(self.organization, use=True)
		if not (self.approval_no or "").strip():
			frappe.throw(
				_("Record the number of the upper level's written approval before approving the use"),
				UseApprovalMissingError,
				title=_("Upper Level Approval"),
			)
		self.approved_on = self.approved_on or today()
		self.approved_by = frappe.session.user

	def on_submit(self):
		service.post_ledger(
			self,
			[
				{
					"posting_date": self.used_on,
					"organization": self.organization,
					"entry_type": dues.USE_ENTRY,
					"spent": self.amount,
					"remarks": _("{0}: {1} (approval {2})").format(
						_(self.purpose), self.description, self.approval_no
					),
				}
			],
		)

	def before_cancel(self):
		service.check_upper_level(self.organization, use=True)

	def on_cancel(self):
		service.reverse_ledger(self)

	def validate_amount(self):
		if self.docstatus == 2:
			return
		self.balance = float(service.balance(self.organization))
		problem = dues.use_problem(self.amount, self.balance)
		if problem == "non_positive":
			frappe.throw(
				_("The amount spent must be more than zero, not {0}").format(self.amount),
				NonPositiveAmountError,
				title=_("Invalid Amount"),
			)
		if problem == "above_balance":
			frappe.throw(
				_("Spending {0} is more than the balance of {1} of {2}").format(
					self.amount, self.balance, self.organization
				),
				UseAboveBalanceError,
				title=_("Above Balance"),
			)
		if getdate(self.used_on) > getdate(today()):
			frappe.throw(
				_("The use is recorded once the money is spent"), FutureDateError, title=_("Used On")
			)
