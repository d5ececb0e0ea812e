# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""Members 3 and 6 months behind with their dues (6 months: the 自行脱党 case for the branch)."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core.access import report_scope
from party_building.core.reports import card, link_column
from party_building.dues import rules as dues
from party_building.dues.reminders import members_behind
from party_building.dues.service import reminder_months


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	_reminder_at, lapse_at = reminder_months()
	six = sum(1 for r in rows if r["months_unpaid"] >= lapse_at)
	summary = [
		card(len(rows) - six, _("3+ Months Unpaid"), "Orange"),
		card(six, _("6+ Months Unpaid"), "Red"),
	]
	return get_columns(filters), rows, None, None, summary


def get_data(filters) -> list[dict]:
	on = getdate(filters.get("as_on") or today())  # months unpaid are counted up to this day
	reminder_at, lapse_at = reminder_months()
	at_least = int(filters.get("min_months") or reminder_at)
	orgs = report_scope(filters.get("organization"))
	rows = []
	for m in members_behind(on, at_least, orgs):
		stage = dues.unpaid_stage(m.unpaid, reminder_at, lapse_at)
		rows.append(
			{
				"member": m.name,
				"member_name": m.full_name,
				"branch": m.branch,
				"first_unpaid": dues.month_key(m.first_unpaid),
				"months_unpaid": m.unpaid,
				"stage": _("Leaving the Party case (自行脱党)") if stage == lapse_at else _("Reminder"),
			}
		)
	rows.sort(key=lambda r: (-r["months_unpaid"], r["branch"], r["member"]))
	return rows


def get_columns(filters=None):
	return [
		link_column("member", _("Member"), "Party Member", 110),
		{"fieldname": "member_name", "label": _("Member Name"), "fieldtype": "Data", "width": 100},
		link_column("branch", _("Branch"), "Party Organization", 240),
		{"fieldname": "first_unpaid", "label": _("Unpaid Since"), "fieldtype": "Data", "width": 100},
		{"fieldname": "months_unpaid", "label": _("Months Unpaid"), "fieldtype": "Int", "width": 100},
		{"fieldname": "stage", "label": _("Stage"), "fieldtype": "Data", "width": 180},
	]
