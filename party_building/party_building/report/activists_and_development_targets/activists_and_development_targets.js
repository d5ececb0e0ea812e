// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Activists and Development Targets"] = {
	filters: [
		{ fieldname: "organization", label: __("Organization"), fieldtype: "Link", options: "Party Organization" },
		{
			fieldname: "stage",
			label: __("Stage"),
			fieldtype: "Select",
			options: ["", "Activist", "Development Target"],
		},
	],
};
