"""党员之家 on the Frappe side: who the logged-in member is, what their pages show (dues, meetings,
attendance), asking leave, the check-in a secretary opens and members use, and the logins a
secretary makes for members.

Every function reads for the member of the session and nobody else: a member's pages and methods
never take a member, branch or payment from the request. The rules with numbers and times are in
party_building.portal.rules.
"""

import datetime
import hashlib
import io
import secrets

import frappe
from frappe import _
from frappe.utils import get_datetime, get_url, getdate, now_datetime, today

from party_building.activity import rules as activity_rules
from party_building.activity import service as activities
from party_building.core import arguments
from party_building.core.access import PARTY_MEMBER, ensure_access, is_member_only
from party_building.core.endpoint import guarded
from party_building.dues import rules as dues_rules
from party_building.dues import service as dues
from party_building.portal import rules
from party_building.portal.errors import (
	AccountError,
	AlreadyCheckedInError,
	CheckinClosedError,
	CheckinCodeError,
	CheckinWindowError,
	LeaveAnswerError,
	LeaveReasonError,
	LeaveTooLateError,
	NotAMemberLoginError,
	NotExpectedError,
	PasswordError,
	RecordLockedError,
)

ACTIVITY = "Party Activity"
LEAVE = "Activity Leave Request"
CODE = "Activity Check-in Code"
REQUESTED, REFUSED, WITHDRAWN = "Requested", "Refused", "Withdrawn"
PASSWORD_FLAG = "party_portal_change_password"
MEMBER_FIELDS = [
	"name",
	"full_name",
	"gender",
	"branch",
	"party_group",
	"membership_type",
	"joined_on",
	"full_member_on",
	"standing",
	"phone",
	"user",
]


# --- the member of the session ----------------------------------------------------------------------


def current_member(user: str | None = None) -> frappe._dict:
	"""The Party Member whose login this is; refused for a guest or a login linked to no member."""
	user = user or frappe.session.user
	if user == "Guest":
		frappe.throw(_("Log in first"), frappe.AuthenticationError, title=_("Not Logged In"))
	rows = frappe.get_all(
		"Party Member", filters={"user": user}, fields=MEMBER_FIELDS, limit=1, ignore_permissions=True
	)
	if not rows:
		frappe.throw(
			_("This login is not linked to a party member: ask your branch secretary to link it"),
			NotAMemberLoginError,
			title=_("Not a Member's Login"),
		)
	return rows[0]


def page_member(path: str) -> frappe._dict | None:
	"""For a portal page's get_context: the member, or a redirect (to the login for a guest, to the
	password page while a first password must be changed); None for a login that is not a member's
	(the page then says so)."""
	user = frappe.session.user
	if user == "Guest":
		frappe.local.flags.redirect_location = f"/login?redirect-to=/{path}"
		raise frappe.Redirect
	if path != "party/password" and must_change_password(user):
		frappe.local.flags.redirect_location = "/party/password"
		raise frappe.Redirect
	frappe.sessions.get_csrf_token()  # the page's fetch calls send it (templates/party/base.html)
	rows = frappe.get_all(
		"Party Member", filters={"user": user}, fields=MEMBER_FIELDS, limit=1, ignore_permissions=True
	)
	return rows[0] if rows else None


def now() -> datetime.datetime:
	return now_datetime().replace(microsecond=0)


# --- 我的: home ----------------------------------------------------------------------------------------


def home(member: frappe._dict) -> dict:
	"""Name, branch, category, 党龄 and what needs doing now."""
	from party_building.members.rules import party_age

	on = getdate(today())
	dues_now = dues_overview(member, on.year)
	meetings = meetings_overview(member, on.year)
	today_meetings = [m for m in meetings["upcoming"] if m.activity_date == on]
	open_checkins = [
		m for m in meetings["upcoming"] + meetings["past"] if m.checkin_open and not m.check_in_time
	]
	leave = frappe.get_all(
		LEAVE,
		filters={"member": member.name, "activity_date": (">=", on)},
		fields=["status"],
		ignore_permissions=True,
	)
	return {
		"member": member,
		"party_age": party_age(getdate(member.full_member_on) if member.full_member_on else None, on),
		"todo": rules.todo(
			on,
			meetings_today=len(today_meetings),
			checkins_open=len(open_checkins),
			unpaid_months=len(dues_now["summary"]["unpaid"]),
			leave_waiting=sum(r.status == REQUESTED for r in leave),
			leave_refused=sum(r.status == REFUSED for r in leave),
		),
		"dues": dues_now,
		"next_meeting": meetings["upcoming"][0] if meetings["upcoming"] else None,
		"attendance": meetings["attendance"],
	}


# --- 我的党费 ----------------------------------------------------------------------------------------


