// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

frappe.listview_settings["Work Task"] = {
	add_fields: ["status", "overdue"],
	get_indicator(doc) {
		if (doc.status === "Completed") return [__("Completed", null, "Work Task"), "green", "status,=,Completed"];
		if (doc.overdue) return [__("Overdue", null, "Work Task"), "red", "overdue,=,1"];
		if (doc.status === "In Progress") return [__("In Progress", null, "Work Task"), "orange", "status,=,In Progress"];
		return [__("Not Started", null, "Work Task"), "gray", "status,=,Not Started"];
	},
	onload(listview) {
		listview.page.add_inner_button(__("Enter a Yearly Plan"), () => enter_plan(listview));
	},
};

// paste a plan's numbered tasks (e.g. the 19 key tasks of an implementation plan): one task each
function enter_plan(listview) {
	const dialog = new frappe.ui.Dialog({
		title: __("Enter a Yearly Plan"),
		size: "large",
		fields: [
			{ fieldname: "organization", fieldtype: "Link", options: "Party Organization", label: __("Organization"), reqd: 1 },
			{ fieldname: "year", fieldtype: "Int", label: __("Year"), reqd: 1, default: new Date().getFullYear() },
			{ fieldname: "column_break_1", fieldtype: "Column Break" },
			{ fieldname: "deadline", fieldtype: "Date", label: __("Deadline") },
			{ fieldname: "responsible", fieldtype: "Link", options: "User", label: __("Responsible Person") },
			{ fieldname: "section_1", fieldtype: "Section Break" },
			{
				fieldname: "text",
				fieldtype: "Long Text",
				label: __("Tasks of the Plan"),
				reqd: 1,
				description: __("Paste the plan's key tasks: numbered items (1. 2. 3.) under headings such as (一) become one task each."),
			},
		],
		primary_action_label: __("Create Tasks"),
		primary_action(values) {
			frappe
				.xcall("party_building.ledgers.service.create_tasks_from_plan", values)
				.then((names) => {
					dialog.hide();
					frappe.show_alert({ message: __("{0} tasks created", [names.length]), indicator: "green" });
					listview.refresh();
				});
		},
	});
	dialog.show();
}
