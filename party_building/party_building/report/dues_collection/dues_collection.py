# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""Dues collection (党费收缴情况): per member per month what was due and paid, arrears, totals per
branch and the collection rate. One grouped query gives each member's paid-month bit mask and the
assessed monthly amounts; the sums are kept in whole fen (ints) while 10,000 members are added up
and become Decimal yuan only in the rows returned."""

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
		m.amounts = {y: fen_of(a) for y in years if (a := m.pop(f"y{y}")) is not None}
		m.mask = int(m.mask or 0)
	return members


_FEN: dict = {}
_YUAN: dict[int, Decimal] = {}


def fen_of(amount) -> int:
	"""An assessed amount (a Decimal yuan, rounded to the fen) as whole fen; few distinct amounts, so cached."""
	fen = _FEN.get(amount)
	if fen is None:
		fen = _FEN[amount] = int(dues.to_fen(amount) * 100)
	return fen


def yuan(fen: int) -> Decimal:
	"""Whole fen back to Decimal yuan (exact: 4440 → 44.4)."""
	value = _YUAN.get(fen)
	if value is None:
		value = Decimal(fen) / 100
		if len(_YUAN) < 100_000:
			_YUAN[fen] = value
	return value


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
		self.due = [0] * len(months)  # fen
		self.paid = [0] * len(months)


def member_figures(m, period: Period) -> dict:
	"""Due (months up to this one), paid (every paid month of the period, prepaid ones too), unpaid
	(due and not paid), collected (due and paid), arrears and the month cells of one member — all
	amounts in fen."""
	first = 0
	if m.joined_on:
		first = max(0, dues.months_between(period.start, dues.first_payable_month(m.joined_on)))
	mask, amounts, years, fields = m.mask, m.amounts, period.years, period.fields
	due = paid = unpaid = 0
	cells = {}
	for i in range(first, len(years)):
		amount = amounts.get(years[i], 0)
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
				cells[fields[i]] = 0
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
	summary = {"due": 0, "paid": 0, "collected": 0, "members": 0, "behind3": 0, "behind6": 0}
	arrears_only = filters.get("arrears_only")
	behind3_months, behind6_months = dues.REMINDER_MONTHS, dues.LAPSE_MONTHS
	for m in members:
		f = member_figures(m, period)
		arrears = f["arrears"]
		if arrears_only and not arrears:
			continue
		due, paid, unpaid, cells = f["due"], f["paid"], f["unpaid"], f["cells"]
		collected = due - unpaid
		row = {field: yuan(amount) for field, amount in cells.items()}
		row.update(
			name=m.name,
			member=m.name,
			member_name=m.full_name,
			branch=m.branch,
			parent_row=m.branch,
			indent=1,
			months_due=f["months_due"],
			due=yuan(due),
			paid=yuan(paid),
			unpaid=yuan(unpaid),
			arrears=arrears,
			rate=round(collected * 100 / due, 1) if due else 100.0,
		)
		branch = branches.get(m.branch)
		if branch is None:
			branch = branches[m.branch] = {
				"members": [],
				"cells": {},
				"due": 0,
				"paid": 0,
				"unpaid": 0,
				"collected": 0,
				"arrears": 0,
				"months_due": 0,
			}
		branch["members"].append(row)
		branch_cells = branch["cells"]
		for field, amount in cells.items():
			if amount:
				branch_cells[field] = branch_cells.get(field, 0) + amount
		branch["due"] += due
		branch["paid"] += paid
		branch["unpaid"] += unpaid
		branch["collected"] += collected
		branch["months_due"] += f["months_due"]
		behind3 = arrears >= behind3_months
		branch["arrears"] += behind3
		summary["due"] += due
		summary["paid"] += paid
		summary["collected"] += collected
		summary["members"] += 1
		summary["behind3"] += behind3
		summary["behind6"] += arrears >= behind6_months
	for name, branch in branches.items():
		row = {field: yuan(amount) for field, amount in branch["cells"].items()}
		row.update(
			name=name,
			branch=name,
			member_name=name,
			member=None,
			indent=0,
			due=yuan(branch["due"]),
			paid=yuan(branch["paid"]),
			unpaid=yuan(branch["unpaid"]),
			arrears=branch["arrears"],
			months_due=branch["months_due"],
			rate=dues.collection_rate(yuan(branch["collected"]), yuan(branch["due"])),
		)
		data.append(row)
		data.extend(branch["members"])
	for key in ("due", "paid", "collected"):
		summary[key] = yuan(summary[key])
	totals_by_month = {m: (yuan(period.due[i]), yuan(period.paid[i])) for i, m in enumerate(months)}
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
	due = collected = 0
	for m in collect(filter_organizations(organization), start, end, getdate(today())):
		f = member_figures(m, period)
		due += f["due"]
		collected += f["collected"]
	return yuan(due), yuan(collected)
