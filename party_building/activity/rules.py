"""Organizational life rules (三会一课, 主题党日, 组织生活会, 民主评议), as pure functions.

No frappe import: the Party Activity controller, the compliance report, the reminders and the demo
all count with these functions, and tests/unit checks them without a site.
"""

import datetime
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from party_building.organization.rules import GENERAL_BRANCH, PARTY_COMMITTEE

# --- kinds of activity (English source, zh in translations) -----------------------------------

GENERAL_MEETING = "Branch General Meeting"  # 支部党员大会
COMMITTEE_MEETING = "Branch Committee Meeting"  # 支部委员会
GROUP_MEETING = "Party Group Meeting"  # 党小组会
PARTY_LECTURE = "Party Lecture"  # 党课
THEME_DAY = "Theme Party Day"  # 主题党日
LIFE_MEETING = "Organizational Life Meeting"  # 组织生活会
APPRAISAL_MEETING = "Democratic Appraisal Meeting"  # 民主评议党员
HEART_TALK = "Heart-to-Heart Talk"  # 谈心谈话
GROUP_STUDY = "Group Study"  # 集中学习
VOLUNTEER_SERVICE = "Volunteer Service"  # 志愿服务
OTHER = "Other"  # 其他
DEMOCRATIC_LIFE_MEETING = "Democratic Life Meeting"  # 民主生活会 (the leading group's; issue 19)
ACTIVITY_TYPES = (
	GENERAL_MEETING,
	COMMITTEE_MEETING,
	GROUP_MEETING,
	PARTY_LECTURE,
	THEME_DAY,
	LIFE_MEETING,
	DEMOCRATIC_LIFE_MEETING,
	APPRAISAL_MEETING,
	HEART_TALK,
	GROUP_STUDY,
	VOLUNTEER_SERVICE,
	OTHER,
)

MONTHLY, QUARTERLY, YEARLY = "month", "quarter", "year"
# how often each required kind must be held (三会一课, 主题党日, 组织生活会, 民主评议)
REQUIRED_EVERY = {
	COMMITTEE_MEETING: MONTHLY,
	GROUP_MEETING: MONTHLY,
	THEME_DAY: MONTHLY,
	GENERAL_MEETING: QUARTERLY,
	PARTY_LECTURE: QUARTERLY,
	LIFE_MEETING: YEARLY,
	APPRAISAL_MEETING: YEARLY,
}
REQUIRED_KINDS = tuple(REQUIRED_EVERY)  # what a branch holds

# 民主生活会 is the leading group's (领导班子), not a branch's: the seeds ask each school's Party committee
# and general branch for it once a year, with its opinions solicited, checking materials and
# rectification list (seed 000, 回头看: "民主生活会：…领导班子及成员征求意见清单、对照检查材料和整改清单";
# seed 004: 院党总支 …"认真落实…民主生活会、组织生活会"); the branches hold 组织生活会.
LEADING_GROUP_EVERY = {DEMOCRATIC_LIFE_MEETING: YEARLY}
LEADING_GROUP_ORG_TYPES = (PARTY_COMMITTEE, GENERAL_BRANCH)


def every(kind: str) -> str | None:
	"""How often a required kind is held (a branch's or a leading group's), None when not required."""
	return REQUIRED_EVERY.get(kind) or LEADING_GROUP_EVERY.get(kind)


def holds_democratic_life_meeting(org_type: str | None) -> bool:
	"""Only the leading group of a Party committee or general branch holds 民主生活会."""
	return org_type in LEADING_GROUP_ORG_TYPES


# the month of its period in which the standard plan puts a quarterly or yearly kind
PLAN_MONTH_IN_PERIOD = {
	GENERAL_MEETING: 3,
	PARTY_LECTURE: 3,
	LIFE_MEETING: 12,
	APPRAISAL_MEETING: 12,
	DEMOCRATIC_LIFE_MEETING: 12,
}

HELD, PLANNED = "Held", "Planned"  # an activity's status
PRESENT, ON_LEAVE, ABSENT = "Present", "On Leave", "Absent"
ATTENDANCE_STATUSES = (PRESENT, ON_LEAVE, ABSENT)
PASSED, NOT_PASSED = "Passed", "Not Passed"

