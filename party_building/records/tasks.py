"""Scheduled jobs of organization records (hooks.py scheduler_events)."""

from party_building.records.reminders import send_reminders


def daily() -> None:
	"""Terms ending in 6, 3 or 1 months or overdue, and transfer receipts overdue."""
	send_reminders()
