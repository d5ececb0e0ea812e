frappe.treeview_settings["Party Organization"] = {
	breadcrumb: "Party Building",
	title: __("Party Organization"),
	get_tree_root: false,
	root_label: __("All Party Organizations"),
	get_tree_nodes: "frappe.desk.treeview.get_children",
	ignore_fields: ["parent_party_organization"],
	fields: [
		{ fieldtype: "Data", fieldname: "organization_name", label: __("Organization Name"), reqd: 1 },
		{
			fieldtype: "Select",
			fieldname: "org_type",
			label: __("Organization Type"),
			options: [
				{ value: "Party Committee", label: __("Party Committee") },
				{ value: "General Branch", label: __("General Branch") },
				{ value: "Branch", label: __("Branch") },
				{ value: "Party Group", label: __("Party Group") },
			],
			reqd: 1,
		},
	],
	onload(treeview) {
		treeview.make_tree();
	},
};
