"""Isolation by organization, tested as real users (Administrator proves nothing)."""

import frappe
import pytest
from frappe.desk.reportview import get as reportview_get

from party_building.core import access, search
from tests.integration.factories import make_member, make_members, make_org, make_tree, make_user


@pytest.fixture
def world():
	tree = make_tree()
	other = make_org("Branch", tree.general.name)
	ours = make_members(tree.branch.name, 3)
	theirs = make_members(other.name, 2)
	secretary = make_user("Branch Secretary")
	access.grant_access(tree.branch.name, secretary.name, "Branch Secretary")
	return frappe._dict(tree=tree, other=other, ours=ours, theirs=theirs, secretary=secretary.name)


def names(docs):
	return {d.name for d in docs}


def test_granting_a_branch_is_one_action(world):
	user = make_user().name  # no role yet
	assert "Branch Secretary" not in frappe.get_roles(user)
	assert access.grant_access(world.tree.branch.name, user, "Branch Secretary")["changed"] is True
	assert "Branch Secretary" in frappe.get_roles(user)
	assert frappe.db.exists(
		"User Permission", {"user": user, "allow": "Party Organization", "for_value": world.tree.branch.name}
	)
	assert access.grant_access(world.tree.branch.name, user, "Branch Secretary")["changed"] is False


def test_secretary_lists_only_their_branch(world):
	frappe.set_user(world.secretary)
	assert set(frappe.get_list("Party Member", pluck="name", limit_page_length=0)) == names(world.ours)
	orgs = set(frappe.get_list("Party Organization", pluck="name", limit_page_length=0))
	assert orgs == {world.tree.branch.name, world.tree.group.name}


def test_secretary_over_rest_sees_only_their_branch(world):
	"""/api/resource/Party Member calls frappe.client.get_list and frappe.client.get."""
	import frappe.client

	frappe.set_user(world.secretary)
	listed = frappe.client.get_list("Party Member", fields=["name"], limit_page_length=0)
	assert {r["name"] for r in listed} == names(world.ours)
	assert frappe.client.get("Party Member", world.ours[0].name)["name"] == world.ours[0].name
	with pytest.raises(frappe.PermissionError):
		frappe.client.get("Party Member", world.theirs[0].name)
	with pytest.raises(frappe.PermissionError):
		frappe.client.get("Party Organization", world.other.name)


def test_secretary_report_view_and_group_by_see_only_their_branch(world):
	frappe.set_user(world.secretary)
	frappe.local.form_dict = frappe._dict(
		doctype="Party Member", fields=["`tabParty Member`.`name`", "`tabParty Member`.`branch`"]
	)
	result = reportview_get()
	assert {row[0] for row in result["values"]} == names(world.ours)
	counts = frappe.get_list(
		"Party Member", fields=["branch", "count(name) as n"], group_by="branch", limit_page_length=0
	)
	assert [(c.branch, c.n) for c in counts] == [(world.tree.branch.name, 3)]


def test_secretary_cannot_print_or_change_another_branch(world):
	frappe.set_user(world.secretary)
	# Frappe's print view answers "not found" rather than admit the record exists
	with pytest.raises((frappe.PermissionError, frappe.DoesNotExistError)):
		frappe.get_print("Party Member", world.theirs[0].name)
	doc = frappe.get_doc("Party Member", world.theirs[0].name)
	assert not doc.has_permission("read")
	with pytest.raises(frappe.PermissionError):
		make_member(world.other.name)
	assert make_member(world.tree.branch.name).branch == world.tree.branch.name


def test_link_search_stays_inside_the_branch_even_when_asked_to_ignore(world):
	frappe.set_user(world.secretary)
	found = search.search_link("Party Member", "", page_length=100, ignore_user_permissions=True)
	assert {r["value"] for r in found} == names(world.ours)
	found = search.search_widget("Party Member", "", page_length=100, ignore_user_permissions=True)
	assert {r[0] for r in found} == names(world.ours)


def test_global_search_hides_other_branches(world):
	results = [frappe._dict(doctype="Party Member", name=m.name) for m in world.ours + world.theirs]
	frappe.set_user(world.secretary)
	assert {r.name for r in search.readable_only(results)} == names(world.ours)


def test_party_member_user_sees_only_their_own_entry(world):
	me = world.ours[0]
	user = make_user()
	me.user = user.name
	me.save()
	assert "Party Member" in frappe.get_roles(user.name)
	frappe.set_user(user.name)
	assert frappe.get_list("Party Member", pluck="name", limit_page_length=0) == [me.name]
	assert not frappe.get_doc("Party Member", world.ours[1].name).has_permission("read")
	assert frappe.get_doc("Party Member", me.name).has_permission("read")


def test_upper_level_admin_sees_the_whole_subtree(world):
	admin = make_user("Party Admin")
	access.grant_access(world.tree.general.name, admin.name, "Party Admin")
	frappe.set_user(admin.name)
	assert set(frappe.get_list("Party Member", pluck="name", limit_page_length=0)) == names(
		world.ours + world.theirs
	)


def test_secretary_cannot_make_secretaries(world):
	colleague = make_user()
	frappe.set_user(world.secretary)
	with pytest.raises(access.AccessGrantError):
		access.grant_access(world.tree.branch.name, colleague.name, "Branch Secretary")
	assert "Branch Secretary" not in frappe.get_roles(colleague.name)
	# a committee member of their own branch: allowed
	access.grant_access(world.tree.branch.name, colleague.name, "Branch Committee Member")
	# but never another branch
	with pytest.raises(frappe.PermissionError):
		access.grant_access(world.other.name, colleague.name, "Branch Committee Member")
	assert not frappe.db.exists("User Permission", {"user": colleague.name, "for_value": world.other.name})


def test_one_upper_level_rule(world):
	"""access.is_upper_level: the rule every approval reserved to the upper level uses."""
	tree = world.tree
	county_admin = make_user("Party Admin").name  # restricted to no organization
	committee_admin = make_user("Party Admin").name
	access.grant_access(tree.committee.name, committee_admin, "Party Admin")
	branch_admin = make_user("Party Admin").name
	access.grant_access(tree.branch.name, branch_admin, "Party Admin")
	plain = make_user("Branch Committee Member").name  # granted the committee, but not as an administrator
	access.grant_access(tree.committee.name, plain, "Branch Committee Member")

	def above(org, user):
		return access.is_upper_level(org, user)

	assert above(tree.branch.name, "Administrator")
	assert above(tree.branch.name, county_admin)
	assert above(tree.branch.name, committee_admin) and above(tree.general.name, committee_admin)
	assert above(tree.group.name, branch_admin)  # the branch is above its party group
	assert not above(tree.branch.name, branch_admin)  # a grant of the organization itself is not above it
	assert not above(tree.general.name, branch_admin)
	assert not above(tree.branch.name, world.secretary)
	assert not above(tree.branch.name, plain)
	# nothing is above the top of the tree: its own administrators decide there
	assert frappe.db.get_value("Party Organization", tree.committee.name, "parent_party_organization") in (
		None,
		"",
	)
	assert above(tree.committee.name, committee_admin)
	assert not above(tree.committee.name, branch_admin)
