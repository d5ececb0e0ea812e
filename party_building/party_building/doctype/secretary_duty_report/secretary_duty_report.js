// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Secretary Duty Report", {
	setup(frm) {
		frm.set_query("organization", () => ({ filters: { org_type: ["in", ["Branch", "General Branch"]] } }));
	},
	onload(frm) {
		if (frm.is_new() && !frm.doc.year) {
			frm.set_value("year", new Date().getFullYear());
		}
	},
});
