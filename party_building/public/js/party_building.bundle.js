// the workspace 党建工作 opens with one request for its cards, charts and counts (workspace.js)
import "./workspace.js";

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

// A new record of one who acts for one organization (a branch secretary) starts with it: the
// `organization` field, and the `branch` field when that organization is a branch.
$(document).on("form-refresh", (event, frm) => {
	const home = frappe.boot.party_building && frappe.boot.party_building.home_organization;
	if (!home || !frm.is_new() || frm.doc.__pb_home_applied) return;
	frm.doc.__pb_home_applied = true;
	const fill = (fieldname) => {
		const df = frm.fields_dict[fieldname] && frm.fields_dict[fieldname].df;
		if (df && df.fieldtype === "Link" && df.options === "Party Organization" && !frm.doc[fieldname]) {
			frm.set_value(fieldname, home.name);
		}
	};
	fill("organization");
	if (home.org_type === "Branch") fill("branch");
});

// Field labels read through frappe.meta.get_label come back as written (English); the timeline puts
// them into "{0} from {1} to {2} in row #{3}" untranslated ("第 1 行的 Attendance"). Translated here,
// with the doctype as context, like the form's own labels.
$(document).on("app_ready", () => {
	if (frappe.meta.__pb_label) return;
	const get_label = frappe.meta.get_label;
	frappe.meta.get_label = function (dt, fn, dn) {
		const label = get_label.call(this, dt, fn, dn);
		return label && typeof label === "string" ? __(label, null, dt) : label;
	};
	frappe.meta.__pb_label = true;
});

// The timeline reads a change from an empty field through html2text, which turns null into the
// word "null" ("评分人 从 null 改为 …"): an empty value is shown empty.
const base_html2text = frappe.utils.html2text;
frappe.utils.html2text = function (html) {
	return html === null || html === undefined ? "" : base_html2text.call(this, html);
};

// A print of the app that is not its doctype's default (the 党费证 of a member, a branch's 党费账本 and
// 整改台账) opens from its own button as a PDF, in the app's layout, without choosing among formats.
frappe.provide("party_building");
party_building.print_pdf = function (frm, print_format) {
	const params = new URLSearchParams({
		doctype: frm.doctype,
		name: frm.docname,
		format: print_format,
		no_letterhead: 1,
		_lang: frappe.boot.lang || "zh",
	});
	window.open(`/api/method/frappe.utils.print_format.download_pdf?${params.toString()}`);
};

// Time fields: Frappe's time control hides the picker's seconds when the time format has none
// (the app shows meetings' times as 16:30), reaching for the picker's seconds slider. The picker this
// bench is built with (air-datepicker from the npm registry, Frappe's own fork being on GitHub) has
// no seconds slider, and the control failed half-made, taking the next fields of the form with it.
(() => {
	const ControlTime = frappe.ui.form.ControlTime;
	if (!ControlTime || ControlTime.prototype.__pb_seconds) return;
	const set_datepicker = ControlTime.prototype.set_datepicker;
	ControlTime.prototype.set_datepicker = function () {
		try {
			set_datepicker.call(this);
		} catch (error) {
			const timepicker = this.datepicker && this.datepicker.timepicker;
			if (!timepicker || timepicker.$seconds) throw error; // not the missing slider
		}
	};
	ControlTime.prototype.__pb_seconds = true;
})();

// Date-and-time fields: Frappe writes the time zone under each one; the app's users all keep Beijing
// time, which they call 北京时间, not "Asia/Shanghai".
(() => {
	const ControlDatetime = frappe.ui.form.ControlDatetime;
	if (!ControlDatetime || ControlDatetime.prototype.__pb_time_zone) return;
	const get_user_time_zone = ControlDatetime.prototype.get_user_time_zone;
	const BEIJING = ["Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC"];
	ControlDatetime.prototype.get_user_time_zone = function () {
		const time_zone = get_user_time_zone.call(this);
		return BEIJING.includes(time_zone) ? __("Beijing Time") : time_zone;
	};
	ControlDatetime.prototype.__pb_time_zone = true;
})();
