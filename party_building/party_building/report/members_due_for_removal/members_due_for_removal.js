// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Members Due for Removal"] = {
	filters: [
		{ fieldname: "organization", label: __("Organization"), fieldtype: "Link", options: "Party Organization" },
	],
};
