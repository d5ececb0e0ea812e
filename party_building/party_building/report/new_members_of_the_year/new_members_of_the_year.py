# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""New members admitted during a year (by the branch general meeting's approval date)."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core.access import filter_organizations
from party_building.party_building.report.member_roster.member_roster import columns, present
from party_building.records.statistics import new_member_rows


def execute(filters=None):
	filters = frappe._dict(filters or {})
	year = int(filters.get("year") or getdate(today()).year)
	orgs = filter_organizations(filters.get("organization"))
	rows = [present(r) for r in new_member_rows(orgs, year)]
	summary = [
		{
			"value": len(rows),
			"label": _("New Members in {0}").format(year),
			"datatype": "Int",
			"indicator": "Green",
		}
	]
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
	return columns(), rows, None, chart, summary
