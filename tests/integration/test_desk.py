"""What a secretary meets in the desk: global search by a Chinese name and by pinyin initials, only the
app's workspace in the sidebar, a transfer letter that prints only once issued."""

import frappe
import pytest

from party_building.core import access, install
from party_building.core.search import search
from tests.integration.factories import make_member, make_org, make_tree, make_user


@pytest.fixture
def world():
	tree = make_tree()
	member = make_member(tree.branch.name, full_name="欧阳明珠")
	other_branch = make_org("Branch", tree.general.name)
	other = make_member(other_branch.name, full_name="欧阳明亮")
	from frappe.utils.global_search import sync_global_search, update_global_search

	for doc in (member, other):
		update_global_search(frappe.get_doc("Party Member", doc.name))
	sync_global_search()
	secretary = make_user("Branch Secretary").name
	access.grant_access(tree.branch.name, secretary, "Branch Secretary")
	return frappe._dict(tree=tree, member=member, other=other, secretary=secretary)


def found(text: str) -> set[str]:
	return {r.name for r in search(text, limit=20) if r.doctype == "Party Member"}


def test_global_search_finds_a_member_by_chinese_name_and_initials(world):
	frappe.set_user(world.secretary)
	assert world.member.name in found("欧阳明珠")
	assert world.member.name in found("oymz")
	assert world.member.name in found("ouyangmingzhu")
	shown = next(r for r in search("ouyangmingzhu") if r.name == world.member.name)
	assert "欧阳明珠 · " in shown.content  # the awesome bar shows the name, not only PM-…
	# and never a member of another branch
	assert world.other.name not in found("欧阳明亮") | found("oyml")


def test_a_secretary_sees_only_the_apps_workspace():
	install.keep_frappe_workspaces_for_administrators()
	for name in install.FRAPPE_WORKSPACES:
		if frappe.db.exists("Workspace", name):
			roles = frappe.get_all(
				"Has Role", filters={"parent": name, "parenttype": "Workspace"}, pluck="role"
			)
			assert roles == ["System Manager"], name
	assert not frappe.db.exists("Has Role", {"parent": "Party Building", "parenttype": "Workspace"})
