"""Party work funds (党建经费): 1% budget, expenses within it, approval past it, report."""

import frappe
import pytest

from party_building.core import access
from party_building.core.errors import UpperLevelOnlyError
from party_building.ledgers.errors import (
	BudgetChangeReasonError,
	DuplicateFundError,
	ExpensePastBudgetError,
	NonPositiveExpenseError,
)
from party_building.party_building.report.party_work_fund_summary.party_work_fund_summary import execute
from tests.integration.factories import make_org, make_tree, make_user


@pytest.fixture
def world():
	tree = make_tree()
	other = make_org("Branch", tree.general.name)
	secretary = make_user("Branch Secretary").name
	access.grant_access(tree.branch.name, secretary, "Branch Secretary")
	other_secretary = make_user("Branch Secretary").name
	access.grant_access(other.name, other_secretary, "Branch Secretary")
	upper = make_user("Party Admin").name
	access.grant_access(tree.general.name, upper, "Party Admin")
	return frappe._dict(tree=tree, branch=tree.branch.name, other=other.name, secretary=secretary,
		other_secretary=other_secretary, upper=upper)  # fmt: skip


def make_fund(organization, payroll=1_200_000, **kw):
	return frappe.get_doc(
		{
			"doctype": "Party Work Fund",
			"organization": organization,
			"year": 2026,
			"previous_year_payroll": payroll,
			**kw,
		}
	).insert()


def expense(amount, purpose="主题党日活动资料", date="2026-03-05", **kw):
	return {"expense_date": date, "purpose": purpose, "amount": amount, **kw}


def count_funds(organization):
	return frappe.db.count("Party Work Fund", {"organization": organization})


def test_budget_is_one_percent_of_last_years_payroll(world):
	frappe.set_user(world.secretary)
	fund = make_fund(world.branch, expenses=[expense(3000), expense(2500.5, date="2026-04-01")])
	assert (fund.default_budget, fund.budget) == (12000, 12000)
	assert (fund.spent, fund.remaining) == (5500.5, 6499.5)


def test_changing_the_budget_needs_a_reason(world):
	frappe.set_user(world.secretary)
	with pytest.raises(BudgetChangeReasonError):
		make_fund(world.branch, budget=15000)
	assert count_funds(world.branch) == 0
	fund = make_fund(world.branch, budget=15000, budget_change_reason="县教育局追加党建专项经费3000元")
	assert fund.budget == 15000


def test_one_fund_per_organization_and_year(world):
	frappe.set_user(world.secretary)
	make_fund(world.branch)
	with pytest.raises(DuplicateFundError):
		make_fund(world.branch)
	assert count_funds(world.branch) == 1


def test_a_negative_or_zero_expense_is_refused(world):
	frappe.set_user(world.secretary)
	fund = make_fund(world.branch)
	for amount in (-100, 0):
		fund.reload()
		fund.append("expenses", expense(amount))
		with pytest.raises(NonPositiveExpenseError):
			fund.save()
	assert frappe.db.count("Party Work Fund Expense", {"parent": fund.name}) == 0


def test_an_expense_past_the_budget_needs_the_upper_levels_approval(world):
	frappe.set_user(world.secretary)
	fund = make_fund(world.branch, payroll=500_000, expenses=[expense(4000)])  # budget 5000
	fund.append("expenses", expense(1500, purpose="党员活动室桌椅", date="2026-05-10"))
	with pytest.raises(ExpensePastBudgetError):
		fund.save()
	assert frappe.db.count("Party Work Fund Expense", {"parent": fund.name}) == 1

	# the branch cannot approve its own overspending
	fund.reload()
	fund.append("expenses", expense(1500, purpose="党员活动室桌椅", date="2026-05-10", approved=1))
	with pytest.raises(UpperLevelOnlyError):
		fund.save()
	assert frappe.db.count("Party Work Fund Expense", {"parent": fund.name}) == 1

	frappe.set_user(world.upper)
	fund = frappe.get_doc("Party Work Fund", fund.name)
	fund.append(
		"expenses",
		expense(1500, purpose="党员活动室桌椅", date="2026-05-10", approved=1, approval_note="同意超支"),
	)
	fund.save()
	row = fund.expenses[-1]
	assert (row.over_budget, row.approved, row.approved_by) == (1, 1, world.upper)
	assert row.approved_on
	assert (fund.spent, fund.remaining) == (5500, -500)

	# the branch keeps working on the fund without touching the approval
	frappe.set_user(world.secretary)
	fund = frappe.get_doc("Party Work Fund", fund.name)
	fund.expenses[0].purpose = "购买学习资料"
	fund.save()
	assert fund.expenses[-1].approved_by == world.upper


def test_report_budget_spent_and_remaining_per_organization(world):
	frappe.set_user(world.secretary)
	make_fund(world.branch, payroll=800_000, expenses=[expense(1000), expense(234.5)])
	frappe.set_user(world.other_secretary)
	make_fund(world.other, payroll=300_000, expenses=[expense(3000)])
	frappe.set_user(world.upper)
	_c, data, _m, _ch, _summary = execute({"organization": world.tree.general.name, "year": 2026})
	rows = {r["organization"]: r for r in data if not r.get("is_total")}
	assert (rows[world.branch]["budget"], rows[world.branch]["spent"], rows[world.branch]["remaining"]) == (
		8000,
		1234.5,
		6765.5,
	)
	assert (rows[world.other]["budget"], rows[world.other]["spent"], rows[world.other]["remaining"]) == (
		3000,
		3000,
		0,
	)
	assert data[-1]["remaining"] == 6765.5
	frappe.set_user(world.secretary)
	_c, data, *_ = execute({"organization": world.tree.general.name})
	assert {r["organization"] for r in data if not r.get("is_total")} == {world.branch}


def test_other_branches_do_not_see_the_fund(world):
	import frappe.client

	frappe.set_user(world.secretary)
	ours = make_fund(world.branch)
	frappe.set_user(world.other_secretary)
	assert frappe.get_list("Party Work Fund", pluck="name", limit_page_length=0) == []
	with pytest.raises(frappe.PermissionError):
		frappe.client.get("Party Work Fund", ours.name)
