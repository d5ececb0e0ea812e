# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""Dues collection (党费收缴情况): per member per month what was due and paid, arrears, totals per
branch and the collection rate. Two grouped queries: members with a paid-month bit mask, and the
assessed monthly amounts."""

import datetime
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building import dues
from party_building.access import filter_organizations


def execute(filters=None):
	filters = frappe._dict(filters or {})
	on = getdate(today())
	start, end = period(filters, on)
	orgs = filter_organizations(filters.get("organization"))
	members = collect(orgs, start, end, on)
	months = dues.month_range(start, end)
	columns = get_columns(months)
	data, totals_by_month, summary = build_rows(members, months, filters)
	chart = get_chart(months, totals_by_month)
	return columns, data, None, chart, report_summary(summary)


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


def collect(
	orgs: list[str] | None, start: datetime.date, end: datetime.date, on: datetime.date
) -> list[dict]:
	"""Each active member in the organizations with their paid-month mask and, per year of the period,
	the monthly amount of their submitted assessment (one grouped query)."""
	if orgs is not None and not orgs:
		return []
	where_org = "and m.branch in %(orgs)s" if orgs is not None else ""
	years = list(range(start.year, end.year + 1))
	# one join per year on the unique member-year key (set only while the assessment is submitted)
	joins = " ".join(
		f"left join `tabDues Assessment Item` a{y} on a{y}.member_year = concat(m.name, ':{y}')"
		for y in years
	)
	amounts = ", ".join(f"a{y}.monthly_amount as y{y}" for y in years)
	values = {"start": start, "end": end, "start_ym": start.year * 100 + start.month, "orgs": orgs}
	members = frappe.db.sql(
		f"""
		select m.name, m.full_name, m.branch, m.joined_on, p.mask, {amounts}
		from `tabParty Member` m
		left join (
			select pm.member,
				bit_or(1 << period_diff(date_format(pm.month, '%%Y%%m'), %(start_ym)s)) as mask
			from `tabDues Payment Month` pm
			where pm.docstatus = 1 and pm.month between %(start)s and %(end)s
			group by pm.member
		) p on p.member = m.name
		{joins}
		where m.standing = 'Active' {where_org}
		order by m.branch, m.name
		""",
		values,
		as_dict=True,
	)
	for m in members:
		m.amounts = {y: dues.dec(a) for y in years if (a := m.pop(f"y{y}")) is not None}
		m.mask = int(m.mask or 0)
	return members


class Period:
	"""The months of a report and what each index means, computed once for all members."""

	def __init__(self, months: list[datetime.date], on: datetime.date):
		self.months = months
		self.start = months[0]
		self.fields = [month_field(m) for m in months]
		self.years = [m.year for m in months]
		current = dues.months_between(self.start, dues.month_of(on))
		self.due_end = min(len(months) - 1, current)  # the current month is due, later ones are not
		self.last_ended = min(len(months) - 1, current - 1)  # arrears count ended months only
		self.due = [Decimal(0)] * len(months)
		self.paid = [Decimal(0)] * len(months)


ZERO = Decimal(0)


def member_figures(m, period: Period) -> dict:
	"""Due (months up to this one), paid (every paid month of the period, prepaid ones too), unpaid
	(due and not paid), collected (due and paid), arrears and the month cells of one member."""
	first = 0
	if m.joined_on:
		first = max(0, dues.months_between(period.start, dues.first_payable_month(m.joined_on)))
	mask, amounts, years, fields = m.mask, m.amounts, period.years, period.fields
	due = paid = unpaid = ZERO
	cells = {}
	for i in range(first, len(years)):
		amount = amounts.get(years[i]) or ZERO
		is_paid = mask >> i & 1
		if is_paid:
			paid += amount
			cells[fields[i]] = amount
			period.paid[i] += amount
		if i <= period.due_end:
			due += amount
			period.due[i] += amount
			if not is_paid:
				unpaid += amount
				cells[fields[i]] = ZERO
	arrears, i = 0, period.last_ended
	while i >= first and not mask >> i & 1:
		arrears += 1
		i -= 1
	return {
		"months_due": max(0, period.due_end - first + 1),
		"due": due,
		"paid": paid,
		"unpaid": unpaid,
		"collected": due - unpaid,
		"arrears": arrears,
		"cells": cells,
	}


def build_rows(members, months, filters):
	period = Period(months, getdate(today()))
	data, branches = [], {}
	summary = {"due": ZERO, "paid": ZERO, "collected": ZERO, "members": 0, "behind3": 0, "behind6": 0}
	arrears_only = filters.get("arrears_only")
	for m in members:
		f = member_figures(m, period)
		if arrears_only and not f["arrears"]:
			continue
		row = {
			"name": m.name,
			"member": m.name,
			"member_name": m.full_name,
			"branch": m.branch,
			"parent_row": m.branch,
			"indent": 1,
			"months_due": f["months_due"],
			"due": f["due"],
			"paid": f["paid"],
			"unpaid": f["unpaid"],
			"arrears": f["arrears"],
			"rate": round(float(f["collected"]) * 100 / float(f["due"]), 1) if f["due"] else 100.0,
			**f["cells"],
		}
		branch = branches.get(m.branch)
		if branch is None:
			branch = branches[m.branch] = {
				"name": m.branch,
				"branch": m.branch,
				"member_name": m.branch,
				"member": None,
				"indent": 0,
				"members": [],
				"due": ZERO,
				"paid": ZERO,
				"unpaid": ZERO,
				"collected": ZERO,
				"arrears": 0,
				"months_due": 0,
			}
		branch["members"].append(row)
		for field, amount in f["cells"].items():
			if amount:
				branch[field] = branch.get(field, ZERO) + amount
		branch["due"] += f["due"]
		branch["paid"] += f["paid"]
		branch["unpaid"] += f["unpaid"]
		branch["collected"] += f["collected"]
		branch["months_due"] += f["months_due"]
		behind3 = f["arrears"] >= dues.REMINDER_MONTHS
		branch["arrears"] += behind3
		summary["due"] += f["due"]
		summary["paid"] += f["paid"]
		summary["collected"] += f["collected"]
		summary["members"] += 1
		summary["behind3"] += behind3
		summary["behind6"] += f["arrears"] >= dues.LAPSE_MONTHS
	for branch in branches.values():
		rows = branch.pop("members")
		branch["rate"] = dues.collection_rate(branch.pop("collected"), branch["due"])
		data.append(branch)
		data.extend(rows)
	totals_by_month = {m: (period.due[i], period.paid[i]) for i, m in enumerate(months)}
	return data, totals_by_month, summary


def month_field(month: datetime.date) -> str:
	return f"m{month.year:04d}{month.month:02d}"


def get_columns(months):
	columns = [
		{"fieldname": "member_name", "label": _("Branch / Member"), "fieldtype": "Data", "width": 220},
		{
			"fieldname": "member",
			"label": _("Member ID"),
			"fieldtype": "Link",
			"options": "Party Member",
			"width": 110,
		},
		{"fieldname": "months_due", "label": _("Months Due"), "fieldtype": "Int", "width": 90},
		{"fieldname": "due", "label": _("Due"), "fieldtype": "Currency", "width": 100},
		{"fieldname": "paid", "label": _("Paid"), "fieldtype": "Currency", "width": 100},
		{"fieldname": "unpaid", "label": _("Unpaid"), "fieldtype": "Currency", "width": 100},
		{"fieldname": "arrears", "label": _("Months in Arrears"), "fieldtype": "Int", "width": 110},
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
		{"value": s["members"], "label": _("Members"), "datatype": "Int"},
		{"value": s["due"], "label": _("Due"), "datatype": "Currency"},
		{"value": s["paid"], "label": _("Paid"), "datatype": "Currency", "indicator": "Green"},
		{
			"value": dues.collection_rate(s["collected"], s["due"]),
			"label": _("Collection Rate"),
			"datatype": "Percent",
			"indicator": "Blue",
		},
		{"value": s["behind3"], "label": _("3+ Months Unpaid"), "datatype": "Int", "indicator": "Orange"},
		{"value": s["behind6"], "label": _("6+ Months Unpaid"), "datatype": "Int", "indicator": "Red"},
	]


def totals(organization: str | None, start: datetime.date, end: datetime.date) -> tuple[Decimal, Decimal]:
	"""(due, collected) over the months for the organizations the user may see (the number card)."""
	period = Period(dues.month_range(start, end), getdate(today()))
	due = collected = ZERO
	for m in collect(filter_organizations(organization), start, end, getdate(today())):
		f = member_figures(m, period)
		due += f["due"]
		collected += f["collected"]
	return due, collected
