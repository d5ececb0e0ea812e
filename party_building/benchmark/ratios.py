"""Every county-wide report against the same aggregate in plain SQL (issue 20): the report run as the
county admin, its figures computed by one plain query over the county's organizations (no
permissions, no rules, no rows built), the two checked equal, and their ratio a row with a target of
1.5×. (The compliance bulletin and the dues collection report have theirs in activity.py and dues.py.)

Each pair runs 2 + RUNS times back to back; the ratio leaves the first two of each out.
"""

import datetime
from collections.abc import Callable

import frappe
from frappe.utils import add_months, add_years, get_first_day, get_last_day, getdate, today

from party_building.benchmark import IN_COUNTY, WARMUP_RUNS, RatioRow, county_range, measurement
from party_building.demo import DEMO_ROOT
from party_building.ledgers import rules as ledger_rules

TARGET = 1.5
RUNS = 15  # as many as every query's (7 left ratios that moved by 0.1–0.2 from run to run)


def sql(query: str, **values) -> list[tuple]:
	"""Run a plain SQL baseline; `in %(orgs)s` in it is "one of the county's organizations", read as the
	root's range of the tree (benchmark.IN_COUNTY), the same plan at ×1 and ×4."""
	return frappe.db.sql(query.replace("in %(orgs)s", IN_COUNTY), {**county_range(), **values})


def rolled_up(per_branch: str, columns: list[str], totals: list[str], every_organization=False) -> str:
	"""SQL: each organization of the county (Party Groups aside) with `totals` over its subtree of the
	figures `per_branch` gives (a query of `branch` and `columns`, one pass over the records): each
	branch's figures carried up the parent links to the county's root, so a county of b branches at
	depth d sums b × d rows. (Joining the per-branch figures to each (organization, branch) pair
	instead let MariaDB compute them again for every pair — `split_materialized` — and the nested-set
	join `b.lft between o.lft and o.rgt` compared every pair: both grew faster than the county.)
	`every_organization`: those without any figure too, as 0."""
	names = ", ".join(columns)
	walk = f"""
		with recursive up (org, {names}) as (
			select branch, {names} from ({per_branch}) per_branch
			union all
			select p.parent_party_organization, {", ".join(f"up.{c}" for c in columns)} from up
			join `tabParty Organization` p on p.name = up.org
			where p.lft > %(county_lft)s
		)"""
	if not every_organization:
		return f"""{walk}
		select o.name, {", ".join(totals)} from up join `tabParty Organization` o on o.name = up.org
		where o.org_type != 'Party Group'
		group by o.name order by o.lft"""
	return f"""{walk}
		select o.name, {", ".join(f"coalesce(t.t{i}, 0)" for i in range(len(totals)))}
		from `tabParty Organization` o left join (
			select org, {", ".join(f"{total} as t{i}" for i, total in enumerate(totals))} from up group by org
		) t on t.org = o.name
		where o.lft between %(county_lft)s and %(county_rgt)s and o.org_type != 'Party Group'
		order by o.lft"""


def ratio(label: str, report: Callable, aggregate: Callable, same: Callable, target_ms: float = 2000):
	"""Register the report (as the county admin), its plain SQL aggregate and their ratio row; the
	report's first answer must equal the aggregate's (`same(answer, rows)`)."""
	runs = WARMUP_RUNS + RUNS
	measurement(
		f"{label}: plain SQL", target_ms, user="Administrator", check=lambda ctx, a: bool(a), runs=runs
	)(lambda ctx: row.timed("sql", aggregate))
	measurement(
		f"{label}: report, county admin",
		target_ms,
		user="admin",
		check=lambda ctx, answer: same(answer, aggregate()),
		runs=runs,
	)(lambda ctx: row.timed("report", report))
	row = RatioRow(f"ratio: {label} / plain SQL", target=TARGET, warmup=WARMUP_RUNS)


def run_report(module: str, **filters):
	report = frappe.get_module(f"party_building.party_building.report.{module}.{module}")
	return report.execute(frappe._dict(filters))


