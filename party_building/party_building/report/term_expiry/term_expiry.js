// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.query_reports["Term Expiry"] = {
	filters: [
		{ fieldname: "organization", label: __("Organization"), fieldtype: "Link", options: "Party Organization" },
		{ fieldname: "show_all", label: __("Show All Terms"), fieldtype: "Check", default: 0 },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "bucket" && data && data.bucket_key) {
			const color = { overdue: "red", "1m": "orange", "3m": "yellow", "6m": "blue" }[data.bucket_key];
			value = `<span class="indicator-pill ${color}">${value}</span>`;
		}
		return value;
	},
};