def dues_overview(member: frappe._dict, year: int) -> dict:
	"""The year's monthly amount and its tier, months paid and unpaid, arrears and the payments:
	what the 党费证 print reads (dues.service.dues_card), for the member of the session."""
	on = getdate(today())
	card = dues.dues_card(member.name, year)
	paid = {datetime.date(year, m.month, 1) for m in card.months if m.paid is not None}
	first = dues_rules.first_payable_month(getdate(member.joined_on)) if member.joined_on else None
	due_months = rules.due_months_of_year(year, on, first, bool(card.assessment))
	summary = rules.dues_summary(due_months, paid, on)
	payments = frappe.get_all(
		"Dues Payment",
		filters={
			"member": member.name,
			"docstatus": 1,
			"from_month": ("between", [f"{year}-01-01", f"{year}-12-31"]),
		},
		fields=["name", "paid_on", "receipt_no", "amount", "from_month", "to_month", "payment_method"],
		order_by="paid_on desc, creation desc",
		ignore_permissions=True,
	)
	unpaid = set(summary["unpaid"])
	cells = [
		(
			n,
			"paid"
			if datetime.date(year, n, 1) in paid
			else "unpaid"
			if datetime.date(year, n, 1) in unpaid
			else "",
		)
		for n in range(1, 13)
	]
	return {
		"year": year,
		"card": card,
		"cells": cells,
		"assessment": card.assessment,
		"summary": summary,
		"payments": payments,
		"pdf_url": f"/api/method/party_building.portal.service.dues_card_pdf?year={year}",
	}


@frappe.whitelist()
@guarded
def dues_card_pdf(year: int | None = None) -> None:
	"""The member's own 党费证 as a PDF (the desk's Dues Card print of their register entry)."""
	member = current_member()
	year = arguments.year(year) if year not in (None, "") else getdate(today()).year
	frappe.form_dict.year = year  # the print reads the year from the request (dues.service.print_year)
	frappe.local.lang = "zh"
	pdf = frappe.get_print("Party Member", member.name, "党费证", as_pdf=True, no_letterhead=1, doc=None)
	frappe.local.response.filename = f"党费证-{member.full_name}-{year}.pdf"
	frappe.local.response.filecontent = pdf
	frappe.local.response.type = "pdf"


# --- 我的组织生活 ----------------------------------------------------------------------------------


def my_activities(member: frappe._dict, start: datetime.date, end: datetime.date) -> list[frappe._dict]:
	"""The meetings of the member's branch and party group (a committee meeting only for its
	committee) and any meeting that lists them, between two days, with the member's own row."""
	act = frappe.qb.DocType(ACTIVITY)
	row = frappe.qb.DocType("Party Activity Attendee")
	listed = (
		frappe.qb.from_(row)
		.select(row.parent)
		.where((row.member == member.name) & (row.parenttype == ACTIVITY))
	)
	on_committee = member.name in activities.committee_members(member.branch)
	scope = (act.organization == member.branch) & (
		(act.activity_type != activity_rules.GROUP_MEETING)
		| act.party_group.isnull()
		| (act.party_group == (member.party_group or ""))
	)
	if not on_committee:
		scope &= act.activity_type != activity_rules.COMMITTEE_MEETING
	rows = (
		frappe.qb.from_(act)
		.select(
			act.name,
			act.topic,
			act.activity_type,
			act.activity_date,
			act.start_time,
			act.end_time,
			act.place,
			act.status,
			act.docstatus,
			act.party_group,
			act.organization,
		)
		.where(
			(act.docstatus < 2)
			& (act.activity_date >= start)
			& (act.activity_date <= end)
			& (scope | act.name.isin(listed))
		)
		.orderby(act.activity_date)
		.orderby(act.start_time)
		.run(as_dict=True)
	)
	if not rows:
		return []
	mine = {
		r.parent: r
		for r in frappe.get_all(
			"Party Activity Attendee",
			filters={"parent": ("in", [r.name for r in rows]), "member": member.name, "parenttype": ACTIVITY},
			fields=["parent", "status", "leave_reason", "check_in_time", "leave_request"],
			ignore_permissions=True,
		)
	}
	leave = {
		r.activity: r
		for r in frappe.get_all(
			LEAVE,
			filters={
				"activity": ("in", [r.name for r in rows]),
				"member": member.name,
				"status": ("!=", WITHDRAWN),
			},
			fields=["name", "activity", "status", "reason", "answer"],
			order_by="creation",
			ignore_permissions=True,
		)
	}
	open_codes = set(
		frappe.get_all(
			CODE,
			filters={
				"activity": ("in", [r.name for r in rows]),
				"closed_at": ("is", "not set"),
				"opens_at": ("<=", now()),
				"closes_at": (">=", now()),
			},
			pluck="activity",
			ignore_permissions=True,
		)
	)
	current = now()
	for r in rows:
		r.activity_date = getdate(r.activity_date)
		start_at = rules.planned_start(r.activity_date, r.start_time)
		own = mine.get(r.name)
		r.my_status = own.status if own else None
		r.check_in_time = own.check_in_time if own else None
		r.leave = leave.get(r.name)
		r.leave_possible = r.docstatus == 0 and rules.leave_still_possible(current, start_at)
		r.checkin_open = r.name in open_codes and r.docstatus == 0
		r.upcoming = r.status == "Planned" and r.activity_date >= getdate(today())
		r.time_label = format_time(r.start_time) + ("–" + format_time(r.end_time) if r.end_time else "")
	return rows


def format_time(value) -> str:
	"""'HH:MM' of a Time value (MariaDB gives a timedelta, a form a string)."""
	if not value:
		return ""
	if not isinstance(value, datetime.timedelta):
		value = frappe.utils.get_timedelta(str(value))
	seconds = int(value.total_seconds())
	return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def meetings_overview(member: frappe._dict, year: int) -> dict:
	on = getdate(today())
	rows = my_activities(
		member, datetime.date(year, 1, 1), max(datetime.date(year, 12, 31), on + datetime.timedelta(days=60))
	)
	upcoming = [r for r in rows if r.upcoming]
	# past meetings: those the member was expected at (their own row), not every talk of the branch
	past = [
		r
		for r in rows
		if not r.upcoming
		and r.activity_date.year == year
		and r.activity_date <= on
		and r.my_status is not None
	]
	past.reverse()
	return {"year": year, "upcoming": upcoming, "past": past, "attendance": attendance(member, year)}


