"""Member register rules, as pure functions (no frappe import)."""

import datetime
from collections.abc import Iterable

from party_building.organization.rules import add_years

MIN_JOIN_AGE = 18
PROBATION_YEARS = 1

PROBATIONARY = "Probationary"
FULL = "Full"

ACTIVE = "Active"
SUSPENDED = "Suspended"
LEFT = "Left"
DECEASED = "Deceased"
TRANSFERRED_OUT = "Transferred Out"
STANDINGS = (ACTIVE, SUSPENDED, LEFT, DECEASED, TRANSFERRED_OUT)

WARNING = "Warning"
SERIOUS_WARNING = "Serious Warning"
REMOVAL_FROM_POST = "Removal from Party Post"
PROBATION_IN_PARTY = "Probation within the Party"
EXPULSION = "Expulsion"
PENALTY_KINDS = (WARNING, SERIOUS_WARNING, REMOVAL_FROM_POST, PROBATION_IN_PARTY, EXPULSION)


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
	years = on.year - birth_date.year
	if (on.month, on.day) < (birth_date.month, birth_date.day):
		years -= 1
	return years


def old_enough_to_join(birth_date: datetime.date, joined_on: datetime.date) -> bool:
	return joined_on >= add_years(birth_date, MIN_JOIN_AGE)


def party_age(full_member_on: datetime.date | None, on: datetime.date) -> int:
	"""党龄: whole years since full membership (0 before it)."""
	if not full_member_on or full_member_on > on:
		return 0
	return age_on(full_member_on, on)


def default_full_member_on(joined_on: datetime.date | None) -> datetime.date | None:
	"""Probation lasts a year from the branch meeting that admitted the member."""
	return add_years(joined_on, PROBATION_YEARS) if joined_on else None


def penalties_in_force(
	rows: Iterable[tuple[str, datetime.date | None, datetime.date | None]], on: datetime.date
) -> list[str]:
	"""Penalty kinds in force on a day, from (kind, given_on, ends_on) rows."""
	return [
		kind
		for kind, given_on, ends_on in rows
		if kind in PENALTY_KINDS and (not given_on or given_on <= on) and (not ends_on or ends_on >= on)
	]
