// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Dues Ledger"] = {
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
	],
};
