# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""Organizational life compliance (月通报 / 季调度): per branch and month or quarter, the meetings the
rules require versus those held, the attendance rate, planned items not held, and the members who
missed three in a row; per Party committee and general branch, its leading group's yearly 民主生活会.
The bulletin prints through the report's template (organizational_life_compliance.html).

Data: one grouped query over the activities (per branch, kind and month), one over the plans, and
one window query for the absence streaks; the counting is activity_rules'.
"""

import datetime
from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.activity import rules
from party_building.activity.service import (
	absence_streak,
	branch_people,
	secretary_lectures,
	yearly_talks,
)
from party_building.core.access import Scope, among, report_scope
from party_building.core.reports import card, link_column
from party_building.organization.rules import BRANCH, DISSOLVED, PARTY_GROUP

MONTH, QUARTER, YEAR = "Month", "Quarter", "Year"  # the desk opens on Year: one row per branch
KEYS = {
	rules.COMMITTEE_MEETING: "committee",
	rules.GROUP_MEETING: "group",
	rules.THEME_DAY: "theme_day",
	rules.GENERAL_MEETING: "general",
	rules.PARTY_LECTURE: "lecture",
	rules.LIFE_MEETING: "life",
	rules.APPRAISAL_MEETING: "appraisal",
	rules.DEMOCRATIC_LIFE_MEETING: "democratic_life",  # the leading groups' (not a branch's)
}
MAX_MONTHS = 24


def execute(filters=None):
	filters = frappe._dict(filters or {})
	data, totals = get_data(filters)
	kinds = kinds_of(filters)
	return get_columns(filters), data, None, chart(kinds, totals), summary(data) + duty_cards(data)


def kinds_of(filters) -> list[str]:
	return [filters.activity_type] if filters.get("activity_type") in KEYS else list(KEYS)


def get_data(filters) -> tuple[list[dict], dict]:
	"""The rows (per branch and period) and, per kind, the meetings required and held."""
	start, end = date_range(filters)
	period = {QUARTER: rules.QUARTERLY, YEAR: rules.YEARLY}.get(filters.get("period"), rules.MONTHLY)
	kinds = kinds_of(filters)
	scope = report_scope(filters.get("organization"))
	branches = branches_in_scope(scope)
	for b in branches:
		b.kinds = [k for k in kinds if k in rules.REQUIRED_EVERY]
	branches = [b for b in branches if b.kinds]
	leading = leading_groups_in_scope(scope, kinds)
	names = [b.name for b in branches + leading]
	held, attendance = held_by_month(names, start, end, kinds, scope)
	planned = planned_items(names, start, end, kinds, scope)
	streaks = absence_streaks([b.name for b in branches], start, end, absence_streak(), scope)
	data, totals = build_rows(
		leading + branches, period, start, end, kinds, held, attendance, planned, streaks
	)
	add_yearly_duties(data, period, start, end, {b.name for b in branches}, scope)
	if filters.get("behind_only"):
		data = [row for row in data if row["behind"]]
	return data, totals


def date_range(filters) -> tuple[datetime.date, datetime.date]:
	on = getdate(today())
	start = getdate(filters.get("from_date") or datetime.date(on.year, 1, 1))
	end = getdate(filters.get("to_date") or on)
	if end < start:
		frappe.throw(_("The period ends before it starts"), title=_("Invalid Period"))
	if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
		frappe.throw(_("The report covers at most {0} months").format(MAX_MONTHS), title=_("Invalid Period"))
	return start, end


def branches_in_scope(scope: Scope | None) -> list[frappe._dict]:
	"""The Branches the user may see under the chosen organization (report_scope), with their
	committee and groups: one query on the tree."""
	if scope is not None and not scope.ranges:
		return []
	branches = frappe.db.sql(
		f"""
		select b.name, b.committee_size, b.parent_party_organization as parent,
			(select count(*) from `tabParty Organization` g where g.parent_party_organization = b.name
				and g.org_type = %(group)s and ifnull(g.status, '') != %(dissolved)s) as `groups`
		from `tabParty Organization` b
		where b.org_type = %(branch)s and ifnull(b.status, '') != %(dissolved)s {in_tree(scope, "b")}
		order by b.lft
		""",
		{"branch": BRANCH, "group": PARTY_GROUP, "dissolved": DISSOLVED},
		as_dict=True,
	)
	for b in branches:
		b.has_committee = (b.committee_size or 0) >= 3
	return branches


def in_tree(scope: Scope | None, alias: str) -> str:
	"""`and` the organization table's rows (under `alias`) within the scope (nothing: no limit)."""
	if scope is None:
		return ""
	return f"and ({scope.lft_terms(f'{alias}.lft')})"


