"""The app's print formats are named in Chinese (会议记录, 党费证 …): the ones installed under their
former English names go, so the print view offers each layout once."""

import frappe

FORMER_NAMES = (
	"Meeting Minutes",
	"Member Development Dossier",
	"Organization Transfer Letter",
	"Dues Card",
	"Dues Branch Ledger",
	"Rectification Ledger",
	"Publicity Notice",
	"Party Member Registration Form",
)


def execute():
	for name in FORMER_NAMES:
		if frappe.db.get_value("Print Format", name, "module") == "Party Building":
			frappe.delete_doc("Print Format", name, force=True, ignore_permissions=True)
