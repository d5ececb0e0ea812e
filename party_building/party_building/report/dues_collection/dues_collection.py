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
) -> list[tuple]:
	"""Each active member in the organizations, in one grouped query, as a tuple
	(name, full name, branch, first, mask, amount of the period's first year, of the next, …):

	- first: the index of the first month of the period they owe dues for (dues start in the month
	  the branch meeting admitted them, as dues.first_payable_month says);
	- mask: bit i set when month i of the period is paid;
	- the monthly amount of their submitted assessment for each year of the period, in whole fen
	  (None where there is none).

	Plain tuples of ints: at county scale (10,000 members) turning rows into dicts, dates and
	Decimals costs more than the query."""
	if orgs is not None and not orgs:
		return []
	where_org = "and m.branch in %(orgs)s" if orgs is not None else ""
	years = list(range(start.year, end.year + 1))
	# one join per year on the unique member-year key (set only while the assessment is submitted)
	joins = " ".join(
		f"left join `tabDues Assessment Item` a{y} on a{y}.member_year = concat(m.name, ':{y}')"
		for y in years
	)
	amounts = ", ".join(f"cast(round(a{y}.monthly_amount * 100) as signed)" for y in years)
	values = {"start": start, "end": end, "start_ym": start.year * 100 + start.month, "orgs": orgs}
	return frappe.db.sql(
		f"""
		select m.name, m.full_name, m.branch,
			greatest(0, coalesce(period_diff(date_format(m.joined_on, '%%Y%%m'), %(start_ym)s), 0)),
			cast(coalesce(p.mask, 0) as unsigned), {amounts}
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
	)


_YUAN: dict[int, Decimal] = {}


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
		self.year_index = [m.year - months[0].year for m in months]  # the month's year, 0 = the first
		self.years = months[-1].year - months[0].year + 1
		current = dues.months_between(self.start, dues.month_of(on))
		self.due_end = min(len(months) - 1, current)  # the current month is due, later ones are not
		self.last_ended = min(len(months) - 1, current - 1)  # arrears count ended months only
		self.patterns: dict[tuple[int, int], Pattern] = {}

	def pattern(self, first: int, mask: int) -> "Pattern":
		key = (first, mask)
		found = self.patterns.get(key)
		if found is None:
			found = self.patterns[key] = Pattern(self, first, mask)
		return found


class Pattern:
	"""What a member owes and paid month by month depends only on the first month they owe and the
	months they paid — not on the amount. Members share these patterns (most paid the same months),
	so each is worked out once; per member only the assessed amounts are multiplied in.

	Counts are per year of the period (the amount is fixed for a year): due (months up to the
	current one), paid (every paid month, prepaid ones too), unpaid (due and not paid). `cells` is
	(month field, year index — or -1 for a due month left unpaid)."""

	def __init__(self, period: Period, first: int, mask: int):
		years = period.years
		self.due, self.paid, self.unpaid = [0] * years, [0] * years, [0] * years
		self.cells: list[tuple[str, int]] = []
		self.paid_months, self.due_months = [], []  # month indexes, for the per-month totals
		for i in range(first, len(period.months)):
			y = period.year_index[i]
			is_paid = mask >> i & 1
			if is_paid:
				self.paid[y] += 1
				self.paid_months.append(i)
				self.cells.append((period.fields[i], y))
			if i <= period.due_end:
				self.due[y] += 1
				self.due_months.append(i)
				if not is_paid:
					self.unpaid[y] += 1
					self.cells.append((period.fields[i], -1))
		self.cell_fields = [field for field, _y in self.cells]
		self.cell_years = [y for _field, y in self.cells]
		arrears, i = 0, period.last_ended
		while i >= first and not mask >> i & 1:
			arrears += 1
			i -= 1
		self.arrears = arrears
		self.months_due = max(0, period.due_end - first + 1)


def member_figures(m: tuple, period: Period) -> dict:
	"""Due, paid, unpaid, collected (due and paid), arrears and the month cells of one member (a row
	of collect) — all amounts in fen."""
	_name, _full_name, _branch, first, mask, *amounts = m
	p = period.pattern(first, mask)
	amounts = [a or 0 for a in amounts]
	due = sum(n * a for n, a in zip(p.due, amounts, strict=True))
	unpaid = sum(n * a for n, a in zip(p.unpaid, amounts, strict=True))
	return {
		"months_due": p.months_due,
		"due": due,
		"paid": sum(n * a for n, a in zip(p.paid, amounts, strict=True)),
		"unpaid": unpaid,
		"collected": due - unpaid,
		"arrears": p.arrears,
		"cells": {field: 0 if y < 0 else amounts[y] for field, y in p.cells},
	}


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
			rate=round(collected * 100 / due, 1) if due else 100.0,
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
					"arrears": 0,
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
		branch["arrears"] += behind3
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
			arrears=branch["arrears"],
			months_due=branch["months_due"],
			rate=dues.collection_rate(yuan(branch["collected"]), yuan(branch["due"])),
		)
		data.append(row)
		data.extend(branch["members"])
	for key in ("due", "paid", "collected"):
		summary[key] = yuan(summary[key])
	totals_by_month = {m: (yuan(due_by_month[i]), yuan(paid_by_month[i])) for i, m in enumerate(months)}
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


def collection_cards(s) -> list[dict]:
	"""Members, due, paid and the collection rate: the report summary the dues reports share."""
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
	]


def report_summary(s):
	return [
		*collection_cards(s),
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
