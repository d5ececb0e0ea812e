"""The trust boundary over HTTP: each way around isolation and approvals that was found open, sent as
a real request to the served site by a branch secretary (or the county's upper-level admin).

A demo county (信任县) is built and committed; branch A and branch B are two of its branches with a
secretary each. Every test says what the request tried and proves the answer and the data.
"""

import json
import re

import frappe
import pytest

from party_building.core import access
from party_building.demo import DEMO_PASSWORD, County
from party_building.organization.service import subtree
from tests.integration.live import (
	branch_secretaries,
	committed_demo,
	login,
	served_site,
	shown_message,
)

COUNTY = County("信任县")


@pytest.fixture(scope="module")
def county():
	with committed_demo(COUNTY, seed=8):
		(a, a_secretary), (b, b_secretary) = branch_secretaries(COUNTY)[:2]

		def members(org, **filters):
			return frappe.get_all(
				"Party Member",
				filters={"branch": org, "standing": "Active", **filters},
				fields=["name", "full_name", "id_number", "membership_type", "joined_on"],
				order_by="name",
			)

		yield frappe._dict(
			a=a,
			b=b,
			a_secretary=a_secretary,
			b_secretary=b_secretary,
			admin=COUNTY.admin_user,
			a_members=members(a),
			b_members=members(b),
			b_probationary=members(b, membership_type="Probationary"),
		)


@pytest.fixture(scope="module")
def site():
	with served_site() as url:
		yield url


def call(session, url, method, **data):
	return session.post(f"{url}/api/method/{method}", data=data, timeout=60)


# --- 1. link search ---------------------------------------------------------------------------------


def test_link_search_with_ignore_user_permissions_shows_nothing_of_another_branch(county, site):
	session = login(site, county.b_secretary, DEMO_PASSWORD)
	a_orgs = subtree(county.a)
	found = []
	for doctype in access.isolated_doctypes():
		fields = access.scope_fields(doctype)
		names = frappe.get_all(doctype, or_filters={f: ("in", a_orgs) for f in fields}, pluck="name", limit=3)
		for name in names:
			for method in ("frappe.desk.search.search_link", "frappe.desk.search.search_widget"):
				response = call(
					session,
					site,
					method,
					doctype=doctype,
					txt=name,
					ignore_user_permissions=1,
					page_length=50,
				)
				if response.ok and name in response.text:
					found.append(f"{method} {doctype} {name}")
	assert not found, found
	# and B's own records are found the same way
	own = call(
		session,
		site,
		"frappe.desk.search.search_link",
		doctype="Party Member",
		txt=county.b_members[0].full_name,
		ignore_user_permissions=1,
	)
	assert own.ok and county.b_members[0].name in own.text


# --- 2. counts --------------------------------------------------------------------------------------


def test_get_count_counts_only_the_branchs_own_records(county, site):
	session = login(site, county.b_secretary, DEMO_PASSWORD)

	def count(doctype, filters=None):
		response = call(
			session, site, "frappe.client.get_count", doctype=doctype, filters=json.dumps(filters or {})
		)
		assert response.ok, response.text[:300]
		return response.json()["message"]

	assert count("Party Member") == len(
		frappe.get_all("Party Member", filters={"branch": ("in", subtree(county.b))}, pluck="name")
	)
	assert count("Party Member", {"branch": county.a}) == 0
	someone = county.a_members[0]
	assert (
		count(
			"Party Member",
			{"full_name": someone.full_name, "id_number": ("like", someone.id_number[:6] + "%")},
		)
		== 0
	)
	assert count("Party Activity", {"organization": county.a}) == 0
	assert count("Dues Payment", {"organization": county.a}) == 0
	# the same question asked by A's secretary is answered
	a_session = login(site, county.a_secretary, DEMO_PASSWORD)
	response = call(
		a_session,
		site,
		"frappe.client.get_count",
		doctype="Party Member",
		filters=json.dumps({"full_name": someone.full_name}),
	)
	assert response.json()["message"] >= 1


# --- 3. fields only a process sets, over REST ------------------------------------------------------


def put(session, url, doctype, name, values):
	return session.put(f"{url}/api/resource/{doctype}/{name}", json=values, timeout=60)