def rows_of(answer) -> list[dict]:
	return [r for r in answer[1] if not r.get("is_total")]


# --- member roster of the whole county ----------------------------------------------------------


def roster_sql():
	"""The roster's columns of every active member, in the roster's order."""
	from party_building.records.statistics import ROSTER_FIELDS

	return sql(
		"""
		select {} from `tabParty Member` m join `tabParty Organization` o on o.name = m.branch
		where m.standing = 'Active' and m.branch in %(orgs)s order by o.lft, m.joined_on, m.name
		""".format(", ".join(f"m.{f}" for f in ROSTER_FIELDS))
	)


ratio(
	"member roster, whole county",
	lambda: run_report("member_roster", organization=DEMO_ROOT),
	roster_sql,
	lambda answer, rows: [r["name"] for r in answer[1]] == [r[0] for r in rows],
)


# --- term expiry ------------------------------------------------------------------------------


def term_expiry_sql():
	return sql(
		"""
		select name, org_type, parent_party_organization, secretary_name, term_start, term_end
		from `tabParty Organization`
		where status != 'Dissolved' and org_type != 'Party Group' and name in %(orgs)s
			and term_end <= %(until)s
		order by term_end, lft
		""",
		until=add_months(getdate(today()), 6),
	)


ratio(
	"term expiry, whole county",
	lambda: run_report("term_expiry", organization=DEMO_ROOT),
	term_expiry_sql,
	lambda answer, rows: [r["name"] for r in answer[1]] == [r[0] for r in rows],
	200,
)


# --- members due for removal ------------------------------------------------------------------


def removal_sql():
	"""The suspended members of the county, two years or more, with the reason and record of their
	latest suspension: every column of the report's rows."""
	return sql(
		"""
		select m.name, m.full_name, m.branch, m.standing_since, m.phone, c.reason, c.name
		from `tabParty Member` m
		left join `tabStanding Change` c on c.name = (
			select s.name from `tabStanding Change` s
			where s.member = m.name and s.docstatus = 1 and s.change_type = 'Suspension'
			order by s.effective_date desc limit 1
		)
		where m.standing = 'Suspended' and m.standing_since < %(before)s and m.branch in %(orgs)s
		order by m.standing_since, m.name
		""",
		before=add_years(getdate(today()), -2),
	) or [("-",) * 7]  # an empty county still proves the report's emptiness equal


def same_members(answer, rows) -> bool:
	found = sorted((r["name"], r["standing_change"]) for r in answer[1])
	return found == sorted((r[0], r[6]) for r in rows if r[0] != "-")


ratio(
	"members due for removal, whole county",
	lambda: run_report("members_due_for_removal", organization=DEMO_ROOT),
	removal_sql,
	same_members,
	200,
)


# --- transfers of the year --------------------------------------------------------------------


def transfers_sql():
	return sql(
		"""
		select name, transfer_type, member, member_name, from_organization, from_organization_name,
			to_organization, to_organization_name, letter_no, issue_date, receipt_due_on, receipt_date,
			workflow_state
		from `tabMember Transfer`
		where docstatus < 2 and (letter_year = %(year)s or letter_year is null or letter_year = 0)
			and (organization in %(orgs)s or (to_organization in %(orgs)s and docstatus = 1))
		order by creation
		""",
		year=getdate(today()).year,
	) or [("-",)]


ratio(
	"member transfers of the year, whole county",
	lambda: run_report("member_transfers", organization=DEMO_ROOT),
	transfers_sql,
	lambda answer, rows: [r["name"] for r in answer[1]] == [r[0] for r in rows if r[0] != "-"],
	200,
)


# --- dues arrears -----------------------------------------------------------------------------


