"""Ledger rules without a site."""

import datetime
from decimal import Decimal
from pathlib import Path

from party_building.ledgers import rules as r

D = datetime.date
SEED_PLAN = (
	Path(__file__).resolve().parents[1] / "data" / "key_tasks_plan.txt"
)  # 二、重点任务 of the seed work plan


def test_deadline_may_not_fall_before_the_problem_was_found():
	assert r.deadline_valid(D(2026, 3, 1), D(2026, 3, 1))
	assert r.deadline_valid(D(2026, 3, 1), D(2026, 3, 21))
	assert not r.deadline_valid(D(2026, 3, 2), D(2026, 3, 1))
	assert r.deadline_valid(None, D(2026, 3, 1))


def test_close_out_needs_a_written_result_and_evidence():
	assert r.close_out_problems("已整改", 1) == []
	assert r.close_out_problems("  ", 1) == [r.CloseOutProblem.NO_RESULT]
	assert r.close_out_problems("已整改", 0) == [r.CloseOutProblem.NO_EVIDENCE]
	assert r.close_out_problems(None, 0) == [r.CloseOutProblem.NO_RESULT, r.CloseOutProblem.NO_EVIDENCE]


def test_overdue_starts_the_day_after_the_deadline():
	assert not r.is_overdue(D(2026, 3, 21), D(2026, 3, 21))
	assert r.is_overdue(D(2026, 3, 21), D(2026, 3, 22))
	assert not r.is_overdue(D(2026, 3, 21), D(2026, 3, 22), done=True)
	assert not r.is_overdue(None, D(2026, 3, 22))


def test_rectification_buckets():
	on = D(2026, 4, 1)
	assert r.rectification_bucket(r.RECTIFYING, D(2026, 4, 1), None, on) == r.OPEN
	assert r.rectification_bucket(r.CLOSE_OUT_REQUESTED, D(2026, 3, 31), None, on) == r.OVERDUE
	assert r.rectification_bucket(r.CLOSED_OUT, D(2026, 3, 31), D(2026, 3, 31), on) == r.CLOSED_ON_TIME
	assert r.rectification_bucket(r.CLOSED_OUT, D(2026, 3, 31), D(2026, 4, 1), on) == r.CLOSED_LATE


def test_plan_text_gives_numbered_tasks_under_their_headings():
	text = "二、重点任务\n(一)抓队伍 1.选优配强书记。要求如下 2.加强后备力量\n3、参加培训,提高能力\n(二)抓阵地建设。\n4构建网格化体系\n"
	tasks = r.parse_plan(text)
	assert [t["number"] for t in tasks] == [1, 2, 3, 4]
	assert [t["category"] for t in tasks] == ["抓队伍", "抓队伍", "抓队伍", "抓阵地建设"]
	assert tasks[0]["title"] == "选优配强书记"
	assert tasks[0]["description"] == "选优配强书记。要求如下"
	assert tasks[2]["title"] == "参加培训"
	assert r.parse_plan("整理党员档案\n\n换届选举") == [
		{"number": None, "category": "", "title": "整理党员档案", "description": "整理党员档案"},
		{"number": None, "category": "", "title": "换届选举", "description": "换届选举"},
	]


def test_a_month_inside_a_task_is_not_a_task_number():
	tasks = r.parse_plan("17.治信教参教问题。6月底前完成第一轮排摸")
	assert len(tasks) == 1 and tasks[0]["number"] == 17


def test_the_seed_plan_has_19_key_tasks():
	tasks = r.parse_plan(SEED_PLAN.read_text(encoding="utf-8"))
	assert [t["number"] for t in tasks] == list(range(1, 20))
	assert len({t["category"] for t in tasks}) == 6


def test_budget_is_one_percent_of_last_years_payroll():
	assert r.default_budget(1_234_567.89) == Decimal("12345.68")
	assert r.default_budget(0) == Decimal("0.00")
	assert r.default_budget(100_000, Decimal("0.015")) == Decimal("1500.00")
	assert r.remaining(1000, "250.50") == Decimal("749.50")


def test_expenses_past_the_budget():
	assert r.expenses_past_budget(1000, [400, 600]) == []
	assert r.expenses_past_budget(1000, [400, 600, 0.01, 5]) == [2, 3]
	assert r.expenses_past_budget(0, [1]) == [0]


def test_points_sign_follows_the_category():
	assert r.points_sign_valid(r.STUDY, 2)
	assert not r.points_sign_valid(r.STUDY, -2)
	assert r.points_sign_valid(r.DEDUCTION, -5)
	assert not r.points_sign_valid(r.DEDUCTION, 5)
	assert not r.points_sign_valid(r.ORGANIZATIONAL_LIFE, 0)


def test_points_caps():
	assert r.cap_exceeded(2, 0, 0, daily_cap=2, yearly_cap=10) is None
	assert r.cap_exceeded(2, 1, 1, daily_cap=2, yearly_cap=10) is r.CapExceeded.DAILY
	assert r.cap_exceeded(2, 0, 9, daily_cap=2, yearly_cap=10) is r.CapExceeded.YEARLY
	assert r.cap_exceeded(100, 50, 500, daily_cap=0, yearly_cap=0) is None
	assert r.cap_exceeded(-5, -5, -5, daily_cap=5, yearly_cap=0) is r.CapExceeded.DAILY
	assert r.points_within_caps(3, 0, 8, daily_cap=5, yearly_cap=10) == 2
	assert r.points_within_caps(3, 5, 0, daily_cap=5, yearly_cap=10) == 0
	assert r.points_within_caps(-3, 0, -1, daily_cap=0, yearly_cap=2) == -1


def test_ranking_shares_places_on_ties():
	ranked = r.rank([("a", 5), ("b", 9), ("c", 5), ("d", 1)])
	assert ranked == [("b", 9, 1), ("a", 5, 2), ("c", 5, 2), ("d", 1, 4)]
	assert r.rank([]) == []


def test_source_key_names_document_and_member():
	assert r.source_key("Party Activity", "ACT-1", "PM-1") == "Party Activity:ACT-1:PM-1"


def test_dues_paid_on_time_within_the_first_covered_month():
	assert r.dues_paid_on_time(D(2026, 3, 31), D(2026, 3, 1))
	assert not r.dues_paid_on_time(D(2026, 4, 1), D(2026, 3, 1))
	assert r.dues_paid_on_time(D(2026, 12, 31), D(2026, 12, 1))
	assert r.dues_paid_on_time(D(2026, 1, 5), D(2026, 2, 1))