def attendance(member: frappe._dict, year: int) -> dict:
	"""The member's attendance rate of the year, over their counted rows (meetings held, not guests)."""
	statuses = frappe.get_all(
		"Party Activity Attendee",
		filters={
			"member": member.name,
			"counted": 1,
			"docstatus": ("<", 2),
			"parenttype": ACTIVITY,
			"activity_date": ("between", [f"{year}-01-01", f"{year}-12-31"]),
		},
		pluck="status",
		ignore_permissions=True,
	)
	present, counted, rate = rules.yearly_attendance(statuses)
	return {
		"present": present,
		"counted": counted,
		"rate": rate,
		"on_leave": statuses.count(activity_rules.ON_LEAVE),
	}


# --- the activity, its expected members and the member's row ----------------------------------------


def locked_activity(name, member: frappe._dict):
	"""The activity for a change on the member's behalf, its row locked against concurrent check-ins.
	An unknown activity and one the member is not expected at get the same answer."""
	if not isinstance(name, str) or not name or len(name) > 140 or not frappe.db.exists(ACTIVITY, name):
		not_expected()
	doc = frappe.get_doc(ACTIVITY, name, for_update=True)
	if not is_expected(doc, member):
		not_expected()
	if doc.docstatus != 0:
		frappe.throw(
			_("The record of {0} has been submitted to the upper level; ask your secretary").format(
				doc.topic
			),
			RecordLockedError,
			title=_("Record Submitted"),
		)
	return doc


def not_expected():
	frappe.throw(_("You are not expected at this meeting"), NotExpectedError, title=_("Not Expected"))


def is_expected(doc, member: frappe._dict) -> bool:
	"""Expected: listed on the attendance (not as a guest); before the list is filled, one of those the
	secretary's Fill Attendees would list."""
	rows = [r for r in doc.attendees if r.member and not r.is_guest]
	if rows:
		return any(r.member == member.name for r in rows)
	if doc.organization != member.branch:
		return False
	return any(
		r["member"] == member.name
		for r in activities.expected_attendees(
			doc.organization, doc.activity_type, doc.party_group, doc.activity_date
		)
	)


def my_row(doc, member: frappe._dict):
	"""The member's attendance row; an empty list is filled first, as the secretary's button would."""
	if not [r for r in doc.attendees if r.member and not r.is_guest]:
		guests = [r for r in doc.attendees if r.is_guest]
		doc.set("attendees", [])
		status = unrecorded_status()
		for row in activities.expected_attendees(
			doc.organization, doc.activity_type, doc.party_group, doc.activity_date
		):
			doc.append("attendees", {**row, "status": status})
		for guest in guests:
			doc.append("attendees", guest.as_dict(no_default_fields=True))
	return next(r for r in doc.attendees if r.member == member.name and not r.is_guest)


def write_row(doc, row, values: dict) -> None:
	"""One attendance row changed on the member's behalf without saving the whole record (a meeting of
	hundreds checks in within minutes, each save would rewrite every row): the row, the counts computed
	again from the rows, the record's modified time (an open form is told to reload and cannot
	overwrite the change), and the member's run of absences. The record is locked (locked_activity)."""
	frappe.db.set_value("Party Activity Attendee", row.name, values, update_modified=False)
	row.update(values)
	counts = doc.attendance().as_counts()
	frappe.db.set_value(ACTIVITY, doc.name, counts)
	activities.refresh_absence_runs([row.member], doc.activity_date)
	frappe.publish_realtime(
		"doc_update",
		{
			"modified": frappe.db.get_value(ACTIVITY, doc.name, "modified"),
			"doctype": ACTIVITY,
			"name": doc.name,
		},
		doctype=ACTIVITY,
		docname=doc.name,
		after_commit=True,
	)


def save_on_behalf(doc) -> None:
	"""Save the member's change to the record (the member cannot edit it in the desk): counts are
	computed again, the secretary's open form is told to reload."""
	doc.update(doc.attendance().as_counts())
	doc.flags.ignore_permissions = True
	doc.flags.portal_change = True
	doc.save()


# --- 请假 ------------------------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
@guarded
def request_leave(activity: str, reason: str) -> dict:
	"""Ask leave from a meeting before it starts: the attendance row becomes 请假 with the reason
	(the secretary may refuse it)."""
	member = current_member()
	reason = (arguments.text(reason, "Leave Reason", 140) or "").strip()
	if not reason:
		frappe.throw(_("Give the reason for your leave"), LeaveReasonError, title=_("Reason Required"))
	doc = locked_activity(activity, member)
	start_at = rules.planned_start(
		getdate(doc.activity_date), doc.start_time and frappe.utils.get_timedelta(doc.start_time)
	)
	if not rules.leave_still_possible(now(), start_at):
		frappe.throw(
			_("Leave is asked before the meeting starts ({0}); tell your secretary instead").format(
				start_at.strftime("%Y-%m-%d %H:%M")
			),
			LeaveTooLateError,
			title=_("Too Late for Leave"),
		)
	for old in frappe.get_all(
		LEAVE,
		filters={"activity": doc.name, "member": member.name, "status": REQUESTED},
		pluck="name",
		ignore_permissions=True,
	):
		frappe.db.set_value(LEAVE, old, "status", WITHDRAWN)
	request = frappe.get_doc(
		{
			"doctype": LEAVE,
			"activity": doc.name,
			"topic": doc.topic,
			"activity_date": doc.activity_date,
			"organization": doc.organization,
			"member": member.name,
			"member_name": member.full_name,
			"reason": reason,
			"status": REQUESTED,
			"requested_on": now(),
		}
	).insert(ignore_permissions=True)
	row = my_row(doc, member)
	row.status = activity_rules.ON_LEAVE
	row.leave_reason = reason
	row.leave_request = request.name
	save_on_behalf(doc)
	return {
		"request": request.name,
		"status": REQUESTED,
		"message": _("Leave asked: your secretary sees it on the attendance"),
	}


