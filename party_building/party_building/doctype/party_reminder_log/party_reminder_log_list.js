frappe.listview_settings["Party Reminder Log"] = {
	formatters: {
		reminder_type: (value) => __(value),
		reference_doctype: (value) => (value ? __(value) : ""),
	},
};
