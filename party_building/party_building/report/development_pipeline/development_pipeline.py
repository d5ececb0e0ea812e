# Copyright (c) 2026, party_building developers
# For license information, please see license.txt
"""发展党员进度: people per stage per organization (subtree totals, indented as the tree), overdue steps
with the days overdue, probation ending in the next 60 days, and the year's plan versus admissions.

Three views of the same records (filter "view"); data from a handful of grouped queries, never a
document per row. Isolation: the organizations come from access.report_scope.
"""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Min, Sum
from frappe.utils import add_days, getdate, today

from party_building.admission import rules
from party_building.core.access import Scope, report_scope, within
from party_building.core.reports import Translated, card, link_column
from party_building.organization.rules import BRANCH, PARTY_GROUP
from party_building.records.statistics import new_members_by_branch_and_year

BY_ORGANIZATION = "By Organization"
OVERDUE = "Overdue Steps"
PROBATION_ENDING = "Probation Ending"
PROBATION_WINDOW_DAYS = 60

STAGE_FIELDS = {
	rules.APPLICANT: "applicant",
	rules.ACTIVIST_PERSON: "activist",
	rules.DEVELOPMENT_TARGET: "target",
	rules.PROBATIONARY_MEMBER: "probationary",
	rules.FULL_MEMBER: "full",
	rules.CANCELLED: "ended",
	rules.WITHDRAWN: "ended",
}
COUNT_FIELDS = (
	"applicant",
	"activist",
	"target",
	"probationary",
	"full",
	"ended",
	"overdue",
	"probation_ending",
	"plan",
	"admitted",
)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	data, totals = get_data(filters)
	view = view_of(filters)
	if view == OVERDUE:
		return get_columns(filters), data, None, None, overdue_summary(data)
	if view == PROBATION_ENDING:
		return get_columns(filters), data, None, None, probation_summary(data)
	return (
		get_columns(filters),
		data,
		None,
		organization_chart(totals),
		organization_summary(totals, year_of(filters)),
	)


def view_of(filters) -> str:
	return filters.get("view") or BY_ORGANIZATION


def year_of(filters) -> int:
	return int(filters.get("year") or getdate(today()).year)


def get_columns(filters) -> list[dict]:
	view = view_of(filters)
	if view == OVERDUE:
		return overdue_columns()
	if view == PROBATION_ENDING:
		return probation_columns()
	return organization_columns(year_of(filters))


def get_data(filters) -> tuple[list[dict], dict]:
	"""The rows of the chosen view and, by organization, the totals its chart and summary show."""
	on = getdate(today())
	orgs = report_scope(filters.get("organization"))
	view = view_of(filters)
	if view == OVERDUE:
		return overdue_rows(orgs, filters.get("stage"), on), {}
	if view == PROBATION_ENDING:
		return probation_rows(orgs, on), {}
	return organization_rows(orgs, filters.get("stage"), year_of(filters), on)


# --- by organization ------------------------------------------------------------------------------


def organization_rows(orgs, stage, year, on) -> tuple[list[dict], dict]:
	tree = organization_tree(orgs)
	per_branch = branch_counts(orgs, stage, year, on)
	plans = plan_quotas(orgs, year)
	rows = []
	totals = dict.fromkeys(COUNT_FIELDS, 0)
	for counts in per_branch.values():
		for key in COUNT_FIELDS:
			if key != "plan":
				totals[key] += counts.get(key, 0)
	types = Translated()
	for org in tree:
		row = frappe._dict(
			organization=org.name,
			org_type=types[org.org_type],
			indent=org.indent,
			parent_organization=org.parent,
			max_days_overdue=0,
		)
		for key in COUNT_FIELDS:
			row[key] = 0
		for branch in org.branches:
			counts = per_branch.get(branch)
			if not counts:
				continue
			for key in COUNT_FIELDS:
				row[key] += counts.get(key, 0)
			row.max_days_overdue = max(row.max_days_overdue, counts.get("max_days_overdue", 0))
		row.plan = plans.get(org.name, 0)
		if any(row[k] for k in COUNT_FIELDS):
			rows.append(row)
	# a plan counts once: the plans of the top rows in scope (lower ones are shares of them)
	totals["plan"] = sum(plans.get(o.name, 0) for o in tree if o.indent == 0) or sum(plans.values())
	return rows, totals


