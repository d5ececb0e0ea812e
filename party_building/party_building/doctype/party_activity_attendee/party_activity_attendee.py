# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class PartyActivityAttendee(Document):
	pass


def on_doctype_update():
	# the compliance report reads the members with a run of absences straight from this index
	frappe.db.add_index(
		"Party Activity Attendee",
		["absence_run", "organization", "activity_date", "member", "counted", "docstatus"],
		index_name="absence_run",
	)
	# keeping the runs: a member's attendance in date order
	frappe.db.add_index("Party Activity Attendee", ["member", "activity_date"], index_name="member_date")
