"""Fields only a process sets: a branch cannot walk around an election, admission, a standing change or a
transfer by editing the register or the organization (frappe.client.set_value / save: what REST calls)."""

import json

import frappe
import frappe.client
import pytest

from party_building.core import access
from party_building.core.errors import ProcessOnlyFieldError
from tests.integration.factories import make_members, make_tree, make_user, set_committee


@pytest.fixture
def world():
	tree = make_tree()
	full = make_members(tree.branch.name, 4, membership_type="Full")
	probationary = make_members(tree.branch.name, 1, membership_type="Probationary")[0]
	set_committee(tree.branch, [(full[0], "Secretary")])
	secretary = make_user("Branch Secretary").name
	access.grant_access(tree.branch.name, secretary, "Branch Secretary")
	upper = make_user("Party Admin").name
	access.grant_access(tree.general.name, upper, "Party Admin")
	return frappe._dict(tree=tree, full=full, probationary=probationary, secretary=secretary, upper=upper)


def refused(doctype: str, name: str, values: dict) -> None:
	before = frappe.db.get_value(doctype, name, list(values), as_dict=True)
	with pytest.raises(ProcessOnlyFieldError):
		frappe.client.set_value(doctype, name, values)
	frappe.set_user("Administrator")
	assert frappe.db.get_value(doctype, name, list(values), as_dict=True) == before


def test_a_secretary_cannot_seat_a_secretary_or_change_the_term_without_an_election(world):
	frappe.set_user(world.secretary)
	org = frappe.get_doc("Party Organization", world.tree.branch.name)
	org.committee[0].member = world.full[1].name
	with pytest.raises(ProcessOnlyFieldError):
		org.save()
	frappe.set_user(world.secretary)
	refused("Party Organization", world.tree.branch.name, {"term_end": "2035-12-31"})
	frappe.set_user(world.secretary)
	refused("Party Organization", world.tree.branch.name, {"status": "Active"})


def test_a_secretary_cannot_make_a_probationary_member_full_by_editing(world):
	frappe.set_user(world.secretary)
	refused(
		"Party Member",
		world.probationary.name,
		{
			"membership_type": "Full",
			"full_member_on": frappe.utils.add_days(world.probationary.joined_on, 366),
		},
	)


def test_a_secretary_cannot_change_standing_or_branch_without_its_record(world):
	frappe.set_user(world.secretary)
	refused("Party Member", world.full[3].name, {"standing": "Suspended"})
	frappe.set_user(world.secretary)
	refused("Party Member", world.full[3].name, {"branch": world.tree.group.name})


def test_other_fields_stay_editable_and_the_upper_level_decides(world):
	frappe.set_user(world.secretary)
	frappe.client.set_value("Party Member", world.full[3].name, "phone", "13800000000")
	frappe.client.set_value("Party Organization", world.tree.branch.name, "school", "实验小学")
	frappe.set_user(world.upper)
	with pytest.raises(ProcessOnlyFieldError):  # the upper level too, but only with a reason
		frappe.client.set_value("Party Member", world.full[3].name, "standing_since", "2026-01-05")
	frappe.client.set_value(
		"Party Member",
		world.full[3].name,
		{"standing_since": "2026-01-05", "change_reason": "据县委组织部核查更正"},
	)
	frappe.client.set_value(
		"Party Organization", world.tree.branch.name, {"term_years": 3, "change_reason": "按新章程调整"}
	)
	frappe.set_user("Administrator")
	member = frappe.get_doc("Party Member", world.full[3].name)
	assert member.phone == "13800000000" and str(member.standing_since) == "2026-01-05"
	assert not member.change_reason  # the next change needs its own reason
	assert frappe.db.exists(
		"Comment",
		{
			"reference_doctype": "Party Member",
			"reference_name": member.name,
			"content": ("like", "%据县委组织部核查更正%"),
		},
	)


def test_the_refusal_names_the_process_in_chinese(world):
	frappe.set_user(world.secretary)
	frappe.local.lang = "zh"
	try:
		with pytest.raises(ProcessOnlyFieldError):
			frappe.client.set_value("Party Member", world.full[3].name, "standing", "Suspended")
		message = frappe.local.message_log[-1]
		text = (json.loads(message) if isinstance(message, str) else message).get("message")
		assert "党籍变动" in text and "组织关系转接" in text and "发展党员" in text
	finally:
		frappe.local.lang = "en"
