# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""Transfers (组织关系转接) of a period: out, in and within, with their letters and receipts."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core.access import in_scope, report_scope
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
	transfer = frappe.qb.DocType("Member Transfer")
	query = (
		frappe.qb.from_(transfer)
		.select(
			transfer.name,
			transfer.transfer_type,
			transfer.member,
			transfer.member_name,
			transfer.from_organization,
			transfer.from_organization_name,
			transfer.to_organization,
			transfer.to_organization_name,
			transfer.letter_no,
			transfer.issue_date,
			transfer.receipt_due_on,
			transfer.receipt_date,
			transfer.workflow_state,
		)
		.where(transfer.docstatus < 2)
		.where((transfer.letter_year == year) | transfer.letter_year.isnull() | (transfer.letter_year == 0))
		.orderby(transfer.creation)
	)
	if orgs is not None:
		# the receiving branch sees a transfer once its letter is issued
		query = query.where(
			in_scope(transfer.organization, orgs)
			| (in_scope(transfer.to_organization, orgs) & (transfer.docstatus == 1))
		)
	if filters.get("transfer_type"):
		query = query.where(transfer.transfer_type == filters.transfer_type)
	on = getdate(today())
	rows = []
	types, states = Translated(context="Member Transfer"), Translated()
	for r in query.run(as_dict=True):
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
