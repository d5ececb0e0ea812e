# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from party_building.dues.service import guard_ledger_entry


class DuesLedgerEntry(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		entry_type: DF.Literal["Payment", "Remittance Out", "Remittance In"]
		is_reversal: DF.Check
		large_amount: DF.Currency
		member: DF.Link | None
		organization: DF.Link | None
		posting_date: DF.Date | None
		received: DF.Currency
		remarks: DF.SmallText | None
		remitted: DF.Currency
		voucher_no: DF.DynamicLink | None
		voucher_type: DF.Link | None
	# end: auto-generated types

	def validate(self):
		guard_ledger_entry(self)

	def on_trash(self):
		guard_ledger_entry(self)


def on_doctype_update():
	frappe.db.add_index("Dues Ledger Entry", ["organization", "posting_date"])
	frappe.db.add_index("Dues Ledger Entry", ["voucher_type", "voucher_no"])
