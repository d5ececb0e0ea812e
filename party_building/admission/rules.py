"""Admission rules (发展党员), as pure functions (no frappe import).

Each rule is one function, unit tested in tests/unit/test_admission_rules.py; the Member Development
controller calls them and turns a broken rule into its domain error with a Chinese message. Steps are
referred to by their number in the 25-step sequence (the names and stages live in the editable master
list "Development Step Template"; DEFAULT_STEPS is what the app ships).
"""

import calendar
import datetime
from collections.abc import Iterable, Mapping

from party_building.holidays import rules as holidays
from party_building.organization.rules import add_years

# --- the 25 steps -------------------------------------------------------------------------------

# process stages of the master list (the five stages of the admission rules)
APPLICATION_STAGE = "Application"
ACTIVIST_STAGE = "Activist Training"
TARGET_STAGE = "Development Target Review"
ADMISSION_STAGE = "Admission"
PROBATION_STAGE = "Probation and Full Membership"
PROCESS_STAGES = (APPLICATION_STAGE, ACTIVIST_STAGE, TARGET_STAGE, ADMISSION_STAGE, PROBATION_STAGE)

DEFAULT_STEPS = (
	(1, "递交入党申请书", APPLICATION_STAGE),
	(2, "党组织派人谈话", APPLICATION_STAGE),
	(3, "推荐和确定入党积极分子", ACTIVIST_STAGE),
	(4, "上级党委备案", ACTIVIST_STAGE),
	(5, "指定培养联系人", ACTIVIST_STAGE),
	(6, "培养教育考察", ACTIVIST_STAGE),
	(7, "确定发展对象", TARGET_STAGE),
	(8, "报上级党委备案", TARGET_STAGE),
	(9, "确定入党介绍人", TARGET_STAGE),
	(10, "政治审查", TARGET_STAGE),
	(11, "短期集中培训", TARGET_STAGE),
	(12, "支部委员会审查", ADMISSION_STAGE),
	(13, "上级党委预审", ADMISSION_STAGE),
	(14, "填写入党志愿书", ADMISSION_STAGE),
	(15, "支部大会讨论", ADMISSION_STAGE),
	(16, "上级党委派人谈话", ADMISSION_STAGE),
	(17, "上级党委审批", ADMISSION_STAGE),
	(18, "再上级党委组织部门备案", ADMISSION_STAGE),
	(19, "编入支部和党小组", PROBATION_STAGE),
	(20, "入党宣誓", PROBATION_STAGE),
	(21, "继续教育考察", PROBATION_STAGE),
	(22, "提出转正申请", PROBATION_STAGE),
	(23, "支部大会讨论", PROBATION_STAGE),
	(24, "上级党委审批", PROBATION_STAGE),
	(25, "材料归档", PROBATION_STAGE),
)
STEP_COUNT = len(DEFAULT_STEPS)

APPLICATION = 1
TALK = 2
ACTIVIST = 3
ACTIVIST_FILED = 4
CONTACTS = 5
TARGET = 7
TARGET_FILED = 8
INTRODUCERS = 9
POLITICAL_REVIEW = 10
TRAINING = 11
PRE_REVIEW = 13
BRANCH_MEETING = 15
APPROVAL = 17
OATH = 20
FULL_MEETING = 23
FULL_APPROVAL = 24

# the steps the upper Party Committee performs through the workflow (filing and approvals)
UPPER_LEVEL_STEPS = (ACTIVIST_FILED, TARGET_FILED, APPROVAL, FULL_APPROVAL)

# stage boundaries the branch submits upwards: boundary → (last branch step, the upper level's step)
ACTIVIST_BOUNDARY = "Activist"
TARGET_BOUNDARY = "Development Target"
ADMISSION_BOUNDARY = "Admission"
FULL_BOUNDARY = "Full Membership"
BOUNDARIES = {
	ACTIVIST_BOUNDARY: (ACTIVIST, ACTIVIST_FILED),
	TARGET_BOUNDARY: (TARGET, TARGET_FILED),
	ADMISSION_BOUNDARY: (APPROVAL - 1, APPROVAL),
	FULL_BOUNDARY: (FULL_APPROVAL - 1, FULL_APPROVAL),
}