def leading_groups_in_scope(scope: Scope | None, kinds: list[str]) -> list[frappe._dict]:
	"""The Party committees and general branches the user may see under the chosen organization, each
	owing its leading group's yearly 民主生活会 (when the report shows that kind)."""
	owed = [k for k in kinds if k in rules.LEADING_GROUP_EVERY]
	if not owed or (scope is not None and not scope.ranges):
		return []
	found = frappe.db.sql(
		f"""
		select o.name, o.parent_party_organization as parent from `tabParty Organization` o
		where o.org_type in %(types)s and ifnull(o.status, '') != %(dissolved)s {in_tree(scope, "o")}
		order by o.lft
		""",
		{"types": tuple(rules.LEADING_GROUP_ORG_TYPES), "dissolved": DISSOLVED},
		as_dict=True,
	)
	for org in found:
		org.update(kinds=owed, groups=0, has_committee=True, is_leading_group=True)
	return found


def held_by_month(names, start, end, kinds, scope: Scope | None):
	"""{branch: {kind: {(y, m): n}}} and {branch: {(y, m): [present, expected]}} in one grouped query,
	for the organizations `names` of the scope (access.among: read as the scope's ranges).

	Whole years are read, since a quarterly or yearly kind may have been held before the range starts.
	"""
	held = defaultdict(lambda: defaultdict(dict))
	attendance = defaultdict(lambda: defaultdict(lambda: [0, 0]))
	if not names:
		return held, attendance
	rows = frappe.db.sql(  # tuples: at county scale (10,000 rows) dicts cost more than the query
		f"""
		select organization, activity_type, year(activity_date), month(activity_date),
			count(*), count(distinct party_group), sum(present_count), sum(expected_count)
		from `tabParty Activity`
		where {among("organization", names, scope)} and activity_date between %(start)s and %(end)s
			and status = 'Held' and docstatus < 2
		group by organization, activity_type, year(activity_date), month(activity_date)
		""",
		{
			"names": names,
			"start": datetime.date(start.year, 1, 1),
			"end": datetime.date(end.year, 12, 31),
		},
	)
	one_kind = len(kinds) == 1
	for organization, kind, y, m, n, groups_met, present, expected in rows:
		key = (y, m)
		if kind in kinds:
			held[organization][kind][key] = groups_met if kind == rules.GROUP_MEETING else n
		elif one_kind:
			continue  # a report on one kind shows that kind's attendance
		cell = attendance[organization][key]
		cell[0] += int(present or 0)
		cell[1] += int(expected or 0)
	return held, attendance


def planned_items(names, start, end, kinds, scope: Scope | None):
	"""{branch: {(y, m): [kind]}} of the yearly plans touching the range."""
	planned: dict = defaultdict(dict)
	if not names:
		return planned
	rows = frappe.db.sql(
		f"""
		select p.organization, p.year, i.month, i.activity_type
		from `tabParty Activity Plan Item` i join `tabParty Activity Plan` p on p.name = i.parent
		where {among("p.organization", names, scope)} and p.year between %(y1)s and %(y2)s
			and i.activity_type in %(kinds)s and i.parenttype = 'Party Activity Plan'
		""",
		{"names": names, "y1": start.year, "y2": end.year, "kinds": kinds},
	)
	for organization, year, month, kind in rows:
		planned[organization].setdefault((int(year), int(month)), []).append(kind)
	return planned


