"""Publicity notice rules: the standard text, the period's life, the public page's sections, and the
patterns the public page never shows."""

import datetime

from party_building.notices import rules as r

D = datetime.date

FACTS = {
	"full_name": "王晓梅",
	"gender": "女",
	"birth": "1998年3月",
	"education": "大学本科",
	"post": "县实验小学语文教师",
	"applied_on": "2022年3月1日",
	"activist_on": "2022年5月30日",
	"admitted_on": "2023年9月1日",
	"probation_end": "2024年9月1日",
	"introducers": ["张华生", "李明"],
	"branch": "县实验小学党支部",
	"committee": "县教育工委",
	"contact": "县教育工委组织办",
	"period_from": "2024年3月4日",
	"period_to": "2024年3月8日",
}


def test_the_development_target_notice_names_who_when_and_where_to_comment():
	text = "\n".join(r.body(r.TARGET_NOTICE, FACTS, 5))
	for part in (
		"王晓梅，女，1998年3月生，大学本科学历，县实验小学语文教师",
		"2022年3月1日递交入党申请书，2022年5月30日被确定为入党积极分子",
		"入党介绍人：张华生、李明",
		"公示时间：2024年3月4日至2024年3月8日（5个工作日）",
		"向县实验小学党支部或县教育工委反映",
		"联系方式：县教育工委组织办",
	):
		assert part in text
	assert r.title(r.TARGET_NOTICE, "王晓梅") == "关于拟发展王晓梅同志为中共预备党员的公示"


def test_the_full_membership_notice_names_the_admission_and_the_end_of_probation():
	text = "\n".join(r.body(r.FULL_NOTICE, FACTS, 5))
	assert "2023年9月1日被接收为中共预备党员，预备期至2024年9月1日" in text
	assert "入党积极分子" not in text
	assert r.title(r.FULL_NOTICE, "王晓梅") == "关于王晓梅同志拟转为中共正式党员的公示"


def test_a_notice_is_upcoming_current_then_ended():
	start, end = D(2024, 3, 4), D(2024, 3, 8)
	assert r.status_on(start, end, D(2024, 3, 3)) == r.UPCOMING
	assert r.status_on(start, end, D(2024, 3, 4)) == r.CURRENT
	assert r.status_on(start, end, D(2024, 3, 8)) == r.CURRENT
	assert r.status_on(start, end, D(2024, 3, 9)) == r.ENDED


def test_an_ended_notice_is_archived_for_the_rest_of_its_year():
	assert r.archived_in(D(2024, 3, 8), D(2024, 12, 31))
	assert not r.archived_in(D(2024, 3, 8), D(2024, 3, 8))  # still current
	assert not r.archived_in(D(2024, 3, 8), D(2025, 1, 2))


def test_the_public_page_shows_current_notices_then_this_years_archive():
	notices = [
		{"name": "a", "period_from": D(2024, 3, 4), "period_to": D(2024, 3, 8)},
		{"name": "b", "period_from": D(2024, 5, 6), "period_to": D(2024, 5, 10)},
		{"name": "c", "period_from": D(2024, 5, 20), "period_to": D(2024, 5, 24)},
		{"name": "d", "period_from": D(2023, 5, 6), "period_to": D(2023, 5, 10)},
	]
	current, archive = r.sections(notices, D(2024, 5, 8))
	assert [n["name"] for n in current] == ["b"]
	assert [n["name"] for n in archive] == ["a"]


def test_comments_are_those_received_during_the_period():
	assert r.comment_in_period(D(2024, 3, 8), D(2024, 3, 4), D(2024, 3, 8))
	assert not r.comment_in_period(D(2024, 3, 9), D(2024, 3, 4), D(2024, 3, 8))


def test_id_and_phone_numbers_are_recognised_and_blotted_out():
	for text in ("430102199003071234", "43010219900307123X", "13812345678", "138-1234-5678", "0731-84561234"):
		assert r.has_protected(f"联系 {text} 即可"), text
		assert text not in r.redact(f"联系 {text} 即可")
	for text in ("2024年3月4日至2024年3月8日", "共5个工作日", "GS-2024-00001", "县教育工委组织办"):
		assert not r.has_protected(text), text
		assert r.redact(text) == text
