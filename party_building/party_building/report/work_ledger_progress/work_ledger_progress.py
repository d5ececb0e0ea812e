# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""工作台账完成情况: per organization and year, the tasks done, in progress, not started and overdue."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate, today

from party_building.core.access import report_scope, within
from party_building.core.reports import card, link_column, sums, with_total_row
from party_building.ledgers import rules

COUNTS = ("total", "done", "in_progress", "not_started", "overdue")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	totals = sums(rows, COUNTS)
	summary = [
		card(totals["total"], _("Tasks")),
		card(totals["done"], _("Completed Tasks"), "Green"),
		card(totals["in_progress"], _("Tasks in Progress"), "Orange"),
		card(totals["overdue"], _("Overdue Tasks"), "Red"),
	]
	return get_columns(filters), with_total_row(rows, totals), None, None, summary


def get_data(filters: frappe._dict) -> list[dict]:
	on = getdate(filters.get("on") or today())
	task = frappe.qb.DocType("Work Task")
	done = task.status == rules.DONE

	def count(condition):
		return Sum(Case().when(condition, 1).else_(0))

	query = (
		frappe.qb.from_(task)
		.select(
			task.organization,
			task.year,
			Count("*").as_("total"),
			count(done).as_("done"),
			count(task.status == rules.IN_PROGRESS).as_("in_progress"),
			count(task.status == rules.NOT_STARTED).as_("not_started"),
			count(~done & (task.deadline < on)).as_("overdue"),
		)
		.groupby(task.organization, task.year)
		.orderby(task.organization)
		.orderby(task.year)
	)
	orgs = report_scope(filters.get("organization"))
	query = within(query, task.organization, orgs)
	if filters.get("year"):
		query = query.where(task.year == int(filters.year))
	rows = query.run(as_dict=True)
	for row in rows:
		for key in COUNTS:
			row[key] = int(row[key] or 0)
		row["done_rate"] = round(100.0 * row["done"] / row["total"], 1) if row["total"] else 0.0
	return rows


def get_columns(filters: frappe._dict | None = None) -> list[dict]:
	return [
		link_column("organization", _("Organization"), "Party Organization", 260),
		{"fieldname": "year", "label": _("Year"), "fieldtype": "Data", "width": 70},
		{"fieldname": "total", "label": _("Tasks"), "fieldtype": "Int", "width": 80},
		{"fieldname": "done", "label": _("Completed Tasks"), "fieldtype": "Int", "width": 90},
		{"fieldname": "in_progress", "label": _("Tasks in Progress"), "fieldtype": "Int", "width": 90},
		{"fieldname": "not_started", "label": _("Tasks Not Started"), "fieldtype": "Int", "width": 90},
		{"fieldname": "overdue", "label": _("Overdue Tasks"), "fieldtype": "Int", "width": 90},
		{"fieldname": "done_rate", "label": _("Completion Rate (%)"), "fieldtype": "Percent", "width": 100},
	]
