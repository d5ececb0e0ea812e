// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.ui.form.on("Member Development", {
	setup(frm) {
		frm.set_query("branch", () => ({ filters: { org_type: "Branch" } }));
		frm.set_query("party_group", () => ({
			filters: { org_type: "Party Group", parent_party_organization: frm.doc.branch || "" },
		}));
		frm.set_query("approving_organization", () => ({ filters: { org_type: "Party Committee" } }));
	},
	refresh(frm) {
		// the 25 steps come from the master list: rows are filled in, never added or removed
		frm.set_df_property("steps", "cannot_add_rows", true);
		frm.set_df_property("steps", "cannot_delete_rows", true);
		if (frm.doc.pending_boundary && frm.doc.workflow_state !== "Submitted to Upper Level") {
			frm.dashboard.add_comment(
				__("Ready to submit to the upper level: {0}", [__(frm.doc.pending_boundary)]),
				"blue",
				true
			);
		}
		if (frm.doc.next_due_on && frm.doc.next_due_on < frappe.datetime.get_today()) {
			const step = (frm.doc.steps || []).find((r) => r.step_no === frm.doc.next_step);
			frm.dashboard.add_comment(
				__("Overdue: {0} was due on {1}", [
					step ? step.step_name : frm.doc.next_step,
					frappe.datetime.str_to_user(frm.doc.next_due_on),
				]),
				"red",
				true
			);
		}
		// 公示: a development target before admission, a probationary member before full membership
		const notice_type = { "Development Target": "Development Target", "Probationary Member": "Full Membership" }[
			frm.doc.stage
		];
		if (notice_type && !frm.is_new()) {
			frm.add_custom_button(__("Publicity Notice"), () =>
				frappe.new_doc("Publicity Notice", {
					member_development: frm.doc.name,
					notice_type: notice_type,
					post: frm.doc.work_unit,
				})
			);
		}
	},
});
