"""Errors of the official holiday calendar (under core.errors.PartyBuildingError)."""

import frappe

from party_building.core.errors import PartyBuildingError


class HolidayCalendarError(PartyBuildingError):
	"""A day outside the calendar's year, a day listed twice, or notice text that cannot be read."""


class HolidayCalendarPermissionError(PartyBuildingError, frappe.PermissionError):
	"""Only the county administrator (Party Admin of a top organization) or a System Manager edits it."""
