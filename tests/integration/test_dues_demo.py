"""The dues demo: what bulk inserts write obeys the same rules as submitted documents."""

import frappe
import pytest

from party_building.demo import County
from party_building.dues import rules as dues
from party_building.dues import service as dues_service
from party_building.organization.service import subtree
from tests.integration.factories import demo_county

COUNTY = County("党费县")


@pytest.fixture(scope="module")
def demo():
	with demo_county(COUNTY.name, "small", extensions=["party_building.demo.dues.make"]) as summary:
		yield summary


def test_demo_dues_obey_the_rules(demo):
	made = demo["party_building.demo.dues.make"]
	assert made["payments"] > 300 and made["remittances"] > 0 and made["members_behind"] > 0
	orgs = subtree(COUNTY.root)
	members = frappe.get_all("Party Member", filters={"branch": ("in", orgs)}, pluck="name")
	keys = frappe.get_all(
		"Dues Payment Month",
		filters={"member": ("in", members), "member_month": ("is", "set")},
		pluck="member_month",
	)
	assert len(keys) == len(set(keys)) == made["member_months"]
	# the ledger balances: every organization's balance is received minus remitted and never negative
	payments = frappe.get_all(
		"Dues Payment",
		filters={"organization": ("in", orgs)},
		fields=["organization", "sum(amount) as total"],
		group_by="organization",
	)
	remitted = dict(
		frappe.get_all(
			"Dues Remittance",
			filters={"organization": ("in", orgs)},
			fields=["organization", "sum(amount)"],
			group_by="organization",
			as_list=True,
		)
	)
	# large payments go up whole: what is still outstanding is the large part received, less what went up
	large = {}
	for e in frappe.get_all(
		"Dues Ledger Entry",
		filters={
			"organization": ("in", orgs),
			"entry_type": ("in", ("Payment", "Remittance In", "Remittance Out")),
		},
		fields=["organization", "entry_type", "large_amount"],
	):
		sign = -1 if e.entry_type == "Remittance Out" else 1
		large[e.organization] = large.get(e.organization, 0) + sign * dues.dec(e.large_amount)
	assert payments
	for row in payments:
		expected = dues.to_fen(dues.dec(row.total) - dues.dec(remitted.get(row.organization, 0)))
		assert dues_service.balance(row.organization) == expected
		outstanding = dues.to_fen(max(dues.dec(0), large.get(row.organization, dues.dec(0))))
		assert dues_service.large_outstanding(row.organization) == outstanding
	assert dues_service.balance(COUNTY.root) > 0 or any(remitted.values())
	# an assessment's amounts follow the tiers
	item = frappe.get_all(
		"Dues Assessment Item",
		filters={"member": ("in", members), "adjustment": ("is", "not set")},
		fields=["category", "monthly_base", "rate", "monthly_amount"],
		limit=50,
	)
	assert item
	for i in item:
		assert dues.assess(i.category, dues.dec(i.monthly_base)) == (
			dues.dec(i.rate),
			dues.dec(i.monthly_amount),
		)


def test_demo_dues_report_shows_members_behind(demo):
	from party_building.party_building.report.dues_arrears.dues_arrears import execute

	_c, rows, _m, _chart, _summary = execute({"organization": COUNTY.root})
	assert rows
	assert any(r["months_unpaid"] >= 6 for r in rows)
	assert any(3 <= r["months_unpaid"] < 6 for r in rows)
