"""Builders for the dues tests: a branch with members, their assessments, payments and remittances."""

import datetime

import frappe

from party_building.dues import rules as dues
from party_building.dues.install import ensure_defaults
from tests.integration.factories import make_members, make_tree

JOINED = datetime.date(2015, 3, 10)


def dues_world(n: int = 3, year: int = 2026, base: float = 4000, joined_on=JOINED, years=None):
	"""A committee › general branch › branch with `n` members assessed at `base` (1% → 40.00 a month)."""
	ensure_defaults()
	tree = make_tree()
	members = make_members(tree.branch.name, n, joined_on=joined_on, birth_date=datetime.date(1975, 6, 1))
	assessments = [assess(tree.branch.name, y, members, base) for y in (years or [year])]
	return frappe._dict(tree=tree, branch=tree.branch.name, members=members, assessments=assessments)


def assess(branch: str, year: int, members, base: float = 4000, submit: bool = True, **row):
	doc = frappe.get_doc(
		{
			"doctype": "Dues Assessment",
			"organization": branch,
			"year": year,
			"items": [
				{
					"member": m.name if hasattr(m, "name") else m,
					"category": dues.IN_SERVICE,
					"monthly_base": base,
					**row,
				}
				for m in members
			],
		}
	)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def pay(member, from_month: str, to_month: str | None = None, amount=None, paid_on=None, submit=True, **kw):
	"""A payment; the amount defaults to the dues of the months (40.00 a month at the default base)."""
	months = dues.month_range(from_month, to_month or from_month)
	doc = frappe.get_doc(
		{
			"doctype": "Dues Payment",
			"member": member.name if hasattr(member, "name") else member,
			"from_month": months[0] if months else dues.parse_month(from_month),
			"to_month": dues.parse_month(to_month or from_month),
			"amount": amount if amount is not None else 40 * len(months),
			"paid_on": paid_on or months[-1] if months else paid_on,
			"payment_method": "Cash",
			**kw,
		}
	)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def remittance(branch: str, amount, from_month="2026-01", to_month="2026-03", remitted_on=None):
	return frappe.get_doc(
		{
			"doctype": "Dues Remittance",
			"organization": branch,
			"from_month": dues.parse_month(from_month),
			"to_month": dues.parse_month(to_month),
			"amount": amount,
			"remitted_on": remitted_on or dues.parse_month(to_month),
		}
	).insert()
