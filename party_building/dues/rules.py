"""Party dues rules, as pure functions (no frappe import).

Money is Decimal, rounded to the fen (0.01 yuan) half up. Months are the first day of the month
(`datetime.date(y, m, 1)`). The tiers are data (they live in Party Dues Settings): a list of
`Tier(category, up_to, rate, fixed)`; a band's rate applies to the whole base and a band's upper
edge belongs to it (3000.00 → 0.5%, 3000.01 → 1%).

`paid_up_to(member)` (for transfer letters) is the one frappe-side function importable from here;
it lives in party_building.dues.service.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
HUNDRED = Decimal(100)

IN_SERVICE = "In Service"
RETIRED = "Retired"
STUDENT = "Student"
UNEMPLOYED = "Unemployed"
ON_RELIEF = "On Relief"
CATEGORIES = (IN_SERVICE, RETIRED, STUDENT, UNEMPLOYED, ON_RELIEF)

REDUCED = "Reduced"
EXEMPT = "Exempt"
ADJUSTMENTS = (REDUCED, EXEMPT)

BACK_PAYMENT_LIMIT = 6
LARGE_PAYMENT_THRESHOLD = Decimal(1000)
REMINDER_MONTHS = 3
LAPSE_MONTHS = 6  # six months unpaid without a reason: treated as leaving the Party (自行脱党)
MAX_REPORT_MONTHS = 60


@dataclass(frozen=True)
class Tier:
	"""One band: bases up to `up_to` (None: no upper limit) pay `rate` percent, or a `fixed` amount."""

	category: str
	up_to: Decimal | None = None
	rate: Decimal | None = None
	fixed: Decimal | None = None


DEFAULT_TIERS: tuple[Tier, ...] = (
	Tier(IN_SERVICE, Decimal(3000), Decimal("0.5")),
	Tier(IN_SERVICE, Decimal(5000), Decimal(1)),
	Tier(IN_SERVICE, Decimal(10000), Decimal("1.5")),
	Tier(IN_SERVICE, None, Decimal(2)),
	Tier(RETIRED, Decimal(5000), Decimal("0.5")),
	Tier(RETIRED, None, Decimal(1)),
	Tier(STUDENT, fixed=Decimal("0.2")),
	Tier(UNEMPLOYED, fixed=Decimal("0.2")),
	Tier(ON_RELIEF, fixed=Decimal("0.2")),
)


class TierError(ValueError):
	"""The tiers do not cover a category or a base."""


def dec(value) -> Decimal:
	"""A Decimal from an int, str, Decimal or float (floats through their shortest repr)."""
	if isinstance(value, Decimal):
		return value
	if value is None:
		return Decimal(0)
	return Decimal(str(value))


def to_fen(value) -> Decimal:
	"""Round to the fen, half up: 15.005 → 15.01."""
	return dec(value).quantize(FEN, rounding=ROUND_HALF_UP)


def tier_for(category: str, base, tiers: Iterable[Tier] = DEFAULT_TIERS) -> Tier:
	"""The band a monthly base falls in; an edge belongs to the lower band."""
	base = dec(base)
	if base < 0:
		raise TierError(f"A monthly base cannot be negative: {base}")
	bands = [t for t in tiers if t.category == category]
	if not bands:
		raise TierError(f"No dues tier for the category {category}")
	fixed = [t for t in bands if t.fixed is not None and t.rate is None]
	if fixed:
		return fixed[0]
	bounded = sorted((t for t in bands if t.up_to is not None), key=lambda t: t.up_to)
	for band in bounded:
		if base <= band.up_to:
			return band
	open_ended = [t for t in bands if t.up_to is None]
	if not open_ended:
		raise TierError(f"No dues tier of {category} covers a base of {base}")
	return open_ended[0]


def amount_at(base, rate) -> Decimal:
	"""Monthly amount at a percent rate, to the fen."""
	return to_fen(dec(base) * dec(rate) / HUNDRED)


def assess(category: str, base, tiers: Iterable[Tier] = DEFAULT_TIERS) -> tuple[Decimal, Decimal]:
	"""(rate in percent, monthly amount) for a member; a fixed-amount category has rate 0."""
	band = tier_for(category, base, tiers)
	if band.rate is None:
		return Decimal(0), to_fen(band.fixed)
	return dec(band.rate), amount_at(base, band.rate)


def check_tiers(tiers: Sequence[Tier]) -> list[str]:
	"""Problems of a tier table (empty when it is usable): each category has an open-ended band or a
	fixed amount, no band has both or neither, no two bands share an upper edge."""
	problems = []
	for category in sorted({t.category for t in tiers}):
		bands = [t for t in tiers if t.category == category]
		for t in bands:
			if (t.rate is None) == (t.fixed is None):
				problems.append(f"{category}: a band needs either a rate or a fixed amount")
			if (t.rate is not None and t.rate < 0) or (t.fixed is not None and t.fixed < 0):
				problems.append(f"{category}: negative rate or amount")
		edges = [t.up_to for t in bands if t.up_to is not None]
		if len(edges) != len(set(edges)):
			problems.append(f"{category}: two bands share the upper edge")
		if any(t.rate is not None for t in bands) and not any(
			t.up_to is None and t.rate is not None for t in bands
		):
			problems.append(f"{category}: the highest band needs no upper limit")
	return problems


# --- months -----------------------------------------------------------------------------------


def month_of(day: datetime.date) -> datetime.date:
	return datetime.date(day.year, day.month, 1)


def parse_month(value) -> datetime.date:
	"""'2026-03', '2026-03-15', a date or datetime → the month (its first day)."""
	if isinstance(value, datetime.datetime):
		return month_of(value.date())
	if isinstance(value, datetime.date):
		return month_of(value)
	text = str(value).strip()
	year, month = int(text[:4]), int(text[5:7])
	return datetime.date(year, month, 1)


def month_key(month: datetime.date) -> str:
	return f"{month.year:04d}-{month.month:02d}"


def add_months(month: datetime.date, n: int) -> datetime.date:
	index = month.year * 12 + month.month - 1 + n
	return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(start: datetime.date, end: datetime.date) -> int:
	"""Whole months from `start`'s month to `end`'s month (0 when the same, negative when earlier)."""
	return (end.year - start.year) * 12 + end.month - start.month


def month_range(start, end) -> list[datetime.date]:
	"""The months from `start` to `end`, both included; empty when `end` is before `start`."""
	start, end = parse_month(start), parse_month(end)
	return [add_months(start, i) for i in range(months_between(start, end) + 1)]


def first_payable_month(joined_on: datetime.date) -> datetime.date:
	"""Dues start in the month of the branch meeting that admitted the member (probationary too)."""
	return month_of(joined_on)


def back_payment_months(months: Iterable[datetime.date], paid_on: datetime.date) -> int:
	"""How many of the months paid lie before the month of payment."""
	current = month_of(paid_on)
	return sum(1 for m in months if m < current)


def member_month_key(member: str, month: datetime.date) -> str:
	"""The unique database key of one member-month (a member-month is paid at most once)."""
	return f"{member}:{month_key(month)}"


def member_year_key(member: str, year: int) -> str:
	"""The unique database key of a member's assessment for a year."""
	return f"{member}:{year}"


