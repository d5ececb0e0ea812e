// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Democratic Appraisal", {
	setup(frm) {
		frm.set_query("organization", () => ({ filters: { org_type: ["!=", "Party Group"] } }));
		frm.set_query("activity", () => ({
			filters: { organization: frm.doc.organization || "", activity_type: "Democratic Appraisal Meeting" },
		}));
	},
	refresh(frm) {
		if (frm.doc.docstatus === 0 && frm.doc.organization) {
			frm.add_custom_button(__("Fill Members"), () =>
				frm.call("fill_members").then((r) => {
					frm.dirty();
					frm.refresh_field("grades");
					frappe.show_alert({ message: __("{0} members added", [r.message || 0]), indicator: "green" });
				})
			);
		}
	},
});
