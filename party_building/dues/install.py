"""Party dues defaults, installed once: an administrator's later edits are never overwritten."""

import frappe

from party_building.dues import rules as dues

SETTINGS = "Party Dues Settings"


def ensure_defaults() -> bool:
	"""Fill the dues settings with the standard tiers and limits when they were never set; True if changed."""
	settings = frappe.get_single(SETTINGS)
	changed = False
	if not settings.tiers:
		for tier in dues.DEFAULT_TIERS:
			settings.append(
				"tiers",
				{
					"category": tier.category,
					"up_to": tier.up_to or 0,
					"rate": tier.rate or 0,
					"fixed_amount": tier.fixed or 0,
				},
			)
		changed = True
	for field, value in (
		("back_payment_limit", dues.BACK_PAYMENT_LIMIT),
		("large_payment_threshold", dues.LARGE_PAYMENT_THRESHOLD),
		("reminder_months", dues.REMINDER_MONTHS),
		("lapse_months", dues.LAPSE_MONTHS),
	):
		if not settings.get(field):
			settings.set(field, value)
			changed = True
	if changed:
		settings.flags.ignore_permissions = True
		settings.save()
	return changed
