// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Party Organization", {
	setup(frm) {
		frm.set_query("parent_party_organization", () => {
			const filters = { is_group: 1, status: ["!=", "Dissolved"] };
			if (!frm.is_new()) filters.name = ["!=", frm.doc.name];
			const allowed = (frappe.boot.party_building || {}).allowed_parents || {};
			if (allowed[frm.doc.org_type]) filters.org_type = ["in", allowed[frm.doc.org_type]];
			return { filters };
		});
		frm.set_query("member", "committee", () => ({
			filters: { membership_type: "Full", standing: "Active" },
		}));
	},

	refresh(frm) {
		if (frm.is_new()) return;
		if (frappe.user.has_role(["Party Admin", "System Manager", "Branch Secretary"])) {
			frm.add_custom_button(__("Grant Access"), () => party_building.grant_access_dialog(frm));
		}
		if (frm.doc.org_type === "Branch") {
			frm.add_custom_button(
				__("Dues Branch Ledger"),
				() => party_building.print_pdf(frm, "支部党费账本"),
				__("Print")
			);
		}
		frm.add_custom_button(
			__("Rectification Ledger"),
			() => party_building.print_pdf(frm, "整改台账"),
			__("Print")
		);
		frm.add_custom_button(
			__("Members"),
			() => frappe.set_route("List", "Party Member", { branch: frm.doc.name }),
			__("View")
		);
		frm.add_custom_button(
			__("Organization Tree"),
			() => frappe.set_route("Tree", "Party Organization"),
			__("View")
		);
	},

	org_type(frm) {
		const years = { "Party Committee": 5, "General Branch": 3, Branch: 3 }[frm.doc.org_type];
		if (years && !frm.doc.term_years) frm.set_value("term_years", years);
	},
});

frappe.provide("party_building");

party_building.grant_access_dialog = function (frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Grant Access to {0}", [frm.doc.organization_name]),
		fields: [
			{
				fieldname: "user",
				fieldtype: "Link",
				options: "User",
				label: __("User"),
				reqd: 1,
				get_query: () => ({ filters: { enabled: 1, name: ["not in", ["Administrator", "Guest"]] } }),
			},
			{
				fieldname: "role",
				fieldtype: "Select",
				label: __("Role"),
				reqd: 1,
				options: [
					{ value: "Branch Secretary", label: __("Branch Secretary") },
					{ value: "Branch Committee Member", label: __("Branch Committee Member") },
					{ value: "Party Admin", label: __("Party Admin") },
					{ value: "Party Member", label: __("Party Member") },
				],
				default: "Branch Secretary",
			},
			{
				fieldtype: "HTML",
				options: `<p class="text-muted small">${__(
					"The user gets the role and sees this organization and everything under it, nothing else."
				)}</p>`,
			},
		],
		primary_action_label: __("Grant"),
		primary_action(values) {
			frappe
				.call("party_building.core.access.grant_access", {
					organization: frm.doc.name,
					user: values.user,
					role: values.role,
				})
				.then((r) => {
					dialog.hide();
					frappe.show_alert({
						message: r.message.changed
							? __("{0} now has access to {1}", [values.user, frm.doc.organization_name])
							: __("{0} already had this access", [values.user]),
						indicator: "green",
					});
				});
		},
	});
	dialog.show();
};
