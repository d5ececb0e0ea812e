// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Dues Arrears"] = {
	filters: [
		{ fieldname: "organization", label: __("Organization"), fieldtype: "Link", options: "Party Organization" },
		{ fieldname: "min_months", label: __("At Least Months Unpaid"), fieldtype: "Int", default: 3 },
		{ fieldname: "as_on", label: __("As On Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
