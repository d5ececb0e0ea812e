"""Queries behind the organization record reports: rosters, new members, development targets and
yearly statistics. Each report's execute() calls one of these; so do the tests and the benchmark."""

import datetime
from collections import Counter, defaultdict

import frappe
from frappe import _
from frappe.utils import getdate

from party_building import record_rules as rules
from party_building.member_rules import FULL, age_on

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
	if orgs is not None:
		query = query.where(member.branch.isin(orgs or [""]))
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


def development_doctype_ready() -> bool:
	return bool(frappe.db.exists("DocType", "Member Development")) and frappe.db.table_exists(
		"Member Development"
	)


def development_rows(orgs: list[str] | None, stages: tuple[str, ...]) -> list[dict]:
	"""Activists and development targets from the admission records (issue 3)."""
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
	if orgs is not None:
		query = query.where(dev.branch.isin(orgs or [""]))
	return query.run(as_dict=True)


# --- yearly statistics ----------------------------------------------------------------------------

STAT_FIELDS = (
	"branch",
	"gender",
	"ethnicity",
	"birth_date",
	"education",
	"post",
	"joined_on",
	"full_member_on",
	"standing",
	"standing_since",
)


def standing_at(standing: str, since: datetime.date | None, on: datetime.date) -> str:
	"""The standing on a day: the current one if it began by then, otherwise Active (before the change)."""
	return standing if not since or since <= on else rules.ACTIVE


def member_counts_at(row, on: datetime.date) -> list[str]:
	"""The statistics keys a member adds to on a day (empty when not a member then)."""
	joined_on, since = row.joined_on, row.standing_since
	if not joined_on or joined_on > on:
		return []
	standing = standing_at(row.standing, since, on)
	if standing not in MEMBER_STANDINGS:
		return []
	keys = ["total", f"gender:{row.gender or ''}", "han" if (row.ethnicity or HAN) == HAN else "minority"]
	keys.append("full" if row.full_member_on and row.full_member_on <= on else "probationary")
	if row.birth_date:
		keys.append(f"age:{rules.age_band(age_on(row.birth_date, on))}")
	keys.append(f"education:{row.education or ''}")
	keys.append(f"post:{row.post or ''}")
	keys.append(f"standing:{standing}")
	return keys


def flow_keys(row, year: int) -> list[str]:
	"""joined, transferred_out, left, died during the year (from the register's dates)."""
	keys = []
	if row.joined_on and row.joined_on.year == year:
		keys.append("joined")
	if row.standing_since and row.standing_since.year == year:
		keys += {
			rules.TRANSFERRED_OUT: ["transferred_out"],
			rules.LEFT: ["left"],
			rules.DECEASED: ["died"],
		}.get(row.standing, [])
	return keys


def transfers_in(orgs: set[str], year: int) -> Counter:
	"""Members received during the year from outside the chosen organizations, per receiving branch."""
	rows = frappe.get_all(
		"Member Transfer",
		filters={
			"docstatus": 1,
			"completed_on": ("between", [datetime.date(year, 1, 1), datetime.date(year, 12, 31)]),
			"transfer_type": ("in", [rules.TRANSFER_IN, rules.TRANSFER_WITHIN]),
		},
		fields=["transfer_type", "from_organization", "to_organization"],
	)
	counts = Counter()
	for r in rows:
		if r.to_organization in orgs and (
			r.transfer_type == rules.TRANSFER_IN or r.from_organization not in orgs
		):
			counts[r.to_organization] += 1
	return counts


def transfers_within_out(orgs: set[str], year: int) -> Counter:
	"""Members who moved during the year from the chosen organizations to another branch in the system."""
	rows = frappe.get_all(
		"Member Transfer",
		filters={
			"docstatus": 1,
			"completed_on": ("between", [datetime.date(year, 1, 1), datetime.date(year, 12, 31)]),
			"transfer_type": rules.TRANSFER_WITHIN,
		},
		fields=["from_organization", "to_organization"],
	)
	counts = Counter()
	for r in rows:
		if r.from_organization in orgs and r.to_organization not in orgs:
			counts[r.from_organization] += 1
	return counts


def yearly_statistics(orgs: list[str] | None, year: int) -> dict:
	"""Counts per organization of the subtree (each organization's row totals everything under it).

	Returns {"organizations": [{name, org_type, parent, indent, counts: Counter}], "total": Counter}.
	"""
	on = rules.year_end(year)
	org_filters = {"name": ("in", orgs or [""])} if orgs is not None else {}
	org_rows = frappe.get_all(
		"Party Organization",
		filters=org_filters,
		fields=["name", "org_type", "parent_party_organization", "lft", "rgt"],
		order_by="lft",
	)
	member = frappe.qb.DocType("Party Member")
	query = frappe.qb.from_(member).select(*(member[f] for f in STAT_FIELDS))
	if orgs is not None:
		query = query.where(member.branch.isin(orgs or [""]))
	per_branch: dict[str, Counter] = defaultdict(Counter)
	for row in query.run(as_dict=True):
		counter = per_branch[row.branch]
		for key in member_counts_at(row, on):
			counter[key] += 1
		for key in flow_keys(row, year):
			counter[key] += 1
	names = {o.name for o in org_rows}
	for branch, n in transfers_in(names, year).items():
		per_branch[branch]["transferred_in"] += n
	for branch, n in transfers_within_out(names, year).items():
		per_branch[branch]["transferred_out"] += n

	# roll up: each organization totals the branches inside its lft/rgt span
	by_lft = sorted(org_rows, key=lambda o: o.lft)
	roots = [o for o in by_lft if o.parent_party_organization not in names]
	depth = {}
	for o in by_lft:
		depth[o.name] = 0 if o in roots else depth.get(o.parent_party_organization, -1) + 1
	result, total = [], Counter()
	for o in by_lft:
		counts = Counter()
		for inner in by_lft:
			if o.lft <= inner.lft and inner.rgt <= o.rgt and inner.name in per_branch:
				counts.update(per_branch[inner.name])
		result.append(
			frappe._dict(
				name=o.name,
				org_type=o.org_type,
				parent=o.parent_party_organization if o.parent_party_organization in names else None,
				indent=depth[o.name],
				counts=counts,
			)
		)
	for o in roots:
		total.update(next(r.counts for r in result if r.name == o.name))
	return {"organizations": result, "total": total, "as_of": on}


def translated(value: str | None, context: str = "Party Member") -> str:
	return _(value, context=context) if value else ""
