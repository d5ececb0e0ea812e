"""What a branch secretary's queries read must not grow with the site (issue 20: a province is one
site): the isolation rule reads nothing per organization of the site, and every organization field
the rule filters on has an index."""

import frappe

from party_building.core import access, search
from tests.integration.factories import granted_user, make_member, make_org, make_tree


def reads(fn) -> int:
	"""Rows and index entries MariaDB read while `fn` ran (this connection's handler counters)."""

	def counters() -> int:
		rows = frappe.db.sql("show session status like 'Handler_read%%'")
		return sum(int(v) for _k, v in rows)

	before = counters()
	fn()
	return counters() - before - 1  # the first counters() query's own status row


def test_a_secretarys_isolation_rule_reads_as_much_in_a_bigger_site():
	tree = make_tree()
	secretary = granted_user("Branch Secretary", tree.branch.name)

	def rule():
		condition = access.organization_query(secretary, "Party Member")
		assert tree.branch.name in condition  # the branch only, not "nothing outside"

	rule()  # warm caches (the user's grants)
	small = reads(rule)
	for _ in range(40):  # the site grows: organizations the secretary has nothing to do with
		make_org("Branch", tree.general.name)
	rule()
	assert reads(rule) == small  # a count of the organizations read them all, on every query


def test_the_county_admin_is_not_filtered_when_granted_every_organization():
	tree = make_tree()
	every = frappe.get_all("Party Organization", pluck="name")
	assert access.covers_every_organization(every)
	assert not access.covers_every_organization([n for n in every if n != tree.branch.name])


def admin_of_every_tree() -> tuple[str, list[str]]:
	"""A Party Admin granted every top-level organization of the site (and so every organization),
	and those top-level organizations."""
	tops = frappe.get_all(
		"Party Organization", filters={"parent_party_organization": ("is", "not set")}, pluck="name"
	)
	admin = granted_user("Party Admin", tops[0])
	for top in tops[1:]:
		frappe.get_doc(
			{"doctype": "User Permission", "user": admin, "allow": "Party Organization", "for_value": top}
		).insert(ignore_permissions=True)
	return admin, tops


def test_an_admin_granted_every_tree_is_not_filtered_and_reads_as_much_in_a_bigger_site():
	"""With the user, the rule asks the tree for an organization outside the grants' ranges (the lft
	index: nothing to read for an admin of everything), not for one outside a list of every name."""
	tree = make_tree()
	admin, _tops = admin_of_every_tree()
	assert access.covers_every_organization(access.isolation_organizations(admin), admin)

	def rule():
		assert access.organization_query(admin, "Party Member") == ""

	rule()
	every = reads(rule)
	for _ in range(40):
		make_org("Branch", tree.general.name)
	rule()  # forget_organization_grants: the new branches are the admin's at once
	assert reads(rule) == every

	# the committee alone, not what is under it (a grant that hides descendants): its branch is outside
	grant = frappe.get_doc("User Permission", {"user": admin, "for_value": tree.committee.name})
	grant.hide_descendants = 1
	grant.save(ignore_permissions=True)
	assert not access.covers_every_organization(access.isolation_organizations(admin), admin)
	condition = access.organization_query(admin, "Party Member")
	assert tree.committee.name in condition and tree.branch.name not in condition


def sent_while(fn) -> tuple[object, list[str]]:
	"""fn's answer and the SQL it sent."""
	sent, sql = [], frappe.db.sql

	def capture(query, *args, **kwargs):
		sent.append(str(query))
		return sql(query, *args, **kwargs)

	frappe.db.sql = capture
	try:
		return fn(), sent
	finally:
		frappe.db.sql = sql


