// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Yearly Statistics"] = {
	filters: [
		{ fieldname: "organization", label: __("Organization"), fieldtype: "Link", options: "Party Organization" },
		{ fieldname: "year", label: __("Year"), fieldtype: "Int", default: new Date().getFullYear() - 1, reqd: 1 },
		{ fieldname: "branches_only", label: __("Branches Only"), fieldtype: "Check", default: 0 },
	],
	tree: true,
	name_field: "organization",
	parent_field: "parent_organization",
	initial_depth: 2,
};
