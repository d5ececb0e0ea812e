"""The official holiday calendar (法定节假日安排), as pure functions (no frappe import).

Working days in China are Monday to Friday, except the State Council's days off (放假), plus its
adjusted working weekends (调休上班), published each autumn for the next year. Three sources, in order:

1. the app's calendar, entered by the county administrator from the notice ("Official Holiday
   Calendar", passed in here as data: year → YearDays);
2. the `chinesecalendar` library (its data ends with the year it was released for);
3. Monday to Friday, flagged so the caller warns that the holidays were not counted.

Every working-day count of the app goes through `working_days` / `nth_working_day` with the app's
calendar (party_building/holidays/service.py reads it); tests pass made-up years.
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import chinese_calendar

DAY_OFF = "Day Off"  # 放假
WORKING_DAY = "Working Day"  # 调休上班
KINDS = (DAY_OFF, WORKING_DAY)

# from 1 November the county administrator is reminded to enter next year's calendar
REMIND_FROM_MONTH = 11


class YearDays(NamedTuple):
	"""One year of the official calendar: the days off and the adjusted working days."""

	off: frozenset[datetime.date]
	work: frozenset[datetime.date]


Official = Mapping[int, YearDays]


def year_days(rows: Iterable[tuple[datetime.date, str]]) -> YearDays:
	rows = list(rows)
	return YearDays(
		frozenset(day for day, kind in rows if kind == DAY_OFF),
		frozenset(day for day, kind in rows if kind == WORKING_DAY),
	)


def library_covers(year: int) -> bool:
	try:
		chinese_calendar.is_workday(datetime.date(year, 6, 1))
		return True
	except NotImplementedError:
		return False


def is_working_day(day: datetime.date, official: Official) -> tuple[bool, bool]:
	"""(working day, fell back to Monday–Friday because neither the app nor the library covers the year)."""
	entered = official.get(day.year)
	if entered is not None:
		if day in entered.off:
			return False, False
		if day in entered.work:
			return True, False
		return day.weekday() < 5, False
	try:
		return chinese_calendar.is_workday(day), False
	except NotImplementedError:
		return day.weekday() < 5, True


def working_days(start: datetime.date, end: datetime.date, official: Official) -> tuple[int, bool]:
	"""Working days from start to end, both included: (count, some day was counted Monday–Friday)."""
	count, fallback = 0, False
	day = start
	while day <= end:
		works, guessed = is_working_day(day, official)
		count += works
		fallback = fallback or guessed
		day += datetime.timedelta(days=1)
	return count, fallback


def nth_working_day(start: datetime.date, n: int, official: Official) -> tuple[datetime.date, bool]:
	"""The n-th working day counting from start (start itself counts when it is a working day):
	the last day of a period of n working days. (day, some day was counted Monday–Friday)."""
	count, fallback, day = 0, False, start
	while True:
		works, guessed = is_working_day(day, official)
		fallback = fallback or guessed
		count += works
		if count >= n:
			return day, fallback
		day += datetime.timedelta(days=1)


def first_working_day(on: datetime.date, official: Official) -> tuple[datetime.date, bool]:
	"""The first working day on or after `on`."""
	return nth_working_day(on, 1, official)


def reminder_year(on: datetime.date, covered: Iterable[int]) -> int | None:
	"""From 1 November, next year when neither the app's calendar nor the library covers it."""
	year = on.year + 1
	if on.month < REMIND_FROM_MONTH or year in set(covered) or library_covers(year):
		return None
	return year


# --- the calendar as entered --------------------------------------------------------------------


def calendar_problem(
	year: int, rows: Iterable[tuple[datetime.date, str]]
) -> tuple[str, datetime.date] | None:
	"""("year", day) for a day outside the calendar's year, ("twice", day) for a day listed twice."""
	seen = set()
	for day, _kind in rows:
		if day.year != year:
			return "year", day
		if day in seen:
			return "twice", day
		seen.add(day)
	return None