# --- the record's stage -------------------------------------------------------------------------

APPLICANT = "Applicant"
ACTIVIST_PERSON = "Activist"
DEVELOPMENT_TARGET = "Development Target"
PROBATIONARY_MEMBER = "Probationary Member"
FULL_MEMBER = "Full Member"
CANCELLED = "Cancelled"
WITHDRAWN = "Withdrawn"
STAGES = (
	APPLICANT,
	ACTIVIST_PERSON,
	DEVELOPMENT_TARGET,
	PROBATIONARY_MEMBER,
	FULL_MEMBER,
	CANCELLED,
	WITHDRAWN,
)
OPEN_STAGES = (APPLICANT, ACTIVIST_PERSON, DEVELOPMENT_TARGET, PROBATIONARY_MEMBER)

# probation decisions at the end of probation
DECISION_FULL = "Full Membership"
DECISION_EXTEND = "Extension"
DECISION_CANCEL = "Cancellation"

# --- numbers of the rules -----------------------------------------------------------------------

MIN_APPLICATION_AGE = 18
TALK_WITHIN_MONTHS = 1
MIN_CONTACTS, MAX_CONTACTS = 1, 2
ACTIVIST_MIN_YEARS = 1
ASSESSMENT_EVERY_MONTHS = 6
PUBLICITY_MIN_WORKING_DAYS = 5
INTRODUCER_COUNT = 2
MIN_TRAINING_DAYS = 3
MIN_TRAINING_HOURS = 24
APPROVAL_WITHIN_MONTHS = 3
APPROVAL_EXTENDED_MONTHS = 6
OATH_WITHIN_MONTHS = 1
PROBATION_YEARS = 1
MIN_EXTENSION_MONTHS, MAX_EXTENSION_MONTHS = 6, 12
MAX_EXTENSIONS = 1
# a record carried over from before the app (历史数据转入) arrives having done at most the steps before
# the meeting on full membership; steps 23 to 25 are recorded in the app
MAX_CARRIED_OVER = FULL_MEETING - 1

# penalty kinds (as in member_rules / the Party Member register)
PROBATION_IN_PARTY = "Probation within the Party"
BLOCKING_UNLESS_REASON = ("Warning", "Serious Warning", "Removal from Party Post")


def add_months(day: datetime.date, months: int) -> datetime.date:
	"""The same day `months` later, or the month's last day (31 January + 1 month = 28/29 February)."""
	month = day.month - 1 + months
	year, month = day.year + month // 12, month % 12 + 1
	return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# --- one function per rule ----------------------------------------------------------------------


def old_enough_to_apply(birth_date: datetime.date, applied_on: datetime.date) -> bool:
	"""An applicant is at least 18 on the application date."""
	return applied_on >= add_years(birth_date, MIN_APPLICATION_AGE)


def talk_due(applied_on: datetime.date) -> datetime.date:
	return add_months(applied_on, TALK_WITHIN_MONTHS)


def talk_in_time(applied_on: datetime.date, talked_on: datetime.date, late_reason: str | None = None) -> bool:
	"""The branch talks with the applicant within 1 month of the application (later only with a reason)."""
	return talked_on <= talk_due(applied_on) or bool((late_reason or "").strip())


def contacts_valid(membership_types: Iterable[str]) -> str | None:
	"""1 or 2 contacts (培养联系人), all full members: None, or "count" / "not_full"."""
	types = list(membership_types)
	if not MIN_CONTACTS <= len(types) <= MAX_CONTACTS:
		return "count"
	if any(t != "Full" for t in types):
		return "not_full"
	return None


def earliest_target_date(activist_on: datetime.date) -> datetime.date:
	return add_years(activist_on, ACTIVIST_MIN_YEARS)


def activist_long_enough(activist_on: datetime.date, target_on: datetime.date) -> bool:
	"""At least 1 year as activist before becoming a development target."""
	return target_on >= earliest_target_date(activist_on)


