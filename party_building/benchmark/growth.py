"""Growth from the small demo (about 300 members) to the county demo (10,000): the reports that grew
faster than the data (issue 20: compliance ×86, roster ×164, points ranking ×75 for ×33 members),
each timed as its county's administrator in both counties. A report that grows no faster than the
data passes: its factor at most 1.2 × the members' factor.

Registered last (benchmark.BENCHMARK_MODULES): the small county is built beside the county demo for
the measurement and deleted afterwards, since a second county on the site changes what the other
measurements read (the county admin no longer sees every organization).
"""

import statistics
import time

import frappe
from frappe.utils import getdate, today

from party_building.benchmark import MEASUREMENTS, Measurement, fresh_request, measurement
from party_building.demo import ADMIN_USER, DEMO_ROOT, County, make_demo, reset_demo

SMALL = County("成长县")
RUNS = 5
SLACK = 1.2  # a factor up to 1.2 × the data's counts as growing with the data
# what the three reports read (the records demo numbers its transfer letters as if it were the only county)
SMALL_EXTENSIONS = ["party_building.demo.activity.make", "party_building.demo.ledgers.make"]


def compliance(root: str):
	from party_building.benchmark.activity import twelve_months
	from party_building.party_building.report.organizational_life_compliance import (
		organizational_life_compliance as report,
	)

	start, on = twelve_months()
	return report.execute(frappe._dict(organization=root, period="Month", from_date=start, to_date=on))


def roster(root: str):
	from party_building.party_building.report.member_roster.member_roster import execute

	return execute({"organization": root})


def points(root: str):
	from party_building.party_building.report.points_ranking.points_ranking import execute

	on = getdate(today())
	return execute(
		frappe._dict(
			organization=root, from_date=f"{on.year}-01-01", to_date=f"{on.year}-12-31", include_zero=1
		)
	)


REPORTS = {"compliance bulletin": compliance, "member roster": roster, "points ranking": points}


def timed(user: str, fn, root: str) -> float:
	samples = []
	for i in range(RUNS + 1):
		fresh_request(user)
		started = time.perf_counter()
		fn(root)
		if i:  # the first run warms up
			samples.append((time.perf_counter() - started) * 1000)
	return statistics.median(samples)


def members(root: str) -> int:
	from party_building.organization.service import subtree

	return frappe.db.count("Party Member", {"branch": ("in", subtree(root)), "standing": "Active"})


def growth(ctx):
	"""Build the small county, time the reports in both counties, delete the small county."""
	from party_building import demo

	saved = list(demo.DEMO_EXTENSIONS)
	demo.DEMO_EXTENSIONS[:] = SMALL_EXTENSIONS
	try:
		make_demo(scale="small", county=SMALL.name, reset=True)
	finally:
		demo.DEMO_EXTENSIONS[:] = saved
	try:
		data = members(DEMO_ROOT) / members(SMALL.root)
		factors = {
			label: timed(ADMIN_USER, fn, DEMO_ROOT) / timed(SMALL.admin_user, fn, SMALL.root)
			for label, fn in REPORTS.items()
		}
	finally:
		fresh_request("Administrator")
		reset_demo(SMALL.name)
		frappe.db.commit()
	ROW.name = f"growth small → county (members ×{data:.0f}): " + ", ".join(
		f"{label} ×{factor:.0f}" for label, factor in factors.items()
	)
	ROW.target_ms = 1000 if all(f <= SLACK * data for f in factors.values()) else 0
	return factors


measurement(
	"growth small → county: build the small county, time 3 reports in both",
	600_000,
	"Administrator",
	runs=1,
	writes=True,
)(growth)
# the verdict row, named and judged by the run above (as a ratio row is)
ROW = Measurement("growth small → county", 1000, lambda ctx: None, "Administrator", None, 1)
MEASUREMENTS.append(ROW)
