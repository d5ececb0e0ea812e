# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class DuesPaymentMonth(Document):
	pass


def on_doctype_update():
	# a member's months (paid up to, arrears) and a period's paid months (collection report), both
	# answered from the index alone; docstatus 1 = paid by a submitted payment
	frappe.db.add_index("Dues Payment Month", ["member", "docstatus", "month"])
	frappe.db.add_index("Dues Payment Month", ["docstatus", "month", "member", "amount"])
