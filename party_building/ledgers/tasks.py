"""Scheduled jobs of the ledgers (hooks.py scheduler_events)."""

from party_building.ledgers.service import refresh_overdue_flags, remind_overdue_rectifications


def daily() -> None:
	"""Flag overdue work tasks and rectification items, and remind of the rectifications overdue."""
	refresh_overdue_flags()
	remind_overdue_rectifications()
