"""The yearly assessment of every branch at once (dues.assessment.assess_branches) stores what every
secretary's Fill Members and Submit stores, and refuses what the form refuses."""

import frappe
import pytest

from party_building.demo import County
from party_building.dues import rules as dues
from party_building.dues.assessment import assess_branches
from party_building.dues.errors import (
	ApprovalReasonRequiredError,
	DuplicateAssessmentError,
	NegativeBaseError,
)
from party_building.organization.errors import NotABranchError
from party_building.organization.service import subtree
from tests.integration.factories import demo_county, roll_back

COUNTY = County("批量县")
NEXT_YEAR = 2027  # the clock is frozen in 2026: the demo assessed 2025 and 2026
ITEM_FIELDS = [
	"parent",
	"idx",
	"member",
	"member_name",
	"category",
	"monthly_base",
	"rate",
	"monthly_amount",
	"adjustment",
	"approval_reason",
	"member_year",
	"docstatus",
]
PARENT_FIELDS = ["name", "organization", "year", "assessed_on", "member_count", "total_monthly", "docstatus"]


@pytest.fixture(scope="module")
def county():
	with demo_county(COUNTY.name, "small", extensions=["party_building.demo.dues.make"]) as summary:
		branches = frappe.get_all(
			"Party Organization",
			filters={"name": ("in", subtree(COUNTY.root)), "org_type": "Branch"},
			pluck="name",
			order_by="lft",
		)
		vary_last_year(branches)
		yield frappe._dict(summary=summary, branches=branches)


def vary_last_year(branches):
	"""This year's items of a few members carry what a form may hold: a reduced amount, a fixed
	category, a rate approved off the tiers (each with its reason)."""
	items = frappe.get_all(
		"Dues Assessment Item",
		filters={"parent": ("in", this_year(branches)), "adjustment": ("is", "not set")},
		pluck="name",
		order_by="member",
		limit=3,
	)
	reduced, student, approved = items
	frappe.db.set_value(
		"Dues Assessment Item",
		reduced,
		{"adjustment": dues.REDUCED, "monthly_amount": 5, "approval_reason": "支部大会讨论，上级党委批准"},
	)
	frappe.db.set_value("Dues Assessment Item", student, "category", dues.STUDENT)
	frappe.db.set_value(
		"Dues Assessment Item", approved, {"rate": 1.5, "approval_reason": "按上级党委批复的比例"}
	)


def this_year(branches) -> list[str]:
	"""The county's submitted assessments of 2026 (the year the demo assessed last)."""
	return frappe.get_all(
		"Dues Assessment",
		filters={"organization": ("in", branches), "year": 2026, "docstatus": 1},
		pluck="name",
	)


def one_by_one(branches, year):
	"""What the secretaries do today: Fill Members and Submit, branch by branch."""
	for branch in branches:
		doc = frappe.get_doc({"doctype": "Dues Assessment", "organization": branch, "year": year})
		doc.fill_members()
		if doc.items:
			doc.submit()


def stored(year):
	parents = frappe.get_all(
		"Dues Assessment", filters={"year": year}, fields=PARENT_FIELDS, order_by="organization"
	)
	names = {p.name: p.organization for p in parents}
	items = frappe.get_all(
		"Dues Assessment Item",
		filters={"parent": ("in", list(names) or [""])},
		fields=ITEM_FIELDS,
		order_by="member",
	)
	for p in parents:
		p.pop("name")
	for i in items:
		i.parent = names[i.parent]  # assessments are compared by their branch, not their number
		i.monthly_base, i.rate, i.monthly_amount = (
			dues.dec(i.monthly_base),
			dues.dec(i.rate),
			dues.dec(i.monthly_amount),
		)
	return parents, items


def test_every_branch_at_once_stores_what_each_secretary_would(county):
	frappe.db.savepoint("pb_one_by_one")
	one_by_one(county.branches, NEXT_YEAR)
	expected = stored(NEXT_YEAR)
	roll_back("pb_one_by_one")
	assert stored(NEXT_YEAR) == ([], [])

	made = assess_branches(county.branches, NEXT_YEAR)
	parents, items = stored(NEXT_YEAR)
	assert (parents, items) == expected
	assert len(made) == len(parents) >= 5 and len(items) >= 250
	assert {i.adjustment for i in items} >= {dues.REDUCED, dues.EXEMPT, ""}
	assert dues.STUDENT in {i.category for i in items}
	assert all(name.startswith(f"DA-{NEXT_YEAR}-") for name in made.values())
	# the series moved past the names: the next form gets a new one
	doc = frappe.get_doc({"doctype": "Dues Assessment", "organization": county.branches[0], "year": 2028})
	doc.fill_members()
	doc.insert()
	assert doc.name not in made.values()


def test_a_member_assessed_already_refuses_the_whole_batch(county):
	first = county.branches[0]
	doc = frappe.get_doc({"doctype": "Dues Assessment", "organization": first, "year": NEXT_YEAR})
	doc.fill_members()
	doc.submit()
	with pytest.raises(DuplicateAssessmentError):
		assess_branches(county.branches, NEXT_YEAR)
	assert frappe.db.count("Dues Assessment", {"year": NEXT_YEAR}) == 1


def test_an_organization_that_is_not_a_branch_is_refused(county):
	with pytest.raises(NotABranchError):
		assess_branches([*county.branches, COUNTY.root], NEXT_YEAR)
	assert not frappe.db.count("Dues Assessment", {"year": NEXT_YEAR})


@pytest.mark.parametrize(
	"change, error",
	[
		({"adjustment": dues.EXEMPT, "approval_reason": ""}, ApprovalReasonRequiredError),
		({"monthly_base": -100}, NegativeBaseError),
	],
)
def test_a_row_the_form_refuses_is_refused_at_once(county, change, error):
	item = frappe.get_all(
		"Dues Assessment Item",
		filters={
			"parent": ("in", this_year(county.branches)),
			"adjustment": ("is", "not set"),
			"category": "In Service",
		},
		fields=["name", "parent"],
		order_by="member desc",
		limit=1,
	)[0]
	frappe.db.set_value("Dues Assessment Item", item.name, change)  # last year's figures, as stored
	branch = frappe.db.get_value("Dues Assessment", item.parent, "organization")
	doc = frappe.get_doc({"doctype": "Dues Assessment", "organization": branch, "year": NEXT_YEAR})
	doc.fill_members()
	with pytest.raises(error):
		doc.insert()
	with pytest.raises(error):
		assess_branches(county.branches, NEXT_YEAR)
	assert not frappe.db.count("Dues Assessment", {"year": NEXT_YEAR})


def test_a_secretary_assesses_only_their_own_branch(county):
	own, other = county.branches[0], county.branches[1]
	secretary = frappe.get_all(
		"User Permission",
		filters={"allow": "Party Organization", "for_value": own, "user": ("like", "sec.%")},
		pluck="user",
	)[0]
	frappe.set_user(secretary)
	with pytest.raises(frappe.PermissionError):
		assess_branches([own, other], NEXT_YEAR)
	made = assess_branches([own], NEXT_YEAR)
	assert list(made) == [own]
