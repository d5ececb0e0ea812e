"""Issue 20: every ratio row of the benchmark divides a report's time by a plain SQL query's, and the
row is only worth anything if the query computes what the report shows. Each pair runs here once, as
the benchmark runs it (the report as the county admin, the SQL as Administrator), on the demo county:
the site's own when it has one, else a tiny one built in the test transaction. (The compliance
bulletin's and the dues collection's pairs are left out: their checks also ask for a county's size,
300 branches and 9,000 members.)"""

import contextlib

import frappe
import pytest

from party_building import benchmark
from party_building.demo import DEMO_ROOT, County
from tests.integration.factories import demo_county

for module in benchmark.BENCHMARK_MODULES:
	if not module.endswith(".growth"):  # it measures a county of its own, not a pair
		__import__(module)

PAIRS = [
	m
	for m in benchmark.MEASUREMENTS
	if m.partner is not None and m.run.__module__ == "party_building.benchmark.ratios"
]


@pytest.fixture(scope="module")
def ctx():
	present = frappe.db.exists("Party Organization", DEMO_ROOT)
	with contextlib.nullcontext() if present else demo_county(County().name):
		try:
			yield benchmark.context()
		finally:
			frappe.set_user("Administrator")


def test_every_county_wide_report_has_a_pair():
	labels = " ".join(m.name for m in PAIRS)
	for report in (
		"dues arrears",
		"publication",
		"pipeline",
		"statistics",
		"roster",
		"term expiry",
		"points ranking",
		"rectification",
		"work ledger",
		"funds",
		"transfers",
		"removal",
	):
		assert report in labels, report


@pytest.mark.parametrize("report", PAIRS, ids=[m.name for m in PAIRS])
def test_the_report_and_its_plain_sql_agree(ctx, report):
	answer, baseline = benchmark.measure(report, ctx, 1, alternate=report.partner)
	assert not baseline.error
	assert not answer.error, f"{report.name}: the report's rows differ from its plain SQL's"
