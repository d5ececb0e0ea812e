"""The workspace 党建工作 in one answer (core/workspace.py): the same figures Frappe's own widget calls
give, for each user within their grants, cached, and a change shown at once."""

import json

import frappe
import pytest
from frappe.desk.doctype.number_card.number_card import get_result

from party_building.core import access, workspace
from party_building.core.charts import get as chart
from party_building.core.search import get_count
from party_building.dues.service import collection_rate_card
from party_building.party_building.dashboard_chart_source.joins_per_year.joins_per_year import (
	get as joins_per_year,
)
from tests.integration.factories import make_member, make_org, make_tree, make_user

PAGE = json.dumps({"name": workspace.WORKSPACE, "title": workspace.WORKSPACE, "public": 1})


@pytest.fixture
def world():
	workspace.forget()
	tree = make_tree()
	other = make_org("Branch", tree.general.name)
	members = [
		make_member(tree.branch.name, joined_on="2026-03-01", membership_type="Probationary"),
		make_member(tree.branch.name, joined_on="2019-07-01"),
		make_member(tree.branch.name, joined_on="2019-07-01"),
		make_member(other.name, joined_on="2025-05-04"),
	]
	secretary = make_user("Branch Secretary").name
	access.grant_access(tree.branch.name, secretary, "Branch Secretary")
	return frappe._dict(tree=tree, other=other, members=members, secretary=secretary)


def frappes_own(doc_name: str) -> object:
	"""The figure Frappe's widget call answers for a card (as the desk sends it)."""
	doc = frappe.get_doc("Number Card", doc_name)
	filters = json.loads(doc.filters_json or "[]")
	if doc.type == "Custom":
		return collection_rate_card(filters=filters)
	return get_result(frappe.as_json(doc.as_dict()), filters)


def check_same_as_frappe(figures: dict) -> None:
	cards = figures["cards"]
	assert set(cards) == {
		row.number_card_name for row in frappe.get_doc("Workspace", "Party Building").number_cards
	}
	for name, card in cards.items():
		assert card["value"] == frappes_own(name), name
	by_branch = chart(chart_name=workspace.MEMBERS_BY_BRANCH, refresh=1)
	ours = figures["charts"][workspace.MEMBERS_BY_BRANCH]["data"]
	if by_branch is None:
		assert ours is None
	else:
		assert dict(zip(ours["labels"], ours["datasets"][0]["values"], strict=True)) == dict(
			zip(by_branch["labels"], by_branch["datasets"][0]["values"], strict=True)
		)
		assert ours["datasets"][0]["name"] == by_branch["datasets"][0]["name"]
		assert ours["datasets"][0]["values"] == sorted(ours["datasets"][0]["values"], reverse=True)
	assert figures["charts"]["Joins per Year"]["data"] == joins_per_year(filters="[]")
	shortcut = next(
		s for s in frappe.get_doc("Workspace", "Party Building").shortcuts if s.link_to == "Party Member"
	)
	assert figures["shortcuts"][frappe._(shortcut.label)] == get_count(
		"Party Member", filters=json.loads(shortcut.stats_filter)
	)


def test_the_workspace_shows_what_frappes_own_calls_show_for_each_user(world):
	"""Administrator (everything) and a branch secretary (their branch only): every card, both charts
	and the member shortcut equal what number_card.get_result, the card's method, the chart calls and
	get_count answer."""
	for user in ("Administrator", world.secretary):
		frappe.set_user(user)
		figures = workspace.figures()
		check_same_as_frappe(figures)
	# the secretary's figures are their branch's: 3 active members, 1 probationary, one branch
	cards = figures["cards"]
	assert cards[workspace.PARTY_MEMBERS]["value"] == 3
	assert cards[workspace.PROBATIONARY]["value"] == 1
	assert figures["charts"][workspace.MEMBERS_BY_BRANCH]["data"]["labels"] == [world.tree.branch.name]
	assert cards[workspace.PARTY_MEMBERS]["doc"]["name"] == workspace.PARTY_MEMBERS  # the widget's document


