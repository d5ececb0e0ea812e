// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Member Roster"] = {
	filters: [
		{ fieldname: "organization", label: __("Organization"), fieldtype: "Link", options: "Party Organization" },
		{
			fieldname: "standing",
			label: __("Standing"),
			fieldtype: "Select",
			options: ["", "Active", "Suspended", "Left", "Deceased", "Transferred Out"],
			default: "Active",
		},
	],
};