# --- reading the State Council's notice ---------------------------------------------------------

_WEEKDAY = r"(?:[（(]\s*(?:星期|周)[一二三四五六日天]\s*[)）])?"
_DATE = r"(?:(?P<{p}y>\d{{4}})\s*[-./年]\s*)?(?:(?P<{p}m>\d{{1,2}})\s*[-./月]\s*)?(?P<{p}d>\d{{1,2}})(?:\s*(?P<{p}ri>日))?"
_RANGE = re.compile(
	r"(?<!\d)"
	+ _DATE.format(p="a")
	+ _WEEKDAY
	+ r"(?:\s*(?:至|到|~|～|—|－)\s*"
	+ _DATE.format(p="b")
	+ _WEEKDAY
	+ r")?"
)
_SENTENCE = re.compile(r"[。；;\n]")
_HEAD = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]\s*)?(?P<name>[^：:，,\d]{1,12})\s*[：:]")


class NoticeLineError(ValueError):
	"""A line of the notice names 放假 or 上班 but no date could be read from it."""

	def __init__(self, line: str):
		super().__init__(line)
		self.line = line


def _dates_of(clause: str, year: int, month: int | None) -> tuple[list[datetime.date], int | None]:
	"""Every day a clause names (single days and ranges), the month carried from one date to the next."""
	days = []
	for match in _RANGE.finditer(clause):
		parts = match.groupdict()
		if not (parts["am"] or parts["ari"]):
			continue  # a bare number (共8天) is no date: a date has its month or ends in 日
		start_year = int(parts["ay"] or year)
		month = int(parts["am"] or month)
		start = datetime.date(start_year, month, int(parts["ad"]))
		end = start
		if parts["bd"] and (parts["bm"] or parts["bri"]):
			end_year = int(parts["by"] or start_year)
			if parts["bm"]:
				month = int(parts["bm"])
			end = datetime.date(end_year, month, int(parts["bd"]))
			if end < start and not parts["by"] and not parts["bm"]:
				end = start  # "1日至…" read wrongly: keep the start only
		day = start
		while day <= end:
			days.append(day)
			day += datetime.timedelta(days=1)
	return days, month


def parse_notice(text: str, year: int) -> list[tuple[datetime.date, str, str]]:
	"""(day, kind, note) for every day the notice text names, in its order.

	Reads both the form the admin may type ("2027-02-06 至 2027-02-13 放假", "2027-02-14 上班") and the
	State Council's own sentences ("二、春节：2月6日（星期六）至13日（星期六）放假调休，共8天。2月14日（星期日）
	上班。"): each sentence is 放假 or 上班 by its words, its days single or ranges, the month and the
	festival name (before "：") carried along the line. A sentence naming 放假/上班 without any date
	raises NoticeLineError with that line.
	"""
	found: list[tuple[datetime.date, str, str]] = []
	for line in text.splitlines():
		if not line.strip():
			continue
		head = _HEAD.match(line)
		note = head.group("name").strip() if head else ""
		rest = line[head.end() :] if head else line
		month = None
		for clause in _SENTENCE.split(rest):
			if "上班" in clause and "放假" not in clause:
				kind = WORKING_DAY
			elif "放假" in clause or "休息" in clause:
				kind = DAY_OFF
			else:
				continue
			try:
				days, month = _dates_of(clause, year, month)
			except ValueError as e:  # 2月30日
				raise NoticeLineError(line.strip()) from e
			if not days:
				raise NoticeLineError(line.strip())
			found.extend((day, kind, note) for day in days)
	return found


def merge_days(
	rows: Iterable[tuple[datetime.date, str, str]], new: Iterable[tuple[datetime.date, str, str]]
) -> list[tuple[datetime.date, str, str]]:
	"""The rows with the new ones added (a day already listed takes the new kind and note), by date."""
	merged = {day: (day, kind, note) for day, kind, note in rows}
	merged.update({day: (day, kind, note) for day, kind, note in new})
	return [merged[day] for day in sorted(merged)]
