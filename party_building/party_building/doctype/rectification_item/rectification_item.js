// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

const NEEDS_REASON = ["Return for Rectification", "Reopen"];

frappe.ui.form.on("Rectification Item", {
	refresh(frm) {
		if (frm.doc.overdue) {
			frm.dashboard.set_headline_alert(__("Past the deadline and not closed out"), "red");
		}
		if (frm.doc.workflow_state === "Rectifying" && !frm.is_new()) {
			frm.set_intro(
				__("To apply for close-out, write the result and attach at least one evidence file."),
				"blue"
			);
		}
	},

	// the upper level gives its reason before returning or reopening an item
	before_workflow_action(frm) {
		if (!NEEDS_REASON.includes(frm.selected_workflow_action)) {
			return;
		}
		frappe.dom.unfreeze();
		return new Promise((resolve, reject) => {
			let given = false;
			const dialog = new frappe.ui.Dialog({
				title: __(frm.selected_workflow_action),
				fields: [{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 }],
				primary_action_label: __(frm.selected_workflow_action),
				primary_action({ reason }) {
					given = true;
					dialog.hide();
					frappe
						.xcall("party_building.ledgers.service.set_pending_reason", {
							name: frm.doc.name,
							reason,
						})
						.then(() => {
							frappe.dom.freeze();
							resolve();
						}, reject);
				},
			});
			dialog.onhide = () => !given && reject();
			dialog.show();
		});
	},
});
