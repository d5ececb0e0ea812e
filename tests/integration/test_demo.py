"""The demo county, built inside the test transaction as a county of its own (测试县), then checked.

make_demo(commit=False) neither commits nor writes global search rows (a table that no rollback
undoes). The users it creates (…@ceshixian.example.com) go with the rollback; the fixture then
drops their cached roles and permissions.
"""

import datetime

import frappe
import pytest

from party_building.demo import County, make_demo
from party_building.members import idcard
from party_building.members.rules import ACTIVE, FULL, PROBATIONARY, age_on
from party_building.organization.rules import BRANCH, PARTY_GROUP, SECRETARY, add_years
from party_building.organization.service import subtree
from tests.integration.factories import demo_county, make_member

COUNTY = County("测试县")
TODAY = datetime.date.today()


@pytest.fixture(scope="module")
def demo():
	language, frappe.local.lang = frappe.local.lang, "en"  # as the bench command runs
	try:
		with demo_county(COUNTY.name, seed=7) as summary:
			frappe.local.lang = language
			yield summary
	finally:
		frappe.local.lang = language


def organizations() -> list[dict]:
	return frappe.get_all(
		"Party Organization",
		filters={"name": ("in", subtree(COUNTY.root))},
		fields=["name", "org_type", "status", "parent_party_organization", "secretary"],
	)


def members() -> list[dict]:
	return frappe.get_all(
		"Party Member",
		filters={"branch": ("in", subtree(COUNTY.root))},
		fields=["*"],
		order_by="name",
	)


def test_tiny_demo_has_its_tree_and_members(demo):
	orgs = organizations()
	rows = members()
	assert not demo["skipped"]
	assert demo["members"] == len(rows) == 24
	assert {o.org_type for o in orgs} >= {"Party Committee", "General Branch", BRANCH, PARTY_GROUP}
	assert all(o.status == "Active" for o in orgs)
	assert sum(r.membership_type == PROBATIONARY for r in rows) == demo["probationary"] > 0


def test_the_demo_writes_its_stored_texts_in_chinese(demo):
	# built in English (the fixture); what the records store through _() is the county's Chinese
	remarks = frappe.get_all(
		"Dues Ledger Entry",
		filters={"organization": ("in", subtree(COUNTY.root)), "entry_type": "Use"},
		pluck="remarks",
	)
	assert remarks and all("（批复" in r and "approval" not in r for r in remarks), remarks[:3]


def test_every_member_has_a_valid_unique_resident_id(demo):
	rows = members()
	for r in rows:
		assert idcard.check(r.id_number, r.birth_date, r.gender) is None, r.id_number
		assert 23 <= age_on(r.birth_date, TODAY) <= 85
		assert (r.name_pinyin, r.name_initials) != ("", "")
	assert len({r.id_number for r in rows}) == len(rows)


def test_active_branches_have_three_full_members_and_one_secretary(demo):
	rows = members()
	for org in organizations():
		if org.org_type != BRANCH:
			continue
		full = [
			r for r in rows if r.branch == org.name and r.membership_type == FULL and r.standing == ACTIVE
		]
		assert len(full) >= 3, org.name
		doc = frappe.get_doc("Party Organization", org.name)
		secretaries = [c for c in doc.committee if c.is_current and c.position == SECRETARY]
		assert len(secretaries) == 1, org.name
		assert doc.secretary == secretaries[0].member


def test_membership_dates_follow_the_rules(demo):
	for r in members():
		assert r.joined_on >= add_years(r.birth_date, 18)
		if r.membership_type == PROBATIONARY:
			assert r.full_member_on is None
			assert r.party_age == 0
			assert TODAY - datetime.timedelta(days=366) < r.joined_on <= TODAY
		else:
			assert r.full_member_on == add_years(r.joined_on, 1) <= TODAY


def test_committee_members_are_active_full_members_of_the_organization(demo):
	by_name = {r.name: r for r in members()}
	for org in organizations():
		inside = set(subtree(org.name))
		for row in frappe.get_doc("Party Organization", org.name).committee:
			if not row.is_current:
				continue
			member = by_name[row.member]
			assert (member.membership_type, member.standing) == (FULL, ACTIVE), row.member
			assert member.branch in inside


def test_party_groups_sit_under_their_members_branch(demo):
	parents = {o.name: o.parent_party_organization for o in organizations() if o.org_type == PARTY_GROUP}
	grouped = [r for r in members() if r.party_group]
	assert grouped
	assert all(parents[r.party_group] == r.branch for r in grouped)


def test_secretary_user_sees_only_their_branch(demo):
	secretary = COUNTY.secretary_user(1)
	branch = frappe.db.get_value(
		"User Permission", {"user": secretary, "allow": "Party Organization"}, "for_value"
	)
	assert "Branch Secretary" in frappe.get_roles(secretary)
	assert frappe.db.get_value("Party Member", {"user": secretary}, "branch") == branch
	assert frappe.db.exists(
		"User Permission",
		{"user": COUNTY.admin_user, "allow": "Party Organization", "for_value": COUNTY.root},
	)
	frappe.set_user(secretary)
	seen = frappe.get_list("Party Member", fields=["branch"], limit_page_length=0)
	assert seen
	assert {r.branch for r in seen} == {branch}