def assessment_due(activist_on: datetime.date, last_assessed_on: datetime.date | None) -> datetime.date:
	"""An activist is assessed every 6 months: the next assessment's date."""
	return add_months(max(d for d in (activist_on, last_assessed_on) if d), ASSESSMENT_EVERY_MONTHS)


def publicity_long_enough(
	start: datetime.date, end: datetime.date, official: holidays.Official
) -> tuple[bool, int, bool]:
	"""Publicity (公示) lasts at least 5 working days on the official calendar (`official`: the app's
	entered years, see holidays.rules): (ok, working days, used the Mon–Fri fallback)."""
	days, fallback = holidays.working_days(start, end, official)
	return days >= PUBLICITY_MIN_WORKING_DAYS, days, fallback


def publicity_end(start: datetime.date, official: holidays.Official) -> tuple[datetime.date, bool]:
	"""The last day of a 5-working-day publicity starting on `start`: (day, used the Mon–Fri fallback)."""
	return holidays.nth_working_day(start, PUBLICITY_MIN_WORKING_DAYS, official)


def introducer_problem(
	membership_type: str, penalties: Iterable[str], reason: str | None = None
) -> str | None:
	"""One introducer (入党介绍人): None if they may introduce, else why not.

	"not_full": probationary members do not introduce; "probation_in_party": a member under 留党察看
	cannot (no reason overrides it); "penalty": a 警告 / 严重警告 / 撤销党内职务 in force blocks unless the
	secretary records a reason (the rules say such a member "should not" introduce, not "cannot").
	"""
	penalties = set(penalties)
	if membership_type != "Full":
		return "not_full"
	if PROBATION_IN_PARTY in penalties:
		return "probation_in_party"
	if penalties & set(BLOCKING_UNLESS_REASON) and not (reason or "").strip():
		return "penalty"
	return None


def introducer_count_valid(members: Iterable[str]) -> bool:
	"""Exactly two different introducers."""
	members = [m for m in members if m]
	return len(members) == INTRODUCER_COUNT and len(set(members)) == INTRODUCER_COUNT


def ready_for_branch_meeting(review_passed: bool, training_days: float, training_hours: float) -> str | None:
	"""Before the branch meeting: a passed political review, and training of 3 days or 24 class hours."""
	if not review_passed:
		return "political_review"
	if (training_days or 0) < MIN_TRAINING_DAYS and (training_hours or 0) < MIN_TRAINING_HOURS:
		return "training"
	return None


def more_than_half(count: int, expected: int) -> bool:
	return 2 * (count or 0) > (expected or 0)


def meeting_problem(expected: int, present: int, votes_for: int, written_for: int = 0) -> str | None:
	"""Branch general meeting on one candidate: more than half of the voting members expected present,
	and votes in favour (written opinions of absent voting members count) more than half of them."""
	if not expected or expected < 1:
		return "expected"
	if (present or 0) > expected or (votes_for or 0) > (present or 0):
		return "counts"
	if not more_than_half(present, expected):
		return "quorum"
	if not more_than_half((votes_for or 0) + (written_for or 0), expected):
		return "votes"
	return None


def approval_deadline(meeting_on: datetime.date, extended: bool = False) -> datetime.date:
	return add_months(meeting_on, APPROVAL_EXTENDED_MONTHS if extended else APPROVAL_WITHIN_MONTHS)


def approval_problem(
	approver_type: str | None,
	meeting_on: datetime.date,
	approved_on: datetime.date,
	extended: bool = False,
	extension_reason: str | None = None,
) -> str | None:
	"""Only a Party Committee approves, within 3 months of the branch meeting (6 with a recorded reason)."""
	if approver_type != "Party Committee":
		return "not_committee"
	if extended and not (extension_reason or "").strip():
		return "no_reason"
	if approved_on > approval_deadline(meeting_on, extended):
		return "late"
	return None


def oath_due(approved_on: datetime.date) -> datetime.date:
	return add_months(approved_on, OATH_WITHIN_MONTHS)


def oath_in_time(approved_on: datetime.date, oath_on: datetime.date) -> bool:
	"""The oath within 1 month of the approval."""
	return oath_on <= oath_due(approved_on)