@frappe.whitelist(methods=["POST"])
@guarded
def refuse_leave(request: str, answer: str) -> dict:
	"""The secretary refuses a request for leave, with the reason: the row is no longer 请假 (absent,
	or present when the member checked in)."""
	arguments.text(request, "Leave Request")
	if not frappe.db.exists(LEAVE, request):
		frappe.throw(
			_("No leave request {0}").format(frappe.utils.escape_html(request)), frappe.DoesNotExistError
		)
	leave = frappe.get_doc(LEAVE, request)
	leave.check_permission("write")
	if is_member_only():
		frappe.throw(_("Only the secretary answers a request for leave"), frappe.PermissionError)
	answer = (arguments.text(answer, "Reason for Refusal", 140) or "").strip()
	if not answer:
		frappe.throw(
			_("Give the reason for refusing the leave"), LeaveAnswerError, title=_("Reason Required")
		)
	if leave.status != REQUESTED:
		frappe.throw(
			_("This request is {0}; only a request still asked can be refused").format(_(leave.status)),
			LeaveAnswerError,
			title=_("Not Asked"),
		)
	doc = frappe.get_doc(ACTIVITY, leave.activity, for_update=True)
	if doc.docstatus != 0:
		frappe.throw(
			_("The record of {0} has been submitted to the upper level").format(doc.topic),
			RecordLockedError,
			title=_("Record Submitted"),
		)
	leave.status = REFUSED
	leave.answer = answer
	leave.answered_by = frappe.session.user
	leave.answered_on = now()
	leave.flags.ignore_permissions = True
	leave.save()
	for row in doc.attendees:
		if row.leave_request == leave.name and row.status == activity_rules.ON_LEAVE:
			row.status = activity_rules.PRESENT if row.check_in_time else unrecorded_status()
			row.leave_reason = None
	doc.update(doc.attendance().as_counts())
	doc.save()
	return {"request": leave.name, "status": REFUSED}


# --- 签到 ---------------------------------------------------------------------------------------------


def signing_key() -> bytes:
	from frappe.utils.password import get_encryption_key

	return hashlib.sha256(b"party-building-checkin:" + get_encryption_key().encode()).digest()


def stamp(moment: datetime.datetime) -> int:
	"""A site-local time as a number of seconds, the same way on signing and on reading."""
	return int(moment.replace(tzinfo=datetime.timezone.utc).timestamp())


def officer_activity(activity) -> "frappe.model.document.Document":
	arguments.text(activity, "Activity")
	if not frappe.db.exists(ACTIVITY, activity):
		frappe.throw(
			_("No activity {0} that you may see").format(frappe.utils.escape_html(activity)),
			frappe.PermissionError,
		)
	doc = frappe.get_doc(ACTIVITY, activity)
	doc.check_permission("write")
	if is_member_only():
		frappe.throw(_("Only the secretary opens a check-in"), frappe.PermissionError)
	return doc


@frappe.whitelist(methods=["POST"])
@guarded
def open_checkin(activity: str) -> dict:
	"""The secretary opens the meeting's check-in: from 30 minutes before its planned start to 30
	minutes after; the same open code is given again while it is open."""
	doc = officer_activity(activity)
	if doc.docstatus != 0:
		frappe.throw(
			_("The record has been submitted; check-in is closed"),
			RecordLockedError,
			title=_("Record Submitted"),
		)
	if not doc.start_time:
		frappe.throw(
			_("Fill in the start time first: check-in opens 30 minutes before it"),
			CheckinWindowError,
			title=_("Start Time Needed"),
		)
	start_at = rules.planned_start(getdate(doc.activity_date), frappe.utils.get_timedelta(doc.start_time))
	opens, closes = rules.checkin_window(start_at)
	current = now()
	if rules.window_state(current, opens, closes) != rules.OPEN:
		frappe.throw(
			_("Check-in opens only from {0} to {1} (30 minutes before and after the start)").format(
				opens.strftime("%Y-%m-%d %H:%M"), closes.strftime("%H:%M")
			),
			CheckinWindowError,
			title=_("Check-in Not Open"),
		)
	session = open_session(doc.name)
	if not session:
		taken = set(
			frappe.get_all(
				CODE,
				filters={"closed_at": ("is", "not set"), "closes_at": (">=", current)},
				pluck="code",
				ignore_permissions=True,
			)
		)
		code = f"{secrets.randbelow(10**rules.CODE_DIGITS):0{rules.CODE_DIGITS}d}"
		while code in taken:
			code = f"{secrets.randbelow(10**rules.CODE_DIGITS):0{rules.CODE_DIGITS}d}"
		session = frappe.get_doc(
			{
				"doctype": CODE,
				"activity": doc.name,
				"organization": doc.organization,
				"code": code,
				"opens_at": opens,
				"closes_at": closes,
				"opened_by": frappe.session.user,
			}
		).insert(ignore_permissions=True)
		if not [r for r in doc.attendees if r.member and not r.is_guest]:
			doc.fill_attendees()
			doc.save()
	return checkin_state(session)


