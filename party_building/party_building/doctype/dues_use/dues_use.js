// 党费使用: the branch drafts the use; the upper level approves it by submitting (with its approval's
// number), which writes it into the dues book
frappe.ui.form.on("Dues Use", {
	refresh(frm) {
		if (frm.doc.docstatus === 0 && !frm.is_new()) {
			frm.dashboard.add_comment(
				__("The upper level approves this use by submitting it with its approval number; it then enters the dues book"),
				"blue",
				true
			);
		}
	},
});