def due_amount(months: Iterable[datetime.date], monthly: dict[int, Decimal]) -> Decimal:
	"""Sum of the assessed monthly amounts (by year) over the months."""
	return to_fen(sum((dec(monthly[m.year]) for m in months), Decimal(0)))


def voluntary_amount(amount, due) -> Decimal:
	"""What a payment gives beyond the dues of its months."""
	return max(Decimal(0), to_fen(dec(amount) - dec(due)))


def is_large_payment(voluntary, threshold=LARGE_PAYMENT_THRESHOLD) -> bool:
	"""A single voluntary amount of 1000 yuan or more goes up whole."""
	return dec(voluntary) >= dec(threshold)


# --- arrears ----------------------------------------------------------------------------------


def months_unpaid(last_paid: datetime.date | None, first_payable: datetime.date, on: datetime.date) -> int:
	"""Consecutive months unpaid, up to the last month that has ended before `on`.

	The current month is not yet overdue. Counting starts after the last paid month, or at the
	first payable month when nothing was ever paid.
	"""
	start = add_months(month_of(last_paid), 1) if last_paid else month_of(first_payable)
	last_ended = add_months(month_of(on), -1)
	return max(0, months_between(start, last_ended) + 1)


def arrears(due_months: Sequence[datetime.date], paid: set[datetime.date]) -> int:
	"""Trailing consecutive unpaid months of an ordered list of due months."""
	count = 0
	for month in reversed(due_months):
		if month in paid:
			break
		count += 1
	return count


def unpaid_stage(months: int, reminder: int = REMINDER_MONTHS, lapse: int = LAPSE_MONTHS) -> int:
	"""0 (fine), `reminder` (3: remind) or `lapse` (6: the 自行脱党 case) for a count of unpaid months."""
	if months >= lapse:
		return lapse
	if months >= reminder:
		return reminder
	return 0


def month_mask(months: Iterable[datetime.date], start: datetime.date) -> int:
	"""Bit i set when the month `start` + i is among `months` (the reports' paid-month mask)."""
	mask = 0
	for m in months:
		i = months_between(start, m)
		if i >= 0:
			mask |= 1 << i
	return mask


def collection_rate(paid, due) -> Decimal:
	"""Percent of the dues collected, one decimal; 100 when nothing was due."""
	due = dec(due)
	if due <= 0:
		return Decimal(100)
	return (min(dec(paid), due) * HUNDRED / due).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- ledger -----------------------------------------------------------------------------------


def balance(rows: Iterable[tuple]) -> Decimal:
	"""Balance of ledger rows given as (received, remitted) pairs."""
	total = Decimal(0)
	for received, remitted in rows:
		total += dec(received) - dec(remitted)
	return to_fen(total)


def monthly_ledger(
	opening, movements: dict[datetime.date, tuple], months: Sequence[datetime.date]
) -> list[dict]:
	"""Per month: opening, received, remitted, spent, closing; `movements` month → (received, remitted)
	or (received, remitted, spent) — dues used (党费使用) leave the book like remittances."""
	rows = []
	running = dec(opening)
	for month in months:
		received, remitted, *rest = (dec(v) for v in movements.get(month, (0, 0)))
		spent = rest[0] if rest else Decimal(0)
		closing = running + received - remitted - spent
		rows.append(
			{
				"month": month,
				"opening": to_fen(running),
				"received": to_fen(received),
				"remitted": to_fen(remitted),
				"spent": to_fen(spent),
				"closing": to_fen(closing),
			}
		)
		running = closing
	return rows


# --- dues use (党费使用) --------------------------------------------------------------------------

USE_ENTRY = "Use"  # the ledger row of dues spent
USE_PURPOSES = ("Education and Training", "Visits to Members in Difficulty", "Commendation", "Other")


def use_problem(amount, balance) -> str | None:
	"""Dues spent: more than zero and not more than the book holds ("non_positive" / "above_balance")."""
	if dec(amount) <= 0:
		return "non_positive"
	if dec(amount) > dec(balance):
		return "above_balance"
	return None
