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

// Global search ("搜索 …"): Frappe marks the matched text in each result's field name and value, and
// prints "undefined" for a field name the words do not match (a member found by "llh" showed
// "undefined: llh"). A name that does not match is shown as it is.
$(document).on("app_ready", () => {
	const utils = frappe.search && frappe.search.utils;
	if (!utils || utils.__pb_fuzzy) return;
	const fuzzy_search = utils.fuzzy_search;
	utils.fuzzy_search = function (keywords, item, return_marked_string) {
		const result = fuzzy_search.call(this, keywords, item, return_marked_string);
		if (return_marked_string && result && result.marked_string === undefined) {
			result.marked_string = frappe.utils.escape_html(result.item || "");
		}
		return result;
	};
	utils.__pb_fuzzy = true;
});
