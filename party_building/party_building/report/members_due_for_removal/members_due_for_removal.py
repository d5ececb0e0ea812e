# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""Members whose membership has been suspended (停止党籍) for more than two years without contact:
listed for removal (除名) by the branch."""

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce
from frappe.utils import getdate, today

from party_building.core.access import report_scope, within
from party_building.core.reports import link_column
from party_building.organization.rules import add_years
from party_building.records import rules


def execute(filters=None):
	filters = frappe._dict(filters or {})
	message = _(
		"Suspended for more than {0} years without contact: to be removed (除名) by the branch"
	).format(rules.REMOVAL_AFTER_YEARS)
	return get_columns(filters), get_data(filters), message


def get_data(filters) -> list[dict]:
	on = getdate(today())
	member = frappe.qb.DocType("Party Member")
	query = (
		frappe.qb.from_(member)
		.select(member.name, member.full_name, member.branch, member.standing_since, member.phone)
		.where(
			(member.standing == rules.SUSPENDED)
			& (Coalesce(member.standing_since, "0001-01-01") < add_years(on, -rules.REMOVAL_AFTER_YEARS))
		)
		.orderby(member.standing_since)
	)
	members = within(query, member.branch, report_scope(filters.get("organization"))).run(as_dict=True)
	reasons = {}
	if members:
		for r in frappe.get_all(
			"Standing Change",
			filters={
				"member": ("in", [m.name for m in members]),
				"docstatus": 1,
				"change_type": rules.SUSPENSION,
			},
			fields=["member", "reason", "name"],
			order_by="effective_date asc",
		):
			reasons[r.member] = r
	rows = []
	for m in members:
		if not rules.due_for_removal(getdate(m.standing_since), on):
			continue
		change = reasons.get(m.name)
		m["reason"] = _(change.reason) if change and change.reason else ""
		m["standing_change"] = change.name if change else None
		m["years"] = round((on - getdate(m.standing_since)).days / 365.25, 1)
		rows.append(m)
	return rows


def get_columns(filters=None) -> list[dict]:
	return [
		link_column("name", _("Member"), "Party Member", 100),
		{"fieldname": "full_name", "label": _("Full Name"), "fieldtype": "Data", "width": 90},
		link_column("branch", _("Branch"), "Party Organization", 220),
		{"fieldname": "standing_since", "label": _("Suspended Since"), "fieldtype": "Date", "width": 110},
		{"fieldname": "years", "label": _("Years Suspended"), "fieldtype": "Float", "width": 100},
		{"fieldname": "reason", "label": _("Reason"), "fieldtype": "Data", "width": 160},
		link_column("standing_change", _("Standing Change"), "Standing Change", 130),
		{"fieldname": "phone", "label": _("Phone"), "fieldtype": "Data", "width": 110},
	]
