"""Scheduled jobs of organizational life (hooks.py scheduler_events)."""

from party_building.activity.service import send_reminders


def daily() -> None:
	"""The month's theme day and the quarter's required meetings not yet recorded."""
	send_reminders()