def test_rest_edits_cannot_walk_around_admission_standing_or_election(county, site):
	session = login(site, county.b_secretary, DEMO_PASSWORD)
	member = county.b_probationary[0] if county.b_probationary else county.b_members[0]
	before = frappe.db.get_value(
		"Party Member", member.name, ["membership_type", "standing", "branch", "full_member_on"], as_dict=True
	)
	attempts = [
		({"membership_type": "Full", "full_member_on": "2026-01-05"}, "发展党员"),
		({"standing": "Left"}, "党籍变动"),
		({"branch": county.a}, ""),  # out of the secretary's own subtree: refused before any rule
	]
	for values, process in attempts:
		response = put(session, site, "Party Member", member.name, values)
		assert response.status_code in (403, 417), (values, response.status_code, response.text[:300])
		shown = shown_message(response)
		assert process in shown and "Not allowed" not in shown, shown
	assert (
		frappe.db.get_value(
			"Party Member",
			member.name,
			["membership_type", "standing", "branch", "full_member_on"],
			as_dict=True,
		)
		== before
	)
	org_before = frappe.db.get_value("Party Organization", county.b, ["term_end", "status"], as_dict=True)
	for values in ({"term_end": "2040-12-31"}, {"status": "Dissolved"}):
		response = put(session, site, "Party Organization", county.b, values)
		assert response.status_code in (403, 417), (values, response.status_code, response.text[:300])
		assert "选举" in shown_message(response)
	assert (
		frappe.db.get_value("Party Organization", county.b, ["term_end", "status"], as_dict=True)
		== org_before
	)
	# a field no process owns stays editable
	response = put(session, site, "Party Member", member.name, {"phone": "13800001234"})
	assert response.ok, response.text[:300]
	frappe.db.rollback()  # the server committed: read fresh
	assert frappe.db.get_value("Party Member", member.name, "phone") == "13800001234"


# --- 4. ending membership goes through the upper level --------------------------------------------


def test_an_expulsion_takes_effect_only_by_the_upper_levels_approval(county, site):
	secretary = login(site, county.b_secretary, DEMO_PASSWORD)
	member = county.b_members[-1]
	response = secretary.post(
		f"{site}/api/resource/Standing Change",
		json={
			"member": member.name,
			"change_type": "Leaving",
			"reason": "Expulsion",
			"effective_date": "2026-11-10",
		},
		timeout=60,
	)
	assert response.ok, response.text[:300]
	doc = response.json()["data"]
	assert doc["workflow_state"] == "Standing Draft" and doc["needs_upper_level"] == 1
	# submitting it directly (REST) is refused: only the upper level decides
	response = put(secretary, site, "Standing Change", doc["name"], {"docstatus": 1})
	assert response.status_code in (403, 417), response.text[:300]
	assert "开除党籍" in shown_message(response) and "须由上级党组织决定" in shown_message(response)
	assert "Leaving" not in shown_message(response)
	# the workflow's way to take effect at once is not open to it either
	response = call(
		secretary, site, "frappe.model.workflow.apply_workflow", doc=json.dumps(doc), action="Put into Effect"
	)
	assert not response.ok
	frappe.db.rollback()
	assert frappe.db.get_value("Standing Change", doc["name"], "docstatus") == 0
	assert frappe.db.get_value("Party Member", member.name, "standing") == "Active"
	# the branch submits it to the upper level, which approves it
	response = call(
		secretary,
		site,
		"frappe.model.workflow.apply_workflow",
		doc=json.dumps(doc),
		action="Submit to Upper Level",
	)
	assert response.ok, response.text[:300]
	assert response.json()["message"]["workflow_state"] == "Submitted to Upper Level"
	response = call(
		secretary, site, "frappe.model.workflow.apply_workflow", doc=json.dumps(doc), action="Approve"
	)
	assert not response.ok
	upper = login(site, county.admin, DEMO_PASSWORD)
	response = call(
		upper, site, "frappe.model.workflow.apply_workflow", doc=json.dumps(doc), action="Approve"
	)
	assert response.ok, response.text[:300]
	frappe.db.rollback()
	assert frappe.db.get_value("Standing Change", doc["name"], ["docstatus", "workflow_state"]) == (
		1,
		"Standing Effective",
	)
	assert frappe.db.get_value("Party Member", member.name, "standing") == "Left"
	# revoking it is the upper level's too
	response = secretary.post(
		f"{site}/api/method/frappe.client.cancel",
		data={"doctype": "Standing Change", "name": doc["name"]},
		timeout=60,
	)
	assert response.status_code == 403
	frappe.db.rollback()
	assert frappe.db.get_value("Party Member", member.name, "standing") == "Left"