DEFAULT_BACKFILL_LIMIT_DAYS = 30
DEFAULT_THEME_DAY_DEADLINE = 25
DEFAULT_ABSENCE_STREAK = 3

# --- attendance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
	member: str | None
	status: str
	is_voting: bool = True
	is_guest: bool = False


@dataclass(frozen=True)
class Attendance:
	expected: int
	present: int
	on_leave: int
	absent: int
	expected_voting: int
	present_voting: int

	@property
	def rate(self) -> float:
		"""出勤率: present of expected, in percent, one decimal."""
		return attendance_rate(self.present, self.expected)

	def as_counts(self) -> dict[str, float]:
		return {
			"expected_count": self.expected,
			"present_count": self.present,
			"leave_count": self.on_leave,
			"absent_count": self.absent,
			"attendance_rate": self.rate,
		}


def attendance_rate(present: int, expected: int) -> float:
	return round(present * 100.0 / expected, 1) if expected else 0.0


def count_attendance(rows: Iterable[Attendee]) -> Attendance:
	"""Counts over the expected attendees; invited guests are listed but never counted."""
	expected = present = on_leave = absent = expected_voting = present_voting = 0
	for row in rows:
		if row.is_guest:
			continue
		expected += 1
		present += row.status == PRESENT
		on_leave += row.status == ON_LEAVE
		absent += row.status == ABSENT
		if row.is_voting:
			expected_voting += 1
			present_voting += row.status == PRESENT
	return Attendance(expected, present, on_leave, absent, expected_voting, present_voting)


def unrecorded(rows: Iterable[Attendee]) -> list[int]:
	"""Positions (1-based) of expected attendees whose attendance is not recorded yet. A list filled in
	from the register starts unrecorded, so a secretary who changes nothing does not record 100 %."""
	return [i for i, row in enumerate(rows, 1) if not row.is_guest and row.status not in ATTENDANCE_STATUSES]


def disagreeing_counts(
	sent: Mapping[str, float | None], before: Mapping[str, float | None], computed: Mapping[str, float]
) -> list[str]:
	"""Fields whose value was typed (differs from what was stored before) and disagrees with the rows.

	A form that still shows the previous counts is not "typing"; a client that sends its own counts is.
	"""
	wrong = []
	for field, value in computed.items():
		got = sent.get(field)
		if got in (None, "") or float(got) == float(value):
			continue
		if float(got) == float(before.get(field) or 0):
			continue
		wrong.append(field)
	return wrong


def is_voting_member(membership_type: str, is_guest: bool, on_committee: bool | None = None) -> bool:
	"""Full members vote, probationary members attend without a vote; at a committee meeting only
	the committee votes (on_committee given)."""
	if is_guest:
		return False
	if on_committee is not None:
		return on_committee
	return membership_type == "Full"


def more_than_half(part: int, whole: int) -> bool:
	"""Strictly more than half (2 of 4 is not)."""
	return whole > 0 and part * 2 > whole


def has_quorum(present_voting: int, expected_voting: int) -> bool:
	"""A meeting may vote when more than half of the voting members expected are present."""
	return more_than_half(present_voting, expected_voting)


def vote_result(votes_for: int, expected_voting: int) -> str:
	"""An item passes when the votes for it exceed half of the voting members expected."""
	return PASSED if more_than_half(votes_for, expected_voting) else NOT_PASSED


def committee_quorum(present_committee: int, committee_size: int) -> bool:
	"""A committee meeting needs more than half of its committee present."""
	return more_than_half(present_committee, committee_size)


def duplicates(values: Iterable[str | None]) -> list[str]:
	seen, dup = set(), []
	for v in values:
		if not v:
			continue
		if v in seen and v not in dup:
			dup.append(v)
		seen.add(v)
	return dup


# --- dates ------------------------------------------------------------------------------------


def days_back(activity_date: datetime.date, created_on: datetime.date) -> int:
	return (created_on - activity_date).days


def is_backfilled(activity_date: datetime.date, created_on: datetime.date, limit_days: int) -> bool:
	"""A record dated more than `limit_days` before it is created is back-filling."""
	return days_back(activity_date, created_on) > limit_days


def ends_after_start(start: datetime.timedelta | None, end: datetime.timedelta | None) -> bool:
	return start is None or end is None or end > start