def organization_chart(totals: dict) -> dict:
	return {
		"data": {
			"labels": [
				_("Applicant", context="Member Development"),
				_("Activist", context="Member Development"),
				_("Development Target"),
				_("Probationary Member"),
				_("Full Member"),
			],
			"datasets": [
				{
					"name": _("People"),
					"values": [
						totals[k] for k in ("applicant", "activist", "target", "probationary", "full")
					],
				}
			],
		},
		"type": "bar",
		"colors": ["#2490ef"],
	}


def organization_summary(totals: dict, year: int) -> list[dict]:
	return [
		card(totals["applicant"], _("Applicants"), "Grey"),
		card(totals["activist"], _("Activists"), "Blue"),
		card(totals["target"], _("Development Targets"), "Blue"),
		card(totals["probationary"], _("Probationary Members"), "Green"),
		card(totals["overdue"], _("Overdue Steps"), "Red" if totals["overdue"] else "Green"),
		card(totals["probation_ending"], _("Probation Ending in 60 Days"), "Orange"),
		card(totals["plan"], _("Plan {0}").format(year), "Grey"),
		card(totals["admitted"], _("Admitted {0}").format(year), "Green"),
	]


def organization_columns(year: int) -> list[dict]:
	def count(fieldname, label, width=90):
		return {"fieldname": fieldname, "label": label, "fieldtype": "Int", "width": width}

	return [
		link_column("organization", _("Organization"), "Party Organization", 260),
		{"fieldname": "org_type", "label": _("Organization Type"), "fieldtype": "Data", "width": 90},
		count("applicant", _("Applicants")),
		count("activist", _("Activists")),
		count("target", _("Development Targets")),
		count("probationary", _("Probationary Members")),
		count("full", _("Became Full Members")),
		count("ended", _("Ended", context="Member Development")),
		count("overdue", _("Overdue Steps")),
		count("max_days_overdue", _("Most Days Overdue"), 100),
		count("probation_ending", _("Probation Ending in 60 Days"), 120),
		count("plan", _("Plan {0}").format(year)),
		count("admitted", _("Admitted {0}").format(year)),
	]


def organization_tree(orgs: Scope | None) -> list[frappe._dict]:
	"""Organizations in scope (no Party Groups), in tree order, each with the branches under it."""
	org = frappe.qb.DocType("Party Organization")
	query = (
		frappe.qb.from_(org)
		.select(org.name, org.org_type, org.parent_party_organization.as_("parent"), org.lft, org.rgt)
		.where(org.org_type != PARTY_GROUP)
		.orderby(org.lft)
	)
	query = within(query, org.name, orgs)
	rows = query.run(as_dict=True)
	names = {r.name for r in rows}
	stack: list[frappe._dict] = []
	for r in rows:
		while stack and not (stack[-1].lft < r.lft and r.rgt < stack[-1].rgt):
			stack.pop()
		r.indent = len(stack)
		r.parent = r.parent if r.parent in names else None
		r.branches = []
		stack.append(r)
		for ancestor in stack:
			if r.org_type == BRANCH:
				ancestor.branches.append(r.name)
	return rows


def branch_counts(orgs, stage, year, on) -> dict[str, dict]:
	"""Per branch: people in each stage, overdue steps and the most days overdue, probation ending in
	the window — one pass over the records (grouped by branch and stage) — and the members admitted in
	the year."""
	dev = frappe.qb.DocType("Member Development")
	overdue = dev.stage.isin(list(rules.OPEN_STAGES)) & (dev.next_due_on < on)
	ending = (dev.stage == rules.PROBATIONARY_MEMBER) & dev.probation_end[
		on : add_days(on, PROBATION_WINDOW_DAYS)
	]
	query = (
		frappe.qb.from_(dev)
		.select(
			dev.branch,
			dev.stage,
			Count("*"),
			Sum(Case().when(overdue, 1).else_(0)),
			Min(Case().when(overdue, dev.next_due_on)),
			Sum(Case().when(ending, 1).else_(0)),
		)
		.groupby(dev.branch, dev.stage)
	)
	if stage:
		query = query.where(dev.stage == stage)
	counts: dict[str, dict] = {}
	earliest: dict[str, object] = {}
	for branch, row_stage, n, late, first_due, ending_soon in within(query, dev.branch, orgs).run():
		entry = counts.setdefault(branch, {})
		key = STAGE_FIELDS.get(row_stage)
		if key:
			entry[key] = entry.get(key, 0) + n
		if late:
			entry["overdue"] = entry.get("overdue", 0) + int(late)
			if branch not in earliest or first_due < earliest[branch]:
				earliest[branch] = first_due
		if ending_soon:
			entry["probation_ending"] = entry.get("probation_ending", 0) + int(ending_soon)
	for branch, first_due in earliest.items():
		counts[branch]["max_days_overdue"] = rules.days_overdue(getdate(first_due), on)

	# admitted in the year: the members who joined then (the one definition the workspace chart and
	# the new-members report use too)
	for (branch, _year), n in new_members_by_branch_and_year(orgs, year, year).items():
		counts.setdefault(branch, {})["admitted"] = n
	return counts


