"""Reading Chinese spreadsheet values (party_building.onboarding.rules): each accepted wording, and each
unreadable value an error naming its rule, never a guess."""

import datetime

import pytest

from party_building.onboarding import rules
from party_building.onboarding.rules import Unreadable

D = datetime.date


@pytest.mark.parametrize(
	"value, expected",
	[
		("2005-7-1", D(2005, 7, 1)),
		("2005.7.1", D(2005, 7, 1)),
		("2005/07/01", D(2005, 7, 1)),
		("2005年7月1日", D(2005, 7, 1)),
		("2005 年 7 月 1 日", D(2005, 7, 1)),
		("2005-07-01 00:00:00", D(2005, 7, 1)),
		("20050701", D(2005, 7, 1)),
		(20050701, D(2005, 7, 1)),
		("２００５．７．１", D(2005, 7, 1)),
		(38534, D(2005, 7, 1)),  # Excel serial
		(38534.75, D(2005, 7, 1)),
		("38534", D(2005, 7, 1)),
		(datetime.datetime(2005, 7, 1, 0, 0), D(2005, 7, 1)),
		(D(2005, 7, 1), D(2005, 7, 1)),
		("2005.07", D(2005, 7, 1)),
		("2005年7月", D(2005, 7, 1)),
		(None, None),
		("无", None),
		("—", None),
	],
)
def test_dates_in_every_way_counties_write_them(value, expected):
	assert rules.date(value) == expected


def test_a_month_only_date_says_so():
	assert rules.date_with_precision("2005.07") == (D(2005, 7, 1), False)
	assert rules.date_with_precision("2005.7.1") == (D(2005, 7, 1), True)


@pytest.mark.parametrize(
	"value",
	[
		"2005.13.1",
		"2005.2.30",
		"05.7.1",
		"7/1/2005",
		"2005年",
		"去年",
		"20051301",
		99999999,
		True,
		"1899.1.1",
	],
)
def test_unreadable_dates_are_errors(value):
	with pytest.raises(Unreadable) as e:
		rules.date(value)
	assert e.value.rule == "date"


def test_text_cleans_spaces_and_none_words():
	assert rules.text("  某县　第一中学 ") == "某县 第一中学"
	assert rules.text("无") is None
	assert rules.code("１３８００１３８０００") == "13800138000"
	assert rules.person_name("王　 华") == "王华"
	assert rules.person_name("阿依古丽•买买提") == "阿依古丽·买买提"


@pytest.mark.parametrize(
	"value, expected", [("男", "Male"), ("女", "Female"), (" 男性 ", "Male"), ("Female", "Female")]
)
def test_gender(value, expected):
	assert rules.gender(value) == expected


def test_unknown_gender_is_an_error():
	with pytest.raises(Unreadable) as e:
		rules.gender("未知")
	assert e.value.rule == "gender"


def test_all_56_ethnic_groups_with_or_without_zu():
	assert len(rules.ETHNIC_GROUPS) == 56 == len(set(rules.ETHNIC_GROUPS))
	for name in rules.ETHNIC_GROUPS:
		assert rules.ethnicity(name) == name
		assert rules.ethnicity(name.removesuffix("族")) == name
	assert rules.ethnicity("维吾尔") == "维吾尔族"
	assert rules.ethnicity(" 汉 ") == "汉族"


@pytest.mark.parametrize("value", ["火星族", "汉人", "穿青人", "Han"])
def test_unknown_ethnic_group_is_an_error(value):
	with pytest.raises(Unreadable) as e:
		rules.ethnicity(value)
	assert e.value.rule == "ethnicity"


@pytest.mark.parametrize(
	"value, expected",
	[
		("大学本科", "University"),
		("本科", "University"),
		("大学专科", "College"),
		("大专", "College"),
		("硕士研究生", "Postgraduate"),
		("中专", "Technical Secondary"),
		("高中", "High School"),
		("初中及以下", "Junior High and Below"),
	],
)
def test_education_wordings(value, expected):
	assert rules.education(value) == expected


def test_degree_wordings_and_none():
	assert rules.degree("学士") == "Bachelor"
	assert rules.degree("硕士学位") == "Master"
	assert rules.degree("无") == "None"
	assert rules.degree(None) is None
	with pytest.raises(Unreadable):
		rules.degree("副博士")


def test_membership():
	assert rules.membership("正式党员") == "Full"
	assert rules.membership("预备党员") == "Probationary"
	with pytest.raises(Unreadable) as e:
		rules.membership("入党积极分子")
	assert e.value.rule == "membership"


def test_choices_of_the_organization_sheet():
	assert rules.org_type("党总支") == "General Branch"
	assert rules.org_type("联合党支部") == "Branch"
	assert rules.org_status("筹建") == "Preparing"
	assert rules.position("纪检委员") == "Discipline Member"
	with pytest.raises(Unreadable):
		rules.org_type("党组")


