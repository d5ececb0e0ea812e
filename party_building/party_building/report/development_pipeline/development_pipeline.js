// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Development Pipeline"] = {
	filters: [
		{
			fieldname: "organization",
			label: __("Organization"),
			fieldtype: "Link",
			options: "Party Organization",
		},
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: new Date().getFullYear(),
			reqd: 1,
		},
		{
			fieldname: "stage",
			label: __("Stage", null, "Member Development"),
			fieldtype: "Select",
			options: [
				"",
				{ value: "Applicant", label: __("Applicant", null, "Member Development") },
				{ value: "Activist", label: __("Activist", null, "Member Development") },
				{ value: "Development Target", label: __("Development Target") },
				{ value: "Probationary Member", label: __("Probationary Member") },
				{ value: "Full Member", label: __("Full Member") },
				{ value: "Cancelled", label: __("Cancelled", null, "Member Development") },
				{ value: "Withdrawn", label: __("Withdrawn", null, "Member Development") },
			],
		},
		{
			fieldname: "view",
			label: __("View"),
			fieldtype: "Select",
			options: [
				{ value: "By Organization", label: __("By Organization") },
				{ value: "Overdue Steps", label: __("Overdue Steps") },
				{ value: "Probation Ending", label: __("Probation Ending in 60 Days") },
			],
			default: "By Organization",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && column.fieldname === "days_overdue" && data.days_overdue > 0) {
			value = `<span style="color: var(--red-600)">${value}</span>`;
		}
		return value;
	},
};
