"""Dues figures computed for many members at once: what each member owes and paid over a period
(the collection report, the collection-rate card) and the branch books month by month (the ledger
report, the 党费账本 print). Reports and prints read them from here; nothing here knows a report."""

import datetime
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import get_last_day, getdate, today

from party_building.core.access import filter_organizations
from party_building.core.reports import card
from party_building.dues import rules as dues


def collect(
	orgs: list[str] | None,
	start: datetime.date,
	end: datetime.date,
	on: datetime.date,
	voluntary: bool = False,
	ordered: bool = True,
	broad: bool = False,
) -> list[tuple]:
	"""Each active member in the organizations, in one grouped query, as a tuple
	(name, full name, branch, first, mask, amount of the period's first year, of the next, …):

	- first: the index of the first month of the period they owe dues for (dues start in the month
	  the branch meeting admitted them, as dues.first_payable_month says);
	- mask: bit i set when month i of the period is paid;
	- the monthly amount of their submitted assessment for each year of the period, in whole fen
	  (None where there is none);
	- with `voluntary`, one more column at the end: the voluntary extras of the submitted payments
	  from the period's months, in whole fen (the dues publication's column; one join, not a second
	  query over every payment).

	In the order of their branch and name; with `ordered` False in no particular order (a caller that
	groups them itself: MariaDB sorted four counties' members through a temporary table of every joined
	row). `broad`: the organizations hold a large share of the register (access.Scope.is_broad); the
	voluntary extras are then summed in one pass over the period's payments, where MariaDB otherwise
	reads each member's payments in turn (split_materialized: a third of the query for a county).

	Each member's paid months are read from the (member, docstatus, month) index, member by member:
	grouping every paid month of the period first took a temporary table of all of them, which grew
	faster than the register (the publication's query for four counties: 4.9 × one county's time,
	3.7 × this way with `broad`; medians of MariaDB's own timings, five runs in turn).

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
	if voluntary:
		amounts += ", cast(round(coalesce(v.amount, 0) * 100) as signed)"
		values["end_day"] = get_last_day(end)
		joins += """
		left join (
			select member, sum(voluntary_amount) as amount from `tabDues Payment`
			where docstatus = 1 and voluntary_amount > 0 and from_month between %(start)s and %(end_day)s
			group by member
		) v on v.member = m.name"""
	# one pass over the payments, not member by member (SET STATEMENT: this query only)
	prefix = "set statement optimizer_switch = 'split_materialized=off' for " if voluntary and broad else ""
	return frappe.db.sql(
		f"""{prefix}
		select m.name, m.full_name, m.branch,
			greatest(0, coalesce(period_diff(date_format(m.joined_on, '%%Y%%m'), %(start_ym)s), 0)),
			cast(coalesce((
				select bit_or(1 << period_diff(date_format(pm.month, '%%Y%%m'), %(start_ym)s))
				from `tabDues Payment Month` pm
				where pm.member = m.name and pm.docstatus = 1 and pm.month between %(start)s and %(end)s
			), 0) as unsigned), {amounts}
		from `tabParty Member` m
		{joins}
		where m.standing = 'Active' {where_org}
		{"order by m.branch, m.name" if ordered else ""}
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


def month_field(month: datetime.date) -> str:
	return f"m{month.year:04d}{month.month:02d}"


def totals(organization: str | None, start: datetime.date, end: datetime.date) -> tuple[Decimal, Decimal]:
	"""(due, collected) over the months for the organizations the user may see (the number card)."""
	period = Period(dues.month_range(start, end), getdate(today()))
	due = collected = 0
	for m in collect(filter_organizations(organization), start, end, getdate(today())):
		f = member_figures(m, period)
		due += f["due"]
		collected += f["collected"]
	return yuan(due), yuan(collected)


