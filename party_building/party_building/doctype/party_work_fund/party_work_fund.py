# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, now_datetime

from party_building.ledgers import rules
from party_building.ledgers.errors import (
	BudgetChangeReasonError,
	DuplicateFundError,
	ExpensePastBudgetError,
	NonPositiveExpenseError,
)
from party_building.ledgers.service import require_upper_level


class PartyWorkFund(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.party_work_fund_expense.party_work_fund_expense import (
			PartyWorkFundExpense,
		)

		budget: DF.Currency
		budget_change_reason: DF.SmallText | None
		budget_rate: DF.Percent
		default_budget: DF.Currency
		expenses: DF.Table[PartyWorkFundExpense]
		fund_key: DF.Data | None
		organization: DF.Link
		previous_year_payroll: DF.Currency
		remaining: DF.Currency
		spent: DF.Currency
		year: DF.Int
	# end: auto-generated types

	def validate(self):
		self.validate_one_fund_per_year()
		self.set_budget()
		self.validate_expense_amounts()
		self.validate_expenses_within_budget()
		self.set_totals()

	def validate_one_fund_per_year(self):
		self.fund_key = f"{self.organization}:{self.year}"
		other = frappe.db.get_value("Party Work Fund", {"fund_key": self.fund_key, "name": ("!=", self.name)})
		if other:
			frappe.throw(
				_("{0} already keeps its party work fund for {1} in {2}").format(
					self.organization, self.year, other
				),
				DuplicateFundError,
				title=_("Duplicate Fund"),
			)

	def set_budget(self):
		"""The budget is 1% of last year's payroll unless changed, and a change needs its reason."""
		before = self.get_doc_before_save()
		if self.budget_rate is None:
			self.budget_rate = 1
		self.default_budget = rules.default_budget(self.previous_year_payroll, flt(self.budget_rate) / 100)
		following = (
			before
			and flt(before.budget) == flt(before.default_budget)
			and flt(self.budget) == flt(before.budget)
		)
		if not flt(self.budget) or following:
			self.budget = self.default_budget
		if flt(self.budget) != flt(self.default_budget) and not (self.budget_change_reason or "").strip():
			frappe.throw(
				_(
					"The budget {0} differs from {1}, the budget by rate; give the reason for the change"
				).format(self.get_formatted("budget"), self.get_formatted("default_budget")),
				BudgetChangeReasonError,
				title=_("Reason Required"),
			)

	def validate_expense_amounts(self):
		for row in self.expenses:
			if flt(row.amount) <= 0:
				frappe.throw(
					_("Row {0}: the expense amount must be more than zero, not {1}").format(
						row.idx, row.amount
					),
					NonPositiveExpenseError,
					title=_("Invalid Amount"),
				)

	def validate_expenses_within_budget(self):
		"""Expenses in date order; those with which the total passes the budget need the upper level's
		approval, which records who approved and when."""
		before = self.get_doc_before_save()
		# an approval holds for the amount approved: changing the amount needs a new approval
		approved_before = (
			{r.name for r in before.expenses if r.approved and flt(r.amount) == flt(self.row_amount(r.name))}
			if before
			else set()
		)
		ordered = sorted(self.expenses, key=lambda r: (getdate(r.expense_date), r.idx))
		past = {
			ordered[i].name or id(ordered[i])
			for i in rules.expenses_past_budget(self.budget, [r.amount for r in ordered])
		}
		for row in ordered:
			row.over_budget = int((row.name or id(row)) in past)
			if row.approved and row.name not in approved_before:
				require_upper_level(self.organization, _("approve an expense beyond the budget"))
				row.approved_by = frappe.session.user
				row.approved_on = now_datetime()
			elif not row.approved:
				row.approved_by = row.approved_on = None
			if row.over_budget and not row.approved:
				frappe.throw(
					_(
						"Row {0}: the expense of {1} for {2} passes the budget of {3}; it needs the upper level's approval"
					).format(row.idx, row.get_formatted("amount"), row.purpose, self.get_formatted("budget")),
					ExpensePastBudgetError,
					title=_("Past the Budget"),
				)

	def row_amount(self, name: str) -> float | None:
		return next((r.amount for r in self.expenses if r.name == name), None)

	def set_totals(self):
		spent = sum(rules.money(r.amount) for r in self.expenses)
		self.spent = spent
		self.remaining = rules.remaining(self.budget, spent)