def test_the_member_search_sends_no_organization_list_for_an_admin_granted_every_organization():
	"""Frappe's user-permission filter on the member's branch would list every organization for an
	admin granted all of them (and then look up the documents shared with them): it hides nothing and
	is left out (search.MemberQuery), the isolation rule's tree read once. A secretary's search keeps it:
	the same members as frappe.get_list, for both."""
	tree = make_tree()
	member = make_member(tree.branch.name)
	initials = frappe.db.get_value("Party Member", member.name, "name_initials")
	admin, tops = admin_of_every_tree()
	secretary = granted_user("Branch Secretary", tree.branch.name)

	def found(user):
		frappe.set_user(user)
		return sent_while(lambda: search.member_query("Party Member", initials, page_len=1000))

	def listed(user):
		frappe.set_user(user)
		like = [["Party Member", "name_initials", "like", initials + "%"]]
		return frappe.get_list("Party Member", filters=like, pluck="name", limit_page_length=0)

	found(admin)  # Frappe caches the user's permissions
	rows, sent = found(admin)
	assert member.name in {r[0] for r in rows}
	assert {r[0] for r in rows} == set(listed(admin))
	assert not any(tree.branch.name in q or "tabDocShare" in q for q in sent)
	assert sum("`tabUser Permission`" in q for q in sent) == 1  # the grants' ranges, read once

	rows, sent = found(secretary)
	assert {r[0] for r in rows} == set(listed(secretary)) and member.name in {r[0] for r in rows}
	assert any(tree.branch.name in q for q in sent)

	# a grant of one doctype's records only: Frappe's filter (of the other grants) stays as it is
	frappe.set_user("Administrator")
	grant = frappe.get_doc("User Permission", {"user": admin, "for_value": tops[0]})
	grant.apply_to_all_doctypes, grant.applicable_for = 0, "Party Activity"
	grant.save(ignore_permissions=True)
	rows, sent = found(admin)
	assert {r[0] for r in rows} == set(listed(admin))
	assert any("`tabParty Member`.`branch` in (" in q for q in sent)


def indexed_first(doctype: str) -> set[str]:
	return {row[4] for row in frappe.db.sql(f"show index from `tab{doctype}`") if row[3] == 1}


def test_every_organization_field_of_the_isolation_rule_is_indexed():
	"""A secretary's list, report or search filters by these: without an index each reads the whole
	table (every county's rows)."""
	missing = [
		f"{doctype}.{field}"
		for doctype in access.isolated_doctypes()
		for field in access.scope_fields(doctype)
		if field != "name" and field not in indexed_first(doctype)
	]
	assert missing == []


def test_the_attendance_absence_index_starts_with_the_organization():
	"""The compliance report's members absent three times in a row: a branch's rows from the index,
	not every long absence of the site."""
	assert "organization" in indexed_first("Party Activity Attendee")
	assert not frappe.db.has_index("tabParty Activity Attendee", "absence_run")


def index_columns(doctype: str, index: str) -> list[str]:
	return [row[4] for row in frappe.db.sql(f"show index from `tab{doctype}`") if row[2] == index]


def test_the_fund_summary_sums_expenses_from_an_index():
	"""Each fund's expenses summed without reading a row: (parent, parenttype, amount, over_budget)."""
	assert index_columns("Party Work Fund Expense", "fund_spent") == [
		"parent",
		"parenttype",
		"amount",
		"over_budget",
	]


def test_the_lectures_are_found_by_their_type_first():
	"""The compliance bulletin's secretaries' 党课: the organizations' lectures, not all their activities."""
	assert index_columns("Party Activity", "lectures") == ["activity_type", "organization", "activity_date"]


def test_the_rectification_progress_counts_from_an_index():
	"""Each organization's items counted (by category, state, deadline, close-out and found date)
	without reading a row: at four counties the rows read one by one made the report grow faster than
	the data."""
	assert index_columns("Rectification Item", "progress") == [
		"organization",
		"category",
		"workflow_state",
		"deadline",
		"closed_on",
		"found_on",
	]


def test_a_scope_of_most_of_the_tree_is_read_whole_and_a_branchs_by_its_index():
	"""access.Scope.is_broad: the dues arrears read the whole register without the branch index only
	when the report covers a quarter of the tree or more (four counties' admin: 4–5 × faster whole)."""
	make_tree()
	size = frappe.db.sql("select max(rgt) from `tabParty Organization`")[0][0]
	assert size >= 8
	assert access.Scope([(1, size)]).is_broad()
	assert access.Scope([(1, size // 4), (size // 2, size // 2 + 1)]).is_broad()  # ranges add up
	assert not access.Scope([(1, size // 8)]).is_broad()
	assert not access.Scope([]).is_broad()
