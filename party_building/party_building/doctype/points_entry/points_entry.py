# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, now_datetime

from party_building.ledgers import rules
from party_building.ledgers.errors import (
	DisabledRuleError,
	DuplicatePointsSourceError,
	EvidenceRequiredError,
	PointsCapError,
	PointsPersonError,
)
from party_building.ledgers.points import check_sign, tally, used_points


class PointsEntry(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		activist: DF.Link | None
		amended_from: DF.Link | None
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		category: DF.Literal["", "Organizational Life", "Study", "Exemplary Role", "Deduction"]
		description: DF.SmallText | None
		entry_date: DF.Date
		evidence: DF.Attach | None
		is_automatic: DF.Check
		member: DF.Link | None
		membership_type: DF.Literal["", "Probationary", "Full", "Activist"]
		organization: DF.Link | None
		person_name: DF.Data | None
		points: DF.Float
		rule: DF.Link
		source_doctype: DF.Link | None
		source_key: DF.Data | None
		source_name: DF.Data | None
	# end: auto-generated types

	def validate(self):
		self.set_person()
		self.set_points_from_rule()
		self.validate_sign()
		self.validate_evidence()
		self.validate_source_once()
		self.validate_caps()

	def set_person(self):
		"""A member, or an activist who is not yet one; scored alike, marked by their standing."""
		if bool(self.member) == bool(self.activist):
			frappe.throw(
				_("A points entry is for one member or one activist"),
				PointsPersonError,
				title=_("Invalid Entry"),
			)
		if self.member:
			name, branch, membership_type = frappe.db.get_value(
				"Party Member", self.member, ["full_name", "branch", "membership_type"]
			)
		else:
			name, branch = frappe.db.get_value("Member Development", self.activist, ["full_name", "branch"])
			membership_type = rules.ACTIVIST_MARK
		self.person_name, self.organization, self.membership_type = name, branch, membership_type

	def set_points_from_rule(self):
		rule = frappe.get_cached_doc("Points Rule", self.rule)
		if not rule.enabled and self.docstatus == 0 and not self.is_automatic:
			frappe.throw(
				_("The points rule {0} is disabled").format(self.rule),
				DisabledRuleError,
				title=_("Disabled Rule"),
			)
		self.category = rule.category
		if not flt(self.points):
			self.points = rule.points

	def validate_sign(self):
		check_sign(self.category, self.points)

	def validate_evidence(self):
		if not self.is_automatic and not self.evidence:
			frappe.throw(
				_("Attach the evidence for the points given by hand to {0}").format(self.person_name),
				EvidenceRequiredError,
				title=_("Evidence Required"),
			)

	def validate_source_once(self):
		if not self.source_doctype or not self.source_name or self.docstatus == 2:
			return
		self.source_key = rules.source_key(
			self.source_doctype, self.source_name, self.member or self.activist
		)
		other = frappe.db.get_value(
			"Points Entry", {"source_key": self.source_key, "name": ("!=", self.name)}
		)
		if other:
			frappe.throw(
				_("{0} already gave {1} points in {2}").format(self.source_name, self.person_name, other),
				DuplicatePointsSourceError,
				title=_("Points Already Given"),
			)

	def validate_caps(self):
		rule = frappe.get_cached_doc("Points Rule", self.rule)
		used_day, used_year = used_points(
			self.rule, self.member, self.activist, self.entry_date, exclude=self.name
		)
		exceeded = rules.cap_exceeded(flt(self.points), used_day, used_year, rule.daily_cap, rule.yearly_cap)
		if exceeded is rules.CapExceeded.DAILY:
			frappe.throw(
				_(
					"{0} already has {1} points from {2} on {3}; {4} more would pass the daily cap of {5}"
				).format(
					self.person_name,
					used_day,
					self.rule,
					getdate(self.entry_date),
					self.points,
					rule.daily_cap,
				),
				PointsCapError,
				title=_("Daily Cap"),
			)
		if exceeded is rules.CapExceeded.YEARLY:
			frappe.throw(
				_(
					"{0} already has {1} points from {2} in {3}; {4} more would pass the yearly cap of {5}"
				).format(
					self.person_name,
					used_year,
					self.rule,
					getdate(self.entry_date).year,
					self.points,
					rule.yearly_cap,
				),
				PointsCapError,
				title=_("Yearly Cap"),
			)

	def on_submit(self):
		"""Submitting is the approval: recorded with who and when."""
		self.db_set({"approved_by": frappe.session.user, "approved_on": now_datetime()})
		tally(self, +1)

	def on_cancel(self):
		"""Points taken back; the source may give them again once amended."""
		self.db_set("source_key", None)
		tally(self, -1)


def on_doctype_update():
	# the organization's and the member's lookups start these two (no index of their own: 300,000
	# entries a county, each index another write)
	frappe.db.add_index("Points Entry", ["organization", "entry_date"])
	frappe.db.add_index("Points Entry", ["member", "rule", "entry_date"])


def points_entry_query(user: str | None = None, doctype: str | None = None) -> str:
	from party_building.core.access import own_member_query

	return own_member_query("Points Entry", user=user)


def points_entry_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	from party_building.core.access import own_member_has_permission

	return own_member_has_permission(doc, user=user)
