"""The yearly dues publication (党费收缴使用公开): member figures, the book per organization, isolation
and refused filters."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate, today

from party_building.core import access
from party_building.party_building.report.dues_publication.dues_publication import execute as publication
from tests.integration.dues_factories import dues_world, pay, remittance
from tests.integration.factories import make_org, make_user

D = datetime.date


@pytest.fixture
def world():
	w = dues_world(n=3)
	pay(w.members[0], "2026-01", "2026-03", paid_on=D(2026, 1, 5))
	pay(w.members[0], "2026-04", amount=50, paid_on=D(2026, 4, 5))  # 10.00 voluntary
	pay(w.members[1], "2026-01", paid_on=D(2026, 2, 10))
	frappe.set_user("Administrator")
	doc = apply_workflow(remittance(w.branch, 100, remitted_on=D(2026, 3, 15)), "Submit to Upper Level")
	apply_workflow(doc, "Approve Remittance")
	return w


def test_members_and_books_of_the_year(world):
	columns, rows, _msg, _chart, summary = publication(
		{"organization": world.tree.committee.name, "year": 2026}
	)
	by = {r["name"]: r for r in rows}
	on = getdate(today())
	months_due = on.month if on.year == 2026 else 12  # January to this month
	general, branch = by[world.tree.general.name], by[world.branch]
	assert world.tree.committee.name not in by  # no members, no book: left out
	assert [r["name"] for r in rows if r["indent"] == 0] == [world.tree.general.name, world.branch]
	assert (general["members"], general["received"], general["remitted"], general["closing"]) == (
		0,
		100,
		0,
		100,
	)
	assert (branch["members"], branch["due"], branch["paid"], branch["voluntary"]) == (
		3,
		3 * 40 * months_due,
		200,
		10,
	)
	assert branch["unpaid"] == 3 * 40 * months_due - 200
	assert (branch["opening"], branch["received"], branch["remitted"], branch["closing"]) == (
		0,
		210,
		100,
		110,
	)
	assert branch["rate"] == (Decimal(200 * 100) / (3 * 40 * months_due)).quantize(
		Decimal("0.1"), ROUND_HALF_UP
	)
	# each organization's row followed by its members, by register number
	at = [r["name"] for r in rows].index(world.branch)
	assert [r["name"] for r in rows[at + 1 : at + 4]] == sorted(m.name for m in world.members)
	m0, m1, m2 = (by[m.name] for m in world.members)
	assert (m0["monthly_amount"], m0["months_paid"], m0["paid"], m0["voluntary"]) == (40, 4, 160, 10)
	assert (m1["months_paid"], m1["paid"], m1["unpaid"]) == (1, 40, 40 * months_due - 40)
	assert (m2["months_paid"], m2["paid"], m2["rate"], m2["parent_row"]) == (0, 0, 0, world.branch)
	figures = {s["label"]: s["value"] for s in summary}
	assert (figures[frappe._("Paid")], figures[frappe._("Remitted")]) == (200, 100)
	assert "voluntary" in {c["fieldname"] for c in columns}


def test_opening_balance_carries_last_year():
	w = dues_world(n=1, years=[2025, 2026])
	pay(w.members[0], "2025-12", paid_on=D(2025, 12, 20))
	pay(w.members[0], "2026-01", paid_on=D(2026, 1, 20))
	_cols, rows, *_ = publication({"organization": w.branch, "year": 2025})
	branch, member = rows
	assert (branch["opening"], branch["received"], branch["closing"]) == (0, 40, 40)
	assert (member["due"], member["paid"], member["months_paid"]) == (480, 40, 1)
	_cols, rows, *_ = publication({"organization": w.branch, "year": 2026})
	branch, member = rows
	assert (branch["opening"], branch["received"], branch["closing"]) == (40, 40, 80)
	assert (member["paid"], member["months_paid"]) == (40, 1)


def test_another_branch_secretary_sees_nothing(world):
	other = make_org("Branch", world.tree.general.name)
	secretary = make_user("Branch Secretary").name
	access.grant_access(other.name, secretary, "Branch Secretary")
	frappe.set_user(secretary)
	_cols, rows, *_ = publication({"organization": world.tree.committee.name, "year": 2026})
	assert not [r for r in rows if r["name"] in {world.branch, *(m.name for m in world.members)}]


def test_refused_filters(world):
	with pytest.raises(
		frappe.ValidationError, match=frappe._("Choose the organization whose dues are published")
	):
		publication({"year": 2026})
	with pytest.raises(frappe.ValidationError) as raised:
		publication({"organization": world.branch, "year": 2099})
	assert frappe._("The year of a dues publication lies between 2000 and {0}").format(
		getdate(today()).year
	) in str(raised.value)
