// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Party Election", {
	refresh(frm) {
		if (frm.doc.docstatus === 0 && frm.doc.organization) {
			frm.add_custom_button(__("Load Voting Members"), () => frm.events.load_voters(frm));
		}
		if (frm.doc.timing === "Needs Approval") {
			frm.dashboard.set_headline_alert(
				__("This election is held early or late: the upper level's approval number is required"),
				"orange"
			);
		}
	},
	load_voters(frm) {
		frappe.call({
			method: "party_building.records.service.voting_members",
			args: { organization: frm.doc.organization },
			callback(r) {
				frm.clear_table("voters");
				(r.message || []).forEach((m) => {
					const row = frm.add_child("voters");
					row.member = m.name;
					row.member_name = m.full_name;
					row.present = 1;
				});
				frm.refresh_field("voters");
				frappe.show_alert({ message: __("{0} voting members loaded", [(r.message || []).length]), indicator: "green" });
			},
		});
	},
});
