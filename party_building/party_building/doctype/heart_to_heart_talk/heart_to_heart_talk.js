// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Heart-to-Heart Talk", {
	setup(frm) {
		frm.set_query("organization", () => ({ filters: { org_type: ["!=", "Party Group"] } }));
		for (const field of ["initiator", "counterpart"]) {
			frm.set_query(field, () => {
				const filters = { standing: "Active" };
				if (frm.doc.organization) filters.branch = frm.doc.organization;
				return { filters };
			});
		}
	},
});
