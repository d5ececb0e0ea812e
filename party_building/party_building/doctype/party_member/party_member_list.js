frappe.listview_settings["Party Member"] = {
	add_fields: ["membership_type", "standing"],
	get_indicator(doc) {
		if (doc.standing !== "Active") return [__(doc.standing, null, "Party Member"), "gray", `standing,=,${doc.standing}`];
		if (doc.membership_type === "Probationary")
			return [__("Probationary"), "orange", "membership_type,=,Probationary"];
		return [__("Full", null, "Party Member"), "green", "membership_type,=,Full"];
	},
};
