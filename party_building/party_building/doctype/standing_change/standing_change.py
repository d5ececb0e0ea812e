# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from party_building.core.access import is_upper_level
from party_building.core.errors import FutureDateError, UpperLevelOnlyError
from party_building.records import rules
from party_building.records.errors import StandingReasonError, StandingTransitionError


class StandingChange(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		change_type: DF.Literal["Suspension", "Restoration", "Leaving", "Death"]
		contact_lost_since: DF.Date | None
		decision_doc_no: DF.Data | None
		effective_date: DF.Date
		member: DF.Link
		member_name: DF.Data | None
		needs_upper_level: DF.Check
		new_standing: DF.Literal["", "Active", "Suspended", "Left", "Deceased", "Transferred Out"]
		notes: DF.SmallText | None
		organization: DF.Link | None
		previous_standing: DF.Literal["", "Active", "Suspended", "Left", "Deceased", "Transferred Out"]
		previous_standing_since: DF.Date | None
		reason: DF.Literal[
			"",
			"Abroad Without Contact",
			"Lost Contact 6 Months or More",
			"Persuaded to Withdraw",
			"Removed from Membership",
			"Self-Withdrawal",
			"Resignation",
			"Expulsion",
		]
		workflow_state: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.validate_date()
		self.validate_reason()
		self.validate_transition()
		# the workflow (Standing Change Approval) routes on it: 报上级审批 or 直接生效
		self.needs_upper_level = int(rules.needs_upper_level(self.change_type, self.reason))

	def before_submit(self):
		self.validate_upper_level()

	def before_cancel(self):
		self.validate_upper_level()

	def validate_upper_level(self):
		"""Ending membership against the member's will (劝退, 除名, 开除) is the upper level's decision:
		it takes effect, or is revoked, only by an upper-level admin, whatever path the request took
		(the workflow's Approve, a REST submit, frappe.client.submit)."""
		if rules.needs_upper_level(self.change_type, self.reason) and not is_upper_level(self.organization):
			frappe.throw(
				_(
					"{0} ({1}) is decided by the upper level: submit it to the upper level for approval"
				).format(_(self.change_type, context="Standing Change"), _(self.reason)),
				UpperLevelOnlyError,
				title=_("Upper Level Decides"),
			)

	def on_submit(self):
		self.apply_to_member(self.new_standing, self.effective_date)

	def on_cancel(self):
		standing = frappe.db.get_value("Party Member", self.member, "standing")
		if standing == self.new_standing:
			self.apply_to_member(self.previous_standing, self.previous_standing_since)

	def validate_date(self):
		if getdate(self.effective_date) > getdate(today()):
			frappe.throw(
				_("{0} on {1}: the date cannot be in the future").format(
					_(self.change_type, context="Standing Change"), frappe.format(self.effective_date, "Date")
				),
				FutureDateError,
				title=_("Date in the Future"),
			)

	def validate_reason(self):
		reasons = rules.reasons_for(self.change_type)
		if not reasons:
			self.reason = None
			return
		if self.reason not in reasons:
			frappe.throw(
				_("{0} needs one of these reasons: {1}").format(
					_(self.change_type, context="Standing Change"), ", ".join(_(r) for r in reasons)
				),
				StandingReasonError,
				title=_("Reason Required"),
			)
		if self.reason == rules.LOST_CONTACT and not rules.lost_contact_long_enough(
			getdate(self.contact_lost_since) if self.contact_lost_since else None,
			getdate(self.effective_date),
		):
			frappe.throw(
				_(
					"Membership is suspended for lost contact only after {0} months without contact; contact was lost on {1}"
				).format(
					rules.LOST_CONTACT_MONTHS,
					frappe.format(self.contact_lost_since, "Date") if self.contact_lost_since else "-",
				),
				StandingReasonError,
				title=_("Not Long Enough"),
			)

	def validate_transition(self):
		if self.docstatus.is_cancelled():
			return
		current, since = frappe.db.get_value("Party Member", self.member, ["standing", "standing_since"])
		target = rules.new_standing(self.change_type, current)
		if not target:
			frappe.throw(
				_("{0} cannot be recorded for {1}, whose standing is {2}").format(
					_(self.change_type, context="Standing Change"),
					self.member_name,
					_(current, context="Party Member"),
				),
				StandingTransitionError,
				title=_("Not Allowed"),
			)
		self.previous_standing = current
		self.previous_standing_since = since
		self.new_standing = target

	def apply_to_member(self, standing: str, since):
		member = frappe.get_doc("Party Member", self.member)
		member.standing = standing
		member.standing_since = since
		member.flags.ignore_permissions = True
		member.flags.party_process = True
		member.save()
		member.add_comment(
			"Info",
			_("Standing changed to {0} by {1}").format(_(standing, context="Party Member"), self.name),
		)
