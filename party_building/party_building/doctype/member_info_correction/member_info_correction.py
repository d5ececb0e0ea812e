# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from party_building.portal.errors import CorrectionError

# what the member proposed; changed only by the portal's service (proposing, accepting, refusing)
PROPOSED_FIELDS = ("member", "organization", "fieldname", "current_value", "proposed_value", "note", "status")


class MemberInfoCorrection(Document):
	"""信息更正: a member's proposal to correct their register entry (party_building.portal.service). The
	register changes only when the secretary accepts it (采纳); 不采纳 refuses it with a reason."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		answer: DF.SmallText | None
		answered_by: DF.Link | None
		answered_on: DF.Datetime | None
		current_value: DF.Data | None
		field_label: DF.Data | None
		fieldname: DF.Data | None
		member: DF.Link
		member_name: DF.Data | None
		note: DF.SmallText | None
		organization: DF.Link | None
		proposed_on: DF.Datetime | None
		proposed_value: DF.Data
		status: DF.Literal["Proposed", "Accepted", "Refused"]
	# end: auto-generated types

	def validate(self):
		if self.is_new() or self.flags.ignore_permissions:
			return
		before = self.get_doc_before_save()
		changed = [
			f for f in PROPOSED_FIELDS if before and str(before.get(f) or "") != str(self.get(f) or "")
		]
		if changed:
			frappe.throw(
				_("A correction is answered with the buttons Accept or Refuse; {0} cannot be changed").format(
					"、".join(_(self.meta.get_label(f)) for f in changed)
				),
				CorrectionError,
				title=_("Not Allowed"),
			)
