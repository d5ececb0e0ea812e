# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""党员积分排名: the points of each member (and activist) of an organization's subtree over a period, by
category, ranked; probationary members and activists are scored alike but marked."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Max, Sum
from frappe.utils import get_first_day, get_last_day, getdate, today

from party_building.core.access import Scope, in_scope, report_scope, within
from party_building.core.reports import card, link_column
from party_building.ledgers import rules
from party_building.members.rules import ACTIVE, PROBATIONARY

CATEGORY_FIELDS = {
	rules.ORGANIZATIONAL_LIFE: "organizational_life",
	rules.STUDY: "study",
	rules.EXEMPLARY_ROLE: "exemplary_role",
	rules.DEDUCTION: "deduction",
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return get_columns(filters), rows, None, chart(rows), summary(rows)


def period(filters: frappe._dict):
	on = getdate(today())
	start = getdate(filters.get("from_date") or get_first_day(on.replace(month=1)))
	end = getdate(filters.get("to_date") or get_last_day(on.replace(month=12)))
	return start, end


def get_data(filters: frappe._dict) -> list[dict]:
	start, end = period(filters)
	orgs = report_scope(filters.get("organization"))
	include_zero = bool(int(filters.get("include_zero", 1) or 0))
	whole = whole_years(start, end)
	people: dict[str, dict] = {}
	if include_zero and whole:
		# the usual ranking (whole years, everyone): the register with its points in one query, then
		# the few who earned points here but are not active members here now
		register_with_points(people, start.year, end.year, orgs)
		sums = yearly_sums(start.year, end.year, orgs, besides_the_register=True)
	elif whole:
		sums = yearly_sums(start.year, end.year, orgs)
	else:
		sums = period_sums(start, end, orgs)

	for row in sums:
		person = people[row[0] or row[1]] = blank(row[0], row[1], row[2])
		set_points(person, row[3:8])
	add_names(people, orgs, include_zero and not whole)

	ordered = sorted(
		people.values(),
		key=lambda p: (p["organization"] or "", p["person_name"] or "", p["member"] or p["activist"]),
	)
	rows = []
	activist, probationary = _("Activist"), _("Probationary Member")  # once, not per row
	for key, _total, place in rules.rank((p["member"] or p["activist"], p["total"]) for p in ordered):
		person = people[key]
		person["rank"] = place
		person["mark"] = (
			activist
			if person["activist"]
			else probationary
			if person["membership_type"] == PROBATIONARY
			else ""
		)
		rows.append(person)
	return rows


def register_with_points(people: dict[str, dict], first_year: int, last_year: int, orgs: Scope | None):
	"""Every active member of the organizations with their points of the years earned here (the
	tally's rows in the organizations; 0 without any)."""
	member = frappe.qb.DocType("Party Member")
	tally = frappe.qb.DocType("Points Tally")
	columns = [*CATEGORY_FIELDS.values(), "points"]
	earned = within(
		frappe.qb.from_(tally)
		.select(tally.member, *(Sum(tally[c]).as_(c) for c in columns))
		.where(tally.year[first_year:last_year] & tally.member.isnotnull())
		.groupby(tally.member),
		tally.organization,
		orgs,
	).as_("earned")
	query = (
		frappe.qb.from_(member)
		.left_join(earned)
		.on(earned.member == member.name)
		.select(
			member.name,
			member.full_name,
			member.branch,
			member.membership_type,
			*(earned[c] for c in columns),
		)
		.where(member.standing == ACTIVE)
	)
	# each person's row made at once, its keys written out (CATEGORY_FIELDS' fields): 10,000 of them,
	# and blank() then set_points() was a fifth of the report
	for name, full_name, branch, membership_type, life, study, role, deduction, total in within(
		query, member.branch, orgs
	).run():
		people[name] = {
			"member": name,
			"activist": None,
			"person_name": full_name,
			"organization": branch,
			"membership_type": membership_type,
			"organizational_life": float(life or 0),
			"study": float(study or 0),
			"exemplary_role": float(role or 0),
			"deduction": float(deduction or 0),
			"total": float(total or 0),
		}


def set_points(person: dict, points) -> None:
	"""The person's points by category and their total, in CATEGORY_FIELDS' order then the total."""
	*by_category, total = points
	for field, value in zip(CATEGORY_FIELDS.values(), by_category, strict=True):
		person[field] = float(value or 0)
	person["total"] = float(total or 0)


def whole_years(start, end) -> bool:
	return (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31) and start <= end


def yearly_sums(
	first_year: int, last_year: int, orgs: Scope | None, besides_the_register: bool = False
) -> list[tuple]:
	"""Whole years come from the tally that submitting and cancelling entries keep: one row per
	person and year, so the county's year is 10,000 rows instead of 300,000 entries.
	`besides_the_register`: only activists and members who are not active in the organizations now
	(register_with_points has the others)."""
	tally = frappe.qb.DocType("Points Tally")
	columns = [tally[f] for f in CATEGORY_FIELDS.values()] + [tally.points]
	query = frappe.qb.from_(tally).where(tally.year[first_year:last_year])
	if besides_the_register:  # each row's member looked up by its key, not a set of 10,000 names
		member = frappe.qb.DocType("Party Member")
		query = query.left_join(member).on(member.name == tally.member)
		elsewhere = member.standing != ACTIVE
		if orgs is not None:
			elsewhere = elsewhere | in_scope(member.branch, orgs).negate()
		query = query.where(tally.member.isnull() | member.name.isnull() | elsewhere)  # no register row too
	if first_year == last_year:
		query = query.select(tally.member, tally.activist, tally.organization, *columns)
	else:
		query = query.select(
			tally.member, tally.activist, Max(tally.organization), *(Sum(c) for c in columns)
		).groupby(tally.member, tally.activist)
	query = within(query, tally.organization, orgs)
	rows = query.run()
	if first_year == last_year:
		rows = merge_people(rows)  # a member who moved branch during the year has a row for each
	return rows


def merge_people(rows) -> list[tuple]:
	merged: dict[str, list] = {}
	for row in rows:
		key = row[0] or row[1]
		if key in merged:
			merged[key][3:] = [
				float(a or 0) + float(b or 0) for a, b in zip(merged[key][3:], row[3:], strict=True)
			]
		else:
			merged[key] = list(row)
	return list(merged.values())


def period_sums(start, end, orgs: Scope | None) -> list[tuple]:
	"""Any other period is summed from the submitted entries themselves."""
	entry = frappe.qb.DocType("Points Entry")
	by_category = [
		Sum(Case().when(entry.category == category, entry.points).else_(0)) for category in CATEGORY_FIELDS
	]
	query = (
		frappe.qb.from_(entry)
		.select(entry.member, entry.activist, Max(entry.organization), *by_category, Sum(entry.points))
		.where((entry.docstatus == 1) & entry.entry_date[start:end])
		.groupby(entry.member, entry.activist)
	)
	query = within(query, entry.organization, orgs)
	return query.run()


def blank(member: str | None, activist: str | None, organization: str | None) -> dict:
	return {
		"member": member,
		"activist": activist,
		"person_name": None,
		"organization": organization,
		"membership_type": None,
		**{f: 0.0 for f in CATEGORY_FIELDS.values()},
		"total": 0.0,
	}


def add_names(people: dict[str, dict], orgs: Scope | None, include_zero: bool) -> None:
	"""Names, branches and standing from the register (members with no points too, when asked), each
	with its branch's place in the tree (lft) to tell whether the branch is in the report's scope."""
	member = frappe.qb.DocType("Party Member")
	branch_of = frappe.qb.DocType("Party Organization")
	query = (
		frappe.qb.from_(member)
		.left_join(branch_of)
		.on(branch_of.name == member.branch)
		.select(member.name, member.full_name, member.branch, member.membership_type, branch_of.lft)
	)
	found = []
	if include_zero:
		active = query.where(member.standing == ACTIVE)
		active = within(active, member.branch, orgs)
		found = active.run()
	seen = {m[0] for m in found}
	missing = [k for k, p in people.items() if p["member"] and k not in seen and p["person_name"] is None]
	if missing:
		found += query.where(member.name.isin(missing)).run()
	for name, full_name, branch, membership_type, lft in found:
		person = people.get(name) or people.setdefault(name, blank(name, None, branch))
		person.update(person_name=full_name, membership_type=membership_type)
		# someone who moved away keeps the branch where they earned the points in view
		if orgs is None or orgs.covers(lft) or not person["organization"]:
			person["organization"] = branch
	activists = [k for k, p in people.items() if p["activist"]]
	if not activists:
		return
	development = frappe.qb.DocType("Member Development")
	for name, full_name, branch, lft in (
		frappe.qb.from_(development)
		.left_join(branch_of)
		.on(branch_of.name == development.branch)
		.select(development.name, development.full_name, development.branch, branch_of.lft)
		.where(development.name.isin(activists))
		.run()
	):
		person = people[name]
		person.update(person_name=full_name, membership_type=rules.ACTIVIST_MARK)
		if orgs is None or orgs.covers(lft) or not person["organization"]:
			person["organization"] = branch


def get_columns(filters: frappe._dict | None = None) -> list[dict]:
	return [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 60},
		{"fieldname": "person_name", "label": _("Full Name"), "fieldtype": "Data", "width": 90},
		{"fieldname": "mark", "label": _("Standing in the Party"), "fieldtype": "Data", "width": 100},
		link_column("organization", _("Branch"), "Party Organization", 220),
		{
			"fieldname": "organizational_life",
			"label": _("Organizational Life"),
			"fieldtype": "Float",
			"width": 90,
			"precision": 1,
		},
		{"fieldname": "study", "label": _("Study"), "fieldtype": "Float", "width": 90, "precision": 1},
		{
			"fieldname": "exemplary_role",
			"label": _("Exemplary Role"),
			"fieldtype": "Float",
			"width": 90,
			"precision": 1,
		},
		{
			"fieldname": "deduction",
			"label": _("Deduction"),
			"fieldtype": "Float",
			"width": 80,
			"precision": 1,
		},
		{"fieldname": "total", "label": _("Total Points"), "fieldtype": "Float", "width": 90, "precision": 1},
		link_column("member", _("Party Member"), "Party Member", 110),
		link_column("activist", _("Activist"), "Member Development", 110),
	]


def chart(rows: list[dict]) -> dict | None:
	top = rows[:10]
	if not top:
		return None
	return {
		"data": {
			"labels": [r["person_name"] for r in top],
			"datasets": [{"name": _("Total Points"), "values": [r["total"] for r in top]}],
		},
		"type": "bar",
	}


def summary(rows: list[dict]) -> list[dict]:
	scored = [r for r in rows if r["total"]]
	average = round(sum(r["total"] for r in rows) / len(rows), 1) if rows else 0
	return [
		card(len(rows), _("People Ranked")),
		card(len(scored), _("With Points"), "Green"),
		card(average, _("Average Points"), "Blue", "Float"),
	]
