# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from party_building.portal.errors import LeaveAnswerError

# what the member asked; changed only by the portal's service (asking, refusing, withdrawing)
ASKED_FIELDS = ("activity", "organization", "member", "reason", "status", "answered_by", "answered_on")


class ActivityLeaveRequest(Document):
	"""A member's request for leave from a meeting, asked on the portal (party_building.portal.service).
	The attendance row shows 请假 with the reason; the secretary refuses it with 不同意请假."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		activity: DF.Link
		activity_date: DF.Date | None
		answer: DF.SmallText | None
		answered_by: DF.Link | None
		answered_on: DF.Datetime | None
		member: DF.Link
		member_name: DF.Data | None
		organization: DF.Link | None
		reason: DF.SmallText
		requested_on: DF.Datetime | None
		status: DF.Literal["Requested", "Refused", "Withdrawn"]
		topic: DF.Data | None
	# end: auto-generated types

	def validate(self):
		self.validate_asked_fields()

	def validate_asked_fields(self):
		"""Only the portal's service writes what was asked and the answer's status (REST or the form may
		not): a refusal goes through 不同意请假, which also changes the attendance row."""
		if self.is_new() or self.flags.ignore_permissions:
			return
		before = self.get_doc_before_save()
		changed = [f for f in ASKED_FIELDS if before and str(before.get(f) or "") != str(self.get(f) or "")]
		if changed:
			frappe.throw(
				_(
					"A request for leave is answered with the button Refuse Leave; {0} cannot be changed"
				).format("、".join(_(self.meta.get_label(f)) for f in changed)),
				LeaveAnswerError,
				title=_("Not Allowed"),
			)
