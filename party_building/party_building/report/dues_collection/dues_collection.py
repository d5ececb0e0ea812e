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
	"""Each active member in the organizations with their paid-month mask and the assessed amounts."""
	if orgs is not None and not orgs:
		return []
	where_org = "and m.branch in %(orgs)s" if orgs is not None else ""
	values = {"start": start, "end": end, "start_ym": start.year * 100 + start.month, "orgs": orgs}
	members = frappe.db.sql(
		f"""
		select m.name, m.full_name, m.branch, m.joined_on, p.mask, p.paid
		from `tabParty Member` m
		left join (
			select pm.member,
				bit_or(1 << period_diff(date_format(pm.month, '%%Y%%m'), %(start_ym)s)) as mask,
				sum(pm.amount) as paid
			from `tabDues Payment Month` pm
			where pm.docstatus = 1 and pm.month between %(start)s and %(end)s
			group by pm.member
		) p on p.member = m.name
		where m.standing = 'Active' {where_org}
		order by m.branch, m.name
		""",
		values,
		as_dict=True,
	)
	assessed = frappe.db.sql(
		f"""
		select i.member, a.year, i.monthly_amount
		from `tabDues Assessment Item` i
		join `tabDues Assessment` a on a.name = i.parent
		join `tabParty Member` m on m.name = i.member
		where a.docstatus = 1 and a.year between %(y1)s and %(y2)s and m.standing = 'Active' {where_org}
		""",
		{"y1": start.year, "y2": end.year, "orgs": orgs},
	)
	amounts: dict[str, dict[int, Decimal]] = {}
	for member, year, amount in assessed:
		amounts.setdefault(member, {})[year] = dues.dec(amount)
	for m in members:
		m.amounts = amounts.get(m.name, {})
		m.mask = int(m.mask or 0)
	return members


def member_figures(m, months: list[datetime.date], on: datetime.date) -> dict:
	"""Due (months up to this one), paid (every paid month of the period, prepaid ones too), unpaid
	(due and not paid), collected (due and paid) and arrears of one member over the months."""
	first = dues.first_payable_month(getdate(m.joined_on)) if m.joined_on else months[0]
	current = dues.month_of(on)
	last_ended = dues.add_months(current, -1)
	due_months, per_month, paid_set = [], {}, set()
	due = paid = unpaid = Decimal(0)
	for i, month in enumerate(months):
		if month < first:
			continue
		amount = m.amounts.get(month.year, Decimal(0))
		is_paid = bool(m.mask >> i & 1)
		if is_paid:
			paid += amount
			paid_set.add(month)
		if month > current:
			if is_paid:
				per_month[month] = (amount, True)
			continue
		due += amount
		if not is_paid:
			unpaid += amount
		per_month[month] = (amount, is_paid)
		if month <= last_ended:
			due_months.append(month)
	return {
		"months_due": sum(1 for mo in per_month if mo <= current),
		"due": due,
		"paid": paid,
		"unpaid": unpaid,
		"collected": due - unpaid,
		"paid_months": len(paid_set),
		"arrears": dues.arrears(due_months, paid_set),
		"per_month": per_month,
	}


def build_rows(members, months, filters):
	on = getdate(today())
	current = dues.month_of(on)
	data, branches = [], {}
	totals_by_month = {mo: [Decimal(0), Decimal(0)] for mo in months}
	summary = {
		"due": Decimal(0),
		"paid": Decimal(0),
		"collected": Decimal(0),
		"members": 0,
		"behind3": 0,
		"behind6": 0,
	}
	for m in members:
		f = member_figures(m, months, on)
		if filters.get("arrears_only") and not f["arrears"]:
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
			"rate": dues.collection_rate(f["collected"], f["due"]),
		}
		for month, (amount, is_paid) in f["per_month"].items():
			row[month_field(month)] = amount if is_paid else Decimal(0)
			if month <= current:
				totals_by_month[month][0] += amount
			if is_paid:
				totals_by_month[month][1] += amount
		branch = branches.get(m.branch)
		if branch is None:
			branch = branches[m.branch] = {
				"name": m.branch,
				"branch": m.branch,
				"member_name": m.branch,
				"indent": 0,
				"members": [],
				"due": Decimal(0),
				"paid": Decimal(0),
				"unpaid": Decimal(0),
				"arrears": 0,
				"months_due": 0,
				"collected": Decimal(0),
			}
		branch["members"].append(row)
		for month, (amount, is_paid) in f["per_month"].items():
			if is_paid:
				field = month_field(month)
				branch[field] = branch.get(field, Decimal(0)) + amount
		branch["due"] += f["due"]
		branch["paid"] += f["paid"]
		branch["unpaid"] += f["unpaid"]
		branch["collected"] += f["collected"]
		branch["months_due"] += f["months_due"]
		branch["arrears"] += int(f["arrears"] >= dues.REMINDER_MONTHS)
		summary["due"] += f["due"]
		summary["paid"] += f["paid"]
		summary["collected"] += f["collected"]
		summary["members"] += 1
		summary["behind3"] += int(f["arrears"] >= dues.REMINDER_MONTHS)
		summary["behind6"] += int(f["arrears"] >= dues.LAPSE_MONTHS)
	for branch in branches.values():
		rows = branch.pop("members")
		branch["member"] = None
		branch["rate"] = dues.collection_rate(branch.pop("collected"), branch["due"])
		data.append(branch)
		data.extend(rows)
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
	on = getdate(today())
	months = dues.month_range(start, end)
	due = paid = Decimal(0)
	for m in collect(filter_organizations(organization), start, end, on):
		f = member_figures(m, months, on)
		due += f["due"]
		paid += f["collected"]
	return due, paid