def arrears_sql():
	"""Active members with dues assessed (not exempt) this year or last, and the months since their
	last paid month (or since joining) up to the last month ended: 3 or more."""
	on = getdate(today())
	return sql(
		"""
		select m.name, period_diff(%(last_ended)s, date_format(
			coalesce(date_add((
				select month from `tabDues Payment Month` p where p.member = m.name and p.docstatus = 1
				order by month desc limit 1
			), interval 1 month), m.joined_on), '%%Y%%m')) + 1 as unpaid
		from `tabParty Member` m use index (primary)
		left join `tabDues Assessment Item` a1 on a1.member_year = concat(m.name, ':', %(year)s)
		left join `tabDues Assessment Item` a2 on a2.member_year = concat(m.name, ':', %(last_year)s)
		where m.standing = 'Active' and m.branch in %(orgs)s and m.joined_on is not null
			and (a1.monthly_amount > 0 or a2.monthly_amount > 0)
		having unpaid >= 3
		""",
		last_ended=int(add_months(on, -1).strftime("%Y%m")),
		year=on.year,
		last_year=on.year - 1,
	)


ratio(
	"dues arrears, whole county",
	lambda: run_report("dues_arrears", organization=DEMO_ROOT),
	arrears_sql,
	lambda answer, rows: {r["member"]: r["months_unpaid"] for r in answer[1]} == dict(rows),
	500,
)


# --- rectification, work ledger, funds --------------------------------------------------------


def rectification_sql():
	"""The county's organizations as the root's range of the tree, not as 2,402 names: at four counties
	a list of names cost MariaDB more per name than at one (×4.5–4.8 for ×4 the rows), and this is all the
	query does besides reading an index."""
	lft, rgt = frappe.db.get_value("Party Organization", DEMO_ROOT, ["lft", "rgt"])
	return frappe.db.sql(
		"""
		select i.organization, count(*),
			sum(i.workflow_state != %(closed)s),
			sum(i.workflow_state != %(closed)s and i.deadline < %(on)s),
			sum(i.workflow_state = %(closed)s and i.closed_on <= i.deadline),
			sum(i.workflow_state = %(closed)s and i.closed_on > i.deadline)
		from `tabRectification Item` i
		join `tabParty Organization` o on o.name = i.organization and o.lft between %(lft)s and %(rgt)s
		group by i.organization order by i.organization
		""",
		{"on": getdate(today()), "closed": ledger_rules.CLOSED_OUT, "lft": lft, "rgt": rgt},
	)


ratio(
	"rectification progress, whole county",
	lambda: run_report("rectification_progress", organization=DEMO_ROOT, group_by_category=0),
	rectification_sql,
	lambda answer, rows: (
		[
			(r["organization"], r["total"], r["open"], r["overdue"], r["closed_on_time"], r["closed_late"])
			for r in rows_of(answer)
		]
		== [(r[0], *(int(v or 0) for v in r[1:])) for r in rows]
	),
	300,
)


def work_ledger_sql():
	return sql(
		"""
		select organization, year, count(*), sum(status = %(done)s), sum(status = %(in_progress)s),
			sum(status = %(not_started)s), sum(status != %(done)s and deadline < %(on)s)
		from `tabWork Task` where organization in %(orgs)s
		group by organization, year order by organization, year
		""",
		on=getdate(today()),
		done=ledger_rules.DONE,
		in_progress=ledger_rules.IN_PROGRESS,
		not_started=ledger_rules.NOT_STARTED,
	)


ratio(
	"work ledger progress, whole county",
	lambda: run_report("work_ledger_progress", organization=DEMO_ROOT),
	work_ledger_sql,
	lambda answer, rows: (
		sorted(
			(
				r["organization"],
				r["year"],
				r["total"],
				r["done"],
				r["in_progress"],
				r["not_started"],
				r["overdue"],
			)
			for r in rows_of(answer)
		)
		== sorted(tuple(int(v or 0) if i > 1 else v for i, v in enumerate(r)) for r in rows)
	),
	300,
)


def funds_sql():
	"""Every figure of the report's rows: the fund, its organization, year, payroll and budget, and its
	expenses' sum, count and approvals past the budget."""
	return sql(
		"""
		select f.name, f.organization, f.year, f.previous_year_payroll, f.budget, coalesce(sum(e.amount), 0),
			count(e.name), coalesce(sum(e.over_budget), 0)
		from `tabParty Work Fund` f
		left join `tabParty Work Fund Expense` e on e.parent = f.name and e.parenttype = 'Party Work Fund'
		where f.organization in %(orgs)s
		group by f.name order by f.organization, f.year
		"""
	)


