// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Activity Leave Request", {
	refresh(frm) {
		if (frm.doc.status !== "Requested" || !frm.perm[0] || !frm.perm[0].write) return;
		frm.add_custom_button(__("Refuse Leave"), () => {
			frappe.prompt(
				{ fieldname: "answer", fieldtype: "Small Text", label: __("Reason for Refusal"), reqd: 1 },
				(values) =>
					frappe
						.call({
							method: "party_building.portal.service.refuse_leave",
							args: { request: frm.doc.name, answer: values.answer },
							freeze: true,
						})
						.then(() => {
							frappe.show_alert({ message: __("Leave refused"), indicator: "orange" });
							frm.reload_doc();
						}),
				__("Refuse Leave"),
				__("Refuse")
			);
		});
	},
});
