"""Unpaid dues reminders, run daily; each occasion is sent once (Party Reminder Log).

Three months unpaid: the member and the branch secretary are reminded. Six months unpaid: the
secretary and the upper level are alerted, flagged as the 自行脱党 case for the branch to decide.
An occasion is one run of unpaid months, named by its first month, so a rerun sends nothing twice
and a member who pays and falls behind again is reminded again.
"""

import datetime

import frappe
from frappe import _
from frappe.query_builder.functions import Max
from frappe.utils import getdate, today

from party_building.core.access import within
from party_building.core.reminders import remind as send_once
from party_building.core.reminders import secretaries_of, upper_level_of
from party_building.dues import rules as dues
from party_building.dues.service import reminder_months
from party_building.members.rules import ACTIVE

REMINDER = "Dues Unpaid 3 Months"
LAPSE = "Dues Unpaid 6 Months"


def send_reminders(on: datetime.date | str | None = None) -> dict[str, int]:
	"""Send the due reminders; returns how many were sent now by kind."""
	on = getdate(on or today())
	reminder_at, lapse_at = reminder_months()
	sent = {REMINDER: 0, LAPSE: 0}
	secretaries: dict[str, list[str]] = {}
	upper: dict[str, list[str]] = {}
	for m in members_behind(on, reminder_at):
		stage = dues.unpaid_stage(m.unpaid, reminder_at, lapse_at)
		if not stage:
			continue
		branch = m.branch
		if branch not in secretaries:
			secretaries[branch] = secretaries_of(branch)
		since = dues.month_key(m.first_unpaid)
		if stage == lapse_at:
			if branch not in upper:
				upper[branch] = upper_level_of(branch)
			kind = LAPSE
			recipients = secretaries[branch] + upper[branch]
			subject = _("{0} of {1} has not paid party dues for {2} months (since {3})").format(
				m.full_name, branch, m.unpaid, since
			)
			message = _(
				"{0} has paid no party dues for {1} consecutive months since {2}. Under the rules this is "
				"treated as leaving the Party (自行脱党) unless there is a good reason: the branch must decide."
			).format(m.full_name, m.unpaid, since)
		else:
			kind = REMINDER
			recipients = [m.user, *secretaries[branch]]
			subject = _("{0} has not paid party dues for {1} months (since {2})").format(
				m.full_name, m.unpaid, since
			)
			message = _("Please pay the party dues from {0}: {1} months are unpaid.").format(since, m.unpaid)
		key = f"dues-unpaid-{stage}m:{m.name}:{since}"
		if send_once(key, recipients, subject, message, kind, "Party Member", m.name, branch):
			sent[kind] += 1
	return sent


def members_behind(on: datetime.date, at_least: int, orgs: list[str] | None = None) -> list[frappe._dict]:
	"""Active members with dues assessed (and not exempt) this year or last, `at_least` months behind."""
	member = frappe.qb.DocType("Party Member")
	item = frappe.qb.DocType("Dues Assessment Item")
	paid = frappe.qb.DocType("Dues Payment Month")
	query = (
		frappe.qb.from_(member)
		.select(member.name, member.full_name, member.branch, member.joined_on, member.user)
		.where(member.standing == ACTIVE)
	)
	query = within(query, member.branch, orgs)
	people = query.run(as_dict=True)
	if not people:
		return []
	years = item.member_year.like(f"%:{on.year}") | item.member_year.like(f"%:{on.year - 1}")
	assessed_q = frappe.qb.from_(item).select(item.member).where(years & (item.monthly_amount > 0)).distinct()
	last_q = (
		frappe.qb.from_(paid)
		.select(paid.member, Max(paid.month))
		.where(paid.docstatus == 1)
		.groupby(paid.member)
	)
	if orgs is not None:  # a subtree: ask only about its members (a subquery, not 10,000 names)
		scoped = within(
			frappe.qb.from_(member).select(member.name).where(member.standing == ACTIVE), member.branch, orgs
		)
		assessed_q = assessed_q.where(item.member.isin(scoped))
		last_q = last_q.where(paid.member.isin(scoped))
	assessed = set(assessed_q.run(pluck=True))
	last = dict(last_q.run())
	people = [p for p in people if p.name in assessed]
	behind = []
	for p in people:
		if not p.joined_on:
			continue
		last_paid = getdate(last[p.name]) if last.get(p.name) else None
		p.unpaid = dues.months_unpaid(last_paid, dues.first_payable_month(getdate(p.joined_on)), on)
		if p.unpaid >= at_least:
			p.first_unpaid = (
				dues.add_months(last_paid, 1) if last_paid else dues.first_payable_month(getdate(p.joined_on))
			)
			behind.append(p)
	return behind