ratio(
	"party work funds, whole county",
	lambda: run_report("party_work_fund_summary", organization=DEMO_ROOT),
	funds_sql,
	lambda answer, rows: (
		[
			(
				r["name"],
				r["organization"],
				r["year"],
				r["previous_year_payroll"],
				r["budget"],
				r["spent"],
				r["expenses"],
				r["approved_past_budget"],
			)
			for r in rows_of(answer)
		]
		== [
			(n, o, y, float(p or 0), float(b or 0), float(s or 0), int(c), int(a or 0))
			for n, o, y, p, b, s, c, a in rows
		]
	),
	300,
)


# --- points ranking ---------------------------------------------------------------------------


def points_sql():
	"""Every active member's name, branch and points of the year earned in the county by category
	from the tally (0 without any), and the points earned in the county by everyone else (activists,
	members who left or are no longer active): the ranking's people and columns."""
	register = sql(
		"""
		select m.name, m.full_name, m.branch, m.membership_type, coalesce(t.organizational_life, 0),
			coalesce(t.study, 0), coalesce(t.exemplary_role, 0), coalesce(t.deduction, 0),
			coalesce(t.points, 0)
		from `tabParty Member` m
		left join (
			select member, sum(organizational_life) as organizational_life, sum(study) as study,
				sum(exemplary_role) as exemplary_role, sum(deduction) as deduction, sum(points) as points
			from `tabPoints Tally` where year = %(year)s and organization in %(orgs)s group by member
		) t on t.member = m.name
		where m.standing = 'Active' and m.branch in %(orgs)s
		""",
		year=getdate(today()).year,
	)
	others = sql(
		"""
		select coalesce(t.member, t.activist), sum(t.organizational_life), sum(t.study),
			sum(t.exemplary_role), sum(t.deduction), sum(t.points)
		from `tabPoints Tally` t left join `tabParty Member` m on m.name = t.member
		where t.year = %(year)s and t.organization in %(orgs)s
			and (t.member is null or m.standing != 'Active' or m.branch not in %(orgs)s)
		group by t.member, t.activist
		""",
		year=getdate(today()).year,
	)
	return register, others


def points_report():
	on = getdate(today())
	return run_report(
		"points_ranking",
		organization=DEMO_ROOT,
		from_date=get_first_day(on.replace(month=1)),
		to_date=get_last_day(on.replace(month=12)),
		include_zero=1,
	)


def same_points(answer, aggregate) -> bool:
	"""The same people (members and activists) with the same total."""
	register, others = aggregate
	totals = {r["member"] or r["activist"]: r["total"] for r in answer[1]}
	expected = {row[0]: float(row[-1]) for row in register} | {row[0]: float(row[-1]) for row in others}
	return bool(register) and totals == expected


ratio("points ranking of the year, whole county", points_report, points_sql, same_points, 1000)


# --- yearly statistics ------------------------------------------------------------------------


STATISTICS_SKIPPED = ("transferred_in", "transferred_out")  # from the transfers, not the register


def statistics_keys() -> list[str]:
	"""The report's count columns that the register gives."""
	from party_building.party_building.report.yearly_statistics.yearly_statistics import column_keys
	from party_building.records.statistics import statistic_conditions

	conditions = statistic_conditions()
	return [k for k, _label, _ctx in column_keys() if k in conditions and k not in STATISTICS_SKIPPED]


def statistics_sql():
	"""Last year's statistics per organization (each counting its subtree, nested set): every
	column the register gives (all but the transfers), from the same derived columns."""
	from party_building.records.statistics import MEMBER_COLUMNS, statistic_conditions

	conditions = statistic_conditions()
	keys = statistics_keys()
	columns = [f"c{i}" for i in range(len(keys))]
	inner = ", ".join(f"sum(ifnull({conditions[k]}, 0)) as c{i}" for i, k in enumerate(keys))
	year = getdate(today()).year - 1
	return sql(
		rolled_up(
			f"""select branch, {inner} from (select {MEMBER_COLUMNS} from `tabParty Member`
				where branch in %(orgs)s) t group by branch""",
			columns,
			[f"sum({c})" for c in columns],
			every_organization=True,
		),
		on=datetime.date(year, 12, 31),
		year=year,
	)


