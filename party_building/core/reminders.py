"""Reminders: sent once per key, logged in Party Reminder Log, shown in the desk's bell and emailed
(when the site has an outgoing email account).

Every scheduled reminder of the app goes through `remind()`, so "were we told?" has one answer:
the Party Reminder Log list (filtered by organization, type, reference).
"""

import frappe
from frappe.utils import now_datetime

from party_building.core.access import BRANCH_COMMITTEE_MEMBER, BRANCH_SECRETARY, PARTY_ADMIN


def remind(
	key: str,
	recipients,
	subject: str,
	message: str,
	reminder_type: str,
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	organization: str | None = None,
) -> bool:
	"""Send a reminder unless one with this key was sent already; True when it was sent now.

	`key` names the occasion (e.g. f"term-end-3m:{org}:{term_end}") so a rerun sends nothing twice;
	the log's unique index keeps two workers from both sending it.
	"""
	if frappe.db.exists("Party Reminder Log", {"reminder_key": key}):
		return False
	users = sorted({u for u in recipients or [] if u and frappe.db.exists("User", {"name": u, "enabled": 1})})
	frappe.get_doc(
		{
			"doctype": "Party Reminder Log",
			"reminder_key": key,
			"reminder_type": reminder_type,
			"organization": organization,
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
			"recipients": "\n".join(users),
			"subject": subject,
			"message": message,
			"sent_on": now_datetime(),
		}
	).insert(ignore_permissions=True)
	for user in users:
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"subject": subject,
				"email_content": message,
				"document_type": reference_doctype,
				"document_name": reference_name,
				"from_user": "Administrator",
			}
		).insert(ignore_permissions=True)
	if users and frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		frappe.sendmail(
			recipients=users,
			subject=subject,
			message=message,
			reference_doctype=reference_doctype,
			reference_name=reference_name,
			delayed=True,
		)
	return True


def users_of(organization: str, roles, upward: bool = False) -> list[str]:
	"""Enabled users holding one of `roles` with access to the organization (or, upward, to one above it)."""
	from frappe.utils.nestedset import get_ancestors_of

	orgs = get_ancestors_of("Party Organization", organization) if upward else [organization]
	if not orgs:
		return []
	granted = frappe.get_all(
		"User Permission",
		filters={"allow": "Party Organization", "for_value": ("in", orgs)},
		pluck="user",
		distinct=True,
	)
	if not granted:
		return []
	return sorted(
		set(
			frappe.get_all(
				"Has Role",
				filters={"parent": ("in", granted), "role": ("in", list(roles)), "parenttype": "User"},
				pluck="parent",
			)
		)
		& set(frappe.get_all("User", filters={"name": ("in", granted), "enabled": 1}, pluck="name"))
	)


def secretaries_of(organization: str) -> list[str]:
	return users_of(organization, [BRANCH_SECRETARY])


def committee_of(organization: str) -> list[str]:
	return users_of(organization, [BRANCH_SECRETARY, BRANCH_COMMITTEE_MEMBER])


def upper_level_of(organization: str) -> list[str]:
	"""Administrators of the organizations above this one."""
	return users_of(organization, [PARTY_ADMIN], upward=True)
