# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

from frappe.model.document import Document


class LifeMeetingStep(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		done: DF.Check
		done_on: DF.Date | None
		note: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		step: DF.Literal[
			"Opinions Solicited",
			"Heart-to-Heart Talks Held",
			"Checking Materials Written",
			"The Meeting",
			"Rectification List",
		]
	# end: auto-generated types

	pass
