# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""述职评议汇总: per Branch and General Branch, whether the secretary has made the year's duty report,
how the upper level's reviewers graded it (好/较好/一般/差) and the overall grade. Two queries."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core import arguments
from party_building.core.access import filter_organizations
from party_building.core.reports import card, link_column
from party_building.organization.rules import BRANCH, DISSOLVED, GENERAL_BRANCH
from party_building.records import rules

GRADE_KEYS = {
	rules.GOOD: "good",
	rules.FAIRLY_GOOD: "fairly_good",
	rules.AVERAGE: "average",
	rules.POOR: "poor",
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	data = get_data(filters)
	return get_columns(filters), data, None, None, summary(data)


def get_data(filters) -> list[dict]:
	year = arguments.year(filters.get("year") or getdate(today()).year)
	orgs = filter_organizations(filters.get("organization"))
	org_filters = {"org_type": ("in", [BRANCH, GENERAL_BRANCH]), "status": ("!=", DISSOLVED)}
	if orgs is not None:
		org_filters["name"] = ("in", orgs or [""])
	organizations = frappe.get_all(
		"Party Organization", filters=org_filters, fields=["name", "secretary_name"], order_by="lft"
	)
	reports = {
		r.organization: r
		for r in frappe.get_all(
			"Secretary Duty Report",
			filters={"organization": ("in", [o.name for o in organizations] or [""]), "year": year},
			fields=["name", "organization", "secretary_name", "report_date", "overall_grade"],
		)
	}
	grades: dict[str, dict[str, int]] = {}
	for row in frappe.get_all(
		"Secretary Duty Report Review",
		filters={
			"parent": ("in", [r.name for r in reports.values()] or [""]),
			"parenttype": "Secretary Duty Report",
		},
		fields=["parent", "grade"],
	):
		counts = grades.setdefault(row.parent, {})
		counts[row.grade] = counts.get(row.grade, 0) + 1
	data = []
	for org in organizations:
		report = reports.get(org.name)
		counts = grades.get(report.name, {}) if report else {}
		row = {
			"organization": org.name,
			"secretary_name": (report.secretary_name if report else org.secretary_name) or "",
			"report": report.name if report else None,
			"report_date": report.report_date if report else None,
			"status": _("Reported") if report else _("Not Reported"),
			"reviews": sum(counts.values()),
			"overall_grade": _(report.overall_grade) if report and report.overall_grade else "",
		}
		row.update({key: counts.get(grade, 0) for grade, key in GRADE_KEYS.items()})
		data.append(row)
	return data


def get_columns(filters) -> list[dict]:
	cols = [
		link_column("organization", _("Organization"), "Party Organization", 220),
		{"fieldname": "secretary_name", "label": _("Secretary"), "fieldtype": "Data", "width": 90},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 80},
		link_column("report", _("Secretary Duty Report"), "Secretary Duty Report", 130),
		{"fieldname": "report_date", "label": _("Reported On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "reviews", "label": _("Reviews"), "fieldtype": "Int", "width": 70},
	]
	cols += [
		{"fieldname": key, "label": _(grade), "fieldtype": "Int", "width": 60}
		for grade, key in GRADE_KEYS.items()
	]
	cols.append({"fieldname": "overall_grade", "label": _("Overall Grade"), "fieldtype": "Data", "width": 90})
	return cols


def summary(data) -> list[dict]:
	missing = sum(1 for r in data if not r["report"])
	graded = sum(1 for r in data if r["overall_grade"])
	return [
		card(len(data), _("Organizations")),
		card(missing, _("Not Reported"), "Red" if missing else "Green"),
		card(graded, _("Graded")),
	]
