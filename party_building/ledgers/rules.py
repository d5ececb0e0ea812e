"""Ledger rules (work tasks, rectification, party work funds, member points), as pure
functions (no frappe import): the controllers, reports and demo call them.
"""

import datetime
import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

# --- rectification (问题整改台账) ---------------------------------------------------------------

TO_RECTIFY = "To Rectify"  # 待整改
RECTIFYING = "Rectifying"  # 整改中
CLOSE_OUT_REQUESTED = "Close-out Requested"  # 申请销号
CLOSED_OUT = "Closed Out"  # 已销号
RECTIFICATION_STATES = (TO_RECTIFY, RECTIFYING, CLOSE_OUT_REQUESTED, CLOSED_OUT)

START = "Start Rectification"
APPLY = "Apply for Close-out"
CLOSE = "Close Out"
RETURN = "Return for Rectification"  # 退回
REOPEN = "Reopen"

SOURCES = ("Self-check", "Supervision", "Inspection Tour", "Appraisal of Duty Report", "Other")
# the eight areas of the seeds' checklist (八项基础工作)
CATEGORIES = (
	"Study and Implementation",  # 学习贯彻
	"Inner-Party Political Life",  # 党内政治生活
	"Developing New Members",  # 发展党员
	"Dues Collection and Management",  # 党费
	"Organization Setup and Elections",  # 组织设置与换届
	"Party Work Staff",  # 党务队伍
	"Party Building in All Fields",  # 各领域党建
	"Archives and Information",  # 档案与信息
)


class CloseOutProblem(Enum):
	NO_RESULT = "no_result"
	NO_EVIDENCE = "no_evidence"


def deadline_valid(found_on: datetime.date | None, deadline: datetime.date | None) -> bool:
	"""A deadline may not fall before the day the problem was found."""
	return not (found_on and deadline) or deadline >= found_on


def close_out_problems(result: str | None, evidence_count: int) -> list[CloseOutProblem]:
	"""What stops an application for close-out: a written result and at least one evidence file."""
	problems = []
	if not (result or "").strip():
		problems.append(CloseOutProblem.NO_RESULT)
	if evidence_count < 1:
		problems.append(CloseOutProblem.NO_EVIDENCE)
	return problems


def is_overdue(deadline: datetime.date | None, on: datetime.date, done: bool = False) -> bool:
	"""Past its deadline and not done (the deadline day itself is still in time)."""
	return bool(deadline) and not done and on > deadline


def closed_on_time(deadline: datetime.date | None, closed_on: datetime.date) -> bool:
	return not deadline or closed_on <= deadline


OPEN, OVERDUE, CLOSED_ON_TIME, CLOSED_LATE = "open", "overdue", "closed_on_time", "closed_late"


def rectification_bucket(
	state: str | None, deadline: datetime.date | None, closed_on: datetime.date | None, on: datetime.date
) -> str:
	"""One of open / overdue / closed_on_time / closed_late (overdue items are open ones past the deadline)."""
	if state == CLOSED_OUT and closed_on:
		return CLOSED_ON_TIME if closed_on_time(deadline, closed_on) else CLOSED_LATE
	return OVERDUE if is_overdue(deadline, on) else OPEN


# --- work tasks (工作台账) ----------------------------------------------------------------------

NOT_STARTED = "Not Started"  # 未开始
IN_PROGRESS = "In Progress"  # 进行中
DONE = "Completed"  # 已完成
TASK_STATUSES = (NOT_STARTED, IN_PROGRESS, DONE)

HEADING = re.compile(r"^\s*[（(]([一二三四五六七八九十]+)[)）]\s*")
SECTION = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")
NUMBERED = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=。))(\d{1,2})\s*(?:[.、．]|(?=[\u4e00-\u9fff]))\s*")
TITLE_END = re.compile(r"[。；;！!,，]")
TITLE_LENGTH = 60


def parse_plan(text: str) -> list[dict]:
	"""Tasks from a yearly plan pasted as text: numbered items ("1.…", "12、…", "13…"), each under the
	last heading ("(一)抓党组织阵地建设。") as its category; unnumbered lines are one task each.

	Returns dicts with number (or None), category, title (first sentence, shortened) and description.
	"""
	tasks: list[dict] = []
	category = ""
	for raw in (text or "").splitlines():
		line = raw.strip()
		if not line:
			continue
		if SECTION.match(line):  # 二、重点任务: a part of the plan, not a task
			category = ""
			continue
		heading = HEADING.match(line)
		if heading:
			rest = line[heading.end() :]
			numbered = NUMBERED.search(rest)
			category = (rest[: numbered.start()] if numbered else rest).strip().rstrip("。.：: ")
			line = rest[numbered.start() :] if numbered else ""
			if not line:
				continue
		matches = sequential(NUMBERED.finditer(line))
		if not matches or matches[0].start() != 0:
			tasks.append(task_from(None, category, line))
			continue
		for i, match in enumerate(matches):
			end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
			body = line[match.end() : end].strip()
			if body:
				tasks.append(task_from(int(match.group(1)), category, body))
	return tasks


