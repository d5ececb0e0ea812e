# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""Dues collection (党费收缴情况): per member per month what was due and paid, arrears, totals per
branch and the collection rate. One grouped query gives each member's paid-month bit mask and the
assessed monthly amounts; the sums are kept in whole fen (ints) while 10,000 members are added up
and become Decimal yuan only in the rows returned."""

import datetime

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core.access import filter_organizations
from party_building.core.reports import card, link_column
from party_building.dues import rules as dues
from party_building.dues.figures import Period, collect, collection_cards, month_field, yuan


def execute(filters=None):
	filters = frappe._dict(filters or {})
	data, totals_by_month, summary = get_data(filters)
	chart = get_chart(list(totals_by_month), totals_by_month)
	return get_columns(filters), data, None, chart, report_summary(summary)


def months_of(filters) -> list[datetime.date]:
	return dues.month_range(*period(filters, getdate(today())))


def get_data(filters) -> tuple[list, dict, dict]:
	"""The member rows under their branch rows, the due and paid totals per month, and the summary."""
	on = getdate(today())
	start, end = period(filters, on)
	orgs = filter_organizations(filters.get("organization"))
	return build_rows(collect(orgs, start, end, on), dues.month_range(start, end), filters)


def period(filters, on: datetime.date) -> tuple[datetime.date, datetime.date]:
	start = dues.parse_month(filters.get("from_month") or datetime.date(on.year, 1, 1))
	end = dues.parse_month(filters.get("to_month") or on)
	if end < start:
		frappe.throw(_("The period ends before it starts"), title=_("Invalid Period"))
	if dues.months_between(start, end) >= dues.MAX_REPORT_MONTHS:
		frappe.throw(
			_("The report covers at most {0} months").format(dues.MAX_REPORT_MONTHS),
			title=_("Invalid Period"),
		)
	return start, end


def build_rows(members: list[tuple], months: list[datetime.date], filters) -> tuple[list, dict, dict]:
	"""The member rows under their branch rows, the due and paid totals per month, and the summary.
	Written for 10,000 members: sums in fen, one Pattern per distinct (first, mask)."""
	period = Period(months, getdate(today()))
	data, branches = [], {}
	summary = {"due": 0, "paid": 0, "collected": 0, "members": 0, "behind3": 0, "behind6": 0}
	arrears_only = filters.get("arrears_only")
	behind3_months, behind6_months = dues.REMINDER_MONTHS, dues.LAPSE_MONTHS
	years = range(period.years)
	patterns, pattern_of = period.patterns, period.pattern
	zero = yuan(0)
	branch = current_branch = None
	for name, full_name, branch_name, first, mask, *amounts in members:
		p = patterns.get((first, mask)) or pattern_of(first, mask)
		arrears = p.arrears
		if arrears_only and not arrears:
			continue
		amounts = [a or 0 for a in amounts]
		due = paid = unpaid = 0
		for y in years:
			a = amounts[y]
			due += p.due[y] * a
			paid += p.paid[y] * a
			unpaid += p.unpaid[y] * a
		collected = due - unpaid
		values = [yuan(a) for a in amounts]
		values.append(zero)  # index -1: a due month left unpaid
		row = dict(zip(p.cell_fields, map(values.__getitem__, p.cell_years), strict=True))
		row.update(
			name=name,
			member=name,
			member_name=full_name,
			branch=branch_name,
			parent_row=branch_name,
			indent=1,
			months_due=p.months_due,
			due=yuan(due),
			paid=yuan(paid),
			unpaid=yuan(unpaid),
			arrears=arrears,
			rate=dues.collection_rate(yuan(collected), yuan(due)),
		)
		if branch_name != current_branch:
			current_branch = branch_name
			branch = branches.get(branch_name)
			if branch is None:
				branch = branches[branch_name] = {
					"members": [],
					"by_pattern": {},  # pattern → the sums of its members' amounts per year
					"due": 0,
					"paid": 0,
					"unpaid": 0,
					"collected": 0,
					"behind": 0,  # members three months or more in arrears (a count, not months)
					"months_due": 0,
				}
		branch["members"].append(row)
		sums = branch["by_pattern"].get(p)
		if sums is None:
			branch["by_pattern"][p] = amounts
		else:
			for y in years:
				sums[y] += amounts[y]
		branch["due"] += due
		branch["paid"] += paid
		branch["unpaid"] += unpaid
		branch["collected"] += collected
		branch["months_due"] += p.months_due
		behind3 = arrears >= behind3_months
		branch["behind"] += behind3
		summary["due"] += due
		summary["paid"] += paid
		summary["collected"] += collected
		summary["members"] += 1
		summary["behind3"] += behind3
		summary["behind6"] += arrears >= behind6_months
	due_by_month, paid_by_month = [0] * len(months), [0] * len(months)
	for name, branch in branches.items():
		cells: dict[str, int] = {}
		for p, sums in branch["by_pattern"].items():
			for field, y in p.cells:
				if y >= 0 and sums[y]:
					cells[field] = cells.get(field, 0) + sums[y]
			for i in p.due_months:
				due_by_month[i] += sums[period.year_index[i]]
			for i in p.paid_months:
				paid_by_month[i] += sums[period.year_index[i]]
		row = {field: yuan(amount) for field, amount in cells.items()}
		row.update(
			name=name,
			branch=name,
			member_name=name,
			member=None,
			indent=0,
			due=yuan(branch["due"]),
			paid=yuan(branch["paid"]),
			unpaid=yuan(branch["unpaid"]),
			members_behind=branch["behind"],  # its own column: "Months in Arrears" means months
			months_due=branch["months_due"],
			rate=dues.collection_rate(yuan(branch["collected"]), yuan(branch["due"])),
		)
		data.append(row)
		data.extend(branch["members"])
	for key in ("due", "paid", "collected"):
		summary[key] = yuan(summary[key])
	totals_by_month = {m: (yuan(due_by_month[i]), yuan(paid_by_month[i])) for i, m in enumerate(months)}
	return data, totals_by_month, summary


def get_columns(filters):
	months = months_of(filters)
	columns = [
		{"fieldname": "member_name", "label": _("Branch / Member"), "fieldtype": "Data", "width": 220},
		link_column("member", _("Member ID"), "Party Member", 110),
		{"fieldname": "months_due", "label": _("Months Due"), "fieldtype": "Int", "width": 90},
		{"fieldname": "due", "label": _("Due"), "fieldtype": "Currency", "width": 100},
		{"fieldname": "paid", "label": _("Paid"), "fieldtype": "Currency", "width": 100},
		{"fieldname": "unpaid", "label": _("Unpaid"), "fieldtype": "Currency", "width": 100},
		{"fieldname": "arrears", "label": _("Months in Arrears"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "members_behind",
			"label": _("Members 3+ Months in Arrears"),
			"fieldtype": "Int",
			"width": 130,
		},
		{"fieldname": "rate", "label": _("Collection Rate"), "fieldtype": "Percent", "width": 100},
	]
	for month in months:
		columns.append(
			{
				"fieldname": month_field(month),
				"label": dues.month_key(month),
				"fieldtype": "Currency",
				"width": 90,
			}
		)
	return columns


def get_chart(months, totals_by_month):
	return {
		"data": {
			"labels": [dues.month_key(m) for m in months],
			"datasets": [
				{"name": _("Due"), "values": [float(totals_by_month[m][0]) for m in months]},
				{"name": _("Paid"), "values": [float(totals_by_month[m][1]) for m in months]},
			],
		},
		"type": "bar",
		"colors": ["#c0c6cc", "#c8102e"],
	}


def report_summary(s):
	return [
		*collection_cards(s),
		card(s["behind3"], _("3+ Months Unpaid"), "Orange"),
		card(s["behind6"], _("6+ Months Unpaid"), "Red"),
	]
