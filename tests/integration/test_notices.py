"""Publicity notices (公示) made from Member Development: the standard text, the period on working days,
comments, publishing by the secretary or the upper level only, and the record's step waiting for the
period's end. Each bad case asserts its error and that nothing was written."""

import datetime

import frappe
import pytest

from party_building.admission import errors as AE
from party_building.holidays import service as holidays
from party_building.notices import errors as E
from party_building.notices import rules, service
from tests.integration.factories import granted_user, make_members, make_tree
from tests.integration.test_development import record_data, set_step

D = datetime.date
START = datetime.date(2024, 3, 4)  # a Monday
APPLIED_ON = D(2022, 3, 1)  # step 7 (development target) on 2023-03-11, step 11 on 2023-07-14


@pytest.fixture(autouse=True)
def fresh_calendar():
	holidays.clear_cache()
	yield
	holidays.clear_cache()


@pytest.fixture
def world():
	tree = make_tree()
	people = make_members(tree.branch.name, 4)
	return frappe._dict(tree=tree, branch=tree.branch.name, people=people)


def target_record(world, upto: int = 11, **kw):
	"""A development target (steps 1..11 dated) with no publicity recorded yet."""
	data = record_data(world, upto, applied_on=APPLIED_ON, full_name=kw.pop("full_name", "王晓梅"), **kw)
	data.update(work_unit="县实验小学", education="University", phone="13812345678")
	return frappe.get_doc(data).insert()


def make_notice(record, start=START, **kw):
	return frappe.get_doc(
		{
			"doctype": "Publicity Notice",
			"notice_type": kw.pop("notice_type", rules.TARGET_NOTICE),
			"member_development": record.name,
			"period_from": start,
			"post": kw.pop("post", "县实验小学语文教师"),
			"contact": kw.pop("contact", "县教育工委组织办"),
			**kw,
		}
	).insert()


def secretary_of(branch: str, role: str = "Branch Secretary") -> str:
	return granted_user(role, branch)


def notices() -> int:
	return frappe.db.count("Publicity Notice")


def test_a_development_target_notice_states_the_standard_form_and_nothing_more(world):
	record = target_record(world)
	notice = make_notice(record)
	# Monday 4 March 2024: the 5th working day is Friday 8 March
	assert (notice.period_to, notice.working_days) == (D(2024, 3, 8), 5)
	assert notice.title == "关于拟发展王晓梅同志为中共预备党员的公示"
	text = notice.notice_text
	birth = record.birth_date
	for expected in (
		"王晓梅，女",
		f"{birth.year}年{birth.month}月生",
		"大学本科学历",
		"县实验小学语文教师",
		"2022年3月1日递交入党申请书",
		"被确定为入党积极分子",
		f"入党介绍人：{world.people[1].full_name}、{world.people[2].full_name}",
		"公示时间：2024年3月4日至2024年3月8日（5个工作日）",
		world.branch,
		world.tree.committee.name,
		"县教育工委组织办",
	):
		assert expected in text, expected
	assert record.id_number not in text and "13812345678" not in text
	assert not rules.has_protected(text)
	# the period is the record's publicity
	stored = frappe.db.get_value("Member Development", record.name, ["publicity_from", "publicity_to"])
	assert stored == (D(2024, 3, 4), D(2024, 3, 8))


def test_a_full_membership_notice_is_for_a_probationary_member(world):
	record = target_record(world, 20)
	notice = make_notice(record, D(2025, 3, 3), notice_type=rules.FULL_NOTICE)
	assert notice.title == "关于王晓梅同志拟转为中共正式党员的公示"
	assert "被接收为中共预备党员" in notice.notice_text and "预备期至" in notice.notice_text
	assert frappe.db.get_value("Member Development", record.name, "full_publicity_to") == D(2025, 3, 7)


def test_a_notice_is_made_for_the_stage_it_is_about(world):
	applicant = target_record(world, 3, full_name="李积极")
	before = notices()
	with pytest.raises(E.NoticeStageError):
		make_notice(applicant)
	with pytest.raises(E.NoticeStageError):
		make_notice(target_record(world), notice_type=rules.FULL_NOTICE)
	assert notices() == before


