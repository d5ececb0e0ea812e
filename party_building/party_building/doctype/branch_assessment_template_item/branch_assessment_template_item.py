# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

from frappe.model.document import Document


class BranchAssessmentTemplateItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		evidence_rule: DF.Literal[
			"", "Meetings Held", "Dues Collected", "Rectifications Closed", "Heart-to-Heart Talks"
		]
		item: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		points: DF.Float
	# end: auto-generated types

	pass