def probation_end(meeting_on: datetime.date, extension_months: int = 0) -> datetime.date:
	"""Probation is 1 year from the branch meeting, plus the extension (if any)."""
	return add_months(add_years(meeting_on, PROBATION_YEARS), extension_months or 0)


def probation_decisions_problem(
	decisions: list[tuple[str, datetime.date | None, int]], meeting_on: datetime.date
) -> str | None:
	"""Decisions at the end of probation, in order: (decision, decided_on, extension months).

	Full membership, cancellation, or one extension of 6 to 12 months; nothing after a final decision;
	full membership and extension are decided on or after the end of the probation they close
	(cancellation may come earlier: a probationary member who fails the conditions is cancelled).
	"""
	extension = 0
	extensions = 0
	for index, (decision, decided_on, months) in enumerate(decisions):
		if index and decisions[index - 1][0] != DECISION_EXTEND:
			return "after_final"
		if decision != DECISION_CANCEL and decided_on and decided_on < probation_end(meeting_on, extension):
			return "too_early"
		if decision == DECISION_EXTEND:
			extensions += 1
			if extensions > MAX_EXTENSIONS:
				return "second_extension"
			if not MIN_EXTENSION_MONTHS <= (months or 0) <= MAX_EXTENSION_MONTHS:
				return "extension_length"
			extension = months
	return None


def extension_months_of(decisions: Iterable[tuple[str, datetime.date | None, int]]) -> int:
	return sum(months or 0 for decision, _on, months in decisions if decision == DECISION_EXTEND)


def final_decision(decisions: list[tuple[str, datetime.date | None, int]]) -> str | None:
	if decisions and decisions[-1][0] in (DECISION_FULL, DECISION_CANCEL):
		return decisions[-1][0]
	return None


def reached(dates: Mapping[int, datetime.date | None], step: int, done_through: int = 0) -> bool:
	"""A step is done when it is dated, or, in a record carried over from before the app, when it is one
	of the steps the record arrived having done (`done_through`), dated or not."""
	return bool(dates.get(step)) or step <= (done_through or 0)


def carried_over_problem(
	dates: Mapping[int, datetime.date | None], done_through: int, has_member: bool
) -> str | None:
	"""A record carried over from before the app (历史数据转入): None, or what is impossible about it.

	"range": it arrives having done 1 to 22 steps (the rest is recorded in the app); "meeting_date": past
	the branch meeting, that meeting's date is needed (probation runs a year from it); "member": past the
	approval (step 17) the person is in the register, and the record names them.
	"""
	if not 1 <= (done_through or 0) <= MAX_CARRIED_OVER:
		return "range"
	if done_through >= BRANCH_MEETING and not dates.get(BRANCH_MEETING):
		return "meeting_date"
	if done_through >= APPROVAL and not has_member:
		return "member"
	return None


def order_problem(
	dates: Mapping[int, datetime.date | None], done_through: int = 0
) -> tuple[str, int, int] | None:
	"""Steps happen in order: no dated step after an undated one, no date before its predecessor's.

	A carried-over record's steps up to `done_through` may be undated (done before the app kept them).
	Returns ("gap", missing step, dated step) / ("before", step, predecessor) or None.
	"""
	previous_no, previous_date, missing = None, None, None
	for no in sorted(dates):
		day = dates[no]
		if not day:
			if no > (done_through or 0):
				missing = missing or no
			continue
		if missing:
			return "gap", missing, no
		if previous_date and day < previous_date:
			return "before", no, previous_no
		previous_no, previous_date = no, day
	return None


def stage_of(
	dates: Mapping[int, datetime.date | None], final: str | None, ended: str | None, done_through: int = 0
) -> str:
	"""The record's stage from its done steps and, at the end of probation, the decision."""
	if ended in (CANCELLED, WITHDRAWN):
		return ended
	if final == DECISION_CANCEL:
		return CANCELLED
	if reached(dates, FULL_APPROVAL, done_through) and final == DECISION_FULL:
		return FULL_MEMBER
	if reached(dates, APPROVAL, done_through):
		return PROBATIONARY_MEMBER
	if reached(dates, TARGET, done_through):
		return DEVELOPMENT_TARGET
	if reached(dates, ACTIVIST, done_through):
		return ACTIVIST_PERSON
	return APPLICANT