def sequential(matches) -> list:
	"""Numbers that go on counting (1., 2., 3.); "6月底前" inside a task is not task 6."""
	out = []
	for match in matches:
		if not out or int(match.group(1)) == int(out[-1].group(1)) + 1:
			out.append(match)
	return out


def task_from(number: int | None, category: str, body: str) -> dict:
	first = TITLE_END.split(body, maxsplit=1)[0].strip() or body
	title = first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1] + "…"
	return {"number": number, "category": category, "title": title, "description": body}


# --- party work funds (党建经费) -----------------------------------------------------------------

DEFAULT_BUDGET_RATE = Decimal("0.01")  # 按上年度职工工资总额的1%安排
CENT = Decimal("0.01")


def money(value) -> Decimal:
	return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


def default_budget(previous_year_payroll, rate=DEFAULT_BUDGET_RATE) -> Decimal:
	"""The year's budget: by default 1% of the previous year's payroll, to the cent."""
	return money(money(previous_year_payroll) * Decimal(str(rate)))


def remaining(budget, spent) -> Decimal:
	return money(budget) - money(spent)


def expenses_past_budget(budget, amounts: Sequence) -> list[int]:
	"""Indexes of the expenses (in the order given) with which the running total passes the budget."""
	limit = money(budget)
	total = Decimal(0)
	past = []
	for i, amount in enumerate(amounts):
		total += money(amount)
		if total > limit:
			past.append(i)
	return past


# --- member points (党员积分) --------------------------------------------------------------------

ORGANIZATIONAL_LIFE = "Organizational Life"  # 组织生活
STUDY = "Study"  # 教育学习
EXEMPLARY_ROLE = "Exemplary Role"  # 先锋模范
DEDUCTION = "Deduction"  # 扣分
POINT_CATEGORIES = (ORGANIZATIONAL_LIFE, STUDY, EXEMPLARY_ROLE, DEDUCTION)

MANUAL = "Manual"
ACTIVITY_ATTENDANCE = "Activity Attendance"
ON_TIME_DUES = "On-time Dues"
POINT_SOURCES = (MANUAL, ACTIVITY_ATTENDANCE, ON_TIME_DUES)

ACTIVIST_MARK = "Activist"  # the membership type shown for an activist scored before joining


def points_sign_valid(category: str, points: float) -> bool:
	"""Deductions take points away (negative); the other categories give them (positive)."""
	return points < 0 if category == DEDUCTION else points > 0


class CapExceeded(Enum):
	DAILY = "daily"
	YEARLY = "yearly"


def cap_exceeded(
	points: float, used_on_day: float, used_in_year: float, daily_cap: float, yearly_cap: float
) -> CapExceeded | None:
	"""Would these points pass the rule's daily or yearly cap? Caps bound the size (absolute value)
	of what one member gets from one rule; a cap of 0 means no cap."""
	size = abs(points)
	if daily_cap and abs(used_on_day) + size > daily_cap + 1e-9:
		return CapExceeded.DAILY
	if yearly_cap and abs(used_in_year) + size > yearly_cap + 1e-9:
		return CapExceeded.YEARLY
	return None


def points_within_caps(
	points: float, used_on_day: float, used_in_year: float, daily_cap: float, yearly_cap: float
) -> float:
	"""The part of `points` (keeping its sign) that still fits under both caps (automatic awards)."""
	room = abs(points)
	if daily_cap:
		room = min(room, max(0.0, daily_cap - abs(used_on_day)))
	if yearly_cap:
		room = min(room, max(0.0, yearly_cap - abs(used_in_year)))
	return room if points >= 0 else -room


def source_key(source_doctype: str, source_name: str, member: str) -> str:
	"""One source document gives one member points once."""
	return f"{source_doctype}:{source_name}:{member}"


def rank(totals: Iterable[tuple[str, float]]) -> list[tuple[str, float, int]]:
	"""Competition ranking (1, 2, 2, 4) by total, highest first; ties keep the given order."""
	ordered = sorted(totals, key=lambda row: -row[1])
	out = []
	previous = None
	position = 0
	for i, (key, total) in enumerate(ordered, start=1):
		if previous is None or abs(total - previous) > 1e-9:
			position = i
			previous = total
		out.append((key, total, position))
	return out


def dues_paid_on_time(paid_on: datetime.date, first_month: datetime.date) -> bool:
	"""On-time dues: paid by the last day of the first month the payment covers."""
	nxt = datetime.date(first_month.year + (first_month.month == 12), first_month.month % 12 + 1, 1)
	return paid_on < nxt
