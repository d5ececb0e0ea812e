# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

from frappe.model.document import Document


class SecretaryDutyReportReview(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		comment: DF.SmallText | None
		grade: DF.Literal["Good", "Fairly Good", "Average", "Poor"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reviewer: DF.Link | None
		reviewer_name: DF.Data | None
	# end: auto-generated types

	pass
