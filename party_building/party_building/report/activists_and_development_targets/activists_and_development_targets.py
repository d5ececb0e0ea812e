# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""Activists (入党积极分子) and development targets (发展对象): from the admission records when they
exist on this site (Member Development), otherwise the register's probationary members as a stand-in."""

import frappe
from frappe import _

from party_building.admission.rules import ACTIVIST_PERSON, DEVELOPMENT_TARGET
from party_building.core.access import filter_organizations
from party_building.core.reports import card, link_column
from party_building.members.rules import PROBATIONARY
from party_building.party_building.report.member_roster.member_roster import get_columns as roster_columns
from party_building.party_building.report.member_roster.member_roster import present
from party_building.records.statistics import (
	development_doctype_ready,
	development_rows,
	roster_rows,
	translated,
)

STAGES = (ACTIVIST_PERSON, DEVELOPMENT_TARGET)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	if not development_doctype_ready():
		message = _("The admission records are not installed; showing the register's probationary members")
		return get_columns(filters), rows, message
	activists = sum(1 for r in rows if r["stage_value"] == ACTIVIST_PERSON)
	summary = [
		card(activists, _("Activists"), "Blue"),
		card(len(rows) - activists, _("Development Targets"), "Green"),
	]
	return get_columns(filters), rows, None, None, summary


def get_data(filters) -> list[dict]:
	orgs = filter_organizations(filters.get("organization"))
	if not development_doctype_ready():
		return [present(r) for r in roster_rows(orgs) if r.membership_type == PROBATIONARY]
	stages = (filters.get("stage"),) if filters.get("stage") else STAGES
	rows = []
	for r in development_rows(orgs, stages):
		r["stage_value"] = r.stage
		r["stage"] = translated(r.stage, "Member Development")
		r["gender"] = translated(r.gender)
		r["education"] = translated(r.education)
		rows.append(r)
	return rows


def get_columns(filters=None) -> list[dict]:
	if not development_doctype_ready():
		return roster_columns(filters)
	return [
		link_column("name", _("Record"), "Member Development", 110),
		{"fieldname": "full_name", "label": _("Full Name"), "fieldtype": "Data", "width": 90},
		{"fieldname": "gender", "label": _("Gender"), "fieldtype": "Data", "width": 60},
		{"fieldname": "ethnicity", "label": _("Ethnicity"), "fieldtype": "Data", "width": 70},
		{"fieldname": "birth_date", "label": _("Birth Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "education", "label": _("Education"), "fieldtype": "Data", "width": 90},
		{"fieldname": "work_unit", "label": _("Work Unit"), "fieldtype": "Data", "width": 140},
		{"fieldname": "stage", "label": _("Stage"), "fieldtype": "Data", "width": 100},
		{"fieldname": "application_date", "label": _("Application Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "activist_date", "label": _("Activist Since"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "target_date",
			"label": _("Development Target Since"),
			"fieldtype": "Date",
			"width": 100,
		},
		link_column("branch", _("Branch"), "Party Organization", 200),
	]
