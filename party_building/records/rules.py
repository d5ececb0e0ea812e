"""Organization record rules as pure functions (no frappe import):
elections (差额, votes, quorum, timing against the term's end), term expiry, transfer letters,
standing changes, age bands, and the 大写 figures official letters use.
"""

import datetime
import math
from collections.abc import Iterable

from party_building.members.rules import ACTIVE, DECEASED, LEFT, SUSPENDED
from party_building.organization.rules import add_years

# --- elections (中国共产党基层组织选举工作条例) ---------------------------------------------

MIN_CANDIDATE_MARGIN = 0.2  # 差额: at least 20% more candidates than seats
QUORUM_SHARE = 0.8  # more than four fifths of the voting members must be present
ON_TIME_DAYS_BEFORE = 90  # an election in the three months before the term ends is on time
MAX_DEVIATION_YEARS = 1  # brought forward or delayed by at most one year, with approval

ON_TIME = "on_time"
NEEDS_APPROVAL = "needs_approval"
REFUSED = "refused"
FIRST_ELECTION = "first_election"


def min_candidates(seats: int) -> int:
	"""The fewest candidates for `seats`: at least 20% more, and always more than the seats."""
	return max(math.ceil(round(seats * (1 + MIN_CANDIDATE_MARGIN), 6)), seats + 1)


def enough_candidates(seats: int, candidates: int) -> bool:
	return seats > 0 and candidates >= min_candidates(seats)


def quorum_met(expected: int, present: int) -> bool:
	"""An election is valid when more than four fifths of the voting members are present."""
	return expected > 0 and present * 5 > expected * 4


def votes_valid(votes: int, present: int) -> bool:
	return 0 <= votes <= present


def elected_by_majority(votes: int, expected: int) -> bool:
	"""A candidate is elected with the votes of more than half of the voting members expected."""
	return votes * 2 > expected


def election_timing(election_date: datetime.date, term_end: datetime.date | None) -> str:
	"""on_time, needs_approval (within a year early or late), refused (beyond), first_election."""
	if not term_end:
		return FIRST_ELECTION
	earliest_on_time = term_end - datetime.timedelta(days=ON_TIME_DAYS_BEFORE)
	if earliest_on_time <= election_date <= term_end:
		return ON_TIME
	if add_years(term_end, -MAX_DEVIATION_YEARS) <= election_date <= add_years(term_end, MAX_DEVIATION_YEARS):
		return NEEDS_APPROVAL
	return REFUSED


def deviation_days(election_date: datetime.date, term_end: datetime.date | None) -> int:
	"""Days the election is late (positive) or early (negative) against the term's end."""
	return (election_date - term_end).days if term_end else 0


# --- term expiry ------------------------------------------------------------------------------

OVERDUE = "overdue"
ONE_MONTH = "1m"
THREE_MONTHS = "3m"
SIX_MONTHS = "6m"
EXPIRY_BUCKETS = (OVERDUE, ONE_MONTH, THREE_MONTHS, SIX_MONTHS)  # most urgent first


def add_months(day: datetime.date, months: int) -> datetime.date:
	month0 = day.month - 1 + months
	year, month = day.year + month0 // 12, month0 % 12 + 1
	last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
	return datetime.date(year, month, min(day.day, last))


def expiry_bucket(term_end: datetime.date | None, on: datetime.date) -> str | None:
	"""Which reminder point a term has reached on a day: overdue, 1m, 3m, 6m, or None."""
	if not term_end:
		return None
	if term_end < on:
		return OVERDUE
	for bucket, months in ((ONE_MONTH, 1), (THREE_MONTHS, 3), (SIX_MONTHS, 6)):
		if term_end <= add_months(on, months):
			return bucket
	return None


# --- transfers ------------------------------------------------------------------------

TRANSFER_OUT = "Out"
TRANSFER_IN = "In"
TRANSFER_WITHIN = "Within"
RECEIPT_DUE_MONTHS = 1
DEFAULT_VALIDITY_DAYS = 30
MAX_VALIDITY_DAYS = 90


def receipt_due_on(issue_date: datetime.date) -> datetime.date:
	"""The receipt (回执) comes back within one month of the letter."""
	return add_months(issue_date, RECEIPT_DUE_MONTHS)


