# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class PartyActivityAttendee(Document):
	pass


def on_doctype_update():
	# the compliance report reads the members with a run of absences straight from this index: per
	# organization first, so a branch's secretary reads the branch's rows, not the whole site's
	frappe.db.add_index(
		"Party Activity Attendee",
		["organization", "absence_run", "activity_date", "member", "counted", "docstatus"],
		index_name="organization_absence_run",
	)
	# keeping the runs: a member's attendance in date order
	frappe.db.add_index("Party Activity Attendee", ["member", "activity_date"], index_name="member_date")
