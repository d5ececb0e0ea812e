"""Daily reminders of organization records: terms ending (6, 3, 1 months, overdue) and transfer
receipts overdue. Sent through party_building.core.reminders.remind(), once per occasion."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core.reminders import remind, secretaries_of, upper_level_of
from party_building.organization.rules import DISSOLVED, PARTY_GROUP
from party_building.records import rules

TERM_REMINDER = "Term Expiry"
RECEIPT_REMINDER = "Transfer Receipt Overdue"

BUCKET_TEXT = {
	rules.SIX_MONTHS: "ends within 6 months",
	rules.THREE_MONTHS: "ends within 3 months",
	rules.ONE_MONTH: "ends within 1 month",
	rules.OVERDUE: "is overdue",
}


def send_reminders(on=None) -> dict:
	"""Term and receipt reminders; messages are written in the site's language (the scheduler has no user's)."""
	on = getdate(on or today())
	previous = frappe.local.lang
	frappe.local.lang = frappe.get_system_settings("language") or previous
	try:
		return {"terms": send_term_reminders(on), "receipts": send_receipt_reminders(on)}
	finally:
		frappe.local.lang = previous


def send_term_reminders(on) -> int:
	"""Each organization is told once per point (6m, 3m, 1m, overdue) of each term."""
	sent = 0
	horizon = rules.add_months(on, 6)
	orgs = frappe.get_all(
		"Party Organization",
		filters={
			"status": ("!=", DISSOLVED),
			"term_end": ("<=", horizon),
			"org_type": ("!=", PARTY_GROUP),
		},
		fields=["name", "term_end"],
	)
	for org in orgs:
		bucket = rules.expiry_bucket(getdate(org.term_end), on)
		if not bucket:
			continue
		subject = _("The term of {0} {1} ({2})").format(
			org.name, _(BUCKET_TEXT[bucket]), frappe.format(org.term_end, "Date")
		)
		message = _("Prepare the election (换届选举) of {0}: its current term ends on {1}.").format(
			org.name, frappe.format(org.term_end, "Date")
		)
		sent += remind(
			f"term-{bucket}:{org.name}:{org.term_end}",
			secretaries_of(org.name) + upper_level_of(org.name),
			subject,
			message,
			TERM_REMINDER,
			"Party Organization",
			org.name,
			org.name,
		)
	return sent


def send_receipt_reminders(on) -> int:
	"""An issued letter whose receipt has not come back by its due date: once per letter."""
	sent = 0
	rows = frappe.get_all(
		"Member Transfer",
		filters={"docstatus": 1, "receipt_date": ("is", "not set"), "receipt_due_on": ("<", on)},
		fields=["name", "organization", "member_name", "letter_no", "receipt_due_on"],
	)
	for row in rows:
		subject = _("The receipt of transfer letter {0} ({1}) is overdue since {2}").format(
			row.letter_no, row.member_name, frappe.format(row.receipt_due_on, "Date")
		)
		sent += remind(
			f"transfer-receipt:{row.name}",
			secretaries_of(row.organization) + upper_level_of(row.organization),
			subject,
			subject,
			RECEIPT_REMINDER,
			"Member Transfer",
			row.name,
			row.organization,
		)
	return sent
