// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Party Activity Plan", {
	setup(frm) {
		frm.set_query("organization", () => ({ filters: { org_type: ["!=", "Party Group"] } }));
	},
	refresh(frm) {
		pb_standard_plan_button(frm);
	},
	// a new plan offers it as soon as its organization and year are chosen, before any saving
	organization(frm) {
		pb_standard_plan_button(frm);
	},
	year(frm) {
		pb_standard_plan_button(frm);
	},
});

function pb_standard_plan_button(frm) {
	frm.remove_custom_button(__("Standard Yearly Plan"));
	if (!frm.doc.organization || !frm.doc.year) return;
	frm.add_custom_button(__("Standard Yearly Plan"), () =>
		frm.call("make_standard_plan").then((r) => {
			frm.dirty();
			frm.refresh_field("items");
			frappe.show_alert({ message: __("{0} rows added", [r.message || 0]), indicator: "green" });
		})
	);
}
