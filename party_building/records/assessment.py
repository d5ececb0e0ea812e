"""党建目标考核 on the Frappe side: the evidence each checklist item draws from the branch's records
(meetings held against required, dues payments, rectifications closed, heart-to-heart talks owed)."""

import datetime

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.activity import rules as activity_rules
from party_building.activity.service import branch_people, yearly_talks
from party_building.records import rules


def evidence(rule: str | None, branch: str, year: int) -> str:
	"""The evidence text of one item, or "" for an item scored by judgement alone."""
	start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), getdate(today()))
	if rule == rules.MEETINGS_HELD:
		return meetings_evidence(branch, year, start, end)
	if rule == rules.DUES_COLLECTED:
		n = frappe.db.count(
			"Dues Payment", {"organization": branch, "docstatus": 1, "paid_on": ("between", [start, end])}
		)
		return _("{0} dues payments recorded").format(n)
	if rule == rules.RECTIFICATIONS_CLOSED:
		found = {"organization": branch, "found_on": ("between", [start, end])}
		total = frappe.db.count("Rectification Item", found)
		closed = frappe.db.count("Rectification Item", {**found, "closed_on": ("is", "set")})
		return _("{0} of {1} rectification items closed").format(closed, total)
	if rule == rules.TALKS_DONE:
		people = branch_people([branch])[branch]
		talks = yearly_talks([branch], [year], end).get((branch, year), [])
		owed = activity_rules.missing_talks(
			people["secretary"], people["committee"], people["members"], talks
		)
		return _("{0} members still owe a heart-to-heart talk").format(len(owed))
	return ""


def meetings_evidence(branch: str, year: int, start: datetime.date, end: datetime.date) -> str:
	"""三会一课 and the rest, required against held over the year so far (the activity rules count)."""
	held: dict = {}
	for kind, month, n in frappe.db.sql(
		"""
		select activity_type, month(activity_date), count(*)
		from `tabParty Activity`
		where organization = %(branch)s and activity_date between %(start)s and %(end)s
			and status = %(held)s and docstatus < 2
		group by activity_type, month(activity_date)
		""",
		{"branch": branch, "start": start, "end": end, "held": activity_rules.HELD},
	):
		held.setdefault(kind, {})[(year, int(month))] = n
	committee = (frappe.db.get_value("Party Organization", branch, "committee_size") or 0) >= 3
	groups = frappe.db.count(
		"Party Organization", {"parent_party_organization": branch, "org_type": "Party Group"}
	)
	months = [(year, m) for m in range(1, end.month + 1)] if end.year == year else []
	results = activity_rules.compliance(held, months, has_committee=committee, groups=groups, on=end)
	required = sum(c.required for c in results)
	got = sum(min(c.held, c.required) for c in results)
	return _("{0} of {1} required meetings held").format(got, required)
