// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Dues Publication"] = {
	filters: [
		{
			fieldname: "organization",
			label: __("Organization"),
			fieldtype: "Link",
			options: "Party Organization",
			reqd: 1,
		},
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: new Date().getFullYear(),
			reqd: 1,
		},
	],
	tree: true,
	name_field: "name",
	parent_field: "parent_row",
	initial_depth: 1,
};
