# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""公示: a publicity notice made from a Member Development record (发展对象 or 转正).

The text is composed from the record in the standard form (notices.rules.body) until the notice is
published; the period runs over working days on the official calendar (holidays.service) and is
written back to the record, whose next step cannot be dated before the period ends (the record's own
rule). Publishing and unpublishing go through notices.service.publish / unpublish.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from party_building.admission import rules as admission
from party_building.holidays import service as holidays
from party_building.notices import rules, service
from party_building.notices.errors import (
	NoticeCommentError,
	NoticePeriodError,
	NoticeStageError,
	ProtectedDataError,
	PublishedNoticeError,
)

FIXED_WHEN_PUBLISHED = ("notice_type", "member_development", "period_from", "period_to", "post", "contact")


class PublicityNotice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.publicity_notice_comment.publicity_notice_comment import (
			PublicityNoticeComment,
		)
		from party_building.party_building.doctype.publicity_notice_log.publicity_notice_log import (
			PublicityNoticeLog,
		)

		branch: DF.Link | None
		comments: DF.Table[PublicityNoticeComment]
		contact: DF.Data | None
		full_name: DF.Data | None
		member_development: DF.Link
		notice_text: DF.LongText | None
		notice_type: DF.Literal["Development Target", "Full Membership"]
		period_from: DF.Date
		period_to: DF.Date | None
		post: DF.Data | None
		publication_log: DF.Table[PublicityNoticeLog]
		published: DF.Check
		published_on: DF.Datetime | None
		title: DF.Data | None
		upper_committee: DF.Link | None
		working_days: DF.Int
	# end: auto-generated types

	def validate(self):
		record = self.record()
		self.branch = record.branch
		self.full_name = record.full_name
		self.upper_committee = service.upper_committee_of(record)
		self.validate_published_fields()
		self.validate_stage(record)
		self.validate_period(record)
		self.validate_no_protected_data()
		self.validate_comments()
		before = self.get_doc_before_save()
		if not (before and before.published):  # the text a notice was published with stays
			self.compose(record)

	def on_update(self):
		if self.has_value_changed("period_from") or self.has_value_changed("period_to"):
			_stage, start_field, end_field, _step = service.NOTICE_OF[self.notice_type]
			frappe.db.set_value(
				"Member Development",
				self.member_development,
				{start_field: self.period_from, end_field: self.period_to},
			)

	def record(self):
		# flags.record: the record already loaded by whoever makes many notices at once (the demo)
		record = self.flags.record or frappe.get_doc("Member Development", self.member_development)
		record.check_permission("read")
		return record

	def validate_published_fields(self):
		before = self.get_doc_before_save()
		if not (before and before.published and self.published):
			return
		changed = [f for f in FIXED_WHEN_PUBLISHED if str(before.get(f) or "") != str(self.get(f) or "")]
		if changed:
			frappe.throw(
				_("A published notice cannot be changed ({0}); unpublish it first").format(
					", ".join(_(self.meta.get_label(f)) for f in changed)
				),
				PublishedNoticeError,
				title=_("Published"),
			)

	def validate_stage(self, record):
		if not (
			self.is_new()
			or self.has_value_changed("notice_type")
			or self.has_value_changed("member_development")
		):
			return
		stage, *_rest = service.NOTICE_OF[self.notice_type]
		if record.stage != stage:
			frappe.throw(
				_("A {0} notice is made for a record at the stage {1}; {2} is at {3}").format(
					_(self.notice_type), _(stage), record.full_name, _(record.stage)
				),
				NoticeStageError,
				title=_("Publicity Notice"),
			)

	def validate_period(self, record):
		start = getdate(self.period_from)
		if not self.period_to:
			self.period_to, fallback = holidays.nth_working_day(start, admission.PUBLICITY_MIN_WORKING_DAYS)
		end = getdate(self.period_to)
		days, fallback = holidays.working_days(start, end) if end >= start else (0, False)
		self.working_days = days
		if days < admission.PUBLICITY_MIN_WORKING_DAYS:
			frappe.throw(
				_("{0} lasts at least {1} working days; {2} to {3} has {4}").format(
					_("Publicity"),
					admission.PUBLICITY_MIN_WORKING_DAYS,
					frappe.format(start, "Date"),
					frappe.format(end, "Date"),
					days,
				),
				NoticePeriodError,
				title=_("Publicity Too Short"),
			)
		*_rest, step = service.NOTICE_OF[self.notice_type]
		next_step = record.date_of(step)
		if next_step and end >= next_step:
			frappe.throw(
				_("{0} must end before {1}").format(_("Publicity"), frappe.format(next_step, "Date")),
				NoticePeriodError,
				title=_("Publicity"),
			)
		if fallback:
			frappe.msgprint(holidays.fallback_warning(start, end), title=_("Publicity"), indicator="orange")

	def validate_no_protected_data(self):
		for field in ("post", "contact"):
			if rules.has_protected(self.get(field)):
				frappe.throw(
					_("{0} is published: it may not hold a resident ID number or a phone number").format(
						_(self.meta.get_label(field))
					),
					ProtectedDataError,
					title=_("Publicity Notice"),
				)

	def validate_comments(self):
		start, end = getdate(self.period_from), getdate(self.period_to)
		for row in self.comments:
			if row.received_on and not rules.comment_in_period(getdate(row.received_on), start, end):
				frappe.throw(
					_("Row {0}: a comment on the notice is one received from {1} to {2}").format(
						row.idx, frappe.format(start, "Date"), frappe.format(end, "Date")
					),
					NoticeCommentError,
					title=_("Comments Received"),
				)

	def compose(self, record):
		self.title = rules.title(self.notice_type, record.full_name)
		self.notice_text = "\n".join(
			rules.body(self.notice_type, service.facts_of(self, record), self.working_days)
		)
