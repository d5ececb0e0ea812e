// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Organizational Life Compliance"] = {
	filters: [
		{ fieldname: "organization", label: __("Organization"), fieldtype: "Link", options: "Party Organization" },
		{
			fieldname: "period",
			label: __("Period"),
			fieldtype: "Select",
			options: [
				{ value: "Year", label: __("Year") },
				{ value: "Quarter", label: __("Quarter") },
				{ value: "Month", label: __("Month") },
			],
			// one row per branch; a month, quarter or year still running counts only what is already due
			default: "Year",
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.year_start(),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "activity_type",
			label: __("Activity Type"),
			fieldtype: "Select",
			options: [
				"",
				"Branch Committee Meeting",
				"Party Group Meeting",
				"Theme Party Day",
				"Branch General Meeting",
				"Party Lecture",
				"Organizational Life Meeting",
				"Democratic Appraisal Meeting",
				"Democratic Life Meeting",
			].map((value) => ({ value, label: value ? __(value) : "" })),
		},
		{ fieldname: "behind_only", label: __("Only Organizations Behind"), fieldtype: "Check" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && column.fieldname === "behind" && data.behind > 0) {
			value = `<span style="color: var(--red-600); font-weight: 600">${value}</span>`;
		}
		return value;
	},
};
