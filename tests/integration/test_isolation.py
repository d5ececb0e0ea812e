"""The isolation rule at its edges: upper-level admins build organizations in their subtree, grants
see a new organization at once, link search outside one's subtree is the organization directory only,
and refusals do not name what they protect. (Every endpoint × doctype: test_isolation_audit.py.)"""

import json

import frappe
import frappe.client
import pytest

from party_building.core import access, search
from tests.integration.factories import make_members, make_org, make_tree, make_user, unique


@pytest.fixture
def world():
	tree = make_tree()
	beside = make_org("General Branch", tree.committee.name)
	other = make_org("Branch", tree.general.name)
	admin = make_user("Party Admin").name
	access.grant_access(tree.general.name, admin, "Party Admin")
	secretary = make_user("Branch Secretary").name
	access.grant_access(tree.branch.name, secretary, "Branch Secretary")
	theirs = make_members(other.name, 2)
	return frappe._dict(
		tree=tree, beside=beside, other=other, admin=admin, secretary=secretary, theirs=theirs
	)


def new_org(org_type: str, parent: str) -> dict:
	return {
		"doctype": "Party Organization",
		"organization_name": unique(f"新建{org_type}"),
		"org_type": org_type,
		"parent_party_organization": parent,
	}


def test_a_party_admin_builds_a_branch_with_its_groups_under_their_grant(world):
	frappe.set_user(world.admin)
	branch = frappe.client.insert(new_org("Branch", world.tree.general.name))  # what POST /api/resource calls
	group = frappe.client.insert(new_org("Party Group", branch["name"]))
	assert group["parent_party_organization"] == branch["name"]
	assert {branch["name"], group["name"]} <= set(frappe.get_list("Party Organization", pluck="name"))


def test_a_party_admin_creates_nothing_above_or_beside_their_grant(world):
	frappe.set_user(world.admin)
	for parent in (world.tree.committee.name, world.beside.name):
		with pytest.raises(frappe.PermissionError):
			frappe.client.insert(new_org("Branch", parent))
	with pytest.raises(frappe.PermissionError):
		frappe.client.insert(new_org("Party Committee", None))
	frappe.set_user("Administrator")
	assert not frappe.db.exists("Party Organization", {"parent_party_organization": world.beside.name})


def test_a_new_organization_is_seen_at_once_by_users_granted_an_ancestor(world):
	frappe.set_user(world.admin)
	before = set(frappe.get_list("Party Organization", pluck="name"))  # the grants are cached now
	frappe.set_user("Administrator")
	created = frappe.get_doc(new_org("Branch", world.tree.general.name)).insert()
	frappe.set_user(world.admin)
	assert set(frappe.get_list("Party Organization", pluck="name")) == before | {created.name}
	assert frappe.get_doc("Party Organization", created.name).has_permission("read")


def test_a_client_sent_ignore_user_permissions_opens_only_the_organization_directory(world):
	frappe.set_user(world.secretary)
	member = world.theirs[0]
	for doctype, txt in (("Party Member", member.full_name), ("Party Organization", world.other.name)):
		found = search.search_widget(doctype, txt, ignore_user_permissions=1, as_dict=True, page_length=50)
		assert not found, doctype  # the asking form has no such field: nothing outside the branch
	# a transfer names the branch it goes to: organization names, from the directory
	found = search.search_widget(
		"Party Organization",
		world.other.name,
		ignore_user_permissions=1,
		reference_doctype="Member Transfer",
		as_dict=True,
	)
	assert [r["name"] for r in found] == [world.other.name]
	found = search.search_widget(
		"Party Member", member.full_name, ignore_user_permissions=1, reference_doctype="Member Transfer"
	)
	assert not found  # never people


def test_counts_and_link_checks_answer_only_for_readable_records(world):
	frappe.set_user(world.secretary)
	member = world.theirs[0]
	assert search.get_count("Party Member") == 0
	assert search.get_count("Party Member", filters=json.dumps({"name": member.name})) == 0
	assert search.get_count("Party Member", filters={"id_number": ("like", member.id_number[:10] + "%")}) == 0
	assert search.validate_link("Party Member", member.name, json.dumps(["full_name"])) == {}
	assert search.validate_link("Party Organization", world.other.name) == {"name": world.other.name}
	assert search.get_link_title("Party Member", member.name) == member.name
	frappe.set_user(world.admin)
	assert search.get_count("Party Member", filters={"name": member.name}) == 1


def test_refusals_do_not_name_the_record_they_protect(world):
	for message, args in (
		(
			"You are not allowed to access this {0} record because it is linked to {1} '{2}' in field {3}",
			("党费缴纳", "党组织", world.other.name, "党组织"),
		),
		(
			"You are not allowed to access this {0} record because it is linked to {1} '{2}' in row {3}, field {4}",
			("党员", "党组织", world.other.name, 1, "党小组"),
		),
		(
			"Cannot delete or cancel because {0} {1} is linked with {2} {3} {4}",
			("党员", "PM-1", "组织关系转接", "MT-9", ""),
		),
	):
		text = frappe._(message, lang="zh").format(*args)
		assert world.other.name not in text and "MT-9" not in text and text.isascii() is False
