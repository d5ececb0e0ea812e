"""Frappe side of the official holiday calendar: reading the entered years (cached), counting working
days with them, who may edit the calendar, and the yearly reminder to enter next year's.

Every working-day count of the app goes through here (`official_calendar()` into the pure rules), so
the admin's calendar comes first, chinesecalendar second, Monday–Friday last (with a warning).
"""

import datetime

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core.access import PARTY_ADMIN, granted_organizations
from party_building.holidays import rules

DOCTYPE = "Official Holiday Calendar"
CACHE_KEY = "party_building:official_holiday_calendar"
REMINDER_TYPE = "Holiday Calendar Missing"


def official_calendar() -> dict[int, rules.YearDays]:
	"""Every year the admin has entered: year → (days off, adjusted working days); cached until a
	calendar is saved or deleted (one query of its rows otherwise)."""
	cached = getattr(frappe.local, "pb_official_calendar", None)
	if cached is None:
		cached = frappe.cache.get_value(CACHE_KEY, generator=_read_calendar)
		frappe.local.pb_official_calendar = cached
	return cached


def _read_calendar() -> dict[int, rules.YearDays]:
	years = {c.name: c.year for c in frappe.get_all(DOCTYPE, fields=["name", "year"])}
	rows: dict[int, list] = {year: [] for year in years.values()}
	for row in frappe.get_all(
		"Official Holiday Calendar Day",
		filters={"parenttype": DOCTYPE, "parent": ("in", list(years) or [""])},
		fields=["parent", "day", "kind"],
	):
		rows[years[row.parent]].append((getdate(row.day), row.kind))
	return {year: rules.year_days(days) for year, days in rows.items()}


def clear_cache(*_args, **_kwargs) -> None:
	frappe.cache.delete_value(CACHE_KEY)
	frappe.local.pb_official_calendar = None


def working_days(start: datetime.date, end: datetime.date) -> tuple[int, bool]:
	return rules.working_days(getdate(start), getdate(end), official_calendar())


def nth_working_day(start: datetime.date, n: int) -> tuple[datetime.date, bool]:
	return rules.nth_working_day(getdate(start), n, official_calendar())


def fallback_warning(start: datetime.date, end: datetime.date) -> str:
	"""The message shown when some day of a count was taken as Monday–Friday."""
	return _(
		"The official holiday calendar does not cover {0} to {1}; working days were counted Monday to Friday. Check the holidays by hand, or ask the county administrator to enter the year's Official Holiday Calendar."
	).format(frappe.format(getdate(start), "Date"), frappe.format(getdate(end), "Date"))


# --- who edits it -------------------------------------------------------------------------------


def top_organizations() -> list[str]:
	return frappe.get_all(
		"Party Organization", filters={"parent_party_organization": ("is", "not set")}, pluck="name"
	)


def may_edit(user: str | None = None) -> bool:
	"""The county administrator: a System Manager, or a Party Admin granted a top organization (or
	restricted to none)."""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	roles = set(frappe.get_roles(user))
	if "System Manager" in roles:
		return True
	if PARTY_ADMIN not in roles:
		return False
	granted = granted_organizations(user)
	return not granted or bool(granted & set(top_organizations()))


# --- the reminder -------------------------------------------------------------------------------


def send_reminders(on: datetime.date | str | None = None) -> int:
	"""Daily job: from 1 November, remind the county administrators once a month that next year's
	calendar is missing (when chinesecalendar does not cover it either). Returns the number sent."""
	from party_building.core import reminders

	on = getdate(on or today())
	covered = frappe.get_all(DOCTYPE, pluck="year")
	year = rules.reminder_year(on, covered)
	if not year:
		return 0
	tops = top_organizations()
	recipients = sorted({u for org in tops for u in reminders.users_of(org, [PARTY_ADMIN])})
	subject = _(
		"Enter the official holiday calendar for {0}: working days (publicity of 5 working days) are counted Monday to Friday until it is entered"
	).format(year)
	return int(
		reminders.remind(
			f"holiday-calendar:{year}:{on.month}",
			recipients,
			subject,
			subject,
			REMINDER_TYPE,
			DOCTYPE,
			None,
			tops[0] if len(tops) == 1 else None,
		)
	)
