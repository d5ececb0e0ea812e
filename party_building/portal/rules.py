"""党员之家 (the members' portal) rules, as pure functions (no frappe import): the check-in window and its
signed token, when leave may still be asked, the dues months of a year, what a member has to do now,
and the login made for a member from their mobile number."""

import base64
import datetime
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Sequence

from party_building.activity import rules as activity
from party_building.dues import rules as dues

# --- check-in ---------------------------------------------------------------------------------------

CHECKIN_BEFORE_MINUTES = 30  # the code opens this long before the planned start
CHECKIN_AFTER_MINUTES = 30  # and closes this long after it
TOKEN_LIFETIME_SECONDS = 120  # a shown QR code is good for this long (the screen renews it every minute)
CODE_DIGITS = 6

NOT_YET, OPEN, CLOSED = "not yet", "open", "closed"


def planned_start(day: datetime.date, start: datetime.timedelta | None) -> datetime.datetime:
	"""The planned start of a meeting: its day and start time (without a time: the day's start)."""
	return datetime.datetime.combine(day, datetime.time()) + (start or datetime.timedelta())


def checkin_window(
	start: datetime.datetime,
	before: int = CHECKIN_BEFORE_MINUTES,
	after: int = CHECKIN_AFTER_MINUTES,
) -> tuple[datetime.datetime, datetime.datetime]:
	"""From `before` minutes before the planned start to `after` minutes after it."""
	return start - datetime.timedelta(minutes=before), start + datetime.timedelta(minutes=after)


def window_state(now: datetime.datetime, opens: datetime.datetime, closes: datetime.datetime) -> str:
	if now < opens:
		return NOT_YET
	if now > closes:
		return CLOSED
	return OPEN


def is_code(value: str) -> bool:
	return bool(re.fullmatch(rf"\d{{{CODE_DIGITS}}}", value or ""))


def _b64(data: bytes) -> str:
	return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
	return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_token(key: bytes, session: str, expires: int) -> str:
	"""A check-in token: the session it opens and when it expires (a Unix time), signed with the
	site's key. It proves where it came from; the session decides whether it is still open."""
	payload = _b64(json.dumps({"s": session, "e": int(expires)}, separators=(",", ":")).encode())
	return f"{payload}.{_signature(key, payload)}"


def _signature(key: bytes, payload: str) -> str:
	return _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest()[:18])


BAD_TOKEN, EXPIRED_TOKEN = "bad", "expired"


def read_token(key: bytes, token: str, now: int) -> tuple[str | None, str | None]:
	"""(session, None) for a genuine token still within its lifetime; (None, BAD_TOKEN) for one that
	was not signed here or was altered, (None, EXPIRED_TOKEN) for one past its time."""
	if not isinstance(token, str) or token.count(".") != 1 or len(token) > 400:
		return None, BAD_TOKEN
	payload, signature = token.split(".")
	if not hmac.compare_digest(_signature(key, payload), signature):
		return None, BAD_TOKEN
	try:
		data = json.loads(_unb64(payload))
		session, expires = str(data["s"]), int(data["e"])
	except (ValueError, KeyError, TypeError):
		return None, BAD_TOKEN
	if now > expires:
		return None, EXPIRED_TOKEN
	return session, None


def token_expiry(now: int, closes: int, lifetime: int = TOKEN_LIFETIME_SECONDS) -> int:
	"""A token shown now expires after its lifetime, never after the window closes."""
	return min(now + lifetime, closes)


# --- leave ----------------------------------------------------------------------------------------


def leave_still_possible(now: datetime.datetime, start: datetime.datetime) -> bool:
	"""请假 is asked before the meeting: up to its planned start."""
	return now < start


# --- attendance -----------------------------------------------------------------------------------


def yearly_attendance(statuses: Iterable[str]) -> tuple[int, int, float]:
	"""(present, counted, rate in percent) over a member's counted rows of the year."""
	statuses = list(statuses)
	present = sum(s == activity.PRESENT for s in statuses)
	return present, len(statuses), activity.attendance_rate(present, len(statuses))


# --- dues -----------------------------------------------------------------------------------------


def due_months_of_year(
	year: int, on: datetime.date, first_payable: datetime.date | None, assessed: bool
) -> list[datetime.date]:
	"""The months of `year` a member owes by `on`: from the first payable month (a probationary member
	from the branch meeting's approval), up to the current month; none without an assessment."""
	if not assessed or year > on.year:
		return []
	last = 12 if year < on.year else on.month
	months = [datetime.date(year, m, 1) for m in range(1, last + 1)]
	if first_payable:
		months = [m for m in months if m >= dues.month_of(first_payable)]
	return months


def dues_summary(due_months: Sequence[datetime.date], paid: set[datetime.date], on: datetime.date) -> dict:
	"""Months paid and unpaid among those due, and the arrears: the trailing unpaid months that have
	already ended (the current month is not overdue yet)."""
	unpaid = [m for m in due_months if m not in paid]
	ended = [m for m in due_months if m < dues.month_of(on)]
	return {
		"paid": [m for m in due_months if m in paid],
		"unpaid": unpaid,
		"arrears": dues.arrears(ended, paid),
	}


# --- what needs doing now -------------------------------------------------------------------------

MEETING_TODAY = "meeting today"
CHECKIN_OPEN = "check-in open"
DUES_UNPAID = "dues unpaid"
LEAVE_REFUSED = "leave refused"
LEAVE_WAITING = "leave waiting"


def todo(
	on: datetime.date,
	meetings_today: int,
	checkins_open: int,
	unpaid_months: int,
	leave_waiting: int,
	leave_refused: int,
) -> list[tuple[str, int]]:
	"""What the home page lists, most urgent first: (kind, count) for every kind that applies."""
	items = [
		(CHECKIN_OPEN, checkins_open),
		(MEETING_TODAY, meetings_today),
		(LEAVE_REFUSED, leave_refused),
		(DUES_UNPAID, unpaid_months),
		(LEAVE_WAITING, leave_waiting),
	]
	return [(kind, count) for kind, count in items if count > 0]


# --- accounts -------------------------------------------------------------------------------------

MOBILE = re.compile(r"1[3-9]\d{9}")
ACCOUNT_EMAIL_DOMAIN = "member.party.invalid"


def mobile_number(phone: str | None) -> str | None:
	"""A mainland mobile number (11 digits, 1[3-9]…) from what the register holds (spaces, dashes and a
	+86 dropped), or None."""
	digits = re.sub(r"[\s\-()]", "", phone or "")
	if digits.startswith("+86"):
		digits = digits[3:]
	elif digits.startswith("0086"):
		digits = digits[4:]
	return digits if MOBILE.fullmatch(digits) else None


def account_email(mobile: str) -> str:
	"""Frappe's users need an e-mail address; a member's login is their mobile number, and this
	address (never written to) stands for it."""
	return f"{mobile}@{ACCOUNT_EMAIL_DOMAIN}"


PASSWORD_MIN = 8


def password_problem(password: str, mobile: str | None = None) -> str | None:
	"""Why a new password is not accepted, or None: at least 8 characters, letters and digits, not the
	mobile number."""
	if len(password or "") < PASSWORD_MIN:
		return "too short"
	if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
		return "letters and digits"
	if mobile and mobile in password:
		return "contains the mobile number"
	return None


def masked_id(id_number: str) -> str:
	"""A resident ID number as a phone screen shows it: the first 6 and the last 4 characters."""
	text = str(id_number or "")
	return text[:6] + "*" * max(0, len(text) - 10) + text[-4:] if len(text) > 10 else text
