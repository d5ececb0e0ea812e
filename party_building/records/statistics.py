"""Queries behind the organization record reports: rosters, new members, development targets and
yearly statistics. Each report's execute() calls one of these; so do the tests and the benchmark."""

import datetime
from collections import Counter

import frappe
from frappe import _

from party_building.core.access import within
from party_building.members.rules import TRANSFERRED_OUT
from party_building.records import rules

ROSTER_FIELDS = (
	"name",
	"full_name",
	"gender",
	"ethnicity",
	"birth_date",
	"education",
	"post",
	"professional_title",
	"membership_type",
	"joined_on",
	"full_member_on",
	"standing",
	"branch",
	"id_number",
	"phone",
)
EDUCATIONS = (
	"Postgraduate",
	"University",
	"College",
	"Technical Secondary",
	"High School",
	"Junior High and Below",
)
POSTS = ("School Leader", "Middle Manager", "Teacher", "Staff", "Logistics", "Retired", "Other")
HAN = "汉族"
MEMBER_STANDINGS = (rules.ACTIVE, rules.SUSPENDED)


def _members_query(orgs: list[str] | None, fields=ROSTER_FIELDS):
	member = frappe.qb.DocType("Party Member")
	org = frappe.qb.DocType("Party Organization")
	query = (
		frappe.qb.from_(member)
		.join(org)
		.on(org.name == member.branch)
		.select(*(member[f] for f in fields))
		.orderby(org.lft)
		.orderby(member.joined_on)
		.orderby(member.name)
	)
	query = within(query, member.branch, orgs)
	return query, member


def roster_rows(orgs: list[str] | None, standing: str | None = rules.ACTIVE) -> list[dict]:
	"""花名册: the members of the organizations, in tree order, then by date joined."""
	query, member = _members_query(orgs)
	if standing:
		query = query.where(member.standing == standing)
	return query.run(as_dict=True)


def new_member_rows(orgs: list[str] | None, year: int) -> list[dict]:
	"""Members admitted (joined_on) during a year, whatever their standing now."""
	query, member = _members_query(orgs)
	query = query.where(member.joined_on[datetime.date(year, 1, 1) : datetime.date(year, 12, 31)])
	return query.run(as_dict=True)


def new_members_by_branch_and_year(
	orgs: list[str] | None, first: int, last: int
) -> dict[tuple[str, int], int]:
	"""{(branch, year): members who joined that year}: one definition of 发展党员数 (a member counts in
	the year of their joined_on, whatever their standing now) for the workspace chart, the admission
	pipeline and the new-members report alike."""
	from frappe.query_builder.functions import Count, Extract

	member = frappe.qb.DocType("Party Member")
	year = Extract("year", member.joined_on)
	query = (
		frappe.qb.from_(member)
		.select(member.branch, year, Count("*"))
		.where(member.joined_on[datetime.date(first, 1, 1) : datetime.date(last, 12, 31)])
		.groupby(member.branch, year)
	)
	return {(branch, int(y)): n for branch, y, n in within(query, member.branch, orgs).run()}


def development_doctype_ready() -> bool:
	return bool(frappe.db.exists("DocType", "Member Development")) and frappe.db.table_exists(
		"Member Development"
	)


def development_rows(orgs: list[str] | None, stages: tuple[str, ...]) -> list[dict]:
	"""Activists and development targets from the admission records."""
	dev = frappe.qb.DocType("Member Development")
	fields = [
		"name",
		"full_name",
		"gender",
		"ethnicity",
		"birth_date",
		"education",
		"work_unit",
		"branch",
		"stage",
		"application_date",
		"activist_date",
		"target_date",
	]
	query = (
		frappe.qb.from_(dev)
		.select(*(dev[f] for f in fields))
		.where(dev.stage.isin(list(stages)))
		.orderby(dev.branch)
		.orderby(dev.stage)
		.orderby(dev.application_date)
	)
	query = within(query, dev.branch, orgs)
	return query.run(as_dict=True)


# --- yearly statistics ----------------------------------------------------------------------------


def completed_transfers(year: int, transfer_types) -> list[frappe._dict]:
	"""The transfers of the given types completed during the year."""
	return frappe.get_all(
		"Member Transfer",
		filters={
			"docstatus": 1,
			"completed_on": ("between", [datetime.date(year, 1, 1), datetime.date(year, 12, 31)]),
			"transfer_type": ("in", list(transfer_types)),
		},
		fields=["transfer_type", "from_organization", "to_organization"],
	)


def transfers_in(orgs: set[str], year: int) -> Counter:
	"""Members received during the year from outside the chosen organizations, per receiving branch."""
	counts = Counter()
	for r in completed_transfers(year, (rules.TRANSFER_IN, rules.TRANSFER_WITHIN)):
		if r.to_organization in orgs and (
			r.transfer_type == rules.TRANSFER_IN or r.from_organization not in orgs
		):
			counts[r.to_organization] += 1
	return counts