def quarter_of(month: int) -> int:
	return (month - 1) // 3 + 1


def period_key(day: datetime.date, period: str) -> tuple[int, int]:
	"""(year, month) for a month, (year, quarter) for a quarter, (year, 0) for a year."""
	if period == MONTHLY:
		return day.year, day.month
	if period == QUARTERLY:
		return day.year, quarter_of(day.month)
	return day.year, 0


def period_months(key: tuple[int, int], period: str) -> list[tuple[int, int]]:
	year, n = key
	if period == MONTHLY:
		return [(year, n)]
	if period == QUARTERLY:
		return [(year, m) for m in range(3 * n - 2, 3 * n + 1)]
	return [(year, m) for m in range(1, 13)]


def periods_between(start: datetime.date, end: datetime.date, period: str) -> list[tuple[int, int]]:
	"""The periods (month or quarter keys) from start to end, inclusive, in order."""
	keys = []
	y, m = start.year, start.month
	while (y, m) <= (end.year, end.month):
		key = period_key(datetime.date(y, m, 1), period)
		if key not in keys:
			keys.append(key)
		y, m = (y + 1, 1) if m == 12 else (y, m + 1)
	return keys


def period_label(key: tuple[int, int], period: str) -> str:
	year, n = key
	if period == YEARLY:
		return str(year)
	return f"{year}-{n:02d}" if period == MONTHLY else f"{year}-Q{n}"


def month_start(year: int, month: int) -> datetime.date:
	return datetime.date(year, month, 1)


def month_end(year: int, month: int) -> datetime.date:
	nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
	return nxt - datetime.timedelta(days=1)


# --- what is required -------------------------------------------------------------------------


def required_count(
	kind: str, months: Iterable[tuple[int, int]], has_committee: bool = True, groups: int = 0
) -> int:
	"""How many of `kind` an organization must hold over the given months.

	Monthly kinds once a month (党小组会 once per group); quarterly kinds once per quarter touched,
	yearly kinds once per year touched — only when the period contains the whole quarter or year's
	last month, so a bulletin for January does not demand the year's 组织生活会 yet.
	"""
	every_ = every(kind)
	months = list(months)
	if not every_ or not months:
		return 0
	if kind == COMMITTEE_MEETING and not has_committee:
		return 0
	if every_ == MONTHLY:
		return len(months) * (groups if kind == GROUP_MEETING else 1)
	if every_ == QUARTERLY:
		return len({(y, quarter_of(m)) for y, m in months if m % 3 == 0})
	return len({y for y, m in months if m == 12})


def held_count(
	kind: str, held_by_month: Mapping[tuple[int, int], int], months: Iterable[tuple[int, int]]
) -> int:
	"""Held activities that count against the requirement: at most one per required slot.

	`held_by_month` gives the number held (for 党小组会: the number of groups that met) per month.
	"""
	every_ = every(kind)
	months = list(months)
	if every_ == MONTHLY or not every_:
		return sum(held_by_month.get(m, 0) for m in months)
	if every_ == QUARTERLY:
		quarters = {(y, quarter_of(m)) for y, m in months if m % 3 == 0}
		return sum(1 for q in quarters if any(held_by_month.get(m, 0) for m in period_months(q, QUARTERLY)))
	years = {y for y, m in months if m == 12}
	return sum(1 for y in years if any(held_by_month.get((y, m), 0) for m in range(1, 13)))


@dataclass(frozen=True)
class KindCompliance:
	kind: str
	required: int
	held: int
	# of `required`, the meetings whose period has not ended yet (still to be held, never "behind")
	running: int = 0

	@property
	def behind(self) -> int:
		return max(0, self.required - self.running - self.held)

	@property
	def compliant(self) -> bool:
		return self.behind == 0


