# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""问题整改进度: per organization (and category) the problems found, still open, overdue, closed out on
time and closed out late — one grouped query."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate, today

from party_building.core.access import report_scope, within
from party_building.core.reports import Translated, card, sums, with_total_row
from party_building.ledgers import rules

COUNTS = ("total", "open", "overdue", "closed_on_time", "closed_late")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	totals = sums(rows, COUNTS)
	categories = Translated()
	data = [{**row, "category": categories[row.get("category")]} for row in rows]
	return get_columns(filters), with_total_row(data, totals, category=""), None, chart(rows), summary(totals)


def by_category(filters: frappe._dict) -> bool:
	return bool(int(filters.get("group_by_category", 1) or 0))


def get_data(filters: frappe._dict) -> list[dict]:
	grouped = by_category(filters)
	on = getdate(filters.get("on") or today())
	item = frappe.qb.DocType("Rectification Item")
	closed = item.workflow_state == rules.CLOSED_OUT

	def count(condition):
		return Sum(Case().when(condition, 1).else_(0))

	group = [item.organization, item.category] if grouped else [item.organization]
	query = (
		frappe.qb.from_(item)
		.select(
			*group,
			Count("*").as_("total"),
			count(~closed).as_("open"),
			count(~closed & (item.deadline < on)).as_("overdue"),
			count(closed & (item.closed_on <= item.deadline)).as_("closed_on_time"),
			count(closed & (item.closed_on > item.deadline)).as_("closed_late"),
		)
		.groupby(*group)
		.orderby(item.organization)
	)
	orgs = report_scope(filters.get("organization"))
	query = within(query, item.organization, orgs)
	if filters.get("from_date"):
		query = query.where(item.found_on >= getdate(filters.from_date))
	if filters.get("to_date"):
		query = query.where(item.found_on <= getdate(filters.to_date))
	if filters.get("category"):
		query = query.where(item.category == filters.category)
	rows = query.run(as_dict=True)
	for row in rows:
		for key in COUNTS:
			row[key] = int(row[key] or 0)
		row["closed"] = row["closed_on_time"] + row["closed_late"]
		row["close_rate"] = round(100.0 * row["closed"] / row["total"], 1) if row["total"] else 0.0
	return rows


def get_columns(filters: frappe._dict) -> list[dict]:
	columns = [
		{
			"fieldname": "organization",
			"label": _("Organization"),
			"fieldtype": "Link",
			"options": "Party Organization",
			"width": 260,
		}
	]
	if by_category(filters):
		columns.append({"fieldname": "category", "label": _("Category"), "fieldtype": "Data", "width": 150})
	columns += [
		{"fieldname": "total", "label": _("Problems Found"), "fieldtype": "Int", "width": 90},
		{"fieldname": "open", "label": _("Not Closed Out"), "fieldtype": "Int", "width": 90},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "width": 80},
		{"fieldname": "closed_on_time", "label": _("Closed Out on Time"), "fieldtype": "Int", "width": 100},
		{"fieldname": "closed_late", "label": _("Closed Out Late"), "fieldtype": "Int", "width": 100},
		{"fieldname": "close_rate", "label": _("Close-out Rate (%)"), "fieldtype": "Percent", "width": 100},
	]
	return columns


def chart(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	by_category: dict[str, list[int]] = {}
	every = _("All Categories")  # once: the rows are one an organization when not grouped by category
	for row in rows:
		counts = by_category.setdefault(row.get("category") or every, [0, 0, 0])
		counts[0] += row["open"] - row["overdue"]
		counts[1] += row["overdue"]
		counts[2] += row["closed"]
	labels = list(by_category)
	return {
		"data": {
			"labels": [_(label) for label in labels],
			"datasets": [
				{"name": _("Not Closed Out"), "values": [by_category[k][0] for k in labels]},
				{"name": _("Overdue"), "values": [by_category[k][1] for k in labels]},
				{"name": _("Closed Out"), "values": [by_category[k][2] for k in labels]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#5e64ff", "#ff5858", "#28a745"],
	}


def summary(totals: dict) -> list[dict]:
	return [
		card(totals["total"], _("Problems Found")),
		card(totals["open"], _("Not Closed Out"), "Blue"),
		card(totals["overdue"], _("Overdue"), "Red"),
		card(totals["closed_on_time"], _("Closed Out on Time"), "Green"),
		card(totals["closed_late"], _("Closed Out Late"), "Orange"),
	]
