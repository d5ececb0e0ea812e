# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

from frappe.model.document import Document


class LifeMeetingRectification(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		deadline: DF.Date
		measures: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		problem: DF.SmallText
		rectification_item: DF.Link | None
	# end: auto-generated types

	pass
