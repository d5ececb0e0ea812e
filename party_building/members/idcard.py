"""Resident ID number (居民身份证号码) rules, on top of python-stdnum.

Pure functions: no frappe import, unit tested in tests/unit/test_idcard.py.
"""

import datetime
from enum import Enum

from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent
from stdnum.util import isdigits

# (region code, birth year) → whether the region was a county then; python-stdnum's look-up in its
# region table took half a millisecond a number, and the county demo checks 20,000 of them
_PLACES: dict[tuple[str, str], bool] = {}


class IdProblem(str, Enum):
	LENGTH = "length"
	FORMAT = "format"
	CHECKSUM = "checksum"
	BIRTH_DATE_INVALID = "birth_date_invalid"
	REGION = "region"
	BIRTH_DATE_MISMATCH = "birth_date_mismatch"
	GENDER_MISMATCH = "gender_mismatch"


def normalize(number: str) -> str:
	"""Strip spaces and use an upper-case check character X."""
	return ric.compact(number or "").upper()


def birth_date_of(number: str) -> datetime.date:
	return ric.get_birth_date(normalize(number))


def gender_of(number: str) -> str:
	"""The 17th digit is odd for men and even for women."""
	return "Male" if int(normalize(number)[16]) % 2 else "Female"


def structural_problem(number: str) -> IdProblem | None:
	"""What is wrong with the number itself: length, digits, checksum, birth date, region."""
	number = normalize(number)
	if len(number) != 18:
		return IdProblem.LENGTH
	if not isdigits(number[:17]) or not (isdigits(number[17]) or number[17] == "X"):
		return IdProblem.FORMAT
	if number[-1] != ric.calc_check_digit(number):
		return IdProblem.CHECKSUM
	try:
		ric.get_birth_date(number)
	except InvalidComponent:
		return IdProblem.BIRTH_DATE_INVALID
	if not born_in_a_known_place(number):
		return IdProblem.REGION
	return None


def born_in_a_known_place(number: str) -> bool:
	"""Whether the region code named a county in the birth year (python-stdnum's birth place check)."""
	key = (number[:6], number[6:10])
	known = _PLACES.get(key)
	if known is None:
		try:
			ric.get_birth_place(number)
			known = True
		except InvalidComponent:
			known = False
		_PLACES[key] = known
	return known


def check(
	number: str, birth_date: datetime.date | None = None, gender: str | None = None
) -> IdProblem | None:
	"""The first problem found with an ID number against the person's birth date and gender."""
	problem = structural_problem(number)
	if problem:
		return problem
	if birth_date and birth_date_of(number) != birth_date:
		return IdProblem.BIRTH_DATE_MISMATCH
	if gender in ("Male", "Female") and gender_of(number) != gender:
		return IdProblem.GENDER_MISMATCH
	return None


def make(region: str, birth_date: datetime.date, sequence: int, gender: str) -> str:
	"""Build a valid number (used by the demo data): region code, birth date, sequence, check digit."""
	seq = sequence % 1000
	if (seq % 2 == 1) != (gender == "Male"):
		seq = (seq + 1) % 1000
	body = f"{region}{birth_date:%Y%m%d}{seq:03d}"
	return body + ric.calc_check_digit(body + "0")
