"""Standing changes (党籍变动): dated records that update the member's standing and keep history."""

import frappe
import pytest
from frappe.utils import add_days, add_months, getdate, today

from party_building.core.access import BRANCH_SECRETARY, ensure_access
from party_building.core.errors import FutureDateError
from party_building.records.errors import StandingReasonError, StandingTransitionError
from tests.integration.factories import make_member, make_org, make_tree, make_user


def change(member, change_type, reason=None, effective_date=None, **kw):
	return frappe.get_doc(
		{
			"doctype": "Standing Change",
			"member": member.name,
			"change_type": change_type,
			"reason": reason,
			"effective_date": effective_date or today(),
			**kw,
		}
	)


def changes(member):
	return frappe.db.count("Standing Change", {"member": member.name})


def test_restoring_a_member_never_suspended_is_refused():
	tree = make_tree()
	member = make_member(tree.branch.name)
	with pytest.raises(StandingTransitionError):
		change(member, "Restoration").insert()
	assert changes(member) == 0


def test_death_date_in_the_future_is_refused():
	tree = make_tree()
	member = make_member(tree.branch.name)
	with pytest.raises(FutureDateError):
		change(member, "Death", effective_date=add_days(today(), 3)).insert()
	assert changes(member) == 0
	assert frappe.db.get_value("Party Member", member.name, "standing") == "Active"


def test_suspension_needs_a_reason_and_six_months_lost_contact():
	tree = make_tree()
	member = make_member(tree.branch.name)
	with pytest.raises(StandingReasonError):
		change(member, "Suspension").insert()
	with pytest.raises(StandingReasonError):
		change(
			member, "Suspension", "Lost Contact 6 Months or More", contact_lost_since=add_months(today(), -3)
		).insert()
	assert changes(member) == 0


def test_suspension_and_restoration_update_standing_and_keep_history():
	tree = make_tree()
	member = make_member(tree.branch.name)
	suspended = change(
		member,
		"Suspension",
		"Lost Contact 6 Months or More",
		contact_lost_since=add_months(today(), -8),
		effective_date=add_days(today(), -10),
	).insert()
	suspended.submit()
	row = frappe.db.get_value("Party Member", member.name, ["standing", "standing_since"], as_dict=True)
	assert row.standing == "Suspended" and getdate(row.standing_since) == getdate(add_days(today(), -10))
	restored = change(member, "Restoration").insert()
	assert restored.previous_standing == "Suspended" and restored.new_standing == "Active"
	restored.submit()
	assert frappe.db.get_value("Party Member", member.name, "standing") == "Active"
	assert changes(member) == 2


def test_leaving_with_its_kind_and_cancel_restores():
	tree = make_tree()
	member = make_member(tree.branch.name)
	left = change(member, "Leaving", "Expulsion").insert()
	left.submit()
	assert frappe.db.get_value("Party Member", member.name, "standing") == "Left"
	left.cancel()
	assert frappe.db.get_value("Party Member", member.name, "standing") == "Active"


def test_death_of_a_left_member_is_refused():
	tree = make_tree()
	member = make_member(tree.branch.name)
	change(member, "Leaving", "Resignation").insert().submit()
	with pytest.raises(StandingTransitionError):
		change(member, "Death").insert()


def test_standing_change_isolation():
	tree = make_tree()
	member = make_member(tree.branch.name)
	doc = change(member, "Leaving", "Resignation").insert()
	outsider = make_user(BRANCH_SECRETARY)
	other = make_org("Branch", tree.general.name)
	ensure_access(outsider.name, other.name, BRANCH_SECRETARY)
	frappe.set_user(outsider.name)
	assert doc.name not in frappe.get_list("Standing Change", pluck="name")
	assert not frappe.has_permission("Standing Change", "read", doc.name)


@pytest.mark.parametrize("reason", ["Expulsion", "Removed from Membership", "Persuaded to Withdraw"])
def test_ending_membership_is_submitted_by_the_upper_level_only(reason):
	from party_building.core.access import PARTY_ADMIN, grant_access
	from party_building.core.errors import UpperLevelOnlyError

	tree = make_tree()
	member = make_member(tree.branch.name)
	secretary = make_user(BRANCH_SECRETARY).name
	grant_access(tree.branch.name, secretary, BRANCH_SECRETARY)
	upper = make_user(PARTY_ADMIN).name
	grant_access(tree.general.name, upper, PARTY_ADMIN)
	frappe.set_user(secretary)
	doc = change(member, "Leaving", reason).insert()  # the branch records the proposal
	with pytest.raises(UpperLevelOnlyError):
		doc.submit()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Standing Change", doc.name, "docstatus") == 0
	assert frappe.db.get_value("Party Member", member.name, "standing") == "Active"
	frappe.set_user(upper)
	frappe.get_doc("Standing Change", doc.name).submit()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Party Member", member.name, "standing") == "Left"


def test_a_resignation_is_recorded_by_the_branch():
	from party_building.core.access import grant_access

	tree = make_tree()
	member = make_member(tree.branch.name)
	secretary = make_user(BRANCH_SECRETARY).name
	grant_access(tree.branch.name, secretary, BRANCH_SECRETARY)
	frappe.set_user(secretary)
	change(member, "Leaving", "Resignation").insert().submit()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Party Member", member.name, "standing") == "Left"