def test_a_death_is_put_into_effect_by_the_branch(county, site):
	secretary = login(site, county.b_secretary, DEMO_PASSWORD)
	member = county.b_members[-2]
	response = secretary.post(
		f"{site}/api/resource/Standing Change",
		json={"member": member.name, "change_type": "Death", "effective_date": "2026-11-01"},
		timeout=60,
	)
	assert response.ok, response.text[:300]
	doc = response.json()["data"]
	assert doc["needs_upper_level"] == 0
	response = call(
		secretary,
		site,
		"frappe.model.workflow.apply_workflow",
		doc=json.dumps(doc),
		action="Submit to Upper Level",
	)
	assert not response.ok  # nothing for the upper level to decide
	response = call(
		secretary, site, "frappe.model.workflow.apply_workflow", doc=json.dumps(doc), action="Put into Effect"
	)
	assert response.ok, response.text[:300]
	frappe.db.rollback()
	assert frappe.db.get_value("Party Member", member.name, "standing") == "Deceased"


# --- 5. the upper level builds in its subtree ----------------------------------------------------------


def test_the_upper_level_admin_creates_a_branch_and_its_groups_and_sees_them_at_once(county, site):
	upper = login(site, county.admin, DEMO_PASSWORD)
	desk = upper.get(f"{site}/app", timeout=60)  # logged in and the desk booted before the branch exists
	assert desk.ok
	token = re.search(r'csrf_token = "([^"]+)"', desk.text)
	upper.headers["X-Frappe-CSRF-Token"] = token.group(1) if token else ""
	general = frappe.get_all(
		"Party Organization",
		filters={"name": ("in", subtree(COUNTY.root)), "org_type": "General Branch"},
		pluck="name",
		limit=1,
	)[0]
	response = upper.post(
		f"{site}/api/resource/Party Organization",
		json={
			"organization_name": "信任县新建党支部",
			"org_type": "Branch",
			"parent_party_organization": general,
		},
		timeout=60,
	)
	assert response.ok, response.text[:300]
	branch = response.json()["data"]["name"]
	for n in (1, 2):
		response = upper.post(
			f"{site}/api/resource/Party Organization",
			json={
				"organization_name": f"信任县新建党小组{n}",
				"org_type": "Party Group",
				"parent_party_organization": branch,
			},
			timeout=60,
		)
		assert response.ok, response.text[:300]
	listed = upper.get(
		f"{site}/api/resource/Party Organization",
		params={"filters": json.dumps({"parent_party_organization": branch}), "limit_page_length": 10},
		timeout=60,
	)
	assert len(listed.json()["data"]) == 2
	assert upper.get(f"{site}/api/resource/Party Organization/{branch}", timeout=60).ok
	# a branch secretary creates nothing, and nobody creates beside or above their grant
	secretary = login(site, county.b_secretary, DEMO_PASSWORD)
	response = secretary.post(
		f"{site}/api/resource/Party Organization",
		json={
			"organization_name": "信任县越权支部",
			"org_type": "Branch",
			"parent_party_organization": general,
		},
		timeout=60,
	)
	assert response.status_code == 403
	response = upper.post(
		f"{site}/api/resource/Party Organization",
		json={"organization_name": "信任县越级党委", "org_type": "Party Committee"},
		timeout=60,
	)
	assert response.status_code == 403
	assert "新建党组织只能建在您管理的党组织之下" in shown_message(response)
	frappe.db.rollback()
	assert not frappe.db.exists(
		"Party Organization", {"organization_name": ("in", ["信任县越权支部", "信任县越级党委"])}
	)


# --- 6. a refusal names nothing it protects ------------------------------------------------------------


def test_refusals_do_not_name_the_other_branchs_records(county, site):
	session = login(site, county.b_secretary, DEMO_PASSWORD)
	someone = county.a_members[0]
	responses = [
		session.get(f"{site}/api/resource/Party Member/{someone.name}", timeout=60),
		call(session, site, "frappe.desk.form.load.getdoc", doctype="Party Member", name=someone.name),
		call(
			session,
			site,
			"frappe.client.get_value",
			doctype="Party Member",
			filters=json.dumps({"name": someone.name}),
			fieldname="full_name",
		),
	]
	for response in responses:
		text = shown_message(response) + response.text
		assert response.status_code == 403 or someone.full_name not in text, response.text[:300]
		assert someone.full_name not in text and county.a not in text, text[:300]