def open_session(activity: str):
	name = frappe.db.get_value(
		CODE, {"activity": activity, "closed_at": ("is", "not set"), "closes_at": (">=", now())}, "name"
	)
	return frappe.get_doc(CODE, name) if name else None


def checkin_state(session) -> dict:
	"""What the secretary's screen shows: the code, a fresh signed token as a QR code, the window and
	how many have checked in."""
	current = now()
	token = rules.sign_token(
		signing_key(),
		session.name,
		rules.token_expiry(stamp(current), stamp(get_datetime(session.closes_at))),
	)
	url = get_url(f"/party/checkin?t={token}")
	rows = frappe.get_all(
		"Party Activity Attendee",
		filters={"parent": session.activity, "parenttype": ACTIVITY, "is_guest": 0},
		fields=["check_in_time", "status"],
		ignore_permissions=True,
	)
	closed = bool(session.closed_at) or current > get_datetime(session.closes_at)
	return {
		"session": session.name,
		"activity": session.activity,
		"code": session.code,
		"token": token,
		"url": url,
		"qr_svg": qr_svg(url),
		"opens_at": str(session.opens_at),
		"closes_at": str(session.closes_at),
		"closes_label": get_datetime(session.closes_at).strftime("%H:%M"),
		"closed": closed,
		"checked_in": sum(1 for r in rows if r.check_in_time),
		"expected": len(rows),
		"refresh_seconds": 15,
	}


def qr_svg(text: str) -> str:
	"""The QR code of a text as an SVG (pyqrcode, which Frappe itself uses for two-factor login)."""
	import pyqrcode

	buffer = io.BytesIO()
	pyqrcode.create(text, error="M").svg(buffer, scale=6, xmldecl=False, svgns=True, omithw=True)
	return buffer.getvalue().decode()


@frappe.whitelist(methods=["POST"])
@guarded
def checkin_screen(session: str) -> dict:
	"""The secretary's screen renews its QR code (a token lives two minutes)."""
	arguments.text(session, "Check-in")
	if not frappe.db.exists(CODE, session):
		frappe.throw(_("No such check-in"), frappe.DoesNotExistError)
	doc = frappe.get_doc(CODE, session)
	officer_activity(doc.activity)
	return checkin_state(doc)


@frappe.whitelist(methods=["POST"])
@guarded
def close_checkin(session: str) -> dict:
	"""The secretary closes the check-in before its time: codes and tokens are refused from now on."""
	arguments.text(session, "Check-in")
	if not frappe.db.exists(CODE, session):
		frappe.throw(_("No such check-in"), frappe.DoesNotExistError)
	doc = frappe.get_doc(CODE, session)
	officer_activity(doc.activity)
	if not doc.closed_at:
		frappe.db.set_value(CODE, doc.name, "closed_at", now())
		doc.reload()
	return checkin_state(doc)


WRONG_CODE_LIMIT = 10  # wrong codes a member may type in ten minutes


def count_wrong_code(user: str) -> None:
	key = frappe.cache.make_key(f"party_checkin_wrong:{user}")
	count = frappe.cache.incrby(key, 1)
	if count == 1:
		frappe.cache.expire(key, 600)
	if count > WRONG_CODE_LIMIT:
		frappe.throw(
			_("Too many wrong codes: try again in ten minutes or ask your secretary"),
			frappe.RateLimitExceededError,
			title=_("Too Many Attempts"),
		)


@frappe.whitelist(methods=["POST"])
@guarded
def checkin(token: str | None = None, code: str | None = None) -> dict:
	"""The member checks in with the QR code's token or the 6-digit code: marked present with the time,
	once, only while the check-in is open and only at a meeting they are expected at."""
	member = current_member()
	current = now()
	if token:
		arguments.text(token, "Check-in Code", 400)
		name, problem = rules.read_token(signing_key(), token, stamp(current))
		if problem == rules.EXPIRED_TOKEN:
			closed()
		if not name or not frappe.db.exists(CODE, name):
			count_wrong_code(frappe.session.user)
			frappe.throw(
				_("This is not a check-in code of this site"), CheckinCodeError, title=_("Wrong Code")
			)
		session = frappe.get_doc(CODE, name)
	else:
		code = arguments.text(code or "", "Check-in Code", 20).strip()
		if not rules.is_code(code):
			frappe.throw(_("Type the 6 digits your secretary shows"), CheckinCodeError, title=_("Wrong Code"))
		found = frappe.get_all(
			CODE,
			filters={"code": code, "organization": member.branch},
			fields=["name", "closed_at", "closes_at"],
			order_by="creation desc",
			ignore_permissions=True,
		)
		live = [s for s in found if not s.closed_at and get_datetime(s.closes_at) >= current]
		if not live:
			if found:
				closed()
			count_wrong_code(frappe.session.user)
			frappe.throw(
				_("No open check-in has the code {0}").format(code), CheckinCodeError, title=_("Wrong Code")
			)
		session = frappe.get_doc(CODE, live[0].name)
	if (
		session.closed_at
		or current > get_datetime(session.closes_at)
		or current < get_datetime(session.opens_at)
	):
		closed()
	doc = locked_activity(session.activity, member)
	filled = bool([r for r in doc.attendees if r.member and not r.is_guest])
	row = my_row(doc, member)
	if row.check_in_time:
		frappe.throw(
			_("You checked in to {0} already at {1}").format(doc.topic, row.check_in_time),
			AlreadyCheckedInError,
			title=_("Already Checked In"),
		)
	values = {
		"status": activity_rules.PRESENT,
		"leave_reason": None,
		"check_in_time": current.strftime("%H:%M"),
		"checked_in_at": current,
	}
	if row.leave_request:
		frappe.db.set_value(LEAVE, row.leave_request, "status", WITHDRAWN)
	if filled:
		write_row(doc, row, values)
	else:  # the list was filled just now: the whole record is saved once
		row.update(values)
		save_on_behalf(doc)
	return {
		"activity": doc.name,
		"topic": doc.topic,
		"time": current.strftime("%H:%M"),
		"message": _("Checked in to {0} at {1}").format(doc.topic, current.strftime("%H:%M")),
	}


