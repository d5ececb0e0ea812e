// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

// 党建数据导入: download a template → fill it in → save, attach → check (preview) → import → summary.

frappe.ui.form.on("Party Data Import", {
	setup(frm) {
		frm.set_query("organization", () => ({
			filters: { org_type: ["!=", "Party Group"], status: ["!=", "Dissolved"] },
		}));
		frappe.realtime.on("party_data_import_done", (data) => {
			if (data && data.name === frm.doc.name) frm.reload_doc();
		});
	},

	onload(frm) {
		if (frm.is_new() && !frm.doc.organization) {
			const orgs = (frappe.defaults.get_user_permissions() || {})["Party Organization"] || [];
			if (orgs.length === 1) frm.set_value("organization", orgs[0].doc);
		}
	},

	refresh(frm) {
		frm.add_custom_button(__("Download Template"), () => {
			window.open("/api/method/party_building.party_building.doctype.party_data_import.party_data_import.download_template");
		});
		if (frm.doc.organization) {
			frm.add_custom_button(__("Export Data"), () => {
				const q = new URLSearchParams({ organization: frm.doc.organization });
				window.open(
					"/api/method/party_building.party_building.doctype.party_data_import.party_data_import.export_data?" + q
				);
			});
		}
		if (!frm.is_new() && frm.doc.import_file && frm.doc.status !== "Imported") {
			frm.add_custom_button(
				__("Check File"),
				() => run(frm, "check_file", __("Checking every row…")),
				null
			).addClass(frm.doc.status === "Checked" ? "btn-default" : "btn-primary");
		}
		if (!frm.is_new() && frm.doc.status === "Checked") {
			frm.add_custom_button(__("Import"), () => {
				frappe.confirm(
					__("Import {0} rows into {1}? Every row is written, or none.", [
						frm.doc.row_count,
						frappe.utils.escape_html(frm.doc.organization),
					]),
					() => run(frm, "start_import", __("Importing…"))
				);
			}).addClass("btn-primary");
		}
		set_intro(frm);
		render_result(frm);
	},

	import_file(frm) {
		if (frm.doc.import_file && !frm.is_new()) frm.save();
	},
});

function run(frm, method, message) {
	const go = () =>
		frm
			.call({ method, doc: frm.doc, freeze: true, freeze_message: message })
			.then((r) => {
				if (r.message && r.message.queued) {
					frappe.show_alert({
						message: __("The file is large: it is processed in the background, the progress is shown here"),
						indicator: "blue",
					});
				}
				frm.reload_doc();
			});
	return frm.is_dirty() ? frm.save().then(go) : go();
}

function set_intro(frm) {
	const steps = {
		"Not Checked": frm.is_new()
			? __("1. Choose the organization to import into and save. 2. Attach the filled-in template (.xlsx). 3. Check the file. 4. Import.")
			: frm.doc.import_file
			? __("Check the file: every row is checked against the same rules as the forms, nothing is written yet.")
			: __("Attach the filled-in template (.xlsx): download it with the Download Template button."),
		Checked: __("No errors were found: import the file. Importing the same file again changes nothing."),
		"Has Errors": __("Correct the rows listed below in the file, attach it again and check it again. Nothing was written."),
		Queued: __("The file is being processed in the background."),
		Imported: __("The file was imported."),
		Failed: __("The import stopped: nothing was written. Check the file again."),
	};
	const colour = { Checked: "green", "Has Errors": "red", Imported: "green", Failed: "red" };
	frm.set_intro(""); // Frappe appends each intro: one at a time
	frm.set_intro(steps[frm.doc.status] || "", colour[frm.doc.status] || "blue");
}

function render_result(frm) {
	const field = frm.get_field("preview_html");
	if (!field) return;
	const esc = frappe.utils.escape_html;
	let result = frm.doc.result;
	if (typeof result === "string") {
		try {
			result = JSON.parse(result);
		} catch (e) {
			result = null;
		}
	}
	if (!result) {
		field.$wrapper.html("");
		return;
	}
	const labels = result.labels || {};
	const totals = result.totals || {};
	let html = `<div class="pb-import-result">`;
	html += `<p>${esc(result.file_name || "")}：${__("{0} rows", [result.rows || 0])}，${__(
		"{0} errors",
		[(result.errors || []).length]
	)}，${__("{0} warnings", [(result.warnings || []).length])}</p>`;
	const kinds = (result.order || Object.keys(labels)).filter((kind) => (result.counts || {})[kind]);
	if (kinds.length) {
		html += `<table class="table table-bordered table-sm"><thead><tr><th>${__("Sheet")}</th><th>${__(
			"Created"
		)}</th><th>${__("Updated")}</th><th>${__("Unchanged")}</th></tr></thead><tbody>`;
		for (const kind of kinds) {
			const c = result.counts[kind];
			html += `<tr><td>${esc(labels[kind] || kind)}</td><td>${c.created}</td><td>${c.updated}</td><td>${c.unchanged}</td></tr>`;
		}
		html += `<tr><th>${__("Total")}</th><th>${totals.created || 0}</th><th>${totals.updated || 0}</th><th>${
			totals.unchanged || 0
		}</th></tr></tbody></table>`;
	}
	html += problems_table(result.errors || [], __("Errors (nothing is written while there is one)"), "text-danger");
	html += problems_table(result.warnings || [], __("Warnings (imported all the same)"), "text-warning");
	html += `</div>`;
	field.$wrapper.html(html);
}

function problems_table(rows, title, colour) {
	if (!rows.length) return "";
	const esc = frappe.utils.escape_html;
	let html = `<h5 class="${colour}" style="margin-top: 12px">${title}</h5>`;
	if (window.matchMedia("(max-width: 767px)").matches) {
		// a phone: one block per problem, the rule in full width
		html += `<ul class="list-unstyled">`;
		for (const p of rows) {
			const where = [p.sheet, p.row == null ? "" : __("Row {0}", [p.row]), p.column]
				.filter(Boolean)
				.map(esc)
				.join(" · ");
			html += `<li style="padding: 8px 0; border-bottom: 1px solid var(--border-color)">
				<div class="text-muted small">${where}${p.value ? " · " + esc(p.value) : ""}</div>
				<div>${esc(p.message || "")}</div></li>`;
		}
		return html + `</ul>`;
	}
	html += `<div style="overflow-x: auto"><table class="table table-bordered table-sm"><thead><tr><th>${__(
		"Sheet"
	)}</th><th>${__("Row")}</th><th>${__("Column")}</th><th>${__("Value")}</th><th>${__(
		"Rule"
	)}</th></tr></thead><tbody>`;
	for (const p of rows) {
		html += `<tr><td style="white-space: nowrap">${esc(p.sheet || "")}</td><td>${
			p.row == null ? "" : p.row
		}</td><td style="white-space: nowrap">${esc(p.column || "")}</td><td>${esc(
			p.value || ""
		)}</td><td>${esc(p.message || "")}</td></tr>`;
	}
	return html + `</tbody></table></div>`;
}
