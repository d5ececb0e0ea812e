// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Joins per Year"] = {
	method: "party_building.party_building.dashboard_chart_source.joins_per_year.joins_per_year.get",
	filters: [
		{ fieldname: "organization", label: __("Organization"), fieldtype: "Link", options: "Party Organization" },
	],
};