def compliance(
	held: Mapping[str, Mapping[tuple[int, int], int]],
	months: Iterable[tuple[int, int]],
	kinds: Iterable[str] = REQUIRED_KINDS,
	has_committee: bool = True,
	groups: int = 0,
	on: datetime.date | None = None,
) -> list[KindCompliance]:
	"""Required versus held for each kind over the months of a period.

	For a quarterly or yearly kind the whole quarter or year is looked at (a 党课 held in May counts
	for the second quarter), so pass `held` for the whole year. With `on` (today), a kind's month,
	quarter or year that has not ended by then is running: what it still requires is not behind.
	"""
	months = tuple(months)
	out = []
	for kind in kinds:
		required = cached_required_count(kind, months, has_committee, groups)
		got = held_count(kind, held.get(kind, {}), months)
		got = min(got, required) if required else got
		running = 0
		if on and required:
			ended = ended_months(months, every(kind) or MONTHLY, on)
			if not ended:  # nothing over yet: all that is not held is still running
				running = max(0, required - got)
			elif len(ended) < len(months):
				due = cached_required_count(kind, ended, has_committee, groups)  # of the periods already over
				got_when_due = min(held_count(kind, held.get(kind, {}), ended), due)
				# still required in the running periods, less what was already held in them
				running = max(0, (required - due) - (got - got_when_due))
			# every period over: nothing running
		out.append(KindCompliance(kind, required, got, running))
	return out


@functools.lru_cache(maxsize=4096)
def ended_months(
	months: tuple[tuple[int, int], ...], every_: str, on: datetime.date
) -> tuple[tuple[int, int], ...]:
	"""The months whose month, quarter or year (`every_`) has ended before `on` (the same for every
	organization of a bulletin: computed once)."""
	return tuple(ym for ym in months if period_end(period_key(datetime.date(*ym, 1), every_), every_) < on)


@functools.lru_cache(maxsize=4096)
def cached_required_count(
	kind: str, months: tuple[tuple[int, int], ...], has_committee: bool, groups: int
) -> int:
	"""required_count of a tuple of months: a bulletin asks the same of hundreds of organizations."""
	return required_count(kind, months, has_committee, groups)


def period_end(key: tuple[int, int], period: str) -> datetime.date:
	"""The last day of a month, quarter ((year, quarter)) or year ((year, 0))."""
	year, n = key
	if period == MONTHLY:
		return month_end(year, n)
	if period == QUARTERLY:
		return month_end(year, 3 * n)
	return datetime.date(year, 12, 31)


def absent_in_a_row(statuses: Iterable[str], streak: int = DEFAULT_ABSENCE_STREAK) -> bool:
	"""True when the member's last `streak` expected activities (oldest first) were all missed
	without leave."""
	last = list(statuses)[-streak:]
	return len(last) == streak and all(s == ABSENT for s in last)


def absence_streaks(rows: Iterable[tuple[str, str]], streak: int = DEFAULT_ABSENCE_STREAK) -> set[str]:
	"""Members with `streak` absences in a row anywhere in (member, status) rows given in date order."""
	runs: dict[str, int] = {}
	found = set()
	for member, status in rows:
		runs[member] = runs.get(member, 0) + 1 if status == ABSENT else 0
		if runs[member] >= streak:
			found.add(member)
	return found


# --- plans and reminders ----------------------------------------------------------------------


def standard_plan(
	has_committee: bool = True, has_groups: bool = True, leading_group: bool = False
) -> list[tuple[int, str]]:
	"""The standard yearly skeleton as (month, kind): monthly 支委会, 党小组会, 主题党日; quarterly
	党员大会 and 党课 (in the quarter's last month); yearly 组织生活会 and 民主评议 (December), and for
	a Party committee's or general branch's leading group its 民主生活会 (December)."""
	rows = []
	for month in range(1, 13):
		if has_committee:
			rows.append((month, COMMITTEE_MEETING))
		if has_groups:
			rows.append((month, GROUP_MEETING))
		rows.append((month, THEME_DAY))
		if month % 3 == 0:
			rows += [(month, GENERAL_MEETING), (month, PARTY_LECTURE)]
		if month == 12:
			rows += [(month, LIFE_MEETING), (month, APPRAISAL_MEETING)]
	if leading_group:
		rows.append((12, DEMOCRATIC_LIFE_MEETING))
	return rows


def theme_day_overdue(on: datetime.date, deadline_day: int, held_this_month: bool) -> bool:
	"""The month's 主题党日 is overdue once the deadline day has passed without a record."""
	return not held_this_month and on.day > min(deadline_day, month_end(on.year, on.month).day)


def quarterly_overdue_kinds(on: datetime.date, held_in_quarter: Iterable[str]) -> list[str]:
	"""Quarterly kinds not yet held once the quarter's last month has begun."""
	if on.month % 3 != 0:
		return []
	held = set(held_in_quarter)
	return [k for k, each in REQUIRED_EVERY.items() if each == QUARTERLY and k not in held]