def same_statistics(answer, rows) -> bool:
	from party_building.party_building.report.yearly_statistics.yearly_statistics import fieldname

	fields = [fieldname(k) for k in statistics_keys()]
	found = [(r["organization"], *(r.get(f, 0) for f in fields)) for r in answer[1]]
	return found == [(r[0], *(int(v) for v in r[1:])) for r in rows]


ratio(
	"yearly statistics, whole county",
	lambda: run_report("yearly_statistics", organization=DEMO_ROOT, year=getdate(today()).year - 1),
	statistics_sql,
	same_statistics,
	1000,
)


# --- development pipeline ---------------------------------------------------------------------


def pipeline_sql():
	"""Per organization, each counting its subtree (nested set): people per stage, steps overdue and
	the earliest overdue date, probation ending in the next 60 days, the members admitted in the year;
	and the year's plan quotas — every figure of the report's rows."""
	from party_building.admission import rules as admission
	from party_building.party_building.report.development_pipeline.development_pipeline import (
		PROBATION_WINDOW_DAYS,
		STAGE_FIELDS,
	)

	on = getdate(today())
	fields = list(dict.fromkeys(STAGE_FIELDS.values()))
	inner = ", ".join(  # per branch: people in each stage field, as c0, c1, …
		"sum(stage in ({})) as c{}".format(
			", ".join(frappe.db.escape(s) for s, f in STAGE_FIELDS.items() if f == field), i
		)
		for i, field in enumerate(fields)
	)
	columns = [f"c{i}" for i in range(len(fields))]
	is_overdue = "stage in %(open)s and next_due_on < %(on)s"
	people = sql(  # per branch in one pass over the records, then each organization's subtree
		rolled_up(
			f"""select branch, {inner}, sum({is_overdue}) as overdue,
				min(case when {is_overdue} then next_due_on end) as earliest,
				sum(stage = %(probationary)s and probation_end between %(on)s and %(window)s) as ending
			from `tabMember Development` where branch in %(orgs)s group by branch""",
			[*columns, "overdue", "earliest", "ending"],
			[*(f"sum({c})" for c in columns), "sum(overdue)", "min(earliest)", "sum(ending)"],
		),
		on=on,
		open=admission.OPEN_STAGES,
		probationary=admission.PROBATIONARY_MEMBER,
		window=frappe.utils.add_days(on, PROBATION_WINDOW_DAYS),
	)
	admitted = sql(
		rolled_up(
			"""select branch, count(*) as n from `tabParty Member`
			where branch in %(orgs)s and joined_on between %(start)s and %(end)s group by branch""",
			["n"],
			["sum(n)"],
		),
		start=datetime.date(on.year, 1, 1),
		end=datetime.date(on.year, 12, 31),
	)
	plans = sql(
		"select organization, quota from `tabDevelopment Plan` where year = %(year)s and organization in %(orgs)s",
		year=on.year,
	)
	return people, admitted, plans


def same_stages(answer, aggregate) -> bool:
	"""Every organization's row: people per stage, overdue steps and the most days overdue,
	probation ending, plan and admitted."""
	from party_building.admission import rules as admission
	from party_building.party_building.report.development_pipeline.development_pipeline import STAGE_FIELDS

	people, admitted, plans = aggregate
	on = getdate(today())
	fields = list(dict.fromkeys(STAGE_FIELDS.values()))
	keys = [*fields, "overdue", "max_days_overdue", "probation_ending", "plan", "admitted"]
	expected: dict[str, dict] = {}
	for name, *counts, overdue, earliest, ending in people:
		row = expected.setdefault(name, dict.fromkeys(keys, 0))
		row.update(zip(fields, (int(c) for c in counts), strict=True))
		row.update(
			overdue=int(overdue or 0),
			max_days_overdue=admission.days_overdue(getdate(earliest) if earliest else None, on),
			probation_ending=int(ending or 0),
		)
	for name, n in admitted:
		expected.setdefault(name, dict.fromkeys(keys, 0))["admitted"] = int(n)
	for name, quota in plans:
		expected.setdefault(name, dict.fromkeys(keys, 0))["plan"] = int(quota or 0)
	expected = {name: row for name, row in expected.items() if any(row[k] for k in keys)}
	report = {r["organization"]: {k: r[k] for k in keys} for r in answer[1]}
	return bool(expected) and report == expected


