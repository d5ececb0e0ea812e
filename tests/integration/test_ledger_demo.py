"""The demo ledgers, built inside the test transaction as a county of its own (台账县), and the
reports checked against hand counts of the stored rows."""

import frappe
import pytest
from frappe.utils import getdate, today

from party_building import demo
from party_building.demo import County, make_demo
from party_building.ledgers import rules
from party_building.organization.service import subtree
from party_building.party_building.report.party_work_fund_summary.party_work_fund_summary import (
	execute as fund_report,
)
from party_building.party_building.report.points_ranking.points_ranking import execute as ranking
from party_building.party_building.report.rectification_progress.rectification_progress import (
	execute as rectification_report,
)
from party_building.party_building.report.work_ledger_progress.work_ledger_progress import (
	execute as task_report,
)
from tests.integration.factories import demo_county

COUNTY = County("台账县")


@pytest.fixture(scope="module")
def county():
	# the ledgers award points from the demo's approved activities when organizational life is there
	wanted = ("party_building.demo.activity.make", "party_building.demo.ledgers.make")
	extensions = [p for p in demo.DEMO_EXTENSIONS if p in wanted]
	with demo_county(COUNTY.name, extensions=extensions) as summary:
		yield frappe._dict(summary=summary, orgs=subtree(COUNTY.root))


def test_demo_ledgers_exist_for_every_branch(county):
	made = county.summary["party_building.demo.ledgers.make"]
	branches = frappe.get_all(
		"Party Organization", filters={"name": ("in", county.orgs), "org_type": "Branch"}, pluck="name"
	)
	assert made["funds"] == len(branches)
	assert made["work_tasks"] == 19 * len(branches)
	assert made["rectification_items"] >= 3 * len(branches)
	assert made["points_entries"] > 0
	closed = frappe.get_all(
		"Rectification Item",
		filters={"organization": ("in", branches), "workflow_state": rules.CLOSED_OUT},
		fields=["name", "result", "closed_by"],
	)
	for item in closed:  # every closed problem has its result, evidence and approver
		assert item.result and item.closed_by == COUNTY.admin_user
		assert frappe.db.count(
			"File", {"attached_to_doctype": "Rectification Item", "attached_to_name": item.name}
		)


def test_rectification_report_matches_a_hand_count(county):
	on = getdate(today())
	items = frappe.get_all(
		"Rectification Item",
		filters={"organization": ("in", county.orgs)},
		fields=["workflow_state", "deadline", "closed_on"],
	)
	hand = {rules.OPEN: 0, rules.OVERDUE: 0, rules.CLOSED_ON_TIME: 0, rules.CLOSED_LATE: 0}
	for i in items:
		hand[rules.rectification_bucket(i.workflow_state, i.deadline, i.closed_on, on)] += 1
	total = rectification_report({"organization": COUNTY.root})[1][-1]
	assert total["total"] == len(items)
	assert total["overdue"] == hand[rules.OVERDUE]
	assert total["open"] == hand[rules.OPEN] + hand[rules.OVERDUE]
	assert (total["closed_on_time"], total["closed_late"]) == (
		hand[rules.CLOSED_ON_TIME],
		hand[rules.CLOSED_LATE],
	)


def test_fund_report_matches_a_hand_count(county):
	funds = frappe.get_all(
		"Party Work Fund",
		filters={"organization": ("in", county.orgs)},
		fields=["name", "organization", "previous_year_payroll", "budget"],
	)
	_c, data, *_ = fund_report({"organization": COUNTY.root})
	rows = {r["organization"]: r for r in data if not r.get("is_total")}
	assert len(rows) == len(funds)
	for f in funds:
		spent = sum(frappe.get_all("Party Work Fund Expense", filters={"parent": f.name}, pluck="amount"))
		assert f.budget == float(rules.default_budget(f.previous_year_payroll))
		assert rows[f.organization]["spent"] == pytest.approx(spent)
		assert rows[f.organization]["remaining"] == pytest.approx(f.budget - spent)
		past = frappe.get_all(
			"Party Work Fund Expense",
			filters={"parent": f.name, "over_budget": 1},
			fields=["approved", "approved_by"],
		)
		assert all(p.approved and p.approved_by for p in past)  # past the budget only when approved


def test_points_ranking_matches_a_hand_count(county):
	on = getdate(today())
	start, end = on.replace(month=1, day=1), on.replace(month=12, day=31)
	_c, rows, *_ = ranking({"organization": COUNTY.root, "from_date": start, "to_date": end})
	entries = frappe.get_all(
		"Points Entry",
		filters={
			"organization": ("in", county.orgs),
			"docstatus": 1,
			"entry_date": ("between", (start, end)),
		},
		fields=["member", "activist", "points"],
	)
	hand: dict[str, float] = {}
	for e in entries:
		hand[e.member or e.activist] = hand.get(e.member or e.activist, 0) + e.points
	by_key = {r["member"] or r["activist"]: r for r in rows}
	for key, total in hand.items():
		assert by_key[key]["total"] == pytest.approx(total)
	totals = [r["total"] for r in sorted(rows, key=lambda r: r["rank"])]
	assert totals == sorted(totals, reverse=True)
	probationary = [r for r in rows if r["membership_type"] == "Probationary"]
	assert probationary and all(r["mark"] for r in probationary)


def test_work_ledger_report_matches_a_hand_count(county):
	year = getdate(today()).year
	_c, data, *_ = task_report({"organization": COUNTY.root, "year": year})
	total = data[-1]
	assert total["total"] == frappe.db.count("Work Task", {"organization": ("in", county.orgs), "year": year})
	assert total["done"] == frappe.db.count(
		"Work Task", {"organization": ("in", county.orgs), "year": year, "status": rules.DONE}
	)
	assert total["overdue"] == frappe.db.count(
		"Work Task", {"organization": ("in", county.orgs), "year": year, "overdue": 1}
	)


def test_demo_names_never_collide_with_names_the_series_gives_real_documents():
	"""A document named by its series (as in the desk) before, between and after the demo's bulk names."""
	from frappe.model.naming import NamingSeries, make_autoname

	from party_building.demo import SeriesNames

	series = "PE-.YYYY.-.######"
	prefix = NamingSeries(series).get_prefix()  # today's prefix, e.g. PE-2026-
	before = make_autoname(series, "Points Entry")
	names = SeriesNames()
	first = names.next(prefix, "Points Entry", 6)
	between = make_autoname(series, "Points Entry")  # a real document while the demo is writing
	second = names.next(prefix, "Points Entry", 6)

	def number(name: str) -> int:  # the series outgrows its 6 digits after a few county builds on a site
		return int(name[len(prefix) :])

	# the demo's block was taken from the series at once
	assert number(before) < number(first) < number(second) < number(between)
	summary = make_demo(scale="tiny", seed=11, reset=True, commit=False, county="序号县")
	assert summary["party_building.demo.ledgers.make"]["points_entries"] > 0
	after = make_autoname(series, "Points Entry")
	assert not frappe.db.exists("Points Entry", after)
	demo_names = frappe.get_all("Points Entry", filters={"name": ("like", f"{prefix}%")}, pluck="name")
	assert len(demo_names) == len(set(demo_names)) and number(after) > max(map(number, demo_names))
