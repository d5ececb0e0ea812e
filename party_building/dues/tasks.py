"""Scheduled jobs of party dues (hooks.py scheduler_events)."""

from party_building.dues.reminders import send_reminders


def daily() -> None:
	"""Members 3 and 6 months behind with their dues."""
	send_reminders()
