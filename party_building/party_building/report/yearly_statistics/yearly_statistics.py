# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""Yearly statistics as of 31 December (党内统计年报): members by gender, ethnicity, age band, education,
post, membership and standing; joined, transferred in/out, left and died during the year. Each
organization's row totals its whole subtree."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core.access import filter_organizations
from party_building.core.reports import card, link_column
from party_building.organization.rules import BRANCH, PARTY_GROUP
from party_building.records import rules
from party_building.records.statistics import EDUCATIONS, POSTS, yearly_statistics


def column_keys() -> list[tuple[str, str, str]]:
	"""(key, label, context) of every count column, in order."""
	keys = [
		("total", "Members", ""),
		("gender:Male", "Male", "Party Member"),
		("gender:Female", "Female", "Party Member"),
		("minority", "Ethnic Minorities", ""),
		("full", "Full Members", ""),
		("probationary", "Probationary Members", ""),
	]
	keys += [(f"age:{label}", label, "") for _low, _high, label in rules.AGE_BANDS]
	keys += [(f"education:{e}", e, "Party Member") for e in EDUCATIONS]
	keys += [(f"post:{p}", p, "Party Member") for p in POSTS]
	keys += [("standing:Suspended", "Suspended", "Party Member")]
	keys += [
		("joined", "Joined during the Year", ""),
		("transferred_in", "Transferred In", ""),
		("transferred_out", "Transferred Out", "Party Member"),
		("left", "Left the Party", ""),
		("died", "Died", ""),
	]
	return keys


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows, total = get_data(filters)
	year = year_of(filters)
	summary = [
		card(total.get("total", 0), _("Members on 31 December {0}").format(year), "Blue"),
		card(total.get("joined", 0), _("Joined during the Year"), "Green"),
		card(total.get("transferred_in", 0), _("Transferred In"), "Green"),
		card(total.get("transferred_out", 0), _("Transferred Out", context="Party Member"), "Orange"),
		card(total.get("left", 0), _("Left the Party"), "Red"),
		card(total.get("died", 0), _("Died"), "Grey"),
	]
	bands = [label for _low, _high, label in rules.AGE_BANDS]
	chart = {
		"data": {
			"labels": [_(b) for b in bands],
			"datasets": [{"name": _("Members"), "values": [total.get(f"age:{b}", 0) for b in bands]}],
		},
		"type": "bar",
	}
	return get_columns(filters), rows, None, chart, summary


def year_of(filters) -> int:
	return int(filters.get("year") or getdate(today()).year - 1)


def get_data(filters) -> tuple[list[dict], dict]:
	"""A row per organization (party groups left out) and the totals of the whole scope."""
	orgs = filter_organizations(filters.get("organization"))
	stats = yearly_statistics(orgs, year_of(filters))
	keys = column_keys()
	rows = []
	for org in stats["organizations"]:
		if org.org_type == PARTY_GROUP or (filters.get("branches_only") and org.org_type != BRANCH):
			continue  # members belong to branches; party groups add nothing of their own
		row = {
			"organization": org.name,
			"parent_organization": org.parent,
			"org_type": _(org.org_type),
			"indent": org.indent,
		}
		row.update({fieldname(k): org.counts.get(k, 0) for k, _label, _ctx in keys})
		rows.append(row)
	return rows, stats["total"]


def fieldname(key: str) -> str:
	return key.replace(":", "_").replace(" ", "_").replace("-", "_").lower()


def get_columns(filters=None) -> list[dict]:
	keys = column_keys()
	out = [
		link_column("organization", _("Organization"), "Party Organization", 260),
		{"fieldname": "org_type", "label": _("Organization Type"), "fieldtype": "Data", "width": 80},
	]
	for key, label, ctx in keys:
		out.append(
			{
				"fieldname": fieldname(key),
				"label": _(label, context=ctx) if ctx else _(label),
				"fieldtype": "Int",
				"width": 80,
			}
		)
	return out
