import datetime

import pytest

from party_building.members import idcard
from party_building.members.idcard import IdProblem

BIRTH = datetime.date(1985, 3, 7)


def valid(gender="Male", birth=BIRTH):
	return idcard.make("110101", birth, 123, gender)


def test_made_numbers_are_valid_and_carry_birth_date_and_gender():
	for gender in ("Male", "Female"):
		number = valid(gender)
		assert idcard.check(number, BIRTH, gender) is None
		assert idcard.birth_date_of(number) == BIRTH
		assert idcard.gender_of(number) == gender


def test_wrong_checksum_is_refused():
	number = valid()
	wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
	assert idcard.check(wrong) == IdProblem.CHECKSUM


def test_lower_case_x_and_spaces_are_normalised():
	# find a number whose check character is X
	for seq in range(1000):
		number = idcard.make("110101", BIRTH, seq, "Male")
		if number.endswith("X"):
			break
	assert idcard.check(" " + number.lower() + " ") is None
	assert idcard.normalize(number.lower()) == number


@pytest.mark.parametrize(
	"number,problem", [("11010119850307123", IdProblem.LENGTH), ("11010119850307123A", IdProblem.FORMAT)]
)
def test_malformed_numbers(number, problem):
	assert idcard.check(number) == problem


def test_impossible_birth_date_is_refused():
	body = "11010119850230123"  # 30 February
	from stdnum.cn import ric

	assert idcard.check(body + ric.calc_check_digit(body + "0")) == IdProblem.BIRTH_DATE_INVALID


def test_unknown_region_is_refused():
	from stdnum.cn import ric

	body = "99999919850307123"
	assert idcard.check(body + ric.calc_check_digit(body + "0")) == IdProblem.REGION


def test_birth_date_must_match_the_number():
	assert idcard.check(valid(), BIRTH + datetime.timedelta(days=1)) == IdProblem.BIRTH_DATE_MISMATCH


def test_gender_digit_must_match():
	assert idcard.check(valid("Male"), BIRTH, "Female") == IdProblem.GENDER_MISMATCH
	assert idcard.check(valid("Female"), BIRTH, "Male") == IdProblem.GENDER_MISMATCH


def test_the_remembered_region_check_agrees_with_python_stdnum():
	import random

	from stdnum.cn import ric

	rng = random.Random(7)
	# real, retired and unknown region codes, born in years either side of a code's retirement
	regions = ["110101", "110102", "620102", "620121", "999999", "110103", "130181", "441300"]
	for _ in range(400):
		birth = datetime.date(rng.randint(1940, 2008), rng.randint(1, 12), rng.randint(1, 28))
		number = idcard.make(rng.choice(regions), birth, rng.randint(0, 999), rng.choice(("Male", "Female")))
		for _twice in range(2):  # the second time from what was remembered
			assert (idcard.structural_problem(number) is None) == ric.is_valid(number), number
