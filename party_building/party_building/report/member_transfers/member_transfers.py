# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""Transfers (组织关系转接) of a period: out, in and within, with their letters and receipts."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core.access import report_scope
from party_building.core.reports import Translated, card, link_column


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	summary = [
		card(len(rows), _("Transfers"), "Blue"),
		card(sum(1 for r in rows if r.receipt_date), _("Receipts Returned"), "Green"),
		card(sum(r["overdue"] for r in rows), _("Receipts Overdue"), "Red"),
	]
	return get_columns(filters), rows, None, None, summary


def get_data(filters) -> list[dict]:
	year = int(filters.get("year") or getdate(today()).year)
	orgs = report_scope(filters.get("organization"))
	conditions = ["docstatus < 2", "(letter_year = %(year)s or letter_year is null or letter_year = 0)"]
	if orgs is not None:
		# the receiving branch sees a transfer once its letter is issued
		conditions.append(
			f"({orgs.sql('organization')} or ({orgs.sql('to_organization')} and docstatus = 1))"
		)
	if filters.get("transfer_type"):
		conditions.append("transfer_type = %(transfer_type)s")
	# plain SQL text: the query is small, and building it with the query builder took a fifth of the report's time
	query = f"""
		select name, transfer_type, member, member_name, from_organization, from_organization_name,
			to_organization, to_organization_name, letter_no, issue_date, receipt_due_on, receipt_date,
			workflow_state
		from `tabMember Transfer` where {" and ".join(conditions)}
		order by creation"""
	on = getdate(today())
	rows = []
	types, states = Translated(context="Member Transfer"), Translated()
	values = {"year": year, "transfer_type": filters.get("transfer_type")}
	for r in frappe.db.sql(query, values, as_dict=True):
		r["overdue"] = int(bool(r.receipt_due_on and not r.receipt_date and r.receipt_due_on < on))
		r["source"] = r.from_organization or r.from_organization_name
		r["target"] = r.to_organization or r.to_organization_name
		r["transfer_type"] = types[r.transfer_type]
		r["workflow_state"] = states[r.workflow_state]
		rows.append(r)
	return rows


def get_columns(filters=None) -> list[dict]:
	return [
		link_column("name", _("Member Transfer"), "Member Transfer", 120),
		{"fieldname": "transfer_type", "label": _("Transfer Type"), "fieldtype": "Data", "width": 80},
		{"fieldname": "member_name", "label": _("Member Name"), "fieldtype": "Data", "width": 90},
		{"fieldname": "source", "label": _("From Organization"), "fieldtype": "Data", "width": 200},
		{"fieldname": "target", "label": _("To Organization"), "fieldtype": "Data", "width": 200},
		{"fieldname": "letter_no", "label": _("Letter No."), "fieldtype": "Data", "width": 90},
		{"fieldname": "issue_date", "label": _("Issue Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "receipt_due_on", "label": _("Receipt Due On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "receipt_date", "label": _("Receipt Returned On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "overdue", "label": _("Receipt Overdue"), "fieldtype": "Check", "width": 80},
		{"fieldname": "workflow_state", "label": _("Workflow State"), "fieldtype": "Data", "width": 110},
	]
