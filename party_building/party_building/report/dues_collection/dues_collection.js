// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Dues Collection"] = {
	filters: [
		{ fieldname: "organization", label: __("Organization"), fieldtype: "Link", options: "Party Organization" },
		{
			fieldname: "from_month",
			label: __("From Month"),
			fieldtype: "Date",
			default: frappe.datetime.year_start(),
			reqd: 1,
		},
		{
			fieldname: "to_month",
			label: __("To Month"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
			reqd: 1,
		},
		{ fieldname: "arrears_only", label: __("Only Members in Arrears"), fieldtype: "Check" },
	],
	tree: true,
	name_field: "name",
	parent_field: "parent_row",
	initial_depth: 0,
};