def closed():
	frappe.throw(
		_("This check-in is closed; ask your secretary to correct your attendance"),
		CheckinClosedError,
		title=_("Check-in Closed"),
	)


# --- logins for members ---------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
@guarded
def create_logins(members: str | list) -> list[dict]:
	"""The secretary makes logins for the chosen members in one action: the login is the member's
	mobile number, the first password is shown once and must be changed at the first login; the
	Party Member role gives no desk. All or nothing: when one member cannot have a login, none is made
	and the answer says why."""
	names = frappe.parse_json(members) if isinstance(members, str) else members
	if (
		not isinstance(names, list)
		or not names
		or len(names) > 500
		or not all(isinstance(n, str) for n in names)
	):
		frappe.throw(_("Choose the members first"), AccountError, title=_("No Members Chosen"))
	if is_member_only():
		frappe.throw(_("Only the secretary makes logins for members"), frappe.PermissionError)
	problems, plan = [], []
	for name in dict.fromkeys(names):
		if not frappe.db.exists("Party Member", name) or not frappe.has_permission(
			"Party Member", "write", name
		):
			frappe.throw(
				_("No member {0} that you may change").format(frappe.utils.escape_html(name[:40])),
				frappe.PermissionError,
			)
		m = frappe.db.get_value(
			"Party Member", name, ["name", "full_name", "phone", "user", "branch", "standing"], as_dict=True
		)
		mobile = rules.mobile_number(m.phone)
		if m.user:
			problems.append(_("{0} has a login already ({1})").format(m.full_name, m.user))
		elif m.standing != "Active":
			problems.append(_("{0} is not an active member").format(m.full_name))
		elif not mobile:
			problems.append(_("{0}: no mobile number in the register (11 digits)").format(m.full_name))
		elif (
			frappe.db.exists("User", {"mobile_no": mobile})
			or frappe.db.exists("User", {"username": mobile})
			or frappe.db.exists("User", rules.account_email(mobile))
		):
			problems.append(
				_("{0}: the mobile number {1} is another login's already").format(m.full_name, mobile)
			)
		elif mobile in [p[1] for p in plan]:
			problems.append(
				_("{0}: the mobile number {1} is another chosen member's too").format(m.full_name, mobile)
			)
		else:
			plan.append((m, mobile))
	if problems:
		frappe.throw(
			_("No login was made: {0}").format("；".join(problems)), AccountError, title=_("Logins Not Made")
		)
	made = []
	for m, mobile in plan:
		password = first_password()
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": rules.account_email(mobile),
				"first_name": m.full_name,
				"username": mobile,
				"mobile_no": mobile,
				"language": "zh",
				"send_welcome_email": 0,
				"new_password": password,
				"user_type": "Website User",
				"roles": [{"role": PARTY_MEMBER}],
			}
		)
		user.flags.ignore_password_policy = True
		user.insert(ignore_permissions=True)
		ensure_access(user.name, m.branch, PARTY_MEMBER)
		frappe.db.set_value("Party Member", m.name, "user", user.name)
		frappe.defaults.set_user_default(PASSWORD_FLAG, "1", user.name)
		made.append({"member": m.name, "full_name": m.full_name, "login": mobile, "password": password})
	return made


def first_password() -> str:
	"""Eight characters a secretary can read out: letters and digits without 0/O, 1/l/I."""
	letters, digits = "abcdefghjkmnpqrstuvwxyz", "23456789"
	chars = [secrets.choice(letters) for _ in range(4)] + [secrets.choice(digits) for _ in range(4)]
	return "".join(chars)


def must_change_password(user: str) -> bool:
	return frappe.defaults.get_user_default(PASSWORD_FLAG, user) == "1"


