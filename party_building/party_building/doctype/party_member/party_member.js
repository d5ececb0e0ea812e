// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Party Member", {
	setup(frm) {
		frm.set_query("branch", () => ({
			filters: { org_type: "Branch", status: ["!=", "Dissolved"] },
		}));
		frm.set_query("party_group", () => ({
			filters: { org_type: "Party Group", parent_party_organization: frm.doc.branch || "" },
		}));
	},

	refresh(frm) {
		if (!frm.is_new() && frm.doc.membership_type === "Probationary") {
			frm.dashboard.set_headline(__("Probationary member"), "orange");
		}
		if (!frm.is_new()) {
			frm.add_custom_button(__("Print Dues Card"), () => party_building.print_pdf(frm, "党费证"));
		}
		if (!frm.is_new() && frm.doc.standing === "Active") {
			frappe
				.call("party_building.activity.service.member_study_hours", { member: frm.doc.name })
				.then(({ message: h }) => {
					if (!h) return;
					frm.dashboard.add_indicator(
						__("Study hours {0}: {1} of {2}", [h.year, h.total_hours, h.required]),
						h.short ? "orange" : "green"
					);
				});
		}
	},

	branch(frm) {
		if (frm.doc.party_group) frm.set_value("party_group", "");
	},

	id_number(frm) {
		const id = (frm.doc.id_number || "").trim().toUpperCase();
		if (id.length !== 18) return;
		if (!frm.doc.birth_date) {
			frm.set_value("birth_date", `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
		}
		if (!frm.doc.gender) frm.set_value("gender", parseInt(id[16], 10) % 2 ? "Male" : "Female");
	},
});
