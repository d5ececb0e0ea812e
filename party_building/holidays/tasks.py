"""Scheduled jobs of the official holiday calendar (hooks.py scheduler_events)."""

from party_building.holidays.service import send_reminders


def daily() -> None:
	"""From 1 November, remind the county administrator when next year's calendar is missing."""
	send_reminders()