@frappe.whitelist(methods=["POST"])
@guarded
def change_password(old_password: str, new_password: str) -> dict:
	"""The member replaces the first password (or any later one)."""
	from frappe.utils.password import check_password, update_password

	user = frappe.session.user
	if user == "Guest":
		frappe.throw(_("Log in first"), frappe.AuthenticationError)
	arguments.text(old_password, "Current Password", 100)
	arguments.text(new_password, "New Password", 100)
	try:
		check_password(user, old_password, delete_tracker_cache=False)
	except frappe.AuthenticationError:
		frappe.clear_last_message()
		frappe.throw(_("The current password is not right"), PasswordError, title=_("Wrong Password"))
	mobile = frappe.db.get_value("User", user, "mobile_no")
	problem = rules.password_problem(new_password, mobile)
	if problem or new_password == old_password:
		frappe.throw(
			_(
				"The new password needs at least {0} characters with letters and digits, not the mobile number, not the old password"
			).format(rules.PASSWORD_MIN),
			PasswordError,
			title=_("Password Not Accepted"),
		)
	update_password(user, new_password)
	frappe.defaults.clear_user_default(PASSWORD_FLAG, user)
	return {"message": _("Password changed"), "home": "/party"}


# --- what members did survives the secretary's edits -------------------------------------------------


def unrecorded_status() -> str:
	"""The status of a row not recorded yet ('' where the attendance starts unrecorded)."""
	field = frappe.get_meta("Party Activity Attendee").get_field("status")
	return "" if not field.reqd else activity_rules.PRESENT


def keep_member_marks(doc, method=None) -> None:
	"""Party Activity before_validate: a member's check-in time and leave request are theirs; when the
	secretary refills the attendance (Fill Attendees) or a form sends a row without them, they are
	kept for the same member. The secretary still corrects the status itself."""
	before = doc.get_doc_before_save()
	if not before or doc.docstatus != 0:
		return
	marks = {
		r.member: r
		for r in before.attendees
		if r.member and (r.get("check_in_time") or r.get("leave_request"))
	}
	if not marks:
		return
	for row in doc.attendees:
		old = marks.get(row.member)
		if not old:
			continue
		if old.check_in_time and not row.check_in_time:
			row.check_in_time, row.checked_in_at = old.check_in_time, old.checked_in_at
			if not row.status:
				row.status = activity_rules.PRESENT
		if old.leave_request and not row.leave_request:
			row.leave_request = old.leave_request
			if not row.status and old.status == activity_rules.ON_LEAVE:
				row.status, row.leave_reason = old.status, old.leave_reason


# --- 我的积分 -------------------------------------------------------------------------------------------


def points_overview(member: frappe._dict, year: int) -> dict:
	"""The member's points of the year by category (the tally the ranking report reads), each entry with
	its source, and their place in the branch as the ranking report computes it (members without points
	count with 0; ties share a place)."""
	from party_building.ledgers import rules as ledger_rules

	categories = (
		(ledger_rules.ORGANIZATIONAL_LIFE, "organizational_life"),
		(ledger_rules.STUDY, "study"),
		(ledger_rules.EXEMPLARY_ROLE, "exemplary_role"),
		(ledger_rules.DEDUCTION, "deduction"),
	)
	tallies = frappe.get_all(
		"Points Tally",
		filters={"organization": member.branch, "year": year},
		fields=["member", "activist", "points", *(f for _c, f in categories)],
		ignore_permissions=True,
	)
	mine = next((t for t in tallies if t.member == member.name), None)
	totals = {t.member or t.activist: float(t.points or 0) for t in tallies}
	for name in frappe.get_all(
		"Party Member",
		filters={"branch": member.branch, "standing": "Active"},
		pluck="name",
		ignore_permissions=True,
	):
		totals.setdefault(name, 0.0)
	ranking = ledger_rules.rank(sorted(totals.items()))
	place = next((p for key, _t, p in ranking if key == member.name), None)
	entries = frappe.get_all(
		"Points Entry",
		filters={
			"member": member.name,
			"docstatus": 1,
			"entry_date": ("between", [f"{year}-01-01", f"{year}-12-31"]),
		},
		fields=["entry_date", "category", "points", "description", "rule", "source_doctype", "is_automatic"],
		order_by="entry_date desc, creation desc",
		limit=200,
		ignore_permissions=True,
	)
	return {
		"year": year,
		"total": float(mine.points or 0) if mine else 0.0,
		"by_category": [(c, float((mine or {}).get(f) or 0)) for c, f in categories],
		"place": place,
		"people": len(ranking),
		"entries": entries,
	}


# --- 我的档案 and 信息更正 ----------------------------------------------------------------------------------

CORRECTION = "Member Info Correction"
PROPOSED, ACCEPTED = "Proposed", "Accepted"
# what a member may propose to correct; the rest of the register changes only through its processes
CORRECTABLE = (
	"phone",
	"education",
	"degree",
	"post",
	"professional_title",
	"work_unit",
	"native_place",
	"ethnicity",
)
RECORD_FIELDS = (
	"full_name",
	"gender",
	"ethnicity",
	"birth_date",
	"native_place",
	"id_number",
	"education",
	"degree",
	"post",
	"professional_title",
	"work_unit",
	"phone",
	"branch",
	"party_group",
	"membership_type",
	"joined_on",
	"full_member_on",
	"party_age",
	"standing",
)
RECORD_TABLES = ("posts", "rewards_penalties", "trainings")