def test_yes_no():
	assert rules.yes_no("是") is True
	assert rules.yes_no("否") is False
	assert rules.yes_no(None) is None
	with pytest.raises(Unreadable):
		rules.yes_no("也许")


def test_eighteen_digit_id_numbers_are_cleaned():
	assert rules.id_number(" 11010119800517042x ") == "11010119800517042X"
	assert rules.id_number("１１０１０１１９８００５１７０４２Ｘ") == "11010119800517042X"


def test_fifteen_digit_id_number_becomes_eighteen_with_its_check_digit():
	from stdnum.cn import ric

	new = rules.id_number("110101800517042")
	assert new[:6] == "110101" and new[6:14] == "19800517" and new[14:17] == "042"
	assert len(new) == 18 and ric.is_valid(new)
	assert rules.id_number(110101800517042) == new  # a number cell: 15 digits are exact


@pytest.mark.parametrize(
	"value, rule",
	[
		("1101011980051704", "id_number_length"),
		("11010119800517042Y", "id_number_format"),
		("110101801317042", "id_number_birth_date"),
		(1.10101198005171e17, "id_number_as_number"),
	],
)
def test_unreadable_id_numbers(value, rule):
	with pytest.raises(Unreadable) as e:
		rules.id_number(value)
	assert e.value.rule == rule


def test_numbers_and_years():
	assert rules.number("1,234.5元") == 1234.5
	assert rules.number(12) == 12.0
	assert rules.whole_number("３") == 3
	assert rules.year("2024年") == 2024
	with pytest.raises(Unreadable):
		rules.number("十二")
	with pytest.raises(Unreadable):
		rules.whole_number("2.5")


def test_months_for_dues():
	assert rules.month("2024.3") == D(2024, 3, 1)
	assert rules.month("2024年3月15日") == D(2024, 3, 1)
	assert rules.months_in(D(2024, 11, 1), D(2025, 2, 1)) == [
		D(2024, 11, 1),
		D(2024, 12, 1),
		D(2025, 1, 1),
		D(2025, 2, 1),
	]


def test_phone():
	assert rules.phone(13800138000) == "13800138000"
	assert rules.phone("0931-1234567") == "0931-1234567"
	with pytest.raises(Unreadable):
		rules.phone("打办公室")


def test_probation_three_years_ago_without_extension_is_overdue():
	on = D(2026, 11, 18)
	assert rules.probation_state(D(2023, 11, 1), 0, on) == ("overdue", D(2024, 11, 1))
	assert rules.probation_state(D(2025, 9, 1), 0, on)[0] == "ended"
	assert rules.probation_state(D(2026, 1, 1), 0, on) == (None, D(2027, 1, 1))
	assert rules.probation_state(D(2025, 1, 1), 12, on) == (None, D(2027, 1, 1))
	assert rules.extension_problem(3) and not rules.extension_problem(6) and not rules.extension_problem(None)


def test_full_membership_before_joining():
	assert rules.full_before_joined(D(2005, 7, 1), D(2005, 6, 30))
	assert not rules.full_before_joined(D(2005, 7, 1), D(2006, 7, 1))
	assert not rules.full_before_joined(None, D(2006, 7, 1))


# --- the admission sheets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"value, expected",
	[
		(7, 7),
		("7", 7),
		("第7步", 7),
		("７", 7),
		("7.确定发展对象", 7),
		("确定发展对象", 7),
		("支部大会讨论", 15),
	],
)
def test_the_step_reached_is_a_number_or_a_steps_name(value, expected):
	assert rules.step_number(value) == expected


@pytest.mark.parametrize("value", ["发展对象了", 0, 26, "第30步"])
def test_an_unknown_step_is_unreadable(value):
	with pytest.raises(Unreadable) as e:
		rules.step_number(value)
	assert e.value.rule == "step"


def test_contacts_and_introducers_are_names_or_id_numbers_in_one_cell():
	upgraded = rules.id_number("110101800517043")
	assert rules.people("张三、李四，110101800517043") == ("张三", "李四", upgraded)
	assert rules.people(f"{upgraded}；王五 赵六") == (upgraded, "王五", "赵六")
	assert rules.people("无") is None
	with pytest.raises(Unreadable) as e:
		rules.people("张三、12345")
	assert e.value.rule == "people"


def test_the_political_review_is_passed_or_not():
	assert rules.review_result("通过") == "Passed" and rules.review_result("不合格") == "Not Passed"
	with pytest.raises(Unreadable):
		rules.review_result("待定")


def test_a_step_dated_beyond_the_step_reached_is_found():
	dates = {1: D(2024, 1, 1), 3: D(2024, 5, 1), 7: None}
	assert rules.dated_after_reached(dates, 3) is None
	assert rules.dated_after_reached(dates, 2) == 3
