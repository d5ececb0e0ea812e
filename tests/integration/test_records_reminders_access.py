"""Term and receipt reminders reach the secretary and the upper level once; reports stay in the user's subtree."""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from party_building.core.access import BRANCH_SECRETARY, ensure_access
from party_building.records.reminders import send_receipt_reminders, send_term_reminders
from tests.integration.factories import make_member, make_members, make_org, make_user
from tests.integration.records_factories import election_setup, officers


def logs(reference_name):
	return frappe.get_all(
		"Party Reminder Log",
		filters={"reference_name": reference_name},
		fields=["reminder_key", "recipients"],
	)


def test_term_reminder_goes_to_secretary_and_upper_level_once():
	tree = election_setup(full=4, term_end=getdate(add_days(today(), 20)))
	users = officers(tree)
	on = getdate(today())
	assert send_term_reminders(on) >= 1
	rows = logs(tree.branch.name)
	assert len(rows) == 1 and rows[0].reminder_key.startswith("term-1m:")
	assert set(rows[0].recipients.split("\n")) >= {users.secretary, users.admin}
	send_term_reminders(on)
	assert len(logs(tree.branch.name)) == 1
	# a month later the term is overdue: one more occasion, told once
	later = add_days(on, 25)
	send_term_reminders(later)
	send_term_reminders(later)
	keys = sorted(r.reminder_key.split(":")[0] for r in logs(tree.branch.name))
	assert keys == ["term-1m", "term-overdue"]


def test_overdue_receipt_is_reminded_once():
	tree = election_setup(full=4)
	officers(tree)
	member = make_member(tree.branch.name)
	doc = frappe.get_doc(
		{
			"doctype": "Member Transfer",
			"transfer_type": "Out",
			"member": member.name,
			"to_organization_name": "外县某中学党支部",
		}
	).insert()
	doc = apply_workflow(doc, "Request Transfer")
	doc.db_set("issue_date", add_days(today(), -45))
	doc = apply_workflow(frappe.get_doc("Member Transfer", doc.name), "Approve and Issue")
	assert send_receipt_reminders(getdate(today())) >= 1
	assert send_receipt_reminders(getdate(today())) == 0
	assert len(logs(doc.name)) == 1


def test_reports_stay_in_the_secretarys_branch():
	from party_building.party_building.report.member_roster.member_roster import execute as roster
	from party_building.party_building.report.term_expiry.term_expiry import execute as term_expiry
	from party_building.party_building.report.yearly_statistics.yearly_statistics import execute as statistics

	tree = election_setup(full=4, term_end=getdate(add_days(today(), 20)))
	other = make_org("Branch", tree.general.name, term_years=3, term_start=add_days(today(), -3 * 365))
	make_members(other.name, 3)
	secretary = make_user(BRANCH_SECRETARY)
	ensure_access(secretary.name, other.name, BRANCH_SECRETARY)
	frappe.set_user(secretary.name)
	rows = roster({})[1]
	assert rows and {r["branch"] for r in rows} == {other.name}
	assert roster({"organization": tree.branch.name})[1] == []
	assert {r["name"] for r in term_expiry({})[1]} <= {other.name}
	stats = statistics({"year": getdate(today()).year})[1]
	assert {r["organization"] for r in stats} == {other.name}


def test_letter_print_is_refused_to_another_branch():
	tree = election_setup(full=4)
	other = make_org("Branch", tree.general.name)
	member = make_member(tree.branch.name)
	doc = frappe.get_doc(
		{
			"doctype": "Member Transfer",
			"transfer_type": "Within",
			"member": member.name,
			"to_organization": other.name,
		}
	).insert()
	third = make_org("Branch", tree.general.name)
	outsider = make_user(BRANCH_SECRETARY)
	ensure_access(outsider.name, third.name, BRANCH_SECRETARY)
	frappe.set_user(outsider.name)
	assert not frappe.has_permission("Member Transfer", "print", doc.name)


def test_transfers_report_shows_both_sides_and_no_one_else():
	from party_building.party_building.report.member_transfers.member_transfers import execute

	tree = election_setup(full=4)
	receiving = make_org("Branch", tree.general.name)
	member = make_member(tree.branch.name)
	doc = frappe.get_doc(
		{
			"doctype": "Member Transfer",
			"transfer_type": "Within",
			"member": member.name,
			"to_organization": receiving.name,
		}
	).insert()
	third = make_org("Branch", tree.general.name)
	cases = [(receiving, False), (tree.branch, True), (third, False)]  # a draft stays with its branch
	doc_issued = frappe.get_doc(
		{
			"doctype": "Member Transfer",
			"transfer_type": "Within",
			"member": make_member(tree.branch.name).name,
			"to_organization": receiving.name,
		}
	).insert()
	doc_issued.submit()
	for org, sees in cases:
		user = make_user(BRANCH_SECRETARY)
		ensure_access(user.name, org.name, BRANCH_SECRETARY)
		frappe.set_user(user.name)
		names = {r["name"] for r in execute({})[1]}
		assert (doc.name in names) is sees
		assert (doc_issued.name in names) is (org != third)
		frappe.set_user("Administrator")
	# the filters: the transfer's type, and the year of its letter (a draft has none: every year)
	year = frappe.db.get_value("Member Transfer", doc_issued.name, "letter_year")
	assert {r["name"] for r in execute({"transfer_type": "Within"})[1]} >= {doc.name, doc_issued.name}
	assert not {doc.name, doc_issued.name} & {r["name"] for r in execute({"transfer_type": "Out"})[1]}
	other_year = {r["name"] for r in execute({"year": year - 1})[1]}
	assert doc.name in other_year and doc_issued.name not in other_year