def letter_valid_until(issue_date: datetime.date, validity_days: int) -> datetime.date:
	return issue_date + datetime.timedelta(days=validity_days - 1)


def validity_ok(validity_days: int | None) -> bool:
	return bool(validity_days) and 1 <= validity_days <= MAX_VALIDITY_DAYS


def same_side(
	from_org: str | None, to_org: str | None, from_name: str | None = None, to_name: str | None = None
) -> bool:
	"""A transfer must go somewhere else: the same linked organization (or outside name) twice is wrong."""
	if from_org and to_org:
		return from_org == to_org
	if not from_org and not to_org and from_name and to_name:
		return from_name.strip() == to_name.strip()
	return False


def sides_needed(transfer_type: str) -> tuple[bool, bool]:
	"""Which sides must be linked organizations: (from linked, to linked)."""
	return {
		TRANSFER_OUT: (True, False),
		TRANSFER_IN: (False, True),
		TRANSFER_WITHIN: (True, True),
	}[transfer_type]


def next_letter_number(used: Iterable[str], year: int) -> str:
	"""The next free letter number of a year, e.g. 2026-007 after 2026-006."""
	highest = 0
	prefix = f"{year}-"
	for number in used:
		tail = (number or "").removeprefix(prefix)
		if number and number.startswith(prefix) and tail.isdigit():
			highest = max(highest, int(tail))
	return f"{prefix}{highest + 1:03d}"


# --- standing (the standings themselves: members.rules) ---------------------------------

SUSPENSION = "Suspension"
RESTORATION = "Restoration"
LEAVING = "Leaving"
DEATH = "Death"
CHANGE_TYPES = (SUSPENSION, RESTORATION, LEAVING, DEATH)

ABROAD_NO_CONTACT = "Abroad Without Contact"
LOST_CONTACT = "Lost Contact 6 Months or More"
SUSPENSION_REASONS = (ABROAD_NO_CONTACT, LOST_CONTACT)
LEAVING_REASONS = (
	"Persuaded to Withdraw",
	"Removed from Membership",
	"Self-Withdrawal",
	"Resignation",
	"Expulsion",
)
# ways of leaving that the branch proposes and the upper level decides (除名, 劝退, 开除党籍)
UPPER_LEVEL_REASONS = ("Persuaded to Withdraw", "Removed from Membership", "Expulsion")
LOST_CONTACT_MONTHS = 6
REMOVAL_AFTER_YEARS = 2

# change type -> (standings it may start from, standing it leads to)
TRANSITIONS = {
	SUSPENSION: ((ACTIVE,), SUSPENDED),
	RESTORATION: ((SUSPENDED,), ACTIVE),
	LEAVING: ((ACTIVE, SUSPENDED), LEFT),
	DEATH: ((ACTIVE, SUSPENDED), DECEASED),
}


def new_standing(change_type: str, current: str) -> str | None:
	"""The standing a change leads to, or None when it cannot start from the current standing."""
	starts, target = TRANSITIONS[change_type]
	return target if current in starts else None


def needs_upper_level(change_type: str, reason: str | None) -> bool:
	"""Does this standing change take the upper level's decision (it ends membership against the
	member's will)? The branch records it; only the upper level submits it."""
	return change_type == LEAVING and reason in UPPER_LEVEL_REASONS


def reasons_for(change_type: str) -> tuple[str, ...]:
	return {SUSPENSION: SUSPENSION_REASONS, LEAVING: LEAVING_REASONS}.get(change_type, ())


def lost_contact_long_enough(lost_since: datetime.date | None, on: datetime.date) -> bool:
	return bool(lost_since) and add_months(lost_since, LOST_CONTACT_MONTHS) <= on


def due_for_removal(suspended_since: datetime.date | None, on: datetime.date) -> bool:
	"""Suspended more than two years without contact: listed for removal (除名)."""
	return bool(suspended_since) and add_years(suspended_since, REMOVAL_AFTER_YEARS) < on


# --- statistics -------------------------------------------------------------------------------

AGE_BANDS = ((0, 30, "30 and Under"), (31, 35, "31-35"), (36, 45, "36-45"), (46, 55, "46-55"), (56, 60, "56-60"), (61, 200, "61 and Over"))  # fmt: skip


