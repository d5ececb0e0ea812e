"""Frappe's dashboard charts, with their series named in the user's language.

A group-by chart names its one series after the chart ("Members by Branch"), which the chart's
tooltip shows as written; the same chart here, its series names translated (各支部党员人数)."""

import frappe
from frappe import _
from frappe.desk.doctype.dashboard_chart import dashboard_chart

from party_building.core.endpoint import guarded

# the methods of the app's dashboard chart sources (a Custom chart's data), by source name: the chart
# widget reads them from the source's script; the workspace's one call (core/workspace.py) from here
SOURCES = {
	"Joins per Year": "party_building.party_building.dashboard_chart_source.joins_per_year.joins_per_year.get",
}


@frappe.whitelist()
@guarded
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
	refresh=None,
):
	result = dashboard_chart.get(
		chart_name=chart_name,
		chart=chart,
		no_cache=no_cache,
		filters=filters,
		from_date=from_date,
		to_date=to_date,
		timespan=timespan,
		time_interval=time_interval,
		heatmap_year=heatmap_year,
		refresh=refresh,
	)
	for dataset in (result or {}).get("datasets") or []:
		if isinstance(dataset, dict) and isinstance(dataset.get("name"), str):
			dataset["name"] = _(dataset["name"])
	return result
