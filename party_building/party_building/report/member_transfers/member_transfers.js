// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Member Transfers"] = {
	filters: [
		{ fieldname: "organization", label: __("Organization"), fieldtype: "Link", options: "Party Organization" },
		{ fieldname: "year", label: __("Letter Year"), fieldtype: "Int", default: new Date().getFullYear() },
		{ fieldname: "transfer_type", label: __("Transfer Type"), fieldtype: "Select", options: ["", "Out", "In", "Within"] },
	],
};
