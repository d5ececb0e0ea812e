// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.listview_settings["Party Data Import"] = {
	get_indicator(doc) {
		const colours = {
			"Not Checked": "gray",
			Checked: "blue",
			"Has Errors": "red",
			Queued: "orange",
			Imported: "green",
			Failed: "red",
		};
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
