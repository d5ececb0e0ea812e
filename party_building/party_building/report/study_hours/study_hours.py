# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""学时: each member's class hours of the year (activities they were present at, their training
records) against the 32 hours a year of 党员教育培训; by default only the members still short."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.activity import rules
from party_building.activity.service import study_hours
from party_building.core import arguments
from party_building.core.access import filter_organizations
from party_building.core.reports import card, link_column


def execute(filters=None):
	filters = frappe._dict(filters or {})
	everyone = all_members(filters)
	data = everyone if filters.get("show_all") else [r for r in everyone if r.short]
	return get_columns(filters), data, None, None, summary(everyone)


def year_of(filters) -> int:
	return arguments.year(filters.get("year") or getdate(today()).year)


def all_members(filters) -> list[dict]:
	return study_hours(filter_organizations(filters.get("organization")), year_of(filters))


def get_data(filters) -> list[dict]:
	rows = all_members(filters)
	return rows if filters.get("show_all") else [r for r in rows if r.short]


def get_columns(filters) -> list[dict]:
	return [
		link_column("branch", _("Branch"), "Party Organization", 200),
		link_column("member", _("Party Member"), "Party Member", 110),
		{"fieldname": "full_name", "label": _("Full Name"), "fieldtype": "Data", "width": 100},
		{"fieldname": "activity_hours", "label": _("Hours in Activities"), "fieldtype": "Float", "precision": 1, "width": 110},
		{"fieldname": "training_hours", "label": _("Hours in Training"), "fieldtype": "Float", "precision": 1, "width": 110},
		{"fieldname": "total_hours", "label": _("Total Hours"), "fieldtype": "Float", "precision": 1, "width": 90},
		{"fieldname": "short", "label": _("Hours Short of {0}").format(rules.MIN_STUDY_HOURS_A_YEAR), "fieldtype": "Float", "precision": 1, "width": 120},
	]  # fmt: skip


def summary(everyone) -> list[dict]:
	"""Over all the members in scope, whatever the rows show."""
	short = [r for r in everyone if r.short]
	return [
		card(len(everyone), _("Members")),
		card(len(short), _("Members Under {0} Hours").format(rules.MIN_STUDY_HOURS_A_YEAR), "Red" if short else "Green"),
	]  # fmt: skip
