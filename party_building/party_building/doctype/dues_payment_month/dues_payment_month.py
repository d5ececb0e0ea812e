# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class DuesPaymentMonth(Document):
	pass


def on_doctype_update():
	frappe.db.add_index("Dues Payment Month", ["member", "month"])
