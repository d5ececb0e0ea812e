// 公示: publish on the organization's public page / unpublish (with a reason, kept on record)
frappe.ui.form.on("Publicity Notice", {
	member_development(frm) {
		if (frm.doc.member_development && !frm.doc.notice_type) {
			frappe.db.get_value("Member Development", frm.doc.member_development, "stage").then((r) => {
				const stage = r.message && r.message.stage;
				frm.set_value(
					"notice_type",
					stage === "Probationary Member" ? "Full Membership" : "Development Target",
				);
			});
		}
	},
	refresh(frm) {
		if (frm.is_new()) return;
		const call = (method, args) =>
			frappe
				.call({ method: `party_building.notices.service.${method}`, args, freeze: true })
				.then(() => frm.reload_doc());
		if (!frm.doc.published) {
			frm.add_custom_button(__("Publish"), () => call("publish", { notice: frm.doc.name })).addClass(
				"btn-primary",
			);
		} else {
			frm.add_custom_button(__("Unpublish"), () =>
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
					(values) => call("unpublish", { notice: frm.doc.name, reason: values.reason }),
					__("Unpublish"),
					__("Unpublish"),
				),
			);
		}
		if (frm.doc.branch) {
			frm.add_custom_button(__("Public Page"), () =>
				window.open(`/dangwu/${encodeURIComponent(frm.doc.branch)}`, "_blank"),
			);
		}
	},
});
