"""Scheduled jobs of what every capability uses (hooks.py scheduler_events), and the before_job hook."""

import frappe


def daily() -> None:
	"""党龄 of every member, as of today."""
	refresh_party_age()


def refresh_party_age():
	"""党龄 grows by itself: recompute whole years since full membership, in one statement."""
	frappe.db.sql(
		"""update `tabParty Member`
		set party_age = if(full_member_on is null or full_member_on > curdate(), 0,
			timestampdiff(year, full_member_on, curdate()))
		where ifnull(party_age, -1) != if(full_member_on is null or full_member_on > curdate(), 0,
			timestampdiff(year, full_member_on, curdate()))"""
	)


def use_site_language(method: str | None = None, kwargs: dict | None = None, transaction_type=None):
	"""before_job hook: the app's scheduled jobs (reminders) write in the site's language, not English."""
	target = str((kwargs or {}).get("job_type") or method or "")
	if target.startswith("party_building."):
		frappe.local.lang = frappe.db.get_single_value("System Settings", "language") or "en"
