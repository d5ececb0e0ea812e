# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""谈心谈话: one talk, who with whom, its topic and follow-up. The yearly duty (the secretary with
each committee member, the committee with the members, every member once a year) is counted by
activity.rules.missing_talks in the organizational life compliance report."""

from frappe.model.document import Document

from party_building.activity import service


class HearttoHeartTalk(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		counterpart: DF.Link
		counterpart_name: DF.Data | None
		follow_up: DF.SmallText | None
		initiator: DF.Link
		initiator_name: DF.Data | None
		organization: DF.Link
		talk_date: DF.Date
		topic: DF.Data
	# end: auto-generated types

	def validate(self):
		service.check_talk(self)
