"""Frappe-side helpers of admitting new members: the step master list, who may act for the
upper level, the register facts the rules need, and the daily reminders.

The rules themselves are pure functions in party_building/admission/rules.py.
"""

import datetime

import frappe
from frappe import _lt
from frappe.utils import getdate, today
from frappe.utils.nestedset import get_ancestors_of

from party_building.admission import rules
from party_building.core.access import PARTY_ADMIN, granted_organizations
from party_building.members.rules import penalties_in_force
from party_building.organization.rules import PARTY_COMMITTEE

UNRESTRICTED_ROLES = {"System Manager"}


def step_templates() -> list[tuple[int, str, str]]:
	"""(step no., name, stage) from the editable master list, or the shipped defaults on a bare site."""
	rows = frappe.get_all(
		"Development Step Template", fields=["step_no", "step_name", "stage"], order_by="step_no asc"
	)
	if len(rows) == rules.STEP_COUNT:
		return [(r.step_no, r.step_name, r.stage) for r in rows]
	return list(rules.DEFAULT_STEPS)


def is_unrestricted(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(UNRESTRICTED_ROLES & set(frappe.get_roles(user)))


def committees_above(branch: str) -> list[str]:
	"""Party Committees above the branch, nearest first."""
	ancestors = get_ancestors_of("Party Organization", branch, order_by="lft desc") or []
	if not ancestors:
		return []
	types = dict(
		frappe.get_all(
			"Party Organization",
			filters={"name": ("in", ancestors)},
			fields=["name", "org_type"],
			as_list=True,
		)
	)
	return [a for a in ancestors if types.get(a) == PARTY_COMMITTEE]


def upper_committee_for(branch: str, user: str | None = None) -> str | None:
	"""The Party Committee above `branch` for which `user` acts as upper level, or None.

	The user needs the Party Admin role and a User Permission on that committee or one above it
	(a General Branch's administrator is not an approving Party Committee). System Managers act for
	the nearest Party Committee.
	"""
	user = user or frappe.session.user
	committees = committees_above(branch)
	if not committees:
		return None
	if is_unrestricted(user):
		return committees[0]
	if PARTY_ADMIN not in frappe.get_roles(user):
		return None
	granted = granted_organizations(user)
	if not granted:
		return None
	ancestors = get_ancestors_of("Party Organization", branch, order_by="lft desc") or []
	for index, org in enumerate(ancestors):
		if org in committees and (granted & set(ancestors[index:])):
			return org
	return None


def works_for(branch: str, user: str | None = None) -> bool:
	"""The user has the branch (or an organization above it) granted, or is unrestricted."""
	user = user or frappe.session.user
	if is_unrestricted(user):
		return True
	granted = granted_organizations(user)
	ancestors = set(get_ancestors_of("Party Organization", branch) or [])
	return bool(granted & (ancestors | {branch}))


def member_facts(members: list[str], on: datetime.date) -> dict[str, frappe._dict]:
	"""Membership type, standing, name and penalties in force of register entries, in two queries.

	Same answer as PartyMember.penalties_in_force(on), without loading each member.
	"""
	members = [m for m in members if m]
	if not members:
		return {}
	facts = {
		r.name: frappe._dict(r, penalties=[])
		for r in frappe.get_all(
			"Party Member",
			filters={"name": ("in", members)},
			fields=["name", "full_name", "membership_type", "standing"],
		)
	}
	rows = frappe.get_all(
		"Party Member Reward Penalty",
		filters={"parent": ("in", members), "parenttype": "Party Member", "record_type": "Penalty"},
		fields=["parent", "penalty_kind", "given_on", "ends_on"],
	)
	for name, fact in facts.items():
		fact.penalties = penalties_in_force(
			(
				(
					r.penalty_kind,
					getdate(r.given_on) if r.given_on else None,
					getdate(r.ends_on) if r.ends_on else None,
				)
				for r in rows
				if r.parent == name
			),
			on,
		)
	return facts


# --- reminders ------------------------------------------------------------------------------------

REMINDER_SUBJECTS = {
	rules.TALK_DUE: _lt("Talk with the applicant {0} is due on {1}"),
	rules.ASSESSMENT_DUE: _lt("Activist assessment of {0} is due on {1}"),
	rules.APPROVAL_DEADLINE: _lt("Approval of the admission of {0} is due by {1}"),
	rules.OATH_DUE: _lt("The oath of {0} is due by {1}"),
	rules.PROBATION_ENDING: _lt("The probation of {0} ends on {1}"),
}


def send_reminders(on: datetime.date | str | None = None) -> int:
	"""Daily job: remind the branch (and, for approvals, the upper level) of steps falling due.

	Idempotent: each occasion (kind, record, due date) is sent once, logged in Party Reminder Log.
	Returns the number sent now.
	"""
	from party_building.core import reminders

	on = getdate(on or today())
	records = frappe.get_all(
		"Member Development",
		filters={"stage": ("in", list(rules.OPEN_STAGES))},
		fields=[
			"name",
			"full_name",
			"branch",
			"stage",
			"last_assessment_on",
			"approval_extended",
			"probation_end",
			"carried_over",
			"carried_over_through",
		],
	)
	if not records:
		return 0
	dates: dict[str, dict[int, datetime.date]] = {}
	for row in frappe.get_all(
		"Member Development Step",
		filters={
			"parenttype": "Member Development",
			"parent": ("in", [r.name for r in records]),
			"step_date": ("is", "set"),
		},
		fields=["parent", "step_no", "step_date"],
	):
		dates.setdefault(row.parent, {})[row.step_no] = getdate(row.step_date)
	extensions = dict(
		frappe.get_all(
			"Member Development Probation Decision",
			filters={
				"parenttype": "Member Development",
				"parent": ("in", [r.name for r in records]),
				"decision": rules.DECISION_EXTEND,
			},
			fields=["parent", "extension_months"],
			as_list=True,
		)
	)
	sent = 0
	for record in records:
		due_list = rules.reminders_due(
			dates.get(record.name, {}),
			on,
			record.stage,
			getdate(record.last_assessment_on) if record.last_assessment_on else None,
			bool(record.approval_extended),
			extensions.get(record.name) or 0,
			(record.carried_over_through or 0) if record.carried_over else 0,
		)
		for kind, due in due_list:
			recipients = reminders.committee_of(record.branch)
			if kind in (rules.APPROVAL_DEADLINE, rules.PROBATION_ENDING):
				recipients += reminders.upper_level_of(record.branch)
			subject = str(REMINDER_SUBJECTS[kind]).format(record.full_name, frappe.format(due, "Date"))
			sent += reminders.remind(
				f"development:{kind}:{record.name}:{due}",
				recipients,
				subject,
				subject,
				kind,
				"Member Development",
				record.name,
				record.branch,
			)
	return sent