def plan_quotas(orgs, year) -> dict[str, int]:
	plan = frappe.qb.DocType("Development Plan")
	query = frappe.qb.from_(plan).select(plan.organization, plan.quota).where(plan.year == year)
	return {org: quota or 0 for org, quota in within(query, plan.organization, orgs).run()}


# --- one row per person ---------------------------------------------------------------------------


def step_names() -> dict[int, str]:
	names = dict(frappe.get_all("Development Step Template", fields=["step_no", "step_name"], as_list=True))
	return names or {no: name for no, name, _stage in rules.DEFAULT_STEPS}


def person_columns(extra: list[dict]) -> list[dict]:
	return [
		link_column("name", _("Record"), "Member Development", 130),
		{"fieldname": "full_name", "label": _("Full Name"), "fieldtype": "Data", "width": 90},
		link_column("branch", _("Branch"), "Party Organization", 220),
		{"fieldname": "stage_label", "label": _("Stage"), "fieldtype": "Data", "width": 100},
		*extra,
	]


def overdue_rows(orgs, stage, on) -> list[dict]:
	dev = frappe.qb.DocType("Member Development")
	query = (
		frappe.qb.from_(dev)
		.select(dev.name, dev.full_name, dev.branch, dev.stage, dev.next_step, dev.next_due_on)
		.where(dev.next_due_on < on)
		.where(dev.stage.isin(list(rules.OPEN_STAGES)))
		.orderby(dev.next_due_on)
	)
	if stage:
		query = query.where(dev.stage == stage)
	rows = within(query, dev.branch, orgs).run(as_dict=True)
	names = step_names()
	for r in rows:
		r.stage_label = _(r.stage, context="Member Development")
		r.step = _("Step {0} ({1})").format(r.next_step, names.get(r.next_step, ""))
		r.days_overdue = rules.days_overdue(getdate(r.next_due_on), on)
	return rows


def overdue_columns() -> list[dict]:
	return person_columns(
		[
			{"fieldname": "step", "label": _("Overdue Step"), "fieldtype": "Data", "width": 200},
			{"fieldname": "next_due_on", "label": _("Due On"), "fieldtype": "Date", "width": 100},
			{"fieldname": "days_overdue", "label": _("Days Overdue"), "fieldtype": "Int", "width": 90},
		]
	)


def overdue_summary(rows: list[dict]) -> list[dict]:
	indicator = "Red" if rows else "Green"
	return [
		card(len(rows), _("Overdue Steps"), indicator),
		card(max((r.days_overdue for r in rows), default=0), _("Most Days Overdue"), indicator),
	]


def probation_rows(orgs, on) -> list[dict]:
	dev = frappe.qb.DocType("Member Development")
	query = (
		frappe.qb.from_(dev)
		.select(dev.name, dev.full_name, dev.branch, dev.stage, dev.meeting_date, dev.probation_end)
		.where(dev.stage == rules.PROBATIONARY_MEMBER)
		.where(dev.probation_end[on : add_days(on, PROBATION_WINDOW_DAYS)])
		.orderby(dev.probation_end)
	)
	rows = within(query, dev.branch, orgs).run(as_dict=True)
	for r in rows:
		r.stage_label = _(r.stage, context="Member Development")
		r.days_left = (getdate(r.probation_end) - on).days
	return rows


def probation_columns() -> list[dict]:
	return person_columns(
		[
			{
				"fieldname": "meeting_date",
				"label": _("Branch Meeting (Admission)"),
				"fieldtype": "Date",
				"width": 110,
			},
			{"fieldname": "probation_end", "label": _("Probation Ends"), "fieldtype": "Date", "width": 100},
			{"fieldname": "days_left", "label": _("Days Left"), "fieldtype": "Int", "width": 80},
		]
	)


def probation_summary(rows: list[dict]) -> list[dict]:
	return [card(len(rows), _("Probation Ending in 60 Days"), "Orange")]