# --- democratic appraisal ---------------------------------------------------------------------

EXCELLENT = "Excellent"  # 优秀
QUALIFIED = "Qualified"  # 合格
BASICALLY_QUALIFIED = "Basically Qualified"  # 基本合格
UNQUALIFIED = "Unqualified"  # 不合格
GRADES = (EXCELLENT, QUALIFIED, BASICALLY_QUALIFIED, UNQUALIFIED)
FOLLOW_UPS = ("Correct within a Deadline", "Persuade to Withdraw", "Remove from the Party")


def follow_up_problem(grade: str, follow_up: str | None, deadline: datetime.date | None) -> str | None:
	"""None when the follow-up fits the grade; otherwise a code naming what is wrong."""
	if grade == UNQUALIFIED:
		if not follow_up:
			return "follow_up_required"
		if not deadline:
			return "deadline_required"
		return None
	if follow_up:
		return "follow_up_only_for_unqualified"
	return None


def absence_runs(statuses: Iterable[str], seed: int = 0) -> list[int]:
	"""For a member's attendance in date order: the absences in a row ending at each activity
	(`seed`: the run before the first one). Leave and presence end a run."""
	runs, run = [], seed
	for status in statuses:
		run = run + 1 if status == ABSENT else 0
		runs.append(run)
	return runs


# --- 谈心谈话 and the secretary's 党课: yearly duties (issue 19) -----------------------------------
# The talks are records of their own (Heart-to-Heart Talk), not meetings: HEART_TALK above stays a
# kind of activity that no meeting rule requires.

TALK_WITH_SECRETARY = "with_secretary"  # a committee member has not talked with the secretary
TALK_WITH_COMMITTEE = "with_committee"  # a member has not talked with anyone of the committee
TALK_NONE = "none"  # anyone, the secretary too, without a talk this year
SECRETARY_LECTURES_A_YEAR = 1


def is_talk_with_oneself(initiator: str | None, counterpart: str | None) -> bool:
	return bool(initiator) and initiator == counterpart


def missing_talks(
	secretary: str | None,
	committee: Iterable[str],
	members: Iterable[str],
	talks: Iterable[tuple[str, str]],
) -> dict[str, str]:
	"""Who has not yet done their yearly talk duty, and which: {person: duty}.

	The secretary talks with each committee member, the committee (secretary included) with each
	member, and every member has at least one talk a year. `talks` are (initiator, counterpart)
	of the year; a talk counts for both people, whoever started it. One duty per person, the most
	specific one."""
	pairs = {frozenset(t) for t in talks if t[0] and t[1] and t[0] != t[1]}
	talked = {person for pair in pairs for person in pair}
	leaders = {c for c in committee if c} | ({secretary} if secretary else set())
	missing = {}
	for person in dict.fromkeys(members):
		if person == secretary:
			if person not in talked:
				missing[person] = TALK_NONE
		elif person in leaders:
			if secretary and frozenset((secretary, person)) not in pairs:
				missing[person] = TALK_WITH_SECRETARY
		elif person not in talked:
			missing[person] = TALK_NONE
		elif leaders and not any(frozenset((person, leader)) in pairs for leader in leaders):
			missing[person] = TALK_WITH_COMMITTEE
	return missing


def year_end_in(months: Iterable[tuple[int, int]]) -> list[int]:
	"""The years whose December is among the months: a yearly duty falls due there."""
	return sorted({y for y, m in months if m == 12})


def secretary_lecture_compliance(
	lectures_by_year: Mapping[int, int], months: Iterable[tuple[int, int]]
) -> KindCompliance:
	"""The secretary's 党课: at least one a year, due in December; before that, the count so far."""
	months = list(months)
	due = year_end_in(months)
	if due:
		required = SECRETARY_LECTURES_A_YEAR * len(due)
		held = sum(min(lectures_by_year.get(y, 0), SECRETARY_LECTURES_A_YEAR) for y in due)
		return KindCompliance(PARTY_LECTURE, required, held)
	return KindCompliance(PARTY_LECTURE, 0, sum(lectures_by_year.get(y, 0) for y in {y for y, _m in months}))


