// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Branch Assessment Ranking"] = {
	filters: [
		{ fieldname: "organization", label: __("Organization"), fieldtype: "Link", options: "Party Organization" },
		{ fieldname: "year", label: __("Year"), fieldtype: "Int", default: new Date().getFullYear(), reqd: 1 },
	],
};
