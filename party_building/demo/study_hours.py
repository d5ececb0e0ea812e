"""Demo 学时: the demo's activities (bulk-inserted without them) get their class hours, the duration to
the half hour as the form would fill in, so the Study Hours report lists only the members who missed
much of the year."""

import frappe

from party_building.organization import rules as orules


def make(ctx) -> dict:
	branches = [p.name for p in ctx.plan if p.org_type in (orules.BRANCH, orules.PARTY_GROUP)]
	if not branches:
		return {"activities with study hours": 0}
	frappe.db.sql(
		"""
		update `tabParty Activity`
		set study_hours = round(time_to_sec(timediff(end_time, start_time)) / 1800) / 2
		where organization in %(branches)s and ifnull(study_hours, 0) = 0
			and start_time is not null and end_time > start_time
		""",
		{"branches": branches},
	)
	return {
		"activities with study hours": frappe.db.count(
			"Party Activity", {"organization": ("in", branches), "study_hours": (">", 0)}
		)
	}
