"""Unpaid dues reminders, run daily; each occasion is sent once (Party Reminder Log).

Three months unpaid: the member and the branch secretary are reminded. Six months unpaid: the
secretary and the upper level are alerted, flagged as the 自行脱党 case for the branch to decide.
An occasion is one run of unpaid months, named by its first month, so a rerun sends nothing twice
and a member who pays and falls behind again is reminded again.
"""

import datetime

import frappe
from frappe import _
from frappe.query_builder import Field, Order
from frappe.query_builder.functions import Coalesce, Concat
from frappe.utils import getdate, today
from pypika.terms import Interval

from party_building.core.access import Scope, within
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


def members_behind(
	on: datetime.date, at_least: int, orgs: Scope | list[str] | None = None
) -> list[frappe._dict]:
	"""Active members with dues assessed (and not exempt) this year or last, `at_least` months behind.

	One query: the member, their last paid month (the last entry of the (member, docstatus, month)
	index: one row read a member, not all their months grouped) and their assessments joined on the
	unique member-year key; the database keeps only those whose first unpaid month lies `at_least`
	months or more before `on`'s month (the same count as dues.months_unpaid, which is then applied
	to the few rows left), so a county's answer is its few hundred members behind, not 10,000 rows."""
	member = frappe.qb.DocType("Party Member")
	item = frappe.qb.DocType("Dues Assessment Item")
	this_year, last_year = item.as_("this_year"), item.as_("last_year")
	paid = frappe.qb.DocType("Dues Payment Month")
	last_paid = (
		frappe.qb.from_(paid)
		.select(paid.month)
		.where((paid.member == member.name) & (paid.docstatus == 1))
		.orderby(paid.month, order=Order.desc)
		.limit(1)
	)
	# unpaid >= at_least  <=>  the first unpaid month is on or before `latest`
	latest = dues.add_months(dues.month_of(on), -at_least)
	found = Field("last_paid")
	query = (
		frappe.qb.from_(member)
		.left_join(this_year)
		.on(this_year.member_year == Concat(member.name, f":{on.year}"))
		.left_join(last_year)
		.on(last_year.member_year == Concat(member.name, f":{on.year - 1}"))
		.select(
			member.name,
			member.full_name,
			member.branch,
			member.joined_on,
			member.user,
			last_paid.as_("last_paid"),
		)
		.where(member.standing == ACTIVE)
		.where(member.joined_on.isnotnull())
		.where((this_year.monthly_amount > 0) | (last_year.monthly_amount > 0))
		# found < latest, or without a payment joined before latest's next month (the month before
		# joining < latest): last_paid named once (each mention of it is another lookup of its value)
		.having(Coalesce(found, member.joined_on - Interval(months=1)) < latest)
	)
	if orgs is None or (isinstance(orgs, Scope) and orgs.is_broad()):
		query = query.use_index("PRIMARY")  # most of the register: read whole, not branch by branch
	behind = []
	for p in within(query, member.branch, orgs).run(as_dict=True):
		last_paid = getdate(p.pop("last_paid")) if p.last_paid else None
		first_payable = dues.first_payable_month(getdate(p.joined_on))
		p.unpaid = dues.months_unpaid(last_paid, first_payable, on)
		if p.unpaid >= at_least:
			p.first_unpaid = dues.add_months(last_paid, 1) if last_paid else first_payable
			behind.append(p)
	return behind
