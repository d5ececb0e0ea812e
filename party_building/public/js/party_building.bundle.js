// Select values in list and report views are translated with their doctype as context, as the
// form already does, so "Full" on a member reads 正式党员 and Frappe's own "Full" keeps its meaning.
frappe.provide("frappe.form.formatters");
const base_select_formatter = frappe.form.formatters.Select;
frappe.form.formatters.Select = function (value, df, ...rest) {
	if (df && df.parent && value && typeof value === "string") {
		return __(frappe.form.formatters.Data(value, df), null, df.parent);
	}
	return base_select_formatter(value, df, ...rest);
};
