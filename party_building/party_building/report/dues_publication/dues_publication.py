# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""Dues publication (党费收缴使用公开): the yearly notice a branch posts for its members — each
member's monthly amount, months paid and total paid, and for each organization what was due and
collected, what was received into its book, passed up (上解) and left at the year's end.

The member figures are the dues collection report's (same query, same rules); the book figures are
sums of the immutable Dues Ledger Entry rows, like the dues ledger."""

import datetime
from decimal import Decimal
from operator import itemgetter

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from party_building.core.access import report_scope
from party_building.core.reports import card, link_column
from party_building.dues import rules as dues
from party_building.dues.figures import (
	Period,
	book_columns,
	collect,
	collection_cards,
	dues_uses,
	ledger_figures,
	member_figures,
	yuan,
)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	data, totals = get_data(filters)
	return get_columns(filters), data, None, None, report_summary(totals)


def get_data(filters) -> tuple[list[dict], dict]:
	"""Organization rows (in tree order, each followed by its members) and the grand totals."""
	if not filters.get("organization"):
		frappe.throw(_("Choose the organization whose dues are published"), title=_("Missing Filter"))
	on = getdate(today())
	year = cint(filters.get("year")) or on.year
	if not 2000 <= year <= on.year:
		frappe.throw(
			_("The year of a dues publication lies between 2000 and {0}").format(on.year),
			title=_("Invalid Period"),
		)
	scope = report_scope(filters.get("organization"))  # an organization is chosen: never None
	return build(scope.names, year, on, broad=scope.is_broad())


def build(orgs: list[str], year: int, on: datetime.date, broad: bool = False) -> tuple[list[dict], dict]:
	"""Organization rows (in tree order, each followed by its members) and the grand totals."""
	start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 1)
	period = Period(dues.month_range(start, end), on)
	members_by_branch: dict[str, list[dict]] = {}
	# grouped here: each branch's members by their register number (PM-00001…, the same order as
	# MariaDB's), not sorted by the database
	rows = collect(orgs, start, end, on, voluntary=True, ordered=False, broad=broad)
	members = sorted(rows, key=itemgetter(0))
	for *m, voluntary in members:
		name, full_name, branch, _first, mask, amount = m
		f = member_figures(m, period)
		members_by_branch.setdefault(branch, []).append(
			{
				"name": name,
				"label": full_name,
				"member": name,
				"parent_row": branch,
				"indent": 1,
				"monthly_amount": None if amount is None else yuan(amount),
				"months_paid": bin(mask).count("1"),
				"due": yuan(f["due"]),
				"paid": yuan(f["paid"]),
				"unpaid": yuan(f["unpaid"]),
				"voluntary": yuan(voluntary),
				"rate": dues.collection_rate(yuan(f["collected"]), yuan(f["due"])),
				"_collected": f["collected"],
			}
		)
	books = ledger_figures(orgs, year)
	uses = dues_uses(orgs, year)
	zero = Decimal(0)
	totals = {
		"members": 0,
		"due": zero,
		"paid": zero,
		"collected": zero,
		"received": zero,
		"remitted": zero,
		"spent": zero,
	}
	data = []
	for org in orgs_in_tree_order(orgs):
		members = members_by_branch.get(org, [])
		book = books.get(org)
		if not members and not book:
			continue
		opening, received, remitted, spent = book or (zero, zero, zero, zero)
		due = sum((r["due"] for r in members), zero)
		collected = yuan(sum(r.pop("_collected") for r in members))
		row = {
			"name": org,
			"label": org,
			"organization": org,
			"indent": 0,
			"members": len(members),
			"due": due,
			"paid": sum((r["paid"] for r in members), zero),
			"unpaid": sum((r["unpaid"] for r in members), zero),
			"voluntary": sum((r["voluntary"] for r in members), zero),
			"rate": dues.collection_rate(collected, due) if members else None,
			"opening": opening,
			"received": received,
			"remitted": remitted,
			"spent": spent,
			"uses": uses.get(org, []),
			"closing": dues.to_fen(opening + received - remitted - spent),
		}
		data.append(row)
		data.extend(members)
		totals["members"] += len(members)
		totals["due"] += due
		totals["paid"] += row["paid"]
		totals["collected"] += collected
		totals["received"] += received
		totals["remitted"] += remitted
		totals["spent"] += spent
	return data, totals


def orgs_in_tree_order(orgs: list[str]) -> list[str]:
	if not orgs:
		return []
	return frappe.get_all(
		"Party Organization",
		filters={"name": ("in", orgs)},
		order_by="lft asc",
		pluck="name",
		ignore_permissions=True,  # already limited to what the user may see
	)


def get_columns(filters=None):
	return [
		{"fieldname": "label", "label": _("Organization / Member"), "fieldtype": "Data", "width": 240},
		link_column("member", _("Member ID"), "Party Member", 110),
		{"fieldname": "members", "label": _("Members"), "fieldtype": "Int", "width": 70},
		{"fieldname": "monthly_amount", "label": _("Monthly Amount"), "fieldtype": "Currency", "width": 100},
		{"fieldname": "months_paid", "label": _("Months Paid"), "fieldtype": "Int", "width": 90},
		{"fieldname": "due", "label": _("Due"), "fieldtype": "Currency", "width": 100},
		{"fieldname": "paid", "label": _("Paid"), "fieldtype": "Currency", "width": 100},
		{"fieldname": "unpaid", "label": _("Unpaid"), "fieldtype": "Currency", "width": 100},
		{"fieldname": "voluntary", "label": _("Voluntary Extra"), "fieldtype": "Currency", "width": 100},
		{"fieldname": "rate", "label": _("Collection Rate"), "fieldtype": "Percent", "width": 90},
		*book_columns(110),
	]


def report_summary(t):
	return [
		*collection_cards(t),
		card(t["received"], _("Received"), datatype="Currency"),
		card(t["remitted"], _("Remitted"), "Orange", "Currency"),
		card(t["spent"], _("Dues Used"), "Blue", "Currency"),
	]
