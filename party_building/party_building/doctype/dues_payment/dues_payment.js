// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Dues Payment", {
	refresh(frm) {
		if (frm.doc.is_large_payment) {
			frm.dashboard.set_headline(__("Large payment: to be passed up whole"), "orange");
		}
	},
});
