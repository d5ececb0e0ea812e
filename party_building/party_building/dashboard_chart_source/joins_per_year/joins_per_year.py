# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""New members per year (by date joined) over the last ten years, within the user's organizations."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core import arguments
from party_building.core.access import filter_organizations
from party_building.core.endpoint import guarded
from party_building.core.replica import read_only
from party_building.records.statistics import new_members_by_branch_and_year

YEARS = 10


@frappe.whitelist()
@guarded
@read_only
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
) -> dict:
	organization = arguments.json_filters(filters).get("organization")
	if organization:
		arguments.organization(organization, officer=True)
	orgs = filter_organizations(organization)
	last = getdate(today()).year
	first = last - YEARS + 1
	counts = {}
	for (_branch, year), n in new_members_by_branch_and_year(orgs, first, last).items():
		counts[year] = counts.get(year, 0) + n
	years = list(range(first, last + 1))
	return {
		"labels": [str(y) for y in years],
		"datasets": [{"name": _("New Members"), "values": [counts.get(y, 0) for y in years]}],
	}
