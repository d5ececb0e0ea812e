"""Defaults of Party Building Settings, written once (an administrator may change them later)."""

import frappe

from party_building.activity import rules

DEFAULTS = {
	"backfill_limit_days": rules.DEFAULT_BACKFILL_LIMIT_DAYS,
	"theme_day_deadline": rules.DEFAULT_THEME_DAY_DEADLINE,
	"absence_streak": rules.DEFAULT_ABSENCE_STREAK,
}


def ensure_defaults():
	for field, value in DEFAULTS.items():
		if not frappe.db.get_single_value("Party Building Settings", field):
			frappe.db.set_single_value("Party Building Settings", field, value)
