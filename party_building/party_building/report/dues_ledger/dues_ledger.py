# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""Dues ledger (党费账本): per organization and month, opening balance, received, remitted and closing
balance, all sums of the immutable Dues Ledger Entry rows."""

import datetime
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core.access import filter_organizations
from party_building.core.reports import card, link_column
from party_building.dues import rules as dues
from party_building.dues.figures import book_columns, ledger_rows


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return get_columns(filters), rows, None, get_chart(rows), summary(rows)


def get_data(filters) -> list[dict]:
	on = getdate(today())
	start = dues.parse_month(filters.get("from_month") or datetime.date(on.year, 1, 1))
	end = dues.parse_month(filters.get("to_month") or on)
	if end < start:
		frappe.throw(_("The period ends before it starts"), title=_("Invalid Period"))
	return ledger_rows(filter_organizations(filters.get("organization")), start, end)


def get_columns(filters=None):
	return [
		link_column("organization", _("Organization"), "Party Organization", 240),
		{"fieldname": "month", "label": _("Month"), "fieldtype": "Data", "width": 90},
		*book_columns(),
	]


def get_chart(rows):
	by_month: dict[str, list[Decimal]] = {}
	for r in rows:
		t = by_month.setdefault(r["month"], [Decimal(0), Decimal(0)])
		t[0] += r["received"]
		t[1] += r["remitted"]
	labels = sorted(by_month)
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{"name": _("Received"), "values": [float(by_month[m][0]) for m in labels]},
				{"name": _("Remitted"), "values": [float(by_month[m][1]) for m in labels]},
			],
		},
		"type": "bar",
		"colors": ["#c8102e", "#5e64ff"],
	}


def summary(rows):
	received = sum((r["received"] for r in rows), Decimal(0))
	remitted = sum((r["remitted"] for r in rows), Decimal(0))
	spent = sum((r["spent"] for r in rows), Decimal(0))
	last = {}
	for r in rows:
		last[r["organization"]] = r["closing"]
	return [
		card(received, _("Received"), "Green", "Currency"),
		card(remitted, _("Remitted"), "Blue", "Currency"),
		card(spent, _("Dues Used"), "Orange", "Currency"),
		card(sum(last.values(), Decimal(0)), _("Closing Balance"), datatype="Currency"),
	]
