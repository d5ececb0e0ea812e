"""Scheduled jobs."""

import frappe


def refresh_party_age():
	"""党龄 grows by itself: recompute whole years since full membership, in one statement."""
	frappe.db.sql(
		"""update `tabParty Member`
		set party_age = if(full_member_on is null or full_member_on > curdate(), 0,
			timestampdiff(year, full_member_on, curdate()))
		where ifnull(party_age, -1) != if(full_member_on is null or full_member_on > curdate(), 0,
			timestampdiff(year, full_member_on, curdate()))"""
	)
