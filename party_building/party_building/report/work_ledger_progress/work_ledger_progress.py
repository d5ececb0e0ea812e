# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""工作台账完成情况: per organization and year, the tasks done, in progress, not started and overdue."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate, today

from party_building.core.access import filter_organizations
from party_building.ledgers import rules

COUNTS = ("total", "done", "in_progress", "not_started", "overdue")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = progress(filters)
	totals = {k: sum(r[k] for r in rows) for k in COUNTS}
	data = list(rows)
	if data:
		data.append({"organization": _("All Organizations"), **totals, "is_total": 1})
	summary = [
		{"value": totals["total"], "label": _("Tasks"), "datatype": "Int"},
		{"value": totals["done"], "label": _("Completed Tasks"), "datatype": "Int", "indicator": "Green"},
		{
			"value": totals["in_progress"],
			"label": _("Tasks in Progress"),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{"value": totals["overdue"], "label": _("Overdue Tasks"), "datatype": "Int", "indicator": "Red"},
	]
	return get_columns(), data, None, None, summary


def progress(filters: frappe._dict) -> list[dict]:
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
	orgs = filter_organizations(filters.get("organization"))
	if orgs is not None:
		query = query.where(task.organization.isin(orgs or [""]))
	if filters.get("year"):
		query = query.where(task.year == int(filters.year))
	rows = query.run(as_dict=True)
	for row in rows:
		for key in COUNTS:
			row[key] = int(row[key] or 0)
		row["done_rate"] = round(100.0 * row["done"] / row["total"], 1) if row["total"] else 0.0
	return rows


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "organization",
			"label": _("Organization"),
			"fieldtype": "Link",
			"options": "Party Organization",
			"width": 260,
		},
		{"fieldname": "year", "label": _("Year"), "fieldtype": "Data", "width": 70},
		{"fieldname": "total", "label": _("Tasks"), "fieldtype": "Int", "width": 80},
		{"fieldname": "done", "label": _("Completed Tasks"), "fieldtype": "Int", "width": 90},
		{"fieldname": "in_progress", "label": _("Tasks in Progress"), "fieldtype": "Int", "width": 90},
		{"fieldname": "not_started", "label": _("Tasks Not Started"), "fieldtype": "Int", "width": 90},
		{"fieldname": "overdue", "label": _("Overdue Tasks"), "fieldtype": "Int", "width": 90},
		{"fieldname": "done_rate", "label": _("Completion Rate (%)"), "fieldtype": "Percent", "width": 100},
	]
