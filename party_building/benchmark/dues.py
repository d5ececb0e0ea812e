"""Party dues at county scale (10,000 members, two years of payments): the county collection report
for 12 months against the same aggregate in plain SQL (their ratio is a row; both measured back to
back with the usual warm-up and runs), a branch's ledger over 5 years, and — last, because its
rolled-back batch of inserts leaves the database busy for a while — the yearly assessment of every
branch at once.
"""

import datetime

import frappe
from frappe.utils import getdate, today

from party_building.benchmark import (
	IN_COUNTY,
	WARMUP_RUNS,
	RatioRow,
	county_branches,
	county_range,
	measurement,
)
from party_building.dues import rules as dues


def twelve_months() -> tuple[datetime.date, datetime.date]:
	current = dues.month_of(getdate(today()))
	return dues.add_months(current, -11), current


# --- the collection report against plain SQL --------------------------------------------------


def collection(organization: str | None = None):
	from party_building.party_building.report.dues_collection.dues_collection import execute

	start, end = twelve_months()
	return execute({"organization": organization, "from_month": start, "to_month": end})


def plain_sql_aggregate():
	"""Due and paid per member over the 12 months straight from SQL, at the report's grain (one row
	per member) and by the report's rule (a paid month counts the month's assessed amount): paid
	months counted per year from the covering index on paid months, times the assessed amount;
	due is the assessed amount times the months due in each year — no permissions, no arrears, no
	month columns, no branch totals. Checked equal, member by member, to the report's due and paid."""

	start, end = twelve_months()
	current = dues.month_of(getdate(today()))
	last = min(end, current)
	ym = lambda d: d.year * 100 + d.month  # noqa: E731
	return frappe.db.sql(
		f"""
		select m.name, m.branch,
			coalesce(a1.monthly_amount, 0) * coalesce(p.paid1, 0)
			+ coalesce(a2.monthly_amount, 0) * coalesce(p.paid2, 0) as paid,
			(coalesce(a1.monthly_amount, 0) * greatest(0, period_diff(least(%(last)s, %(y1_end)s),
				greatest(%(start)s, %(y1_start)s, date_format(m.joined_on, '%%Y%%m'))) + 1)
			+ coalesce(a2.monthly_amount, 0) * greatest(0, period_diff(least(%(last)s, %(y2_end)s),
				greatest(%(start)s, %(y2_start)s, date_format(m.joined_on, '%%Y%%m'))) + 1)) as due
		from `tabParty Member` m
		left join (
			select member, sum(month < %(y2_from)s) as paid1, sum(month >= %(y2_from)s) as paid2
			from `tabDues Payment Month`
			where docstatus = 1 and month between %(from)s and %(to)s
			group by member
		) p on p.member = m.name
		left join `tabDues Assessment Item` a1 on a1.member_year = concat(m.name, ':', %(y1)s)
		left join `tabDues Assessment Item` a2 on a2.member_year = concat(m.name, ':', %(y2)s)
		where m.standing = 'Active' and m.branch {IN_COUNTY}
		""",
		{
			"from": start,
			"to": end,
			"start": ym(start),
			"last": ym(last),
			"y1": start.year,
			"y2": end.year,
			"y1_start": start.year * 100 + 1,
			"y1_end": start.year * 100 + 12,
			"y2_start": end.year * 100 + 1 if end.year != start.year else 999912,
			"y2_end": end.year * 100 + 12,
			# the second year's paid months; none when the 12 months lie in one year
			"y2_from": datetime.date(end.year, 1, 1) if end.year != start.year else datetime.date(9999, 1, 1),
			**county_range(),
		},
		as_dict=True,
	)


def has_branches(ctx, rows) -> bool:
	return len({r.branch for r in rows}) >= 250 and sum(r.paid for r in rows) > 0


def whole_county(ctx, answer) -> bool:
	"""The whole county, 12 months, someone behind — and every member's due and paid equal to the
	plain SQL aggregate's (so the two timed queries compute the same thing)."""
	_columns, data, _message, chart, summary = answer
	members = {r["member"]: r for r in data if r.get("indent") == 1}
	behind = {s["label"]: s["value"] for s in summary}
	same = all(
		(r := members.get(row.name)) is not None
		and r["due"] == dues.to_fen(row.due)  # the database driver hands decimals over as floats
		and r["paid"] == dues.to_fen(row.paid)
		for row in plain_sql_aggregate()
	)
	return same and len(members) >= 9000 and len(chart["data"]["labels"]) == 12 and any(behind.values())


@measurement(
	"dues collection aggregate in plain SQL, county, 12 months",
	2000,
	user="Administrator",
	check=has_branches,
)
def plain_sql(ctx):
	return RATIO.timed("sql", plain_sql_aggregate)


@measurement("dues collection report, county admin, 12 months", 2000, user="admin", check=whole_county)
def county_collection(ctx):
	return RATIO.timed("report", collection)


RATIO = RatioRow("ratio: county dues collection report / plain SQL", target=1.5, warmup=WARMUP_RUNS)


# --- a branch's ledger ------------------------------------------------------------------------


def branch_ledger(ctx):
	from party_building.party_building.report.dues_ledger.dues_ledger import execute

	current = dues.month_of(getdate(today()))
	return execute(
		{"organization": ctx.branch, "from_month": dues.add_months(current, -59), "to_month": current}
	)


def five_years(ctx, answer) -> bool:
	rows = answer[1]
	return (
		{r["organization"] for r in rows} == {ctx.branch}
		and len(rows) == 60
		and any(r["received"] for r in rows)
	)


measurement("dues ledger of a branch, 5 years, branch secretary", 300, user="secretary", check=five_years)(
	branch_ledger
)


# --- the yearly assessment --------------------------------------------------------------------


def assess_every_branch(ctx):
	"""Next year's assessment of every branch at once (dues.assessment.assess_branches: what each
	secretary's Fill Members and Submit stores, tests/integration/test_dues_assessment_bulk.py), as
	the county admin. Rolled back afterwards (`after`, untimed: a request commits instead, and rolling
	back four counties' 39,000 rows took 0.5–1 s, a county's 0.1 s), so the measurement can run again."""
	from party_building.dues.assessment import assess_branches

	year = getdate(today()).year + 1
	try:
		made = assess_branches(county_branches(), year)
		return frappe.get_all(
			"Dues Assessment",
			filters={"name": ("in", list(made.values()) or [""])},
			pluck="member_count",
			ignore_permissions=True,
		)
	except Exception:
		frappe.db.rollback()
		raise


def assessed_everyone(ctx, made) -> bool:
	return len(made) >= 250 and sum(made) >= 9000


measurement(
	"dues: yearly assessment of every branch (10,000 members)",
	3_000,
	user="admin",
	check=assessed_everyone,
	runs=3,
	writes=True,
	after=lambda ctx: frappe.db.rollback(),
)(assess_every_branch)