ratio(
	"development pipeline, whole county",
	lambda: run_report("development_pipeline", organization=DEMO_ROOT, year=getdate(today()).year),
	pipeline_sql,
	same_stages,
	500,
)


# --- dues publication -------------------------------------------------------------------------


def publication_sql():
	"""Each active member's months paid this year, monthly amount and voluntary extras; each
	organization's book for the year (balance before it, received, remitted, spent) and its uses of
	dues — the figures the publication shows."""
	year = getdate(today()).year
	start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
	# each member's paid months counted on the (member, docstatus, month) index and the extras summed in
	# one pass over the payments, as the report reads them: grouping every paid month first (a temporary
	# table of all of them) made this query 8.3 × as long for four counties as for one, 3.6 × this way
	members = sql(
		"""
		set statement optimizer_switch = 'split_materialized=off' for
		select m.name, (
			select count(*) from `tabDues Payment Month` pm
			where pm.member = m.name and pm.docstatus = 1 and pm.month between %(start)s and %(end)s
		), a.monthly_amount, coalesce(v.amount, 0) from `tabParty Member` m
		left join (
			select member, sum(voluntary_amount) as amount from `tabDues Payment`
			where docstatus = 1 and voluntary_amount > 0 and from_month between %(start)s and %(end)s
			group by member
		) v on v.member = m.name
		left join `tabDues Assessment Item` a on a.member_year = concat(m.name, ':', %(year)s)
		where m.standing = 'Active' and m.branch in %(orgs)s
		""",
		start=start,
		end=end,
		year=year,
	)
	books = sql(
		"""
		select organization, sum(case when posting_date < %(start)s then received - remitted - spent else 0 end),
			sum(case when posting_date >= %(start)s then received else 0 end),
			sum(case when posting_date >= %(start)s then remitted else 0 end),
			sum(case when posting_date >= %(start)s then spent else 0 end)
		from `tabDues Ledger Entry`
		where organization in %(orgs)s and posting_date <= %(end)s
		group by organization
		""",
		start=start,
		end=end,
	)
	uses = sql(
		"""
		select organization, count(*) from `tabDues Use`
		where organization in %(orgs)s and docstatus = 1 and used_on between %(start)s and %(end)s
		group by organization
		""",
		start=start,
		end=end,
	)
	return members, books, uses


def same_publication(answer, aggregate) -> bool:
	members, books, uses = aggregate
	rows = answer[1]
	paid = {
		r["member"]: (r["months_paid"], r["monthly_amount"], r["voluntary"]) for r in rows if r.get("member")
	}
	expected = {n: (int(c), None if a is None else dues_fen(a), dues_fen(v)) for n, c, a, v in members}
	found = {n: (c, None if a is None else dues_fen(a), dues_fen(v)) for n, (c, a, v) in paid.items()}
	book = {
		r["organization"]: (r["opening"], r["received"], r["remitted"], r["spent"], len(r["uses"]))
		for r in rows
		if r.get("indent") == 0
	}
	used = dict(uses)
	return (
		found == expected
		and bool(books)
		and all(
			book.get(o) == (*(dues_fen(v) for v in figures), used.get(o, 0))
			for o, *figures in books
			if o in book
		)
	)


def dues_fen(value):
	from party_building.dues import rules as dues

	return dues.to_fen(value or 0)


ratio(
	"dues publication of the year, whole county",
	lambda: run_report("dues_publication", organization=DEMO_ROOT, year=getdate(today()).year),
	publication_sql,
	same_publication,
	2000,
)
