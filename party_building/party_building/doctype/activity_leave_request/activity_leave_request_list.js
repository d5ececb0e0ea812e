frappe.listview_settings["Activity Leave Request"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colour = { Requested: "orange", Refused: "red", Withdrawn: "gray" }[doc.status] || "gray";
		return [__(doc.status, null, "Activity Leave Request"), colour, `status,=,${doc.status}`];
	},
};
