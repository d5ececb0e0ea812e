# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""Organizations whose term ends within 6, 3 or 1 months, or is overdue (换届提醒)."""

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce
from frappe.utils import getdate, today

from party_building.core.access import report_scope, within
from party_building.core.reports import Translated, card, link_column
from party_building.organization.rules import DISSOLVED, PARTY_GROUP
from party_building.records import rules

BUCKET_LABELS = {
	rules.OVERDUE: ("Overdue", "Red"),
	rules.ONE_MONTH: ("Within 1 Month", "Orange"),
	rules.THREE_MONTHS: ("Within 3 Months", "Yellow"),
	rules.SIX_MONTHS: ("Within 6 Months", "Blue"),
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	counts = {b: sum(1 for r in rows if r["bucket_key"] == b) for b in rules.EXPIRY_BUCKETS}
	summary = [card(counts[b], _(BUCKET_LABELS[b][0]), BUCKET_LABELS[b][1]) for b in rules.EXPIRY_BUCKETS]
	chart = {
		"data": {
			"labels": [_(BUCKET_LABELS[b][0]) for b in rules.EXPIRY_BUCKETS],
			"datasets": [{"name": _("Organizations"), "values": [counts[b] for b in rules.EXPIRY_BUCKETS]}],
		},
		"type": "bar",
		"colors": ["#e24c4c"],
	}
	return get_columns(filters), rows, None, chart, summary


def get_data(filters) -> list[dict]:
	on = getdate(filters.get("on") or today())
	org = frappe.qb.DocType("Party Organization")
	query = (
		frappe.qb.from_(org)
		.select(
			org.name,
			org.org_type,
			org.parent_party_organization,
			org.secretary_name,
			org.term_start,
			org.term_end,
		)
		.where((Coalesce(org.status, "") != DISSOLVED) & (Coalesce(org.org_type, "") != PARTY_GROUP))
		.orderby(org.term_end)
		.orderby(org.lft)
	)
	query = within(query, org.name, report_scope(filters.get("organization")))
	if not filters.get("show_all"):  # one without a recorded end is listed too (no bucket)
		query = query.where(Coalesce(org.term_end, "0001-01-01") <= rules.add_months(on, 6))
	rows = []
	labels = {b: _(label) for b, (label, _colour) in BUCKET_LABELS.items()}  # translated once, not per row
	types = Translated()
	for row in query.run(as_dict=True):
		bucket = rules.expiry_bucket(getdate(row.term_end) if row.term_end else None, on)
		row["org_type"] = types[row.org_type]
		row["bucket"] = labels[bucket] if bucket else ""
		row["bucket_key"] = bucket or ""
		row["days_left"] = (getdate(row.term_end) - on).days if row.term_end else None
		rows.append(row)
	return rows


def get_columns(filters=None) -> list[dict]:
	return [
		link_column("name", _("Organization"), "Party Organization", 240),
		{"fieldname": "org_type", "label": _("Organization Type"), "fieldtype": "Data", "width": 90},
		link_column("parent_party_organization", _("Parent Organization"), "Party Organization", 200),
		{"fieldname": "secretary_name", "label": _("Secretary"), "fieldtype": "Data", "width": 90},
		{"fieldname": "term_start", "label": _("Current Term Start"), "fieldtype": "Date", "width": 110},
		{"fieldname": "term_end", "label": _("Current Term End"), "fieldtype": "Date", "width": 110},
		{"fieldname": "days_left", "label": _("Days Left"), "fieldtype": "Int", "width": 80},
		{"fieldname": "bucket", "label": _("Term Expiry"), "fieldtype": "Data", "width": 110},
	]