def absence_streaks(names, start, end, streak: int, scope: Scope | None) -> dict:
	"""{branch: {(y, m): {member names}}}: members with `streak` or more absences (no leave) in a row
	at an activity of that month, counting the activities they were expected at, across kinds.

	Each attendance row keeps its run of absences (kept by the Party Activity controller), so this
	reads the few rows of a long run straight from their index.
	"""
	found = defaultdict(lambda: defaultdict(set))
	if not names:
		return found
	rows = frappe.db.sql(
		streak_sql("and " + among("organization", names, scope)),
		{"names": names, "start": start, "end": end, "streak": max(1, int(streak))},
	)
	wanted = set(names)  # the branches' (the scope's other organizations owe no streak count)
	rows = [row for row in rows if row[0] in wanted]
	members = {m for _org, _y, _m, m in rows}
	full_names = dict(
		frappe.get_all(
			"Party Member",
			filters={"name": ("in", list(members))},
			fields=["name", "full_name"],
			as_list=True,
		)
		if members
		else []
	)
	for org, y, m, member in rows:
		found[org][(y, m)].add(full_names.get(member, member))
	return found


def streak_sql(condition: str) -> str:
	"""The members absent `streak` times in a row, per organization and month, of the organizations
	`condition` (an `and …` on the column `organization`) admits."""
	return f"""
	select organization, year(activity_date) as y, month(activity_date) as m, member
	from `tabParty Activity Attendee`
	where absence_run >= %(streak)s {condition}
		and activity_date between %(start)s and %(end)s and counted = 1 and docstatus < 2
	group by organization, y, m, member
	"""


def build_rows(branches, period, start, end, kinds, held, attendance, planned, streaks):
	on = getdate(today())
	keys = rules.periods_between(start, end, period)
	label = {kind: _(kind) for kind in rules.ACTIVITY_TYPES}
	data = []
	totals = {kind: [0, 0] for kind in kinds}  # required, held
	months_of = {  # the same for every branch
		key: [
			(y, m)
			for y, m in rules.period_months(key, period)
			if (start.year, start.month) <= (y, m) <= (end.year, end.month)
		]
		for key in keys
	}
	ended = {ym: rules.month_end(*ym) < on for months in months_of.values() for ym in months}
	month_label = _("Month {0}: {1}")
	labels = {key: rules.period_label(key, period) for key in keys}
	none: dict = {}
	for b in branches:  # 300 branches × 12 months at county scale: plain loops, no per-row lookups
		held_here = held.get(b.name) or none
		attendance_here = attendance.get(b.name) or none
		plan = planned.get(b.name) or none
		streaks_here = streaks.get(b.name) or none
		leading = int(bool(b.get("is_leading_group")))
		for key in keys:
			months = months_of[key]
			row = {"organization": b.name, "period": labels[key]}
			required = got = 0
			behind_on = []
			for c in rules.compliance(held_here, months, b.kinds, b.has_committee, b.groups, on=on):
				due = c.required - c.running  # a period still running is not yet due
				counted = c.held if c.held < due else due
				row[KEYS[c.kind]] = (
					f"{c.held}/{c.required}" if c.required else (str(c.held) if c.held else "")
				)
				required += due
				got += counted
				kind_totals = totals[c.kind]
				kind_totals[0] += due
				kind_totals[1] += counted
				if c.behind:
					behind_on.append(label[c.kind])
			present = expected = 0
			absent_sets = []
			for ym in months:
				cell = attendance_here.get(ym)
				if cell:
					present += cell[0]
					expected += cell[1]
				if ym in streaks_here:
					absent_sets.append(streaks_here[ym])
			not_held = [
				month_label.format(m, label[kind])
				for y, m in months
				if (y, m) in plan and ended[y, m]
				for kind in plan[y, m]
				if not planned_kind_held(held_here.get(kind, none), kind, y, m)
			]
			absent = sorted(set().union(*absent_sets)) if absent_sets else []
			row["is_leading_group"] = leading
			row.update(
				required=required,
				held=got,
				behind=required - got,
				attendance_rate=rules.attendance_rate(present, expected) if expected else None,
				planned_not_held=len(not_held),
				planned_not_held_items=", ".join(not_held),
				behind_on=", ".join(behind_on),
				absent_in_a_row=len(absent),
				absent_members=", ".join(absent),
			)
			data.append(row)
	return data, totals