def age_band(age: int) -> str:
	for low, high, label in AGE_BANDS:
		if low <= age <= high:
			return label
	return AGE_BANDS[-1][2]


def year_end(year: int) -> datetime.date:
	return datetime.date(year, 12, 31)


# --- 大写 for letters -------------------------------------------------------------------------

CN_DATE_DIGITS = "〇一二三四五六七八九"
CN_UPPER_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def upper_number(n: int) -> str:
	"""An integer in financial capitals (大写): 30 -> 叁拾, 105 -> 壹佰零伍."""
	import cn2an

	return cn2an.an2cn(int(n), "up")


def upper_amount(amount: float) -> str:
	"""Money in capitals: 1234.5 -> 壹仟贰佰叁拾肆元伍角."""
	import cn2an

	return cn2an.an2cn(f"{amount:.2f}", "rmb")


def cn_small_number(n: int) -> str:
	"""1-31 in the plain numerals dates use: 10 -> 十, 21 -> 二十一."""
	tens, ones = divmod(int(n), 10)
	text = ("" if tens < 2 else CN_DATE_DIGITS[tens]) + ("十" if tens else "")
	return text + (CN_DATE_DIGITS[ones] if ones else "") or CN_DATE_DIGITS[0]


def cn_year(year: int) -> str:
	return "".join(CN_DATE_DIGITS[int(d)] for d in str(year))


def cn_date(day: datetime.date | None) -> str:
	"""二〇二六年十一月二十一日, as dates are written on official letters."""
	if not day:
		return ""
	return f"{cn_year(day.year)}年{cn_small_number(day.month)}月{cn_small_number(day.day)}日"


def cn_month(day: datetime.date | None) -> str:
	"""二〇二六年十一月: a period such as "dues paid up to"."""
	if not day:
		return ""
	return f"{cn_year(day.year)}年{cn_small_number(day.month)}月"


# --- 述职评议: the secretary's yearly duty report, graded by the upper level (issue 19) -------------

GOOD, FAIRLY_GOOD, AVERAGE, POOR = "Good", "Fairly Good", "Average", "Poor"  # 好, 较好, 一般, 差
DUTY_GRADES = (GOOD, FAIRLY_GOOD, AVERAGE, POOR)
DUTY_GRADE_SCORE = {GOOD: 4, FAIRLY_GOOD: 3, AVERAGE: 2, POOR: 1}


def overall_duty_grade(grades: Iterable[str | None]) -> str | None:
	"""The reviewers' grades together: their mean score, half up (3.5 is 好), as a grade; None without any."""
	scores = [DUTY_GRADE_SCORE[g] for g in grades if g in DUTY_GRADE_SCORE]
	if not scores:
		return None
	mean = sum(scores) / len(scores)
	score = int(mean + 0.5)
	return next(g for g, s in DUTY_GRADE_SCORE.items() if s == score)


def repeated(values: Iterable[str | None]) -> list[str]:
	"""Values given more than once (a reviewer grading the same report twice)."""
	seen, out = set(), []
	for v in values:
		if v and v in seen and v not in out:
			out.append(v)
		seen.add(v)
	return out


# --- 党建目标考核: the branch assessment (issue 19) -----------------------------------------------

MEETINGS_HELD = "Meetings Held"
DUES_COLLECTED = "Dues Collected"
RECTIFICATIONS_CLOSED = "Rectifications Closed"
TALKS_DONE = "Heart-to-Heart Talks"
EVIDENCE_RULES = (MEETINGS_HELD, DUES_COLLECTED, RECTIFICATIONS_CLOSED, TALKS_DONE)


def score_problem(score: float | None, points: float | None) -> str | None:
	"""A score is between 0 and the item's points; None while not scored."""
	if score is None:
		return None
	if score < 0:
		return "negative"
	if score > (points or 0):
		return "above_points"
	return None


def competition_rank(totals: dict[str, float]) -> dict[str, int]:
	"""1, 2, 2, 4: equal totals share a place, the next place skips."""
	ordered = sorted(totals.values(), reverse=True)
	return {name: ordered.index(total) + 1 for name, total in totals.items()}
