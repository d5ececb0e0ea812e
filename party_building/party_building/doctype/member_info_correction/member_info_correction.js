// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Member Info Correction", {
	refresh(frm) {
		if (frm.doc.status !== "Proposed" || !frm.perm[0] || !frm.perm[0].write) return;
		const call = (method, args) =>
			frappe
				.call({ method: `party_building.portal.service.${method}`, args, freeze: true })
				.then(() => frm.reload_doc());
		frm.add_custom_button(__("Accept"), () =>
			frappe.confirm(
				__("Change {0} of {1} to {2}?", [
					frm.doc.field_label,
					frappe.utils.escape_html(frm.doc.member_name),
					frappe.utils.escape_html(frm.doc.proposed_value),
				]),
				() => call("accept_correction", { correction: frm.doc.name })
			)
		).addClass("btn-primary");
		frm.add_custom_button(__("Refuse"), () =>
			frappe.prompt(
				{ fieldname: "answer", fieldtype: "Small Text", label: __("Reason for Refusal"), reqd: 1 },
				(values) => call("refuse_correction", { correction: frm.doc.name, answer: values.answer }),
				__("Refuse"),
				__("Refuse")
			)
		);
	},
});
