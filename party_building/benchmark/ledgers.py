"""Ledgers at county scale (about 1,600 problems and 300,000 points entries): the points ranking of
the whole county over a year (≤ 1 s) and the rectification report for the county (≤ 300 ms), as the
county admin; and the same reports for one branch as its secretary.
"""

import frappe
from frappe.utils import getdate, today

from party_building.benchmark import measurement


def this_year() -> tuple[str, str]:
	on = getdate(today())
	return str(on.replace(month=1, day=1)), str(on.replace(month=12, day=31))


def points_ranking(ctx, organization=None):
	from party_building.party_building.report.points_ranking.points_ranking import execute

	start, end = this_year()
	return execute(frappe._dict(organization=organization, from_date=start, to_date=end, include_zero=1))


def rectification_report(ctx, organization=None):
	from party_building.party_building.report.rectification_progress.rectification_progress import execute

	return execute(frappe._dict(organization=organization, group_by_category=1))


def ranks_the_county(ctx, answer) -> bool:
	"""Every active member of the county is ranked, places run from 1 and the leader has points."""
	rows = answer[1]
	active = frappe.db.count("Party Member", {"standing": "Active"})
	return (
		len(rows) >= active * 0.95
		and rows
		and min(r["rank"] for r in rows) == 1
		and max(r["total"] for r in rows) > 0
	)


def counts_the_county(ctx, answer) -> bool:
	"""The total row counts every problem of the organizations the admin sees."""
	from party_building.core.access import filter_organizations

	data = answer[1]
	orgs = filter_organizations(None)
	expected = frappe.db.count(
		"Rectification Item", {"organization": ("in", orgs or [""])} if orgs is not None else {}
	)
	return bool(data) and bool(data[-1].get("is_total")) and data[-1]["total"] == expected


def own_branch_only(ctx, answer) -> bool:
	return bool(answer[1]) and all(
		r.get("is_total") or r["organization"] in ctx.secretary_orgs for r in answer[1]
	)


measurement("points ranking, county over a year", target_ms=1000, user="admin", check=ranks_the_county)(
	points_ranking
)
measurement("rectification report, county", target_ms=300, user="admin", check=counts_the_county)(
	rectification_report
)
measurement("points ranking, one branch over a year", target_ms=200, user="secretary", check=own_branch_only)(
	points_ranking
)
measurement("rectification report, one branch", target_ms=100, user="secretary", check=own_branch_only)(
	rectification_report
)