def test_the_tree_is_a_nested_set_as_one_insert_after_the_other_makes_it(demo):
	"""The organizations are written a level at a time: every node inside its parent, no two nodes
	sharing a bound, the whole table numbered 1…2n without a gap."""
	rows = frappe.get_all("Party Organization", fields=["name", "lft", "rgt", "parent_party_organization"])
	by_name = {r.name: r for r in rows}
	bounds = sorted(b for r in rows for b in (r.lft, r.rgt))
	assert bounds == list(range(1, 2 * len(rows) + 1))
	for r in rows:
		parent = by_name.get(r.parent_party_organization)
		assert r.lft < r.rgt
		assert not parent or parent.lft < r.lft < r.rgt < parent.rgt, r.name
	county = [r for r in rows if r.name in set(subtree(COUNTY.root))]
	assert len(county) > 4


def test_desk_inserts_continue_the_member_series(demo):
	branch = next(o.name for o in organizations() if o.org_type == BRANCH)
	member = make_member(branch)
	assert member.name > max(r.name for r in members() if r.name != member.name)


def test_the_demo_leaves_no_gap_in_the_series_it_names_rows_from(demo):
	"""The demo reserves names in large blocks and gives back what it did not use: a meeting the desk
	records next takes the number after the demo's last one."""
	prefix = f"PA-{TODAY.year}-"
	names = frappe.get_all("Party Activity", filters={"name": ("like", prefix + "%")}, pluck="name")
	assert names
	highest = max(int(n[len(prefix) :]) for n in names)
	current = frappe.db.sql("select `current` from `tabSeries` where `name` = %s", prefix)[0][0]
	assert current == highest


def test_series_names_give_back_what_they_did_not_use(demo):
	from party_building.demo import SeriesNames

	prefix = "PB-TEST-SERIES-"
	series = SeriesNames(block=1000)
	taken = [series.next(prefix, "Party Activity", 4) for _ in range(3)]
	assert frappe.db.sql("select `current` from `tabSeries` where `name` = %s", prefix)[0][0] >= 1000
	series.release()
	assert frappe.db.sql("select `current` from `tabSeries` where `name` = %s", prefix)[0][0] == int(
		taken[-1][len(prefix) :]
	)


def test_save_all_saves_as_save_does_and_refuses_a_document_changed_since_it_was_loaded(demo):
	from party_building.core.bulk import load_all
	from party_building.demo import save_all

	branch = next(o.name for o in organizations() if o.org_type == BRANCH)
	doc = load_all("Party Organization", [branch])[branch]
	doc._doc_before_save = load_all("Party Organization", [branch])[branch]
	doc.theme_day = 40  # a branch's theme day is checked by its controller
	with pytest.raises(frappe.ValidationError):
		save_all([doc])
	assert frappe.db.get_value("Party Organization", branch, "theme_day") != 40

	doc = load_all("Party Organization", [branch])[branch]
	doc._doc_before_save = load_all("Party Organization", [branch])[branch]
	doc.theme_day = 12
	save_all([doc])
	assert frappe.db.get_value("Party Organization", branch, "theme_day") == 12

	doc = load_all("Party Organization", [branch])[branch]
	doc._doc_before_save = load_all("Party Organization", [branch])[branch]
	frappe.db.set_value("Party Organization", branch, "establishment_doc_no", "另一文号")  # saved meanwhile
	with pytest.raises(ValueError):
		save_all([doc])


def test_second_run_skips_and_reset_builds_again(demo):
	before = {r.name for r in members()}
	again = make_demo(scale="tiny", seed=7, commit=False, county=COUNTY.name)
	assert again["skipped"]
	rebuilt = make_demo(scale="tiny", seed=7, reset=True, commit=False, county=COUNTY.name)
	after = {r.name for r in members()}
	assert rebuilt["deleted"]["Party Member"] == len(before)
	assert len(after) == len(before) and not before & after
	assert frappe.db.count("Party Member", {"name": ("in", list(before))}) == 0


def test_reset_finds_the_same_links_by_one_read_as_by_in_lists(demo):
	"""Beyond FEW targets the reset matches a link column's values in Python (one read of the table);
	it must find exactly the rows the IN lists find."""
	from party_building.demo import FEW, linking_rows

	names = [r.name for r in members()]
	padded = names + [f"no-such-member-{n}" for n in range(FEW)]
	for doctype, fieldname, is_child in (
		("Party Activity Attendee", "member", True),
		("Points Entry", "member", False),
		("Dues Payment Month", "member", True),
	):
		by_in_lists = set(linking_rows(doctype, fieldname, is_child, names))
		assert by_in_lists, doctype
		assert set(linking_rows(doctype, fieldname, is_child, set(padded))) == by_in_lists, doctype


def test_nothing_is_committed():
	make_demo(scale="tiny", seed=7, reset=True, commit=False, county=COUNTY.name)
	frappe.db.rollback()
	assert not frappe.db.exists("Party Organization", COUNTY.root)
	assert not frappe.db.exists("User", COUNTY.admin_user)
