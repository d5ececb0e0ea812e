# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""花名册: the members of an organization subtree, for the archive."""

import frappe
from frappe import _

from party_building.core.access import report_scope
from party_building.core.reports import card, link_column
from party_building.members.rules import ACTIVE, FULL
from party_building.records.statistics import roster_rows, translated


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	full = sum(1 for r in rows if r["membership_type_value"] == FULL)
	summary = [
		card(len(rows), _("Members"), "Blue"),
		card(full, _("Full Members"), "Green"),
		card(len(rows) - full, _("Probationary Members"), "Orange"),
	]
	return get_columns(filters), rows, None, None, summary


def get_data(filters) -> list[dict]:
	orgs = report_scope(filters.get("organization"))
	standing = filters.get("standing", ACTIVE) or None  # "" shows every standing
	words: dict = {}  # a county's 10,000 rows hold a few dozen distinct values: each translated once
	return [present(r, words) for r in roster_rows(orgs, standing)]


def present(row, words: dict | None = None) -> dict:
	words = {} if words is None else words

	def word(value):
		if value not in words:
			words[value] = translated(value)
		return words[value]

	row["membership_type_value"] = row.membership_type
	for field in ("gender", "education", "post", "membership_type", "standing"):
		row[field] = word(row[field])
	return row


def get_columns(filters=None) -> list[dict]:
	return [
		link_column("name", _("Member"), "Party Member", 100),
		{"fieldname": "full_name", "label": _("Full Name"), "fieldtype": "Data", "width": 90},
		{"fieldname": "gender", "label": _("Gender"), "fieldtype": "Data", "width": 60},
		{"fieldname": "ethnicity", "label": _("Ethnicity"), "fieldtype": "Data", "width": 70},
		{"fieldname": "birth_date", "label": _("Birth Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "education", "label": _("Education"), "fieldtype": "Data", "width": 90},
		{"fieldname": "post", "label": _("Post"), "fieldtype": "Data", "width": 90},
		{
			"fieldname": "professional_title",
			"label": _("Professional Title"),
			"fieldtype": "Data",
			"width": 100,
		},
		{"fieldname": "membership_type", "label": _("Membership"), "fieldtype": "Data", "width": 80},
		{"fieldname": "joined_on", "label": _("Joined On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "full_member_on", "label": _("Full Member On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "standing", "label": _("Standing"), "fieldtype": "Data", "width": 70},
		link_column("branch", _("Branch"), "Party Organization", 200),
		{"fieldname": "id_number", "label": _("Resident ID Number"), "fieldtype": "Data", "width": 170},
		{"fieldname": "phone", "label": _("Phone"), "fieldtype": "Data", "width": 110},
	]
