// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Dues Assessment", {
	setup(frm) {
		frm.set_query("organization", () => ({ filters: { org_type: "Branch" } }));
		frm.set_query("member", "items", () => ({ filters: { branch: frm.doc.organization } }));
	},
	fill_members(frm) {
		if (!frm.doc.organization || !frm.doc.year) {
			frappe.msgprint(__("Choose the branch and the year first"));
			return;
		}
		frm.call({ doc: frm.doc, method: "fill_members" }).then((r) => {
			frm.refresh_field("items");
			frm.dirty();
			frappe.show_alert(__("{0} members added", [r.message || 0]));
		});
	},
});
