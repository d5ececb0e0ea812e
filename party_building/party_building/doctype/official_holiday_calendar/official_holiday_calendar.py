# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""法定节假日安排: one year of the State Council's days off and adjusted working days.

Only the county administrator edits it (holidays.service.may_edit); notice text pasted into
`import_text` is read into the table on save (holidays.rules.parse_notice). Saving or deleting a
calendar clears the cached calendar every working-day count reads.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate

from party_building.holidays import rules, service
from party_building.holidays.errors import HolidayCalendarError, HolidayCalendarPermissionError


class OfficialHolidayCalendar(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.official_holiday_calendar_day.official_holiday_calendar_day import (
			OfficialHolidayCalendarDay,
		)

		adjusted_working_days: DF.Int
		days: DF.Table[OfficialHolidayCalendarDay]
		days_off: DF.Int
		import_text: DF.LongText | None
		notice_date: DF.Date | None
		notice_number: DF.Data | None
		notice_title: DF.Data
		notice_url: DF.Data | None
		year: DF.Int
	# end: auto-generated types

	def validate(self):
		self.year = cint(self.year)  # Frappe sets the name field back as text ("field:year")
		self.validate_editor()
		self.import_notice_text()
		self.validate_days()
		self.days_off = sum(1 for d in self.days if d.kind == rules.DAY_OFF)
		self.adjusted_working_days = sum(1 for d in self.days if d.kind == rules.WORKING_DAY)

	def on_update(self):
		service.clear_cache()

	def on_trash(self):
		self.validate_editor()
		service.clear_cache()

	def validate_editor(self):
		if not service.may_edit():
			frappe.throw(
				_("Only the county administrator enters the official holiday calendar"),
				HolidayCalendarPermissionError,
				title=_("Not Allowed"),
			)

	def import_notice_text(self):
		if not (self.import_text or "").strip():
			return
		try:
			found = rules.parse_notice(self.import_text, self.year)
		except rules.NoticeLineError as e:
			frappe.throw(
				_("No date could be read from this line of the notice: {0}").format(e.line),
				HolidayCalendarError,
				title=_("Import from Notice Text"),
			)
		if not found:
			frappe.throw(
				_("The text names no day off (放假) or working day (上班)"),
				HolidayCalendarError,
				title=_("Import from Notice Text"),
			)
		current = [(getdate(d.day), d.kind, d.note or "") for d in self.days]
		self.set("days", [])
		for day, kind, note in rules.merge_days(current, found):
			self.append("days", {"day": day, "kind": kind, "note": note})
		self.import_text = ""

	def validate_days(self):
		self.days.sort(key=lambda d: getdate(d.day))
		for index, row in enumerate(self.days, start=1):
			row.idx = index
		problem = rules.calendar_problem(self.year, [(getdate(d.day), d.kind) for d in self.days])
		if not problem:
			return
		kind, day = problem
		if kind == "year":
			message = _("{0} is not in {1}: enter it in the calendar of its own year")
		else:
			message = _("{0} is listed twice in the calendar of {1}")
		frappe.throw(
			message.format(frappe.format(day, "Date"), self.year), HolidayCalendarError, title=_("Days")
		)
