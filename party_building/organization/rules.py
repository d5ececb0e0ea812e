"""Organization setup rules, as pure functions (no frappe import)."""

import datetime
from collections.abc import Iterable

PARTY_COMMITTEE = "Party Committee"
GENERAL_BRANCH = "General Branch"
BRANCH = "Branch"
PARTY_GROUP = "Party Group"
ORG_TYPES = (PARTY_COMMITTEE, GENERAL_BRANCH, BRANCH, PARTY_GROUP)

# an organization's status (筹建中 / 已成立 / 已撤销)
PREPARING = "Preparing"
ESTABLISHED = "Active"
DISSOLVED = "Dissolved"
STATUSES = (PREPARING, ESTABLISHED, DISSOLVED)

# which organization types may stand directly above each type (None: the top of the tree)
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
	PARTY_COMMITTEE: (None, PARTY_COMMITTEE),
	GENERAL_BRANCH: (None, PARTY_COMMITTEE),
	BRANCH: (None, PARTY_COMMITTEE, GENERAL_BRANCH),
	PARTY_GROUP: (BRANCH,),
}

DEFAULT_TERM_YEARS = {PARTY_COMMITTEE: 5, GENERAL_BRANCH: 3, BRANCH: 3}

SECRETARY = "Secretary"
DEPUTY_SECRETARY = "Deputy Secretary"
POSITIONS = (
	SECRETARY,
	DEPUTY_SECRETARY,
	"Organization Member",
	"Propaganda Member",
	"Discipline Member",
	"Committee Member",
)

MIN_FULL_MEMBERS_FOR_BRANCH = 3
COMMITTEE_REQUIRED_FROM_FULL_MEMBERS = 7
COMMITTEE_MIN_SIZE = 3
COMMITTEE_MAX_SIZE = 7
BRANCH_MEMBER_LIMIT = 50
GENERAL_BRANCH_MEMBER_LIMIT = 100


def parent_allowed(org_type: str, parent_type: str | None) -> bool:
	return parent_type in ALLOWED_PARENTS.get(org_type, ())


def is_group(org_type: str) -> bool:
	"""Only a Party Group is a leaf of the tree."""
	return org_type != PARTY_GROUP


def default_term_years(org_type: str) -> int:
	return DEFAULT_TERM_YEARS.get(org_type, 0)


def add_years(day: datetime.date, years: int) -> datetime.date:
	try:
		return day.replace(year=day.year + years)
	except ValueError:  # 29 February into a common year
		return day.replace(year=day.year + years, day=28)


def term_end(start: datetime.date | None, years: int | None) -> datetime.date | None:
	"""The current term ends the same calendar day `years` later."""
	if not start or not years:
		return None
	return add_years(start, int(years))


def is_current(from_date: datetime.date | None, to_date: datetime.date | None, on: datetime.date) -> bool:
	return (from_date is None or from_date <= on) and (to_date is None or to_date >= on)


def count_current(
	positions: Iterable[tuple[str, datetime.date | None, datetime.date | None]], position: str, on
):
	return sum(1 for pos, start, end in positions if pos == position and is_current(start, end, on))


def can_become_active(org_type: str, full_members: int) -> bool:
	return org_type != BRANCH or full_members >= MIN_FULL_MEMBERS_FOR_BRANCH


def size_warnings(org_type: str, full_members: int, all_members: int, committee_size: int) -> list[str]:
	"""Codes of the advisory rules an organization breaks; warnings, never errors."""
	warnings = []
	if org_type == BRANCH:
		if full_members >= COMMITTEE_REQUIRED_FROM_FULL_MEMBERS and committee_size < COMMITTEE_MIN_SIZE:
			warnings.append("committee_required")
		if all_members > BRANCH_MEMBER_LIMIT:
			warnings.append("branch_too_large")
	if org_type == GENERAL_BRANCH and all_members > GENERAL_BRANCH_MEMBER_LIMIT:
		warnings.append("general_branch_too_large")
	if org_type != PARTY_GROUP and committee_size > COMMITTEE_MAX_SIZE:
		warnings.append("committee_too_large")
	return warnings


# --- committee size (SPEC: below 7 full members a secretary and at most a deputy; from 7 a committee of
# 3 to 7, normally 3–5) -------------------------------------------------------------------------------

COMMITTEE_NORMAL_MAX_SIZE = 5
NO_COMMITTEE_BELOW_SEVEN = "no_committee_below_seven"
COMMITTEE_OVER_SEVEN = "committee_over_seven"
COMMITTEE_UNUSUAL_SIZE = "committee_unusual_size"
COMMITTEE_SIZE_RULED = (BRANCH, GENERAL_BRANCH)


def committee_size_breach(org_type: str, full_members: int, positions: list[str]) -> str | None:
	"""The committee-size rule the current positions break (an error), or None.

	A Branch of fewer than 7 full members has a secretary and at most one deputy, no committee; a
	Branch or General Branch has a committee of at most 7."""
	if org_type not in COMMITTEE_SIZE_RULED:
		return None
	if org_type == BRANCH and full_members < COMMITTEE_REQUIRED_FROM_FULL_MEMBERS:
		others = [p for p in positions if p not in (SECRETARY, DEPUTY_SECRETARY)]
		if others or positions.count(DEPUTY_SECRETARY) > 1 or positions.count(SECRETARY) > 1:
			return NO_COMMITTEE_BELOW_SEVEN
		return None
	if len(positions) > COMMITTEE_MAX_SIZE:
		return COMMITTEE_OVER_SEVEN
	return None


def committee_size_warning(org_type: str, full_members: int, committee_size: int) -> str | None:
	"""A committee a Branch must have (7 or more full members) of a size outside the normal 3–5."""
	if org_type != BRANCH or full_members < COMMITTEE_REQUIRED_FROM_FULL_MEMBERS:
		return None
	if COMMITTEE_NORMAL_MAX_SIZE < committee_size <= COMMITTEE_MAX_SIZE:
		return COMMITTEE_UNUSUAL_SIZE
	return None