def pending_boundary(dates: Mapping[int, datetime.date | None], done_through: int = 0) -> str | None:
	"""The stage boundary the branch can submit upwards now: its steps are done, the upper step is not."""
	for boundary, (last_branch_step, upper_step) in BOUNDARIES.items():
		if reached(dates, last_branch_step, done_through) and not reached(dates, upper_step, done_through):
			return boundary
	return None


def next_deadline(
	dates: Mapping[int, datetime.date | None],
	approval_extended: bool = False,
	extension_months: int = 0,
	talk_late_reason: str | None = None,
	done_through: int = 0,
) -> tuple[int, datetime.date] | None:
	"""The next step that has a deadline and is not done yet: (step, due date), or None.

	Talk 1 month after the application; approval 3 (6) months after the branch meeting; oath 1 month
	after approval; the full-membership meeting at the end of probation. A deadline counts from a dated
	step (a carried-over step done without a date starts none).
	"""

	def done(step):
		return reached(dates, step, done_through)

	if dates.get(APPLICATION) and not done(TALK) and not (talk_late_reason or "").strip():
		return TALK, talk_due(dates[APPLICATION])
	if dates.get(BRANCH_MEETING) and not done(APPROVAL):
		return APPROVAL, approval_deadline(dates[BRANCH_MEETING], approval_extended)
	if dates.get(APPROVAL) and not done(OATH):
		return OATH, oath_due(dates[APPROVAL])
	if dates.get(BRANCH_MEETING) and done(APPROVAL) and not done(FULL_MEETING):
		return FULL_MEETING, probation_end(dates[BRANCH_MEETING], extension_months)
	return None


def days_overdue(due: datetime.date | None, on: datetime.date) -> int:
	return max(0, (on - due).days) if due else 0


# reminder kinds (Party Reminder Log's reminder_type)
TALK_DUE = "Development Talk Due"
ASSESSMENT_DUE = "Activist Assessment Due"
APPROVAL_DEADLINE = "Admission Approval Deadline"
OATH_DUE = "Oath Due"
PROBATION_ENDING = "Probation Ending"
REMIND_DAYS_AHEAD = {
	TALK_DUE: 7,
	ASSESSMENT_DUE: 14,
	APPROVAL_DEADLINE: 14,
	OATH_DUE: 7,
	PROBATION_ENDING: 30,
}


def reminders_due(
	dates: Mapping[int, datetime.date | None],
	on: datetime.date,
	stage: str,
	last_assessed_on: datetime.date | None = None,
	approval_extended: bool = False,
	extension_months: int = 0,
	done_through: int = 0,
) -> list[tuple[str, datetime.date]]:
	"""(reminder kind, due date) of each reminder that falls due within its lead time (or is overdue).

	A carried-over record (`done_through`) is reminded like any other: its probation ends a year (plus
	the extension) after its branch meeting, whether or not the approval's date was carried over."""
	if stage not in OPEN_STAGES:
		return []

	def done(step):
		return reached(dates, step, done_through)

	found = []
	if dates.get(APPLICATION) and not done(TALK):
		found.append((TALK_DUE, talk_due(dates[APPLICATION])))
	if (dates.get(ACTIVIST) or last_assessed_on) and done(ACTIVIST) and not done(BRANCH_MEETING):
		found.append((ASSESSMENT_DUE, assessment_due(dates.get(ACTIVIST), last_assessed_on)))
	if dates.get(BRANCH_MEETING) and not done(APPROVAL):
		found.append((APPROVAL_DEADLINE, approval_deadline(dates[BRANCH_MEETING], approval_extended)))
	if dates.get(APPROVAL) and not done(OATH):
		found.append((OATH_DUE, oath_due(dates[APPROVAL])))
	if dates.get(BRANCH_MEETING) and done(APPROVAL) and not done(FULL_APPROVAL):
		found.append((PROBATION_ENDING, probation_end(dates[BRANCH_MEETING], extension_months)))
	return [(kind, due) for kind, due in found if (due - on).days <= REMIND_DAYS_AHEAD[kind]]
