"""Organizational life at county scale (about 15,000 activities and 300,000 attendance rows):
the compliance bulletin for the county and for one branch over 12 months, saving an activity with
60 attendees, and the county bulletin against the same aggregate in plain SQL (their ratio is a row).
"""

import datetime

import frappe
from frappe.utils import getdate, today

from party_building.activity import rules
from party_building.benchmark import IN_COUNTY_BRANCHES, WARMUP_RUNS, RatioRow, county_range, measurement
from party_building.organization.rules import SECRETARY
from party_building.party_building.report.organizational_life_compliance.organizational_life_compliance import (
	streak_sql,
)

SAVE_ATTENDEES = 60


def twelve_months() -> tuple[datetime.date, datetime.date]:
	on = getdate(today())
	y, m = on.year, on.month - 11
	if m < 1:
		y, m = y - 1, m + 12
	return datetime.date(y, m, 1), on


def bulletin(organization: str | None = None):
	from party_building.party_building.report.organizational_life_compliance import (
		organizational_life_compliance as report,
	)

	start, end = twelve_months()
	return report.execute(
		frappe._dict(organization=organization, period="Month", from_date=start, to_date=end)
	)


def plain_sql_aggregate():
	"""The county bulletin's numbers straight from SQL: held and attendance per branch, kind and
	month, the members absent three in a row and the yearly plans' items — no permissions, no rules,
	no rows built."""
	start, end = twelve_months()
	county = county_range()
	held = frappe.db.sql(
		f"""
		select organization, activity_type, year(activity_date) as y, month(activity_date) as m,
			count(*), count(distinct party_group), sum(present_count), sum(expected_count)
		from `tabParty Activity`
		where organization {IN_COUNTY_BRANCHES} and activity_date between %(start)s and %(end)s
			and status = 'Held' and docstatus < 2
		group by organization, activity_type, y, m
		""",
		{**county, "start": datetime.date(start.year, 1, 1), "end": end},
	)
	streaks = frappe.db.sql(
		streak_sql(f"and organization {IN_COUNTY_BRANCHES}"),
		{**county, "start": start, "end": end, "streak": 3},
	)
	planned = frappe.db.sql(
		f"""
		select p.organization, p.year, i.month, i.activity_type
		from `tabParty Activity Plan Item` i join `tabParty Activity Plan` p on p.name = i.parent
		where p.organization {IN_COUNTY_BRANCHES} and p.year between %(y1)s and %(y2)s
			and i.parenttype = 'Party Activity Plan'
		""",
		{**county, "y1": start.year, "y2": end.year},
	)
	years = {"y1": datetime.date(start.year, 1, 1), "until": end}
	members = frappe.db.sql(
		f"""
		select branch, name, full_name from `tabParty Member`
		where branch {IN_COUNTY_BRANCHES} and standing = 'Active' order by name_pinyin
		""",
		county,
	)
	committee = frappe.db.sql(
		f"""
		select parent, member, position from `tabParty Organization Committee Member`
		where parent {IN_COUNTY_BRANCHES} and parenttype = 'Party Organization' and is_current = 1 order by idx
		""",
		county,
	)
	talks = frappe.db.sql(
		f"""
		select organization, year(talk_date), initiator, counterpart from `tabHeart-to-Heart Talk`
		where organization {IN_COUNTY_BRANCHES} and talk_date between %(y1)s and %(until)s
		""",
		{**county, **years},
	)
	lectures = frappe.db.sql(
		f"""
		select a.organization, year(a.activity_date), count(distinct a.name) from `tabParty Activity` a
		join `tabParty Organization Committee Member` c on c.parent = a.organization
			and c.parenttype = 'Party Organization' and c.member = a.lecturer and c.position = %(secretary)s
			and c.from_date <= a.activity_date and (c.to_date is null or c.to_date >= a.activity_date)
		where a.organization {IN_COUNTY_BRANCHES} and a.activity_type = %(lecture)s and a.status = 'Held'
			and a.docstatus < 2 and a.activity_date between %(y1)s and %(until)s
		group by a.organization, year(a.activity_date)
		""",
		{**county, "lecture": rules.PARTY_LECTURE, "secretary": SECRETARY, **years},
	)
	return held, streaks, planned, (members, committee, talks, lectures)


def whole_county(ctx, answer) -> bool:
	"""The whole county, someone behind — and the report's figures equal to the plain SQL's: each
	branch's attendance over the 12 months, its members absent three in a row, its secretary's 党课
	and the talk duties outstanding in the current year."""
	_columns, data, _message, chart, _summary = answer
	branches = {row["organization"] for row in data}
	if not (len(branches) >= 250 and any(row["behind"] for row in data) and chart["data"]["labels"]):
		return False
	return same_figures(data, plain_sql_aggregate())