# --- 学时: study hours (issue 19) ---------------------------------------------------------------

MIN_STUDY_HOURS_A_YEAR = 32  # 党员教育培训: at least 32 class hours a year
MAX_STUDY_HOURS_A_DAY = 24
NEGATIVE_HOURS, TOO_MANY_HOURS = "negative", "too_many"


def study_hours_problem(hours: float | None) -> str | None:
	"""An activity's class hours: not negative, not more than a day has."""
	if hours is None:
		return None
	if hours < 0:
		return NEGATIVE_HOURS
	if hours > MAX_STUDY_HOURS_A_DAY:
		return TOO_MANY_HOURS
	return None


def default_study_hours(start: datetime.timedelta | None, end: datetime.timedelta | None) -> float:
	"""An activity's duration in hours, to the half hour; 0 without both times."""
	if start is None or end is None or end <= start:
		return 0.0
	return round((end - start).total_seconds() / 3600 * 2) / 2


def study_hours_short(total: float, required: float = MIN_STUDY_HOURS_A_YEAR) -> float:
	"""How many class hours a member still lacks for the year."""
	return max(0.0, round(required - (total or 0), 1))


# --- 主题党日: a fixed day each month per branch (issue 19) ----------------------------------------

THEME_DAY_MIN, THEME_DAY_MAX = 1, 31


def theme_day_valid(day: int | None) -> bool:
	"""A branch's fixed 主题党日: a day of the month 1–31, or none (0/empty)."""
	return not day or THEME_DAY_MIN <= day <= THEME_DAY_MAX


def theme_day_date(year: int, month: int, day: int) -> datetime.date:
	"""The month's fixed 主题党日; the 31st of a shorter month is its last day."""
	return datetime.date(year, month, min(day, month_end(year, month).day))


def theme_day_deadline_for(fixed_day: int | None, default_deadline: int) -> int:
	"""The day after which the month's 主题党日 is overdue: the branch's fixed day, else the settings'."""
	return fixed_day if fixed_day and theme_day_valid(fixed_day) else default_deadline


# --- the files of an activity (签到表, 现场照片, 会议材料; issue 19) --------------------------------

SIGN_IN_SHEET = "Sign-in Sheet"
SCENE_PHOTO = "Scene Photo"
MEETING_MATERIALS = "Meeting Materials"
OTHER_FILE = "Other"
FILE_KINDS = (SIGN_IN_SHEET, SCENE_PHOTO, MEETING_MATERIALS, OTHER_FILE)
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp")


def is_image(url: str | None) -> bool:
	"""A file shown as a picture (by its name; the query string of a private file is ignored)."""
	return bool(url) and url.split("?", 1)[0].lower().endswith(IMAGE_EXTENSIONS)


def photo_not_an_image(kind: str, url: str | None) -> bool:
	"""A scene photo is a picture: it is printed as one."""
	return kind == SCENE_PHOTO and bool(url) and not is_image(url)


# --- 组织生活会 / 民主生活会: the preparation chain and the rectification list (issue 19) -----------

OPINIONS_SOLICITED = "Opinions Solicited"  # 征求意见
TALKS_HELD = "Heart-to-Heart Talks Held"  # 谈心谈话
CHECKING_MATERIALS = "Checking Materials Written"  # 撰写对照检查材料
THE_MEETING = "The Meeting"  # 召开会议
RECTIFICATION_LIST = "Rectification List"  # 整改清单
LIFE_MEETING_STEPS = (OPINIONS_SOLICITED, TALKS_HELD, CHECKING_MATERIALS, THE_MEETING, RECTIFICATION_LIST)
BEFORE_THE_MEETING = LIFE_MEETING_STEPS[:3]
# the kinds that go through the chain: the branch's 组织生活会 and the leading group's 民主生活会
LIFE_MEETING_KINDS = (LIFE_MEETING, DEMOCRATIC_LIFE_MEETING)


def has_life_meeting_chain(kind: str | None) -> bool:
	return kind in LIFE_MEETING_KINDS


def missing_preparation(done_steps: Iterable[str]) -> list[str]:
	"""The steps before the meeting not yet done, in order: a life meeting is held only after them."""
	done = set(done_steps)
	return [step for step in BEFORE_THE_MEETING if step not in done]
