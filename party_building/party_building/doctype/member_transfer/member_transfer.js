// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Member Transfer", {
	setup(frm) {
		frm.set_query("to_organization", () => ({ filters: { org_type: "Branch", status: ["!=", "Dissolved"] } }));
		frm.set_query("member", () => ({ filters: { standing: frm.doc.transfer_type === "In" ? "Transferred Out" : "Active" } }));
	},
	refresh(frm) {
		if (frm.doc.docstatus === 1) {
			frm.add_custom_button(__("Print Letter"), () => frm.print_doc());
		}
		if (frm.doc.docstatus === 1 && !frm.doc.receipt_date && frm.doc.receipt_due_on && frm.doc.receipt_due_on < frappe.datetime.get_today()) {
			frm.dashboard.set_headline_alert(__("The receipt is overdue since {0}", [frappe.datetime.str_to_user(frm.doc.receipt_due_on)]), "red");
		}
	},
});
