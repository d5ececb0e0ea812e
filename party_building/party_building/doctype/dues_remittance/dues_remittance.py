# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from party_building.core import limits
from party_building.dues import rules as dues
from party_building.dues import service
from party_building.dues.errors import (
	LargePaymentNotWholeError,
	NonPositiveAmountError,
	NoParentOrganizationError,
	RemittanceAboveBalanceError,
)

SUBMITTED = "Submitted to Upper Level"
RETURNED = "Returned to Branch"
APPROVED = "Upper Level Approved"
UPPER_LEVEL_STATES = (RETURNED, APPROVED)


class DuesRemittance(Document):
	def validate(self):
		limits.require(self, "organization", "from_month", "to_month")
		self.set_parent_organization()
		self.validate_month_range()
		self.validate_amount_positive()
		self.validate_against_balance()
		self.validate_upper_level_decision()

	def before_submit(self):
		service.check_upper_level(self.organization)
		self.approved_by = frappe.session.user

	def on_submit(self):
		self.post_ledger()

	def before_cancel(self):
		service.check_upper_level(self.organization)
		parent_balance = service.balance(self.parent_organization)
		if parent_balance < dues.dec(self.amount):
			frappe.throw(
				_(
					"{0} has only {1} left, less than the {2} this remittance brought: it cannot be cancelled"
				).format(self.parent_organization, parent_balance, self.amount),
				RemittanceAboveBalanceError,
				title=_("Above Balance"),
			)

	def on_cancel(self):
		service.reverse_ledger(self)

	# --- validate -----------------------------------------------------------------------------

	def set_parent_organization(self):
		self.parent_organization = frappe.db.get_value(
			"Party Organization", self.organization, "parent_party_organization"
		)
		if not self.parent_organization:
			frappe.throw(
				_("{0} has no upper-level organization to remit to").format(self.organization),
				NoParentOrganizationError,
				title=_("No Upper Level"),
			)

	def validate_month_range(self):
		service.normalize_month_range(self)

	def validate_amount_positive(self):
		if dues.dec(self.amount) <= 0:
			frappe.throw(
				_("The amount remitted must be more than zero, not {0}").format(self.amount),
				NonPositiveAmountError,
				title=_("Invalid Amount"),
			)

	def validate_against_balance(self):
		if self.docstatus == 2:
			return
		self.balance = float(service.balance(self.organization))
		self.large_amount = float(service.large_outstanding(self.organization))
		amount = dues.dec(self.amount)
		if amount > dues.dec(self.balance):
			frappe.throw(
				_("The remittance of {0} is more than the balance of {1} of {2}").format(
					self.amount, self.balance, self.organization
				),
				RemittanceAboveBalanceError,
				title=_("Above Balance"),
			)
		if amount < dues.dec(self.large_amount):
			frappe.throw(
				_("Large payments of {0} must go up whole: remit at least that much, not {1}").format(
					self.large_amount, self.amount
				),
				LargePaymentNotWholeError,
				title=_("Large Payments Go Up Whole"),
			)

	def validate_upper_level_decision(self):
		"""Returning or approving is the upper level's decision, whatever the workflow's roles say."""
		if self.workflow_state in UPPER_LEVEL_STATES and self.has_value_changed("workflow_state"):
			service.check_upper_level(self.organization)

	# --- submit -------------------------------------------------------------------------------

	def post_ledger(self):
		period = _("Dues of {0} to {1}").format(
			dues.month_key(getdate(self.from_month)), dues.month_key(getdate(self.to_month))
		)
		service.post_ledger(
			self,
			[
				{
					"posting_date": self.remitted_on,
					"organization": self.organization,
					"entry_type": "Remittance Out",
					"remitted": self.amount,
					"large_amount": self.large_amount,
					"remarks": period,
				},
				{
					"posting_date": self.remitted_on,
					"organization": self.parent_organization,
					"entry_type": "Remittance In",
					"received": self.amount,
					"large_amount": self.large_amount,
					"remarks": _("From {0}: {1}").format(self.organization, period),
				},
			],
		)
