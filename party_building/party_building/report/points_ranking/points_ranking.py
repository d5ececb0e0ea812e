# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""党员积分排名: the points of each member (and activist) of an organization's subtree over a period, by
category, ranked; probationary members and activists are scored alike but marked."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Max, Sum
from frappe.utils import get_first_day, get_last_day, getdate, today

from party_building import ledger_rules as rules
from party_building.access import filter_organizations
from party_building.member_rules import ACTIVE, PROBATIONARY

CATEGORY_FIELDS = {
	rules.ORGANIZATIONAL_LIFE: "organizational_life",
	rules.STUDY: "study",
	rules.EXEMPLARY_ROLE: "exemplary_role",
	rules.DEDUCTION: "deduction",
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = ranking(filters)
	return get_columns(), rows, None, chart(rows), summary(rows)


def period(filters: frappe._dict):
	on = getdate(today())
	start = getdate(filters.get("from_date") or get_first_day(on.replace(month=1)))
	end = getdate(filters.get("to_date") or get_last_day(on.replace(month=12)))
	return start, end


def ranking(filters: frappe._dict) -> list[dict]:
	start, end = period(filters)
	orgs = filter_organizations(filters.get("organization"))
	entry = frappe.qb.DocType("Points Entry")
	sums = [
		Sum(Case().when(entry.category == category, entry.points).else_(0)).as_(field)
		for category, field in CATEGORY_FIELDS.items()
	]
	query = (
		frappe.qb.from_(entry)
		.select(
			entry.member,
			entry.activist,
			Max(entry.person_name).as_("person_name"),
			Max(entry.organization).as_("organization"),
			Max(entry.membership_type).as_("membership_type"),
			*sums,
			Sum(entry.points).as_("total"),
		)
		.where((entry.docstatus == 1) & entry.entry_date.between(start, end))
		.groupby(entry.member, entry.activist)
	)
	if orgs is not None:
		query = query.where(entry.organization.isin(orgs or [""]))
	scored = query.run(as_dict=True)

	people: dict[str, dict] = {}
	for row in scored:
		key = row.member or row.activist
		people[key] = {
			"member": row.member,
			"activist": row.activist,
			"person_name": row.person_name,
			"organization": row.organization,
			"membership_type": row.membership_type,
			**{f: float(row[f] or 0) for f in CATEGORY_FIELDS.values()},
			"total": float(row.total or 0),
		}
	if int(filters.get("include_zero", 1) or 0):
		member_filters = {"standing": ACTIVE}
		if orgs is not None:
			member_filters["branch"] = ("in", orgs or [""])
		for m in frappe.get_all(
			"Party Member", filters=member_filters, fields=["name", "full_name", "branch", "membership_type"]
		):
			if m.name not in people:
				people[m.name] = {
					"member": m.name,
					"activist": None,
					"person_name": m.full_name,
					"organization": m.branch,
					"membership_type": m.membership_type,
					**{f: 0.0 for f in CATEGORY_FIELDS.values()},
					"total": 0.0,
				}

	ordered = sorted(people.values(), key=lambda p: (p["organization"] or "", p["person_name"] or ""))
	rows = []
	for key, _total, place in rules.rank((p["member"] or p["activist"], p["total"]) for p in ordered):
		person = people[key]
		person["rank"] = place
		person["mark"] = mark(person["membership_type"], person["activist"])
		rows.append(person)
	return rows


def mark(membership_type: str | None, activist: str | None) -> str:
	if activist:
		return _("Activist")
	if membership_type == PROBATIONARY:
		return _("Probationary Member")
	return ""


def get_columns() -> list[dict]:
	return [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 60},
		{"fieldname": "person_name", "label": _("Full Name"), "fieldtype": "Data", "width": 90},
		{"fieldname": "mark", "label": _("Standing in the Party"), "fieldtype": "Data", "width": 100},
		{
			"fieldname": "organization",
			"label": _("Branch"),
			"fieldtype": "Link",
			"options": "Party Organization",
			"width": 220,
		},
		{
			"fieldname": "organizational_life",
			"label": _("Organizational Life"),
			"fieldtype": "Float",
			"width": 90,
		},
		{"fieldname": "study", "label": _("Study"), "fieldtype": "Float", "width": 90},
		{"fieldname": "exemplary_role", "label": _("Exemplary Role"), "fieldtype": "Float", "width": 90},
		{"fieldname": "deduction", "label": _("Deduction"), "fieldtype": "Float", "width": 80},
		{"fieldname": "total", "label": _("Total Points"), "fieldtype": "Float", "width": 90},
		{
			"fieldname": "member",
			"label": _("Member"),
			"fieldtype": "Link",
			"options": "Party Member",
			"width": 110,
		},
		{
			"fieldname": "activist",
			"label": _("Activist"),
			"fieldtype": "Link",
			"options": "Member Development",
			"width": 110,
		},
	]


def chart(rows: list[dict]) -> dict | None:
	top = rows[:10]
	if not top:
		return None
	return {
		"data": {
			"labels": [r["person_name"] for r in top],
			"datasets": [{"name": _("Total Points"), "values": [r["total"] for r in top]}],
		},
		"type": "bar",
	}


def summary(rows: list[dict]) -> list[dict]:
	scored = [r for r in rows if r["total"]]
	average = round(sum(r["total"] for r in rows) / len(rows), 1) if rows else 0
	return [
		{"value": len(rows), "label": _("People Ranked"), "datatype": "Int"},
		{"value": len(scored), "label": _("With Points"), "datatype": "Int", "indicator": "Green"},
		{"value": average, "label": _("Average Points"), "datatype": "Float", "indicator": "Blue"},
	]