def same_figures(data, aggregate) -> bool:
	held, streaks, _planned, (members, committee, talks, lectures) = aggregate
	start, end = twelve_months()
	months = {(y, m) for y, m in rules.periods_between(start, end, rules.MONTHLY)}
	present: dict = {}
	for org, _kind, y, m, _n, _groups, p, e in held:
		if (y, m) in months:
			cell = present.setdefault((org, y, m), [0, 0])
			cell[0] += int(p or 0)
			cell[1] += int(e or 0)
	absent: dict = {}
	for org, y, m, member in streaks:
		absent.setdefault((org, y, m), set()).add(member)
	people: dict = {}
	for branch, name, _full_name in members:
		people.setdefault(branch, {"members": [], "committee": [], "secretary": None})["members"].append(name)
	for branch, member, position in committee:
		p = people.setdefault(branch, {"members": [], "committee": [], "secretary": None})
		p["committee"].append(member)
		if position == SECRETARY:
			p["secretary"] = member
	by_year: dict = {}
	for org, y, initiator, counterpart in talks:
		by_year.setdefault((org, y), []).append((initiator, counterpart))
	lectured = {(org, y): n for org, y, n in lectures}
	for row in data:
		if row.get("is_leading_group"):
			continue
		org = row["organization"]
		y, m = (int(v) for v in row["period"].split("-"))
		p, e = present.get((org, y, m), [0, 0])
		if row["attendance_rate"] != (rules.attendance_rate(p, e) if e else None):
			return False
		if row["absent_in_a_row"] != len(absent.get((org, y, m), ())):
			return False
		if m == end.month and y == end.year:  # the current year's duties so far
			who = people.get(org, {"members": [], "committee": [], "secretary": None})
			missing = rules.missing_talks(
				who["secretary"], who["committee"], who["members"], by_year.get((org, y), [])
			)
			if row["talks_outstanding"] != len(missing):
				return False
			lecture = rules.secretary_lecture_compliance({y: lectured.get((org, y), 0)}, [(y, m)])
			if int(row["secretary_lecture"].split("/")[0]) != lecture.held:
				return False
	return True


def own_branch_year(ctx, answer) -> bool:
	data = answer[1]
	return len(data) == 12 and {row["organization"] for row in data} == {ctx.branch}


def has_rows(ctx, answer) -> bool:
	held = answer[0]
	return len(held) > 1000


@measurement(
	"compliance aggregate in plain SQL, county, 12 months", 2000, user="Administrator", check=has_rows
)
def plain_sql(ctx):
	return RATIO.timed("sql", plain_sql_aggregate)


@measurement("compliance report, county admin, 12 months", 2000, user="admin", check=whole_county)
def county_report(ctx):
	return RATIO.timed("report", bulletin)


# as many runs as every query (five left a median that moved 1.29–1.52× from run to run)
RATIO = RatioRow("ratio: county compliance report / plain SQL", target=1.5, warmup=WARMUP_RUNS)


@measurement("compliance report, branch secretary, 12 months", 100, user="secretary", check=own_branch_year)
def branch_report(ctx):
	return bulletin(ctx.branch)


def save_activity(ctx):
	"""A branch general meeting with 60 attendees (the branch's members, then invited guests) saved
	through the controller as the branch secretary."""
	members = frappe.get_all(
		"Party Member",
		filters={"branch": ctx.branch, "standing": "Active"},
		fields=["name", "full_name", "membership_type"],
		limit=SAVE_ATTENDEES,
		order_by="name",
	)
	rows = [{"member": m.name, "status": rules.PRESENT} for m in members]
	rows += [
		{"member_name": f"列席人员{i}", "is_guest": 1, "status": rules.PRESENT}
		for i in range(SAVE_ATTENDEES - len(rows))
	]
	full = sum(1 for m in members if m.membership_type == "Full")
	rows[0]["status"] = rules.ON_LEAVE
	rows[0]["leave_reason"] = "外出培训"
	doc = frappe.get_doc(
		{
			"doctype": "Party Activity",
			"organization": ctx.branch,
			"activity_type": rules.GENERAL_MEETING,
			"topic": "学习贯彻全会精神",
			"activity_date": getdate(today()) - datetime.timedelta(days=1),
			"start_time": "14:30:00",
			"end_time": "16:00:00",
			"place": "党员活动室",
			"attendees": rows,
			"votes": [{"item": "推荐优秀共产党员人选", "votes_for": max(full - 1, 0), "votes_against": 1}],
		}
	)
	return doc.insert()


def saved_with_counts(ctx, doc) -> bool:
	return len(doc.attendees) == SAVE_ATTENDEES and doc.leave_count == 1 and doc.votes[0].result


measurement(
	"save an activity with 60 attendees, branch secretary",
	300,
	user="secretary",
	check=saved_with_counts,
	writes=True,
)(save_activity)
