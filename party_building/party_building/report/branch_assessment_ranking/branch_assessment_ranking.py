# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""党建目标考核排名: the year's branch assessments, their totals against full marks, ranked (equal
totals share a place)."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core import arguments
from party_building.core.access import filter_organizations
from party_building.core.reports import card, link_column
from party_building.records import rules


def execute(filters=None):
	filters = frappe._dict(filters or {})
	data = get_data(filters)
	return get_columns(filters), data, None, None, summary(data)


def get_data(filters) -> list[dict]:
	year = arguments.year(filters.get("year") or getdate(today()).year)
	orgs = filter_organizations(filters.get("organization"))
	conditions = {"year": year}
	if orgs is not None:
		conditions["organization"] = ("in", orgs or [""])
	rows = frappe.get_all(
		"Branch Assessment",
		filters=conditions,
		fields=["name", "organization", "total_score", "max_score", "scored_by"],
	)
	ranks = rules.competition_rank({r.name: r.total_score or 0 for r in rows})
	for r in rows:
		r["rank"] = ranks[r.name]
		r["assessment"] = r.pop("name")
		r["scored"] = _("Scored") if r.scored_by else _("Not Scored")
	return sorted(rows, key=lambda r: (r["rank"], r["organization"]))


def get_columns(filters) -> list[dict]:
	return [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 60},
		link_column("organization", _("Organization"), "Party Organization", 220),
		link_column("assessment", _("Branch Assessment"), "Branch Assessment", 130),
		{
			"fieldname": "total_score",
			"label": _("Total Score"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 90,
		},
		{
			"fieldname": "max_score",
			"label": _("Full Marks"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 90,
		},
		{"fieldname": "scored", "label": _("Status"), "fieldtype": "Data", "width": 80},
	]


def summary(data) -> list[dict]:
	scored = [r for r in data if r["scored_by"]]
	return [card(len(data), _("Branches Assessed")), card(len(scored), _("Scored"))]
