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
	AmountBelowDuesError,
	BackPaymentLimitError,
	BeforeJoiningError,
	ConcurrentPaymentError,
	InvalidMonthRangeError,
	MissingAssessmentError,
	MonthAlreadyPaidError,
	NonPositiveAmountError,
	PaymentAlreadyRemittedError,
)


class DuesPayment(Document):
	def validate(self):
		limits.require(self, "member", "from_month", "to_month")
		self.set_organization()
		self.validate_amount_positive()
		self.validate_month_range()
		self.validate_not_before_joining()
		self.validate_back_payment()
		self.set_months_and_dues()
		self.validate_amount_covers_dues()
		self.validate_months_unpaid()
		self.flag_large_payment()

	def submit(self):
		try:
			return super().submit()
		except frappe.QueryDeadlockError:
			frappe.db.rollback()
			frappe.throw(
				_(
					"Another payment of {0} for {1} was recorded at the same moment: nothing was saved, try again"
				).format(self.member_name, dues.month_key(getdate(self.from_month))),
				ConcurrentPaymentError,
				title=_("Try Again"),
			)

	def on_submit(self):
		self.take_months()
		self.post_ledger()

	def before_cancel(self):
		self.validate_not_remitted()

	def on_cancel(self):
		self.free_months()
		service.reverse_ledger(self)

	# --- validate -----------------------------------------------------------------------------

	def set_organization(self):
		member = frappe.db.get_value(
			"Party Member", self.member, ["branch", "joined_on", "full_name"], as_dict=True
		)
		self.organization = member.branch
		self.member_name = member.full_name
		self._joined_on = getdate(member.joined_on) if member.joined_on else None

	def validate_amount_positive(self):
		if dues.dec(self.amount) <= 0:
			frappe.throw(
				_("The amount paid must be more than zero, not {0}").format(self.amount),
				NonPositiveAmountError,
				title=_("Invalid Amount"),
			)

	def validate_month_range(self):
		service.normalize_month_range(self)
		count = dues.months_between(self.from_month, self.to_month) + 1
		if count > dues.MAX_REPORT_MONTHS:
			frappe.throw(
				_("One payment covers at most {0} months, not {1}").format(dues.MAX_REPORT_MONTHS, count),
				InvalidMonthRangeError,
				title=_("Invalid Months"),
			)
		self.month_count = count

	def validate_not_before_joining(self):
		first = dues.first_payable_month(self._joined_on) if self._joined_on else None
		if first and self.from_month < first:
			frappe.throw(
				_("{0} joined in {1}: dues start in that month, not in {2}").format(
					self.member_name, dues.month_key(first), dues.month_key(self.from_month)
				),
				BeforeJoiningError,
				title=_("Before Joining"),
			)

	def validate_back_payment(self):
		months = dues.month_range(self.from_month, self.to_month)
		self.back_payment_months = dues.back_payment_months(months, getdate(self.paid_on))
		limit = service.back_payment_limit()
		if self.back_payment_months > limit and not (self.approval_reason or "").strip():
			frappe.throw(
				_("A back payment of {0} months is more than {1} months: it needs an approval reason").format(
					self.back_payment_months, limit
				),
				BackPaymentLimitError,
				title=_("Back Payment Limit"),
			)

	def set_months_and_dues(self):
		months = dues.month_range(self.from_month, self.to_month)
		years = sorted({m.year for m in months})
		monthly = service.monthly_amounts(self.member, years)
		missing = [y for y in years if y not in monthly]
		if missing:
			frappe.throw(
				_("{0} has no submitted dues assessment for {1}: assess the year first").format(
					self.member_name, ", ".join(str(y) for y in missing)
				),
				MissingAssessmentError,
				title=_("No Assessment"),
			)
		current = [(getdate(r.month), r.member) for r in self.months]
		if current == [(m, self.member) for m in months]:
			# unchanged (e.g. on submit): keep the rows, so that saving deletes and inserts none
			for row, m in zip(self.months, months, strict=True):
				row.amount = float(monthly[m.year])
		else:
			self.set("months", [])
			for m in months:
				self.append("months", {"month": m, "member": self.member, "amount": float(monthly[m.year])})
		self.due_amount = float(dues.due_amount(months, monthly))

	def validate_amount_covers_dues(self):
		if dues.dec(self.amount) < dues.dec(self.due_amount):
			frappe.throw(
				_("The amount {0} is below the dues of {1} for the {2} months covered").format(
					self.amount, self.due_amount, self.month_count
				),
				AmountBelowDuesError,
				title=_("Amount Below Dues"),
			)

	def validate_months_unpaid(self):
		paid = service.paid_months(self.member, [r.month for r in self.months])
		if paid:
			self.throw_already_paid(paid)

	def throw_already_paid(self, months):
		frappe.throw(
			_("{0} has already paid the dues of {1}").format(
				self.member_name, ", ".join(dues.month_key(getdate(m)) for m in months)
			),
			MonthAlreadyPaidError,
			title=_("Already Paid"),
		)

	def flag_large_payment(self):
		self.voluntary_amount = float(dues.voluntary_amount(self.amount, self.due_amount))
		self.is_large_payment = int(
			dues.is_large_payment(self.voluntary_amount, service.large_payment_threshold())
		)

	def validate_not_remitted(self):
		"""Money already passed up cannot be taken back by cancelling the payment."""
		left = service.balance(self.organization)
		if left < dues.dec(self.amount):
			frappe.throw(
				_(
					"{0} has only {1} left, less than the {2} of this payment: the money was passed up; "
					"cancel the remittance first"
				).format(self.organization, left, self.amount),
				PaymentAlreadyRemittedError,
				title=_("Already Remitted"),
			)

	# --- submit and cancel --------------------------------------------------------------------

	def take_months(self):
		"""Claim each member-month through the unique index: a concurrent payment of the same month fails."""
		table = frappe.qb.DocType("Dues Payment Month")
		for row in self.months:
			key = dues.member_month_key(self.member, getdate(row.month))
			try:
				frappe.qb.update(table).set(table.member_month, key).where(table.name == row.name).run()
			except Exception as e:
				if frappe.db.is_unique_key_violation(e) or frappe.db.is_duplicate_entry(e):
					self.throw_already_paid([row.month])
				raise
			row.member_month = key

	def free_months(self):
		table = frappe.qb.DocType("Dues Payment Month")
		frappe.qb.update(table).set(table.member_month, None).where(
			(table.parent == self.name) & (table.parenttype == self.doctype)
		).run()

	def post_ledger(self):
		service.post_ledger(
			self,
			[
				{
					"posting_date": self.paid_on,
					"organization": self.organization,
					"member": self.member,
					"entry_type": "Payment",
					"received": self.amount,
					"large_amount": self.voluntary_amount if self.is_large_payment else 0,
					"remarks": _("Dues of {0} to {1}").format(
						dues.month_key(getdate(self.from_month)), dues.month_key(getdate(self.to_month))
					),
				}
			],
		)
