// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Rectification Progress"] = {
	filters: [
		{ fieldname: "organization", label: __("Organization"), fieldtype: "Link", options: "Party Organization" },
		{ fieldname: "from_date", label: __("Found From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Found To"), fieldtype: "Date" },
		{
			fieldname: "category",
			label: __("Category"),
			fieldtype: "Select",
			options: [
				"",
				"Study and Implementation",
				"Inner-Party Political Life",
				"Developing New Members",
				"Dues Collection and Management",
				"Organization Setup and Elections",
				"Party Work Staff",
				"Party Building in All Fields",
				"Archives and Information",
			].map((value) => ({ value, label: __(value) })),
		},
		{ fieldname: "group_by_category", label: __("By Category"), fieldtype: "Check", default: 1 },
	],
};