def planned_kind_held(by_month: dict, kind: str, year: int, month: int) -> bool:
	"""A planned item counts as held when its kind was held in its month (its quarter or year for
	quarterly and yearly kinds)."""
	every = rules.every(kind) or rules.MONTHLY
	if every == rules.MONTHLY:
		return bool(by_month.get((year, month)))
	if every == rules.QUARTERLY:
		return any(by_month.get(m) for m in rules.period_months((year, rules.quarter_of(month)), every))
	return any(by_month.get((year, m)) for m in range(1, 13))


def get_columns(filters) -> list[dict]:
	kinds = kinds_of(filters)
	cols = [
		link_column("organization", _("Organization"), "Party Organization", 220),
		{"fieldname": "period", "label": _("Period"), "fieldtype": "Data", "width": 90},
	]
	cols += [
		{
			"fieldname": KEYS[kind],
			"label": _(kind) + " " + _("(Held/Required)"),
			"fieldtype": "Data",
			"width": 110,
		}
		for kind in kinds
	]
	cols += [
		{"fieldname": "required", "label": _("Required"), "fieldtype": "Int", "width": 80},
		{"fieldname": "held", "label": _("Held"), "fieldtype": "Int", "width": 80},
		{"fieldname": "behind", "label": _("Behind"), "fieldtype": "Int", "width": 80},
		{"fieldname": "behind_on", "label": _("Behind On"), "fieldtype": "Data", "width": 180},
		{"fieldname": "attendance_rate", "label": _("Attendance Rate"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "planned_not_held", "label": _("Planned, Not Held"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "planned_not_held_items",
			"label": _("Planned Items Not Held"),
			"fieldtype": "Data",
			"width": 180,
		},
		{
			"fieldname": "absent_in_a_row",
			"label": _("Absent Three in a Row"),
			"fieldtype": "Int",
			"width": 110,
		},
		{
			"fieldname": "absent_members",
			"label": _("Members Absent in a Row"),
			"fieldtype": "Data",
			"width": 200,
		},
	]
	return cols + yearly_duty_columns()


def chart(kinds, totals) -> dict:
	return {
		"data": {
			"labels": [_(kind) for kind in kinds],
			"datasets": [
				{"name": _("Required"), "values": [totals[k][0] for k in kinds]},
				{"name": _("Held"), "values": [totals[k][1] for k in kinds]},
			],
		},
		"type": "bar",
		"colors": ["#c9d1d9", "#c0392b"],
	}


def summary(data) -> list[dict]:
	leading = [row for row in data if row.get("is_leading_group")]
	data = [row for row in data if not row.get("is_leading_group")]
	organizations = {row["organization"] for row in data}
	behind = {row["organization"] for row in data if row["behind"]}
	required = sum(row["required"] for row in data)
	held = sum(row["held"] for row in data)
	rates = [row["attendance_rate"] for row in data if row["attendance_rate"] is not None]
	absent = len(
		{(row["organization"], name) for row in data for name in row["absent_members"].split(", ") if name}
	)
	return [
		card(len(organizations), _("Branches")),
		card(len(behind), _("Branches Behind"), "Red" if behind else "Green"),
		card(rules.attendance_rate(held, required), _("Held of Required"), datatype="Percent"),
		card(
			round(sum(rates) / len(rates), 1) if rates else 0,
			_("Average Attendance Rate"),
			datatype="Percent",
		),
		card(absent, _("Absent Three in a Row"), "Orange" if absent else "Green"),
		*leading_group_cards(leading),
	]


def leading_group_cards(rows) -> list[dict]:
	"""The leading groups whose yearly 民主生活会 is due and not held (only when the report has them)."""
	if not rows:
		return []
	behind = {row["organization"] for row in rows if row["behind"]}
	return [
		card(
			len(behind),
			_("Leading Groups Without Their Democratic Life Meeting"),
			"Red" if behind else "Green",
		)
	]


# --- yearly duties: 谈心谈话 and the secretary's 党课 (issue 19) ---------------------------------


def add_yearly_duties(
	data: list[dict], period: str, start, end, branches: set[str], scope: Scope | None = None
) -> None:
	"""Per branch row, the secretary's 党课 (held/required; due in December) and who has not yet done
	their yearly talk duty in the row's year up to the row's period end (a duty left undone at the
	year's end puts 谈心谈话 in the row's "behind on")."""
	months_of = {}
	for key in rules.periods_between(start, end, period):
		months_of[rules.period_label(key, period)] = [
			(y, m)
			for y, m in rules.period_months(key, period)
			if (start.year, start.month) <= (y, m) <= (end.year, end.month)
		]
	names = sorted({row["organization"] for row in data if row["organization"] in branches})
	years = sorted({y for months in months_of.values() for y, _m in months})
	until = min(end, getdate(today()))
	people = branch_people(names, scope)
	talks = yearly_talks(names, years, until, scope)
	lectures = secretary_lectures(names, years, until, scope)
	duty_text = {
		rules.TALK_WITH_SECRETARY: _("{0}: no talk with the secretary yet"),
		rules.TALK_WITH_COMMITTEE: _("{0}: no talk with a committee member yet"),
		rules.TALK_NONE: _("{0}: no heart-to-heart talk this year"),
	}
	outstanding: dict[tuple[str, int], tuple[dict, str]] = {}
	for row in data:
		months = months_of.get(row["period"], [])
		if not months or row["organization"] not in branches:
			continue
		branch, year = row["organization"], months[-1][0]
		p = people[branch]
		lecture = rules.secretary_lecture_compliance(
			{y: lectures.get((branch, y), 0) for y in {y for y, _m in months}}, months
		)
		row["secretary_lecture"] = (
			f"{lecture.held}/{lecture.required}" if lecture.required else str(lecture.held)
		)
		if (branch, year) not in outstanding:  # the year's talks so far: the same for each of its rows
			missing = rules.missing_talks(
				p["secretary"], p["committee"], p["members"], talks.get((branch, year), [])
			)
			outstanding[branch, year] = (
				missing,
				", ".join(
					duty_text[duty].format(p["members"].get(person, person))
					for person, duty in missing.items()
				),
			)
		missing, row["talks_outstanding_members"] = outstanding[branch, year]
		row["talks_outstanding"] = len(missing)
		due = rules.year_end_in(months)
		behind_on = [row["behind_on"]] if row.get("behind_on") else []
		if lecture.behind:
			behind_on.append(_("Secretary's Party Lecture"))
		if due and missing:
			behind_on.append(_(rules.HEART_TALK))
		row["behind_on"] = ", ".join(behind_on)
		row["yearly_duties_behind"] = int(bool(lecture.behind)) + int(bool(due and missing))


def yearly_duty_columns() -> list[dict]:
	return [
		{
			"fieldname": "secretary_lecture",
			"label": _("Secretary's Party Lecture") + " " + _("(Held/Required)"),
			"fieldtype": "Data",
			"width": 120,
		},
		{
			"fieldname": "talks_outstanding",
			"label": _("Heart-to-Heart Talks Outstanding"),
			"fieldtype": "Int",
			"width": 110,
		},
		{
			"fieldname": "talks_outstanding_members",
			"label": _("Members With Talks Outstanding"),
			"fieldtype": "Data",
			"width": 260,
		},
	]


def duty_cards(data) -> list[dict]:
	behind = {row["organization"] for row in data if row.get("yearly_duties_behind")}
	return [card(len(behind), _("Branches Behind on Yearly Duties"), "Red" if behind else "Green")]