def test_a_new_member_shows_at_once_though_the_figures_are_cached(world):
	frappe.set_user(world.secretary)
	before = workspace.figures()
	assert frappe.cache.hget(workspace.CACHE_KEY, f"figures|{workspace.cache_field()}") == before  # kept
	frappe.set_user("Administrator")
	make_member(world.tree.branch.name, membership_type="Probationary")
	frappe.set_user(world.secretary)
	after = workspace.figures()
	assert (
		after["cards"][workspace.PARTY_MEMBERS]["value"]
		== before["cards"][workspace.PARTY_MEMBERS]["value"] + 1
	)
	assert (
		after["cards"][workspace.PROBATIONARY]["value"]
		== before["cards"][workspace.PROBATIONARY]["value"] + 1
	)
	assert after["shortcuts"] != before["shortcuts"]
	check_same_as_frappe(after)


def test_a_member_who_leaves_drops_out_at_once(world):
	"""A standing change through the document (db_set runs on_change) is counted at once too."""
	frappe.set_user(world.secretary)
	before = workspace.figures()["cards"][workspace.PARTY_MEMBERS]["value"]
	frappe.set_user("Administrator")
	frappe.get_doc("Party Member", world.members[1].name).db_set("standing", "Left")
	frappe.set_user(world.secretary)
	assert workspace.figures()["cards"][workspace.PARTY_MEMBERS]["value"] == before - 1


def test_each_user_has_their_own_figures(world):
	frappe.set_user("Administrator")
	everything = workspace.figures()
	frappe.set_user(world.secretary)
	own = workspace.figures()
	assert everything["cards"][workspace.PARTY_MEMBERS]["value"] >= 4
	assert own["cards"][workspace.PARTY_MEMBERS]["value"] == 3
	assert world.other.name not in own["charts"][workspace.MEMBERS_BY_BRANCH]["data"]["labels"]


def desk_call(cmd: str, **form):
	"""cmd as the desk's POST reaches it: through Frappe's handler and the app's overrides."""
	from frappe.handler import execute_cmd
	from werkzeug.test import EnvironBuilder
	from werkzeug.wrappers import Request

	frappe.local.request = Request(
		EnvironBuilder(method="POST", path=f"/api/method/{cmd}", data=form).get_environ()
	)
	frappe.local.form_dict = frappe._dict(form)
	try:
		return execute_cmd(cmd)
	finally:
		del frappe.local.request  # as outside a request (a print reads a request only if there is one)
		frappe.local.form_dict = frappe._dict()


def test_the_workspace_page_brings_its_figures_and_other_pages_do_not(world):
	frappe.set_user(world.secretary)
	page = desk_call("frappe.desk.desktop.get_desktop_page", page=PAGE)
	assert page["party_building"]["figures"] == workspace.figures()
	assert "dashboard_settings" in page["party_building"]
	assert page["number_cards"]["items"] and page["charts"]["items"]  # Frappe's own answer is kept
	sidebar = desk_call("frappe.desk.desktop.get_workspace_sidebar_items")
	assert [p["name"] for p in sidebar["pages"]] == [workspace.WORKSPACE]  # a secretary sees the app's only
	frappe.set_user("Administrator")
	other = desk_call("frappe.desk.desktop.get_desktop_page", page=json.dumps({"name": "Users", "public": 1}))
	assert "party_building" not in (other or {})


def test_a_new_grant_shows_at_once(world):
	"""The cache key holds no grant: the User Permission's document event forgets the figures."""
	frappe.set_user(world.secretary)
	assert workspace.figures()["cards"][workspace.PARTY_MEMBERS]["value"] == 3
	frappe.set_user("Administrator")
	access.grant_access(world.other.name, world.secretary, "Branch Secretary")
	frappe.cache.delete_value("user_permissions")  # as a new request reads them (Frappe's own cache)
	frappe.set_user(world.secretary)
	assert workspace.figures()["cards"][workspace.PARTY_MEMBERS]["value"] == 4
