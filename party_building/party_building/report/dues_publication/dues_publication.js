// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Dues Publication"] = {
	filters: [
		{
			fieldname: "organization",
			label: __("Organization"),
			fieldtype: "Link",
			options: "Party Organization",
			reqd: 1,
		},
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: new Date().getFullYear(),
			reqd: 1,
		},
	],
	formatter(value, row, column, data, default_formatter) {
		// member rows carry no book, organization rows no monthly amount: leave those cells empty
		const blank =
			data && data.indent
				? ["members", "opening", "received", "remitted", "spent", "closing"]
				: ["monthly_amount", "months_paid"];
		if (data && blank.includes(column.fieldname)) return "";
		return default_formatter(value, row, column, data);
	},
	tree: true,
	name_field: "name",
	parent_field: "parent_row",
	initial_depth: 1,
};
