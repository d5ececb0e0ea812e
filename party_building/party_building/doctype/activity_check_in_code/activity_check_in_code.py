# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

from frappe.model.document import Document


class ActivityCheckinCode(Document):
	"""A check-in a secretary opened for a meeting (party_building.portal.service.open_checkin): its
	6-digit code and window; members check in with it or with a signed QR token naming it. Written only
	by the service; read-only in the desk, never shown to plain members."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		activity: DF.Link
		closed_at: DF.Datetime | None
		closes_at: DF.Datetime | None
		code: DF.Data | None
		opened_by: DF.Link | None
		opens_at: DF.Datetime | None
		organization: DF.Link | None
	# end: auto-generated types

	pass
