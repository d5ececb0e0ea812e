frappe.listview_settings["Member Info Correction"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colour = { Proposed: "orange", Accepted: "green", Refused: "red" }[doc.status] || "gray";
		return [__(doc.status, null, "Member Info Correction"), colour, `status,=,${doc.status}`];
	},
};
