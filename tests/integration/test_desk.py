"""What a secretary meets in the desk: global search by a Chinese name and by pinyin initials, only the
app's workspace in the sidebar, a transfer letter that prints only once issued."""

import frappe
import pytest

from party_building.core import access, boot, install
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


def test_the_administrator_is_named_in_chinese():
	frappe.db.set_value(
		"User", "Administrator", {"first_name": "Administrator", "full_name": "Administrator"}
	)
	install.name_the_administrator()
	assert frappe.db.get_value("User", "Administrator", "full_name") == "系统管理员"
	bootinfo = frappe._dict()
	boot.boot_session(bootinfo)  # the desk names a record's author from the boot's user info
	assert bootinfo.user_info["Administrator"].fullname == "系统管理员"
	frappe.db.set_value("User", "Administrator", {"first_name": "管理员甲", "full_name": "管理员甲"})
	install.name_the_administrator()  # a name an administrator chose stands
	assert frappe.db.get_value("User", "Administrator", "full_name") == "管理员甲"


def test_new_members_of_a_year_are_one_figure_on_the_chart_the_pipeline_and_the_report():
	"""发展党员数 of 2026: the workspace chart, the admission pipeline's 'admitted' and the new-members
	report count the same members (those who joined in 2026, whatever their standing now)."""
	from party_building.party_building.dashboard_chart_source.joins_per_year.joins_per_year import (
		get as chart,
	)
	from party_building.party_building.report.development_pipeline.development_pipeline import (
		execute as pipeline,
	)
	from party_building.party_building.report.new_members_of_the_year.new_members_of_the_year import (
		execute as new_members,
	)

	tree = make_tree()
	for joined in ("2026-03-01", "2026-07-01", "2025-07-01"):
		make_member(tree.branch.name, joined_on=joined, membership_type="Probationary")
	left = make_member(tree.branch.name, joined_on="2026-05-04", membership_type="Probationary")
	frappe.db.set_value("Party Member", left.name, "standing", "Left")
	filters = {"organization": tree.committee.name}
	data = chart(filters=frappe.as_json(filters))
	on_chart = dict(zip(data["labels"], data["datasets"][0]["values"], strict=True))["2026"]
	_cols, rows, *_rest = new_members({**filters, "year": 2026})
	_cols, pipeline_rows, _msg, _chart, summary = pipeline({**filters, "year": 2026})
	admitted = sum(
		r.get("admitted") or 0 for r in pipeline_rows if r.get("indent", 0) == 0 and r.get("admitted")
	)
	assert on_chart == len(rows) == 3
	assert admitted == 3 or any(s["value"] == 3 for s in summary if "2026" in str(s["label"]))


def test_the_member_shortcut_counts_what_the_member_card_counts():
	import json

	card = json.loads(frappe.db.get_value("Number Card", "Party Members", "filters_json"))
	shortcut = next(
		s for s in frappe.get_doc("Workspace", "Party Building").shortcuts if s.link_to == "Party Member"
	)
	assert [f[1:4] for f in json.loads(shortcut.stats_filter)] == [f[1:4] for f in card]


def test_a_charts_series_is_named_in_the_users_language():
	"""The workspace chart's tooltip names its series: 各支部党员人数, not "Members by Branch"."""
	from party_building.core.charts import get as chart

	make_member(make_tree().branch.name)
	lang = frappe.local.lang
	frappe.local.lang = "zh"
	try:
		data = chart(chart_name="Members by Branch", refresh=1)
	finally:
		frappe.local.lang = lang
	assert [d["name"] for d in data["datasets"]] == ["各支部党员人数"]
	assert frappe.get_hooks("override_whitelisted_methods")[
		"frappe.desk.doctype.dashboard_chart.dashboard_chart.get"
	] == ["party_building.core.charts.get"]


def test_a_member_links_dropdown_shows_the_name_and_branch_not_the_pinyin_keys(world):
	from party_building.core.search import search_link

	frappe.set_user(world.secretary)
	for typed in ("欧阳明珠", "oymz"):
		results = search_link("Party Member", typed)
		row = next(r for r in results if r["value"] == world.member.name)
		assert "oymz" not in row["description"] and "ouyangmingzhu" not in row["description"], row
		assert world.tree.branch.name in row["description"]


def test_a_refused_record_is_explained_in_chinese_without_frappes_internal_words(world):
	frappe.local.lang = "zh"
	frappe.flags.has_permission_check_logs = []
	try:
		allowed = frappe.permissions.has_user_permission(
			frappe.get_doc("Party Member", world.other.name), world.secretary
		)
		shown = " ".join(frappe.flags.has_permission_check_logs)
	finally:
		frappe.flags.has_permission_check_logs = None
	assert not allowed
	# Frappe names the record's kind by its Meta's own doctype ("DocType"); the app's zh leaves it out
	assert shown.startswith("您无权访问此记录：它所属的党组织不在您的授权范围内"), shown
	assert "DocType" not in shown


def test_every_doctype_a_secretary_can_read_is_named_in_chinese(world):
	"""The awesome bar offers every doctype the user can read (Frappe's as well as the app's): typing a
	member's initials ("sll") must not bring up "Custom HTML Block" in English."""
	frappe.set_user(world.secretary)
	language = frappe.local.lang
	frappe.local.lang = "zh"
	try:
		readable = frappe.get_user().get_can_read()
		assert "Custom HTML Block" in readable
		assert [d for d in readable if frappe._(d) == d] == []
	finally:
		frappe.local.lang = language
