// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Dues Remittance", {
	organization(frm) {
		if (frm.doc.organization) {
			frappe
				.call("party_building.dues.service.remittance_figures", { organization: frm.doc.organization })
				.then((r) => frm.set_value(r.message));
		}
	},
});