def record_overview(member: frappe._dict) -> dict:
	"""The member's register entry, read-only (the ID number shown masked), and their corrections."""
	doc = frappe.get_doc("Party Member", member.name)
	meta = doc.meta

	def shown(df, value):
		if value in (None, ""):
			return "—"
		if df.fieldtype == "Select":
			return _(value, context="Party Member")
		if df.fieldtype == "Date":
			return frappe.utils.global_date_format(value)
		if df.fieldname == "id_number":
			return rules.masked_id(value)
		return str(value)

	fields = [
		(_(meta.get_label(f), context="Party Member"), shown(meta.get_field(f), doc.get(f)))
		for f in RECORD_FIELDS
		if meta.get_field(f)
	]
	tables = []
	for table in RECORD_TABLES:
		df = meta.get_field(table)
		if not df:
			continue
		child = frappe.get_meta(df.options)
		columns = [c for c in child.fields if c.in_list_view]
		rows = [[shown(c, row.get(c.fieldname)) for c in columns] for row in doc.get(table)]
		tables.append({"label": _(df.label), "columns": [_(c.label) for c in columns], "rows": rows})
	choices = []
	for f in CORRECTABLE:
		df = meta.get_field(f)
		if not df:
			continue
		options = [o for o in (df.options or "").split("\n") if o] if df.fieldtype == "Select" else []
		choices.append(
			{
				"fieldname": f,
				"label": _(df.label, context="Party Member"),
				"current": shown(df, doc.get(f)),
				"options": [(o, _(o, context="Party Member")) for o in options],
			}
		)
	corrections = frappe.get_all(
		CORRECTION,
		filters={"member": member.name},
		fields=["field_label", "proposed_value", "status", "answer", "proposed_on"],
		order_by="creation desc",
		limit=20,
		ignore_permissions=True,
	)
	return {"fields": fields, "tables": tables, "choices": choices, "corrections": corrections}


@frappe.whitelist(methods=["POST"])
@guarded
def propose_correction(fieldname: str, value: str, note: str | None = None) -> dict:
	"""信息更正: the member proposes a new value for one of their register's fields; nothing changes until
	the secretary accepts it."""
	from party_building.portal.errors import CorrectionError

	member = current_member()
	arguments.text(fieldname, "Information", 40)
	value = arguments.text(value, "Proposed Value", 140).strip()
	note = (arguments.text(note or "", "Member's Note", 140) or "").strip()
	meta = frappe.get_meta("Party Member")
	df = meta.get_field(fieldname) if fieldname in CORRECTABLE else None
	if not df:
		frappe.throw(
			_("This information is corrected by your branch through its own procedure, not here"),
			CorrectionError,
			title=_("Not Correctable Here"),
		)
	if df.fieldtype == "Select" and value not in [o for o in (df.options or "").split("\n") if o]:
		frappe.throw(_("Choose one of the values offered for {0}").format(_(df.label)), CorrectionError)
	if fieldname == "phone" and not rules.mobile_number(value):
		frappe.throw(_("Give a mobile number of 11 digits"), CorrectionError, title=_("Invalid Value"))
	if not value:
		frappe.throw(_("Give the correct value"), CorrectionError, title=_("Invalid Value"))
	current = frappe.db.get_value("Party Member", member.name, fieldname)
	if str(current or "") == value:
		frappe.throw(_("{0} already reads {1}").format(_(df.label), value), CorrectionError)
	doc = frappe.get_doc(
		{
			"doctype": CORRECTION,
			"member": member.name,
			"member_name": member.full_name,
			"organization": member.branch,
			"fieldname": fieldname,
			"field_label": _(df.label, context="Party Member"),
			"current_value": str(current or ""),
			"proposed_value": value,
			"note": note,
			"status": PROPOSED,
			"proposed_on": now(),
		}
	).insert(ignore_permissions=True)
	return {
		"correction": doc.name,
		"message": _("Sent to your secretary: nothing changes until it is accepted"),
	}


def open_correction(correction):
	from party_building.portal.errors import CorrectionError

	arguments.text(correction, "Correction")
	if not frappe.db.exists(CORRECTION, correction):
		frappe.throw(
			_("No correction {0}").format(frappe.utils.escape_html(correction)), frappe.DoesNotExistError
		)
	doc = frappe.get_doc(CORRECTION, correction)
	doc.check_permission("write")
	if is_member_only():
		frappe.throw(_("Only the secretary answers a correction"), frappe.PermissionError)
	if doc.status != PROPOSED:
		frappe.throw(_("This correction was answered already"), CorrectionError, title=_("Answered"))
	return doc


@frappe.whitelist(methods=["POST"])
@guarded
def accept_correction(correction: str) -> dict:
	"""采纳: the register takes the proposed value (with the secretary's rights and the register's own
	checks: when they refuse it, nothing changes)."""
	doc = open_correction(correction)
	member = frappe.get_doc("Party Member", doc.member)
	member.set(doc.fieldname, doc.proposed_value)
	member.save()
	doc.status, doc.answered_by, doc.answered_on = ACCEPTED, frappe.session.user, now()
	doc.flags.ignore_permissions = True
	doc.save()
	return {"correction": doc.name, "status": ACCEPTED}


@frappe.whitelist(methods=["POST"])
@guarded
def refuse_correction(correction: str, answer: str) -> dict:
	"""不采纳: refused with the reason, the register unchanged."""
	from party_building.portal.errors import CorrectionError

	doc = open_correction(correction)
	answer = (arguments.text(answer, "Reason for Refusal", 140) or "").strip()
	if not answer:
		frappe.throw(
			_("Give the reason for refusing the correction"), CorrectionError, title=_("Reason Required")
		)
	doc.status, doc.answer, doc.answered_by, doc.answered_on = REFUSED, answer, frappe.session.user, now()
	doc.flags.ignore_permissions = True
	doc.save()
	return {"correction": doc.name, "status": REFUSED}
