"""Publicity notices (公示) and the public page (党务公开), as pure functions (no frappe import).

A notice is made from a Member Development record: before a development target is admitted
(发展对象公示) and before a probationary member becomes a full member (转正公示). Its text is the standard
form — who, gender, birth year-month, education, work unit and post, the dates of application and
activist status (or of admission and the end of probation), the introducers, the period, and where to
send comments — and nothing else of the person: the public page shows exactly this text.
"""

import datetime
import re
from collections.abc import Sequence

TARGET_NOTICE = "Development Target"  # 发展对象公示
FULL_NOTICE = "Full Membership"  # 预备党员转正公示
NOTICE_TYPES = (TARGET_NOTICE, FULL_NOTICE)

# where a notice is in its life on a given day
UPCOMING, CURRENT, ENDED = "Upcoming", "Current", "Ended"

PUBLISHED, UNPUBLISHED = "Published", "Unpublished"  # the publication log's actions

# what the public page must never show: resident ID numbers, mobile and landline numbers
ID_NUMBER = re.compile(
	r"(?<!\d)\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)"
)
MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)")
PROTECTED = (ID_NUMBER, MOBILE, LANDLINE)


def has_protected(text: str | None) -> bool:
	"""Does the text hold something that looks like an ID number or a phone number?"""
	return any(p.search(text or "") for p in PROTECTED)


def redact(text: str | None) -> str:
	"""The text with anything like an ID or phone number blotted out (the public page's last guard)."""
	text = text or ""
	for pattern in PROTECTED:
		text = pattern.sub("＊＊＊", text)
	return text


def zh_date(day: datetime.date | None) -> str:
	return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def zh_month(day: datetime.date | None) -> str:
	return f"{day.year}年{day.month}月" if day else "—"


def status_on(start: datetime.date, end: datetime.date, on: datetime.date) -> str:
	if on < start:
		return UPCOMING
	return CURRENT if on <= end else ENDED


def archived_in(end: datetime.date, on: datetime.date) -> bool:
	"""An ended notice stays on the public page's archive for the rest of the year it ended in."""
	return end < on and end.year == on.year


def comment_in_period(received_on: datetime.date, start: datetime.date, end: datetime.date) -> bool:
	"""A comment on a notice is one received during its period."""
	return start <= received_on <= end


def title(kind: str, full_name: str) -> str:
	if kind == FULL_NOTICE:
		return f"关于{full_name}同志拟转为中共正式党员的公示"
	return f"关于拟发展{full_name}同志为中共预备党员的公示"


def body(kind: str, facts: dict, working_days: int) -> list[str]:
	"""The notice's paragraphs in the standard form. `facts` holds display strings: full_name, gender,
	birth (year-month), education, post, applied_on, activist_on, admitted_on, probation_end (dates),
	introducers (list of names), branch, committee, contact."""
	introducers = "、".join(facts.get("introducers") or []) or "—"
	person = (
		f"{facts['full_name']}，{facts['gender'] or '—'}，{facts['birth']}生，{facts['education'] or '—'}学历，"
		f"{facts['post'] or '—'}"
	)
	if kind == FULL_NOTICE:
		opening = f"根据《中国共产党发展党员工作细则》，{facts['branch']}拟讨论以下预备党员按期转为正式党员，现予以公示："
		person += (
			f"，{facts['applied_on']}递交入党申请书，{facts['admitted_on']}被接收为中共预备党员，"
			f"预备期至{facts['probation_end']}，入党介绍人：{introducers}。"
		)
	else:
		opening = (
			f"根据《中国共产党发展党员工作细则》，经{facts['branch']}委员会研究，拟将以下发展对象发展为中共预备党员，"
			"现予以公示："
		)
		person += (
			f"，{facts['applied_on']}递交入党申请书，{facts['activist_on']}被确定为入党积极分子，"
			f"入党介绍人：{introducers}。"
		)
	period = f"公示时间：{facts['period_from']}至{facts['period_to']}（{working_days}个工作日）。"
	comments = (
		f"公示期间，党员和群众可以来访、来信等方式向{facts['branch']}或{facts['committee'] or '上级党委'}"
		"反映公示对象的情况和问题。反映情况要实事求是，并请署真实姓名。"
	)
	paragraphs = [opening, person, period, comments]
	if facts.get("contact"):
		paragraphs.append(f"联系方式：{facts['contact']}")
	return paragraphs


def sections(notices: Sequence[dict], on: datetime.date) -> tuple[list[dict], list[dict]]:
	"""The public page's two lists: current notices (within their period), then this year's ended ones,
	each newest first. Upcoming notices are not shown."""
	current = [n for n in notices if status_on(n["period_from"], n["period_to"], on) == CURRENT]
	archive = [n for n in notices if archived_in(n["period_to"], on)]
	key = lambda n: (n["period_from"], n.get("name", ""))  # noqa: E731
	return sorted(current, key=key, reverse=True), sorted(archive, key=key, reverse=True)
