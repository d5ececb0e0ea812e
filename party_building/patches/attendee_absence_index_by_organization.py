"""The attendance's absence index starts with the organization (it started with the run of absences:
a branch's compliance read every long absence of the site, growing with the number of counties)."""

import frappe

from party_building.party_building.doctype.party_activity_attendee import party_activity_attendee


def execute():
	if frappe.db.has_index("tabParty Activity Attendee", "absence_run"):
		frappe.db.sql_ddl("alter table `tabParty Activity Attendee` drop index `absence_run`")
	party_activity_attendee.on_doctype_update()
