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

// 填入应到人员: as soon as the organization and the kind of meeting are chosen (a new record too), and
// only while the record may be edited (not once it is under review: the workflow locks it). The rows
// start unrecorded; the record is saved at once when it can be, so the list is not lost on leaving.
function pb_fill_button(frm) {
	const editable = frm.is_new() || !frappe.workflow.is_read_only(frm.doctype, frm.docname);
	frm.toggle_display(
		"fill_attendees_button",
		frm.doc.docstatus === 0 && editable && !!frm.doc.organization && !!frm.doc.activity_type
	);
}

function pb_fill_attendees(frm) {
	const run = () =>
		frm.call("fill_attendees").then((r) => {
			const filled = r.message || 0;
			frm.dirty();
			frm.refresh_fields();
			const missing = frm.meta.fields.filter((df) => df.reqd && !frm.doc[df.fieldname]);
			if (!missing.length) {
				frm.save().then(() =>
					frappe.show_alert({
						message: __("{0} members filled in and saved; record each one's attendance", [filled]),
						indicator: "green",
					})
				);
			} else {
				frappe.show_alert({
					message: __("{0} members filled in; record each one's attendance", [filled]),
					indicator: "orange",
				});
			}
		});
	if ((frm.doc.attendees || []).some((row) => !row.is_guest)) {
		frappe.confirm(__("Replace the attendance list with the current members?"), run);
	} else {
		run();
	}
}

// 组织生活会 and 民主生活会: their preparation checklist is on the form as soon as the kind is chosen, so
// the secretary ticks what is done before the meeting is recorded as held (the server lays out the
// same steps on save: activity.rules.LIFE_MEETING_STEPS).
const PB_LIFE_MEETING_KINDS = ["Organizational Life Meeting", "Democratic Life Meeting"];
const PB_LIFE_MEETING_STEPS = [
	"Opinions Solicited",
	"Heart-to-Heart Talks Held",
	"Checking Materials Written",
	"The Meeting",
	"Rectification List",
];

function pb_life_meeting_steps(frm) {
	if (!PB_LIFE_MEETING_KINDS.includes(frm.doc.activity_type) || frm.doc.docstatus !== 0) return;
	const have = new Set((frm.doc.life_meeting_steps || []).map((row) => row.step));
	const missing = PB_LIFE_MEETING_STEPS.filter((step) => !have.has(step));
	if (!missing.length) return;
	missing.forEach((step) => frm.add_child("life_meeting_steps", { step }));
	frm.refresh_field("life_meeting_steps");
}

frappe.ui.form.on("Party Activity", {
	setup(frm) {
		frm.set_query("organization", () => ({ filters: { org_type: ["!=", "Party Group"] } }));
		frm.set_query("party_group", () => ({
			filters: { org_type: "Party Group", parent_party_organization: frm.doc.organization || "" },
		}));
	},
	fill_attendees_button(frm) {
		pb_fill_attendees(frm);
	},
	organization(frm) {
		pb_fill_button(frm);
	},
	activity_type(frm) {
		pb_fill_button(frm);
		pb_life_meeting_steps(frm);
	},
	refresh(frm) {
		pb_fill_button(frm);
		pb_checkin_button(frm);
		if (frm.is_new()) pb_life_meeting_steps(frm);
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

// 签到码: the secretary shows the meeting's check-in (a QR code of a signed token, renewed every minute,
// and a 6-digit code) full screen; members check in on the portal (/party/checkin). The server decides
// when it may open (30 minutes before to 30 minutes after the start): party_building/portal/service.py.
function pb_checkin_button(frm) {
	if (frm.is_new() || frm.doc.docstatus !== 0 || !frm.perm[0] || !frm.perm[0].write) return;
	frm.add_custom_button(__("Check-in Code"), () => pb_checkin_dialog(frm));
}

function pb_checkin_dialog(frm) {
	const call = (method, args) =>
		frappe.call({ method: `party_building.portal.service.${method}`, args }).then((r) => r.message);
	call("open_checkin", { activity: frm.doc.name }).then((state) => {
		const dialog = new frappe.ui.Dialog({
			title: __("Check-in Code") + " · " + frm.doc.topic,
			size: "extra-large",
			fields: [{ fieldtype: "HTML", fieldname: "screen" }],
			primary_action_label: __("Close Check-in"),
			primary_action() {
				frappe.confirm(__("Close the check-in now? Codes already shown stop working."), () =>
					call("close_checkin", { session: state.session }).then(show)
				);
			},
		});
		const show = (s) => {
			state = s;
			const status = s.closed
				? `<span class="indicator-pill red">${__("Check-in closed")}</span>`
				: `<span class="indicator-pill green">${__("Open until {0}", [s.closes_label])}</span>`;
			dialog.fields_dict.screen.$wrapper.html(`
				<div class="pb-checkin" style="text-align:center">
					<div style="max-width:min(70vh,420px);margin:0 auto" class="pb-checkin-qr">${s.closed ? "" : s.qr_svg}</div>
					<div style="font-size:56px;font-weight:700;letter-spacing:12px;margin:8px 0" class="pb-checkin-code">${s.closed ? "——" : s.code}</div>
					<div class="text-muted" style="font-size:16px">${__("Scan with the phone, or type the code on {0}", [`<b>${frappe.utils.escape_html(location.host)}/party/checkin</b>`])}</div>
					<div style="font-size:18px;margin-top:10px">${status}
						${__("{0} of {1} checked in", [`<b class="pb-checkin-count">${s.checked_in}</b>`, s.expected])}</div>
				</div>`);
			dialog.fields_dict.screen.$wrapper.find("svg").css({ width: "100%", height: "auto" });
			if (s.closed) dialog.get_primary_btn().hide();
		};
		show(state);
		const timer = setInterval(() => {
			if (!state.closed) call("checkin_screen", { session: state.session }).then(show);
		}, (state.refresh_seconds || 60) * 1000);
		dialog.onhide = () => {
			clearInterval(timer);
			frm.reload_doc();
		};
		dialog.show();
	});
}
