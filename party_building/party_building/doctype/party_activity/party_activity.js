// Copyright (c) 2026, party_building developers
// For license information, please see license.txt

const PB_COUNT_FIELDS = ["expected_count", "present_count", "leave_count", "absent_count", "attendance_rate"];

function pb_refresh_counts(frm) {
	// the same counts the server computes (activity_rules.count_attendance): guests are not counted
	let expected = 0,
		present = 0,
		leave = 0,
		absent = 0;
	(frm.doc.attendees || []).forEach((row) => {
		if (row.is_guest) return;
		expected += 1;
		if (row.status === "Present") present += 1;
		else if (row.status === "On Leave") leave += 1;
		else if (row.status === "Absent") absent += 1;
	});
	const values = {
		expected_count: expected,
		present_count: present,
		leave_count: leave,
		absent_count: absent,
		attendance_rate: expected ? Math.round((present * 1000) / expected) / 10 : 0,
	};
	PB_COUNT_FIELDS.forEach((f) => {
		if (frm.doc[f] !== values[f]) frm.doc[f] = values[f];
	});
	frm.refresh_fields(PB_COUNT_FIELDS);
}

frappe.ui.form.on("Party Activity", {
	setup(frm) {
		frm.set_query("organization", () => ({ filters: { org_type: ["!=", "Party Group"] } }));
		frm.set_query("party_group", () => ({
			filters: { org_type: "Party Group", parent_party_organization: frm.doc.organization || "" },
		}));
	},
	refresh(frm) {
		// only while the record may be edited: not once it is under review (the workflow locks it)
		const editable = frm.is_new() || !frappe.workflow.is_read_only(frm.doctype, frm.docname);
		if (frm.doc.docstatus === 0 && editable && frm.doc.organization && frm.doc.activity_type) {
			frm.add_custom_button(__("Fill Attendees"), () => {
				const run = () =>
					frm.call("fill_attendees").then((r) => {
						frm.dirty();
						frm.refresh_fields();
						frappe.show_alert({
							message: __("{0} members filled in", [r.message || 0]),
							indicator: "green",
						});
					});
				if ((frm.doc.attendees || []).some((row) => !row.is_guest)) {
					frappe.confirm(__("Replace the attendance list with the current members?"), run);
				} else {
					run();
				}
			});
		}
		if (frm.doc.docstatus === 1) {
			frm.add_custom_button(__("Print Minutes"), () => frm.print_doc());
		}
	},
});

frappe.ui.form.on("Party Activity Attendee", {
	status(frm) {
		pb_refresh_counts(frm);
	},
	is_guest(frm) {
		pb_refresh_counts(frm);
	},
	// grid events fire with the row's doctype
	attendees_add(frm) {
		pb_refresh_counts(frm);
	},
	attendees_remove(frm) {
		pb_refresh_counts(frm);
	},
});