def transfers_within_out(orgs: set[str], year: int) -> Counter:
	"""Members who moved during the year from the chosen organizations to another branch in the system."""
	counts = Counter()
	for r in completed_transfers(year, (rules.TRANSFER_WITHIN,)):
		if r.from_organization in orgs and r.to_organization not in orgs:
			counts[r.from_organization] += 1
	return counts


def statistic_conditions() -> dict[str, str]:
	"""key -> SQL condition over the derived columns of member_statistics() (constants only).

	A member counts on 31 December (`m`) when they
	had joined by then and their standing that day (the current one if it began by then, otherwise
	Active) was Active or Suspended.
	"""
	keys = {
		"total": "1",
		"gender:Male": "gender = 'Male'",
		"gender:Female": "gender = 'Female'",
		"han": f"ifnull(ethnicity, '') in ('', '{HAN}')",
		"minority": f"ifnull(ethnicity, '') not in ('', '{HAN}')",
		"full": "is_full",
		"probationary": "not is_full",
		"standing:Active": "not suspended",
		"standing:Suspended": "suspended",
	}
	for low, high, label in rules.AGE_BANDS:
		keys[f"age:{label}"] = f"age between {low} and {high}"
	for education in EDUCATIONS:
		keys[f"education:{education}"] = f"education = '{education}'"
	for post in POSTS:
		keys[f"post:{post}"] = f"post = '{post}'"
	conditions = {key: f"m and {condition}" for key, condition in keys.items()}
	conditions["joined"] = "joined_year"
	for key, standing in (
		("transferred_out", TRANSFERRED_OUT),
		("left", rules.LEFT),
		("died", rules.DECEASED),
	):
		conditions[key] = f"changed_year and standing = '{standing}'"
	return conditions


MEMBER_COLUMNS = """branch, gender, ethnicity, education, post, standing,
	(joined_on <= %(on)s and (((standing_since is null or standing_since <= %(on)s)
		and standing in ('Active', 'Suspended')) or standing_since > %(on)s)) as m,
	ifnull(full_member_on <= %(on)s, 0) as is_full,
	((standing_since is null or standing_since <= %(on)s) and standing = 'Suspended') as suspended,
	timestampdiff(year, birth_date, %(on)s) as age,
	(year(joined_on) = %(year)s) as joined_year,
	(year(standing_since) = %(year)s) as changed_year"""


def member_statistics(orgs: list[str] | None, year: int) -> dict[str, Counter]:
	"""One grouped query: the statistics keys counted per branch."""
	conditions = statistic_conditions()
	keys = list(conditions)
	sums = ", ".join(f"sum(ifnull({conditions[k]}, 0))" for k in keys)
	where = ""
	params = {"on": rules.year_end(year), "year": year}
	if orgs is not None:
		where = "where branch in %(orgs)s"
		params["orgs"] = tuple(orgs) or ("",)
	rows = frappe.db.sql(
		f"select branch, {sums} from (select {MEMBER_COLUMNS} from `tabParty Member` {where}) t group by branch",
		params,
	)
	return {
		row[0]: Counter({k: int(v or 0) for k, v in zip(keys, row[1:], strict=True) if v}) for row in rows
	}


def yearly_statistics(orgs: list[str] | None, year: int) -> dict:
	"""Counts per organization of the subtree (each organization's row totals everything under it).

	Returns {"organizations": [{name, org_type, parent, indent, counts: Counter}], "total": Counter}.
	"""
	org_filters = {"name": ("in", orgs or [""])} if orgs is not None else {}
	org_rows = frappe.get_all(
		"Party Organization",
		filters=org_filters,
		fields=["name", "org_type", "parent_party_organization"],
		order_by="lft",
	)
	per_branch = member_statistics(orgs, year)
	names = {o.name for o in org_rows}
	for branch, n in transfers_in(names, year).items():
		per_branch.setdefault(branch, Counter())["transferred_in"] += n
	for branch, n in transfers_within_out(names, year).items():
		per_branch.setdefault(branch, Counter())["transferred_out"] += n

	# roll up: each branch's counts go to it and to every organization above it (within the chosen ones)
	parent = {
		o.name: o.parent_party_organization if o.parent_party_organization in names else None
		for o in org_rows
	}
	totals: dict[str, Counter] = {o.name: Counter() for o in org_rows}
	for branch, counts in per_branch.items():
		node = branch if branch in names else None
		while node:
			totals[node].update(counts)
			node = parent[node]
	depth: dict[str, int] = {}
	result, total = [], Counter()
	for o in org_rows:  # in lft order: a parent comes before its children
		depth[o.name] = depth[parent[o.name]] + 1 if parent[o.name] else 0
		result.append(
			frappe._dict(
				name=o.name,
				org_type=o.org_type,
				parent=parent[o.name],
				indent=depth[o.name],
				counts=totals[o.name],
			)
		)
		if not parent[o.name]:
			total.update(totals[o.name])
	return {"organizations": result, "total": total, "as_of": rules.year_end(year)}


def translated(value: str | None, context: str = "Party Member") -> str:
	return _(value, context=context) if value else ""
