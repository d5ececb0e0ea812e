# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""New members admitted during a year (by the branch general meeting's approval date)."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core.access import filter_organizations
from party_building.core.reports import card
from party_building.party_building.report.member_roster.member_roster import get_columns as roster_columns
from party_building.party_building.report.member_roster.member_roster import present
from party_building.records.statistics import new_member_rows


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	summary = [card(len(rows), _("New Members in {0}").format(year_of(filters)), "Green")]
	by_month = [0] * 12
	for r in rows:
		by_month[r["joined_on"].month - 1] += 1
	chart = {
		"data": {
			"labels": [_("{0} Month").format(m) for m in range(1, 13)],
			"datasets": [{"name": _("New Members"), "values": by_month}],
		},
		"type": "bar",
	}
	return get_columns(filters), rows, None, chart, summary


def get_columns(filters=None) -> list[dict]:
	return roster_columns(filters)


def year_of(filters) -> int:
	return int(filters.get("year") or getdate(today()).year)


def get_data(filters) -> list[dict]:
	orgs = filter_organizations(filters.get("organization"))
	return [present(r) for r in new_member_rows(orgs, year_of(filters))]
