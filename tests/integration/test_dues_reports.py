"""Dues reports, the number card function and the unpaid-dues reminders."""

import datetime
import json
from decimal import Decimal

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from party_building.core import access
from party_building.dues import service as dues_service
from party_building.dues.reminders import LAPSE, REMINDER, send_reminders
from party_building.party_building.report.dues_arrears.dues_arrears import execute as arrears_report
from party_building.party_building.report.dues_collection.dues_collection import execute as collection
from party_building.party_building.report.dues_ledger.dues_ledger import execute as ledger
from tests.integration.dues_factories import dues_world, pay, remittance
from tests.integration.factories import make_user

D = datetime.date


@pytest.fixture
def world():
	w = dues_world(n=3)
	pay(w.members[0], "2026-01", "2026-03", paid_on=D(2026, 1, 5))
	pay(w.members[1], "2026-01", paid_on=D(2026, 2, 10))
	return w


def test_collection_per_member_per_month(world):
	columns, rows, _msg, chart, summary = collection(
		{"organization": world.branch, "from_month": "2026-01-01", "to_month": "2026-03-01"}
	)
	by = {r["name"]: r for r in rows}
	branch = by[world.branch]
	assert (branch["due"], branch["paid"], branch["unpaid"], branch["rate"]) == (
		360,
		160,
		200,
		Decimal("44.4"),
	)
	m0, m1, m2 = (by[m.name] for m in world.members)
	assert (m0["paid"], m0["arrears"], m0["m202603"]) == (120, 0, 40)
	assert (m1["paid"], m1["unpaid"], m1["arrears"], m1["m202601"], m1["m202602"]) == (40, 80, 2, 40, 0)
	assert (m2["paid"], m2["arrears"], m2["rate"]) == (0, 3, 0)
	# one column, one meaning: months on member rows; the branch row counts its members 3+ months behind
	assert branch.get("arrears") is None and branch["members_behind"] == 1
	assert [c["label"] for c in columns][-3:] == ["2026-01", "2026-02", "2026-03"]
	assert chart["data"]["datasets"][1]["values"] == [80.0, 40.0, 40.0]
	assert {s["label"]: s["value"] for s in summary}[frappe._("Collection Rate")] == Decimal("44.4")


def test_collection_rate_number_card(world):
	rate = dues_service.collection_rate_card(world.branch, 2026, 1)
	assert (rate["value"], rate["due"], rate["paid"]) == (66.7, 120, 80)
	card = dues_service.collection_rate_card(
		filters=json.dumps({"organization": world.branch, "year": 2026, "month": 1})
	)
	assert card["value"] == 66.7


def test_the_card_and_the_report_give_one_collection_rate_for_one_labelled_period(world):
	"""The workspace card reads 本年党费收缴率（截至本月）: the year up to this month (the test clock's
	November 2026), which is also the collection report's default period; the two agree."""
	card = dues_service.collection_rate_card(world.branch)
	_cols, _rows, _msg, _chart, summary = collection(
		{"organization": world.branch, "from_month": "2026-01-01", "to_month": "2026-11-01"}
	)
	assert card["value"] == float({s["label"]: s["value"] for s in summary}[frappe._("Collection Rate")])
	assert card["due"] > 120  # more than one month
	label = frappe.db.get_value("Number Card", "Dues Collection Rate", "label")
	assert frappe._(label, lang="zh") == "本年党费收缴率（截至本月）"


def test_ledger_by_month_with_opening_and_closing(world):
	frappe.set_user("Administrator")
	doc = apply_workflow(remittance(world.branch, 100, remitted_on=D(2026, 3, 15)), "Submit to Upper Level")
	apply_workflow(doc, "Approve Remittance")
	_cols, rows, _m, _chart, _summary = ledger(
		{"organization": world.tree.general.name, "from_month": "2026-02-01", "to_month": "2026-03-01"}
	)
	got = [
		(r["organization"], r["month"], r["opening"], r["received"], r["remitted"], r["closing"])
		for r in rows
	]
	assert sorted(got) == sorted(
		[
			(world.tree.general.name, "2026-02", 0, 0, 0, 0),
			(world.tree.general.name, "2026-03", 0, 100, 0, 100),
			(world.branch, "2026-02", 120, 40, 0, 160),
			(world.branch, "2026-03", 160, 0, 100, 60),
		]
	)


def test_reminders_at_three_and_six_months_are_sent_once():
	w = dues_world(n=3)
	pay(w.members[0], "2026-01", "2026-10", paid_on=D(2026, 1, 1))  # paid ahead, up to date
	pay(w.members[1], "2026-01", "2026-07", paid_on=D(2026, 1, 1))  # Aug–Oct unpaid
	secretary = make_user("Branch Secretary").name
	access.grant_access(w.branch, secretary, "Branch Secretary")
	admin = make_user("Party Admin").name
	access.grant_access(w.tree.committee.name, admin, "Party Admin")
	member_user = make_user("Party Member").name
	frappe.db.set_value("Party Member", w.members[1].name, "user", member_user)
	on = D(2026, 11, 21)

	send_reminders(on)
	logs = {
		r.reference_name: r
		for r in frappe.get_all(
			"Party Reminder Log",
			filters={"organization": w.branch},
			fields=["reference_name", "reminder_type", "recipients", "reminder_key"],
		)
	}
	assert set(logs) == {w.members[1].name, w.members[2].name}
	three, six = logs[w.members[1].name], logs[w.members[2].name]
	assert three.reminder_type == REMINDER
	assert set(three.recipients.split("\n")) == {member_user, secretary}
	assert three.reminder_key == f"dues-unpaid-3m:{w.members[1].name}:2026-08"
	assert six.reminder_type == LAPSE
	assert set(six.recipients.split("\n")) == {secretary, admin}
	assert "2015-03" in six.reminder_key

	send_reminders(on)
	assert frappe.db.count("Party Reminder Log", {"organization": w.branch}) == 2

	_cols, rows, _m, _c, _summary = arrears_report({"organization": w.branch, "as_on": on})
	assert [(r["member"], r["months_unpaid"]) for r in rows][-1] == (w.members[1].name, 3)
	assert rows[0]["member"] == w.members[2].name


def test_dues_card_and_branch_ledger_print(world):
	frappe.form_dict.year = 2026
	card = frappe.get_print("Party Member", world.members[0].name, "党费证")
	assert world.members[0].full_name in card and "2026-01-05" in card
	book = frappe.get_print("Party Organization", world.branch, "支部党费账本")
	assert world.members[1].full_name in book and "160.00" in book


def test_dues_card_of_another_branch_is_not_printed(world):
	from tests.integration.factories import make_org

	other = make_org("Branch", world.tree.general.name)
	secretary = make_user("Branch Secretary").name
	access.grant_access(other.name, secretary, "Branch Secretary")
	frappe.set_user(secretary)
	with pytest.raises((frappe.PermissionError, frappe.DoesNotExistError)):
		frappe.get_print("Party Member", world.members[0].name, "党费证")
	with pytest.raises(frappe.PermissionError):
		dues_service.dues_ledger_book(world.branch, 2026)