def test_a_period_shorter_than_5_working_days_is_refused(world):
	record = target_record(world)
	before = notices()
	# Thursday to Monday over a weekend: 3 working days
	with pytest.raises(E.NoticePeriodError):
		make_notice(record, D(2024, 3, 7), period_to=D(2024, 3, 11))
	assert notices() == before


def test_the_period_ends_on_working_days_of_the_official_calendar(world):
	record = target_record(world)
	frappe.get_doc(
		{
			"doctype": "Official Holiday Calendar",
			"year": 2031,
			"notice_title": "虚构的2031年安排",
			"import_text": "2031-01-26 至 2031-02-01 放假\n2031-01-25 上班\n2031-02-02 上班",
		}
	).insert()
	notice = make_notice(record, D(2031, 1, 23))
	assert (notice.period_to, notice.working_days) == (D(2031, 2, 3), 5)


def test_the_records_next_step_waits_for_the_end_of_the_period(world):
	record = target_record(world)
	make_notice(record, D(2024, 3, 4))
	record.reload()
	set_step(record, 12, D(2024, 3, 6))
	set_step(record, 13, D(2024, 3, 7))  # before the period ends on 8 March
	with pytest.raises(AE.PublicityError):
		record.save()
	record.reload()
	set_step(record, 12, D(2024, 3, 11))
	set_step(record, 13, D(2024, 3, 12))
	record.save()
	# and a notice cannot be moved past the step once it is dated
	with pytest.raises(E.NoticePeriodError):
		make_notice(record, D(2024, 3, 11))


def test_comments_received_during_the_period_are_recorded(world):
	notice = make_notice(target_record(world))
	notice.append(
		"comments", {"received_on": D(2024, 3, 6), "channel": "Letter", "content": "反映该同志工作认真"}
	)
	notice.save()
	assert len(frappe.get_doc("Publicity Notice", notice.name).comments) == 1
	notice.append("comments", {"received_on": D(2024, 3, 11), "content": "期满后收到"})
	with pytest.raises(E.NoticeCommentError):
		notice.save()
	assert len(frappe.get_doc("Publicity Notice", notice.name).comments) == 1


def test_phone_or_id_numbers_in_the_notice_are_refused(world):
	record = target_record(world)
	before = notices()
	with pytest.raises(E.ProtectedDataError):
		make_notice(record, contact="组织办 0731-84561234")
	with pytest.raises(E.ProtectedDataError):
		make_notice(record, post=f"教师 {record.id_number}")
	assert notices() == before


def test_the_secretary_publishes_and_unpublishes_with_a_record(world):
	notice = make_notice(target_record(world))
	frappe.set_user(secretary_of(world.branch))
	assert service.publish(notice.name)["published"] == 1
	frappe.set_user("Administrator")
	notice.reload()
	assert notice.published and notice.publication_log[-1].action == rules.PUBLISHED
	# published: the period is fixed
	notice.period_from = D(2024, 3, 5)
	with pytest.raises(E.PublishedNoticeError):
		notice.save()
	notice.reload()
	frappe.set_user(secretary_of(world.branch))
	with pytest.raises(frappe.ValidationError):
		service.unpublish(notice.name, "  ")
	service.unpublish(notice.name, "姓名有误，更正后重新公示")
	frappe.set_user("Administrator")
	notice.reload()
	assert not notice.published
	assert [row.action for row in notice.publication_log] == [rules.PUBLISHED, rules.UNPUBLISHED]
	assert notice.publication_log[-1].reason == "姓名有误，更正后重新公示"


def test_only_the_secretary_or_the_upper_level_publishes(world):
	notice = make_notice(target_record(world))
	frappe.set_user(secretary_of(world.branch, "Branch Committee Member"))
	with pytest.raises(E.PublisherError):
		service.publish(notice.name)
	frappe.set_user("Administrator")
	other = make_tree()
	frappe.set_user(secretary_of(other.branch.name))
	with pytest.raises(frappe.PermissionError):
		service.publish(notice.name)
	frappe.set_user("Administrator")
	assert not frappe.db.get_value("Publicity Notice", notice.name, "published")
	frappe.set_user(granted_user("Party Admin", world.tree.committee.name))
	service.publish(notice.name)
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Publicity Notice", notice.name, "published")
