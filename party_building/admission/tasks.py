"""Scheduled jobs of admitting new members (hooks.py scheduler_events)."""

from party_building.admission.service import send_reminders


def daily() -> None:
	"""Admission steps falling due (talks, approvals, oaths, probation ending)."""
	send_reminders()
