# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""党建经费收支: per organization and year the budget, what was spent (summed from the expenses) and
what remains."""

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Count, Sum

from party_building.core.access import report_scope, within
from party_building.core.reports import card, link_column, sums, with_total_row
from party_building.ledgers import rules


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	totals = sums(rows, ("previous_year_payroll", "budget", "spent", "remaining"))
	summary = [
		card(totals["budget"], _("Budget"), datatype="Currency"),
		card(totals["spent"], _("Spent"), "Blue", "Currency"),
		card(totals["remaining"], _("Remaining"), "Green" if totals["remaining"] >= 0 else "Red", "Currency"),
	]
	return get_columns(filters), with_total_row(rows, totals), None, None, summary


def get_data(filters: frappe._dict) -> list[dict]:
	fund = frappe.qb.DocType("Party Work Fund")
	expense = frappe.qb.DocType("Party Work Fund Expense")
	# each fund of the organizations with its expenses summed from their covering index (fund_spent):
	# no expense row is read, and only the chosen organizations' funds are (a sum of every fund's
	# expenses first, then joined, read the whole site's)
	query = (
		frappe.qb.from_(fund)
		.left_join(expense)
		.on((expense.parent == fund.name) & (expense.parenttype == "Party Work Fund"))
		.select(
			fund.name,
			fund.organization,
			fund.year,
			fund.previous_year_payroll,
			fund.budget,
			Coalesce(Sum(expense.amount), 0).as_("spent"),
			Count(expense.name).as_("expenses"),
			Coalesce(Sum(expense.over_budget), 0).as_("approved_past_budget"),
		)
		.groupby(fund.name)
		.orderby(fund.organization)
		.orderby(fund.year)
	)
	orgs = report_scope(filters.get("organization"))
	query = within(query, fund.organization, orgs)
	if filters.get("year"):
		query = query.where(fund.year == int(filters.year))
	rows = query.run(as_dict=True)
	for row in rows:
		row["previous_year_payroll"] = float(row["previous_year_payroll"] or 0)
		row["budget"] = float(row["budget"] or 0)
		row["spent"] = float(rules.money(row["spent"]))
		row["remaining"] = float(rules.remaining(row["budget"], row["spent"]))
		row["usage"] = round(100.0 * row["spent"] / row["budget"], 1) if row["budget"] else 0.0
		row["approved_past_budget"] = int(row["approved_past_budget"] or 0)
	return rows


def get_columns(filters: frappe._dict | None = None) -> list[dict]:
	return [
		link_column("organization", _("Organization"), "Party Organization", 240),
		{"fieldname": "year", "label": _("Year"), "fieldtype": "Data", "width": 70},
		link_column("name", _("Party Work Fund"), "Party Work Fund", 110),
		{
			"fieldname": "previous_year_payroll",
			"label": _("Previous Year's Payroll"),
			"fieldtype": "Currency",
			"width": 130,
		},
		{"fieldname": "budget", "label": _("Budget"), "fieldtype": "Currency", "width": 110},
		{"fieldname": "spent", "label": _("Spent"), "fieldtype": "Currency", "width": 110},
		{"fieldname": "remaining", "label": _("Remaining"), "fieldtype": "Currency", "width": 110},
		{"fieldname": "usage", "label": _("Usage (%)"), "fieldtype": "Percent", "width": 90},
		{"fieldname": "expenses", "label": _("Expenses"), "fieldtype": "Int", "width": 70},
		{
			"fieldname": "approved_past_budget",
			"label": _("Approved Past the Budget"),
			"fieldtype": "Int",
			"width": 110,
		},
	]
