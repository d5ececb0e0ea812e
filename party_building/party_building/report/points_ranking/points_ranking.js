// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Points Ranking"] = {
	filters: [
		{ fieldname: "organization", label: __("Organization"), fieldtype: "Link", options: "Party Organization" },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.year_start() },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.year_end() },
		{ fieldname: "include_zero", label: __("Include Members without Points"), fieldtype: "Check", default: 1 },
	],
};