def ledger_rows(orgs: list[str] | None, start: datetime.date, end: datetime.date) -> list[dict]:
	"""One row per organization and month of the period (organizations with any entry)."""
	if orgs is not None and not orgs:
		return []
	where_org = "and organization in %(orgs)s" if orgs is not None else ""
	values = {"start": start, "next": dues.add_months(end, 1), "orgs": orgs}
	opening = dict(
		frappe.db.sql(
			f"""select organization, sum(received) - sum(remitted) - sum(spent) from `tabDues Ledger Entry`
			where posting_date < %(start)s {where_org} group by organization""",
			values,
		)
	)
	movements: dict[str, dict[datetime.date, tuple]] = {}
	for org, year, month, received, remitted, spent in frappe.db.sql(
		f"""select organization, year(posting_date), month(posting_date), sum(received), sum(remitted),
			sum(spent)
		from `tabDues Ledger Entry`
		where posting_date >= %(start)s and posting_date < %(next)s {where_org}
		group by organization, year(posting_date), month(posting_date)""",
		values,
	):
		movements.setdefault(org, {})[datetime.date(year, month, 1)] = (received, remitted, spent)
	months = dues.month_range(start, end)
	rows = []
	for org in sorted(set(opening) | set(movements)):
		for r in dues.monthly_ledger(opening.get(org) or 0, movements.get(org, {}), months):
			rows.append({"organization": org, "month": dues.month_key(r.pop("month")), **r})
	return rows


# --- what the dues reports show alike -----------------------------------------------------------


def collection_cards(s) -> list[dict]:
	"""Members, due, paid and the collection rate: the report summary the dues reports share."""
	return [
		card(s["members"], _("Members")),
		card(s["due"], _("Due"), datatype="Currency"),
		card(s["paid"], _("Paid"), "Green", "Currency"),
		card(dues.collection_rate(s["collected"], s["due"]), _("Collection Rate"), "Blue", "Percent"),
	]


def book_columns(width: int = 120) -> list[dict]:
	"""Opening balance, received, remitted, spent (dues used), closing balance: a dues book's columns."""
	return [
		{"fieldname": "opening", "label": _("Opening Balance"), "fieldtype": "Currency", "width": width},
		{"fieldname": "received", "label": _("Received"), "fieldtype": "Currency", "width": width},
		{"fieldname": "remitted", "label": _("Remitted"), "fieldtype": "Currency", "width": width},
		{"fieldname": "spent", "label": _("Dues Used"), "fieldtype": "Currency", "width": width},
		{"fieldname": "closing", "label": _("Closing Balance"), "fieldtype": "Currency", "width": width},
	]


def ledger_figures(orgs: list[str], year: int) -> dict[str, tuple[Decimal, Decimal, Decimal, Decimal]]:
	"""Per organization: balance before the year, received, remitted and spent (dues used) during it."""
	if not orgs:
		return {}
	rows = frappe.db.sql(
		"""
		select organization,
			sum(case when posting_date < %(start)s then received - remitted - spent else 0 end),
			sum(case when posting_date >= %(start)s then received else 0 end),
			sum(case when posting_date >= %(start)s then remitted else 0 end),
			sum(case when posting_date >= %(start)s then spent else 0 end)
		from `tabDues Ledger Entry`
		where organization in %(orgs)s and posting_date < %(next)s
		group by organization
		""",
		{"orgs": orgs, "start": datetime.date(year, 1, 1), "next": datetime.date(year + 1, 1, 1)},
	)
	return {org: tuple(dues.to_fen(v or 0) for v in figures) for org, *figures in rows}


def dues_uses(orgs: list[str], year: int) -> dict[str, list[dict]]:
	"""Per organization: the year's approved uses of dues (党费使用), by date — what they were spent on,
	how much, and the upper level's approval."""
	if not orgs:
		return {}
	found: dict[str, list[dict]] = {}
	for row in frappe.get_all(
		"Dues Use",
		filters={
			"organization": ("in", orgs),
			"docstatus": 1,
			"used_on": ("between", (datetime.date(year, 1, 1), datetime.date(year, 12, 31))),
		},
		fields=["organization", "used_on", "purpose", "description", "amount", "approval_no", "approved_on"],
		order_by="used_on asc, name asc",
		ignore_permissions=True,  # limited to `orgs`, which the caller chose within the user's scope
	):
		found.setdefault(row.organization, []).append(row)
	return found
