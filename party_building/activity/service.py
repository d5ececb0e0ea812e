"""Organizational life on the Frappe side: settings, who is expected, who is the upper level,
members' own activities, and the daily reminders.

The numbers (quorum, counts, what is required when) come from party_building.activity.rules.
"""

import datetime

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import getdate, today

from party_building.activity import rules
from party_building.activity.errors import (
	FutureMeetingHeldError,
	TalkOutsideOrganizationError,
	TalkWithOneselfError,
)
from party_building.core import arguments
from party_building.core.access import among, in_scope, is_member_only, is_upper_level, within
from party_building.core.endpoint import guarded
from party_building.core.errors import UpperLevelOnlyError
from party_building.members.rules import ACTIVE
from party_building.organization.rules import BRANCH, ESTABLISHED, SECRETARY
from party_building.organization.service import subtree

SETTINGS = "Party Building Settings"
ACTIVITY = "Party Activity"

# workflow states and actions (fixtures/workflow_activity.json)
DRAFT = "Branch Draft"
SUBMITTED = "Submitted to Upper Level"
RETURNED = "Returned"
APPROVED = "Upper Level Approved"
UPPER_LEVEL_STATES = (RETURNED, APPROVED)


# --- settings ---------------------------------------------------------------------------------


def setting(fieldname: str, default: int) -> int:
	"""A positive number from Party Building Settings, or the default while it is unset (0)."""
	value = frappe.db.get_single_value(SETTINGS, fieldname)
	return int(value) if value and int(value) > 0 else default


def backfill_limit_days() -> int:
	return setting("backfill_limit_days", rules.DEFAULT_BACKFILL_LIMIT_DAYS)


def theme_day_deadline() -> int:
	return setting("theme_day_deadline", rules.DEFAULT_THEME_DAY_DEADLINE)


def absence_streak() -> int:
	return setting("absence_streak", rules.DEFAULT_ABSENCE_STREAK)


# --- the upper level --------------------------------------------------------------------------


def check_upper_level(organization: str, what: str) -> None:
	if not is_upper_level(organization):
		frappe.throw(
			_("Only the upper level of {0} may {1}").format(organization, what),
			UpperLevelOnlyError,
			title=_("Upper Level Only"),
		)


# --- who is expected --------------------------------------------------------------------------


def committee_members(organization: str, on: datetime.date | None = None) -> list[str]:
	"""The organization's committee on a day (current positions only), in position order."""
	on = getdate(on or today())
	rows = frappe.get_all(
		"Party Organization Committee Member",
		filters={"parent": organization, "parenttype": "Party Organization"},
		fields=["member", "from_date", "to_date"],
		order_by="idx",
		ignore_permissions=True,
	)
	seen = []
	for row in rows:
		start = getdate(row.from_date) if row.from_date else None
		end = getdate(row.to_date) if row.to_date else None
		if (start is None or start <= on) and (end is None or end >= on) and row.member not in seen:
			seen.append(row.member)
	return seen


def has_committee_meetings(organization: str) -> bool:
	"""Only an organization with a committee (3 or more) holds 支委会; a lone secretary does not."""
	return (frappe.db.get_value("Party Organization", organization, "committee_size") or 0) >= 3


def member_scope(organization: str, activity_type: str, party_group: str | None = None) -> dict:
	"""Filters for the members an activity expects: the group for 党小组会, else the organization's subtree."""
	if activity_type == rules.GROUP_MEETING and party_group:
		return {"party_group": party_group, "standing": ACTIVE}
	return {"branch": ("in", subtree(organization)), "standing": ACTIVE}


def expected_attendees(
	organization: str, activity_type: str, party_group: str | None = None, on=None
) -> list[dict]:
	"""Rows for the members expected at an activity: the committee for 支委会 and for the leading group's
	民主生活会, the group for 党小组会, the organization's current members otherwise. Probationary members
	attend without a vote."""
	fields = ["name", "full_name", "membership_type"]
	if activity_type in (rules.COMMITTEE_MEETING, rules.DEMOCRATIC_LIFE_MEETING):
		names = committee_members(organization, on)
		found = {
			m.name: m
			for m in frappe.get_all(
				"Party Member",
				filters={"name": ("in", names or [""])},
				fields=fields,
				ignore_permissions=True,
			)
		}
		members = [found[n] for n in names if n in found]
	else:
		members = frappe.get_all(
			"Party Member",
			filters=member_scope(organization, activity_type, party_group),
			fields=fields,
			order_by="membership_type, joined_on, name",
			ignore_permissions=True,
		)
	on_committee = True if activity_type in (rules.COMMITTEE_MEETING, rules.DEMOCRATIC_LIFE_MEETING) else None
	return [
		{
			"member": m.name,
			"member_name": m.full_name,
			"membership_type": m.membership_type,
			"status": rules.PRESENT,
			"is_guest": 0,
			"is_voting": int(rules.is_voting_member(m.membership_type, False, on_committee)),
		}
		for m in members
	]


# --- members see their own activities ---------------------------------------------------------


def activity_query(user: str | None = None, doctype: str | None = None) -> str:
	"""A plain member's login lists the activities they were expected at or attended."""
	user = user or frappe.session.user
	if not is_member_only(user):
		return ""
	return (
		"`tabParty Activity`.`name` in (select a.parent from `tabParty Activity Attendee` a "
		"join `tabParty Member` m on m.name = a.member "
		f"where a.parenttype = 'Party Activity' and m.`user` = {frappe.db.escape(user)})"
	)


def activity_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	user = user or frappe.session.user
	if not is_member_only(user):
		return True
	if ptype not in (None, "read", "print"):
		return False
	members = [row.member for row in doc.get("attendees") or [] if row.member]
	return bool(members) and bool(frappe.db.exists("Party Member", {"name": ("in", members), "user": user}))


# --- reminders --------------------------------------------------------------------------------

REMINDER_THEME_DAY = "Theme Party Day Not Recorded"
REMINDER_QUARTERLY = "Quarterly Meeting Not Held"


def held_kinds(organizations: list[str], start: datetime.date, end: datetime.date) -> set[tuple[str, str]]:
	"""(organization, kind) of the activities held between two days, in one grouped query."""
	act = frappe.qb.DocType(ACTIVITY)
	rows = (
		frappe.qb.from_(act)
		.select(act.organization, act.activity_type)
		.where(
			act.organization.isin(organizations or [""])
			& (act.activity_date >= start)
			& (act.activity_date <= end)
			& (act.status == rules.HELD)
			& (act.docstatus < 2)
		)
		.groupby(act.organization, act.activity_type)
	).run()
	return {(org, kind) for org, kind in rows}


def active_branches() -> list[str]:
	return frappe.get_all(
		"Party Organization",
		filters={"org_type": BRANCH, "status": ESTABLISHED},
		pluck="name",
		order_by="lft",
	)


def theme_days(branches: list[str]) -> list[tuple[str, int]]:
	"""(branch, its fixed 主题党日 or 0) for the branches."""
	days = dict(
		frappe.get_all(
			"Party Organization",
			filters={"name": ("in", branches)},
			fields=["name", "theme_day"],
			as_list=True,
		)
	)
	return [(b, int(days.get(b) or 0)) for b in branches]


def send_reminders(on: datetime.date | str | None = None) -> int:
	"""Daily: the month's 主题党日 not recorded by the settings' day; a required quarterly meeting
	(支部党员大会, 党课) not yet held once the quarter's last month has begun. Sent once per
	branch and occasion (Party Reminder Log); returns how many were sent now."""
	from party_building.core.reminders import remind, secretaries_of, upper_level_of

	on = getdate(on or today())
	branches = active_branches()
	if not branches:
		return 0
	sent = 0
	month_start = rules.month_start(on.year, on.month)
	# each branch's deadline: its fixed 主题党日, else the settings' day
	deadline = {b: rules.theme_day_deadline_for(day, theme_day_deadline()) for b, day in theme_days(branches)}
	late = [b for b in branches if rules.theme_day_overdue(on, deadline[b], held_this_month=False)]
	if late:
		held = held_kinds(late, month_start, rules.month_end(on.year, on.month))
		for branch in late:
			if (branch, rules.THEME_DAY) in held:
				continue
			subject = _("{0}: the Theme Party Day of {1} is not recorded yet").format(
				branch, f"{on.year}-{on.month:02d}"
			)
			sent += remind(
				f"theme-day:{branch}:{on.year}-{on.month:02d}",
				secretaries_of(branch),
				subject,
				_("Record the month's Theme Party Day (with attendance and photos) in Party Activity."),
				REMINDER_THEME_DAY,
				"Party Organization",
				branch,
				branch,
			)
	if on.month % 3 == 0:
		quarter = rules.quarter_of(on.month)
		start = rules.month_start(on.year, on.month - 2)
		held = held_kinds(branches, start, rules.month_end(on.year, on.month))
		for branch in branches:
			missing = rules.quarterly_overdue_kinds(on, [k for org, k in held if org == branch])
			for kind in missing:
				subject = _("{0}: no {1} held yet in {2}").format(branch, _(kind), f"{on.year}-Q{quarter}")
				sent += remind(
					f"quarterly:{kind}:{branch}:{on.year}-Q{quarter}",
					secretaries_of(branch) + upper_level_of(branch),
					subject,
					_("The quarter's last month has begun; hold and record the meeting before it ends."),
					REMINDER_QUARTERLY,
					"Party Organization",
					branch,
					branch,
				)
	return sent


# --- runs of absences -------------------------------------------------------------------------


def refresh_absence_runs(members, from_date) -> int:
	"""Recompute the members' runs of absences from `from_date` on, seeded by their last counted
	activity before it; only rows whose run changes are written. Returns how many changed.

	A normal save (today's meeting) reads its own rows and writes its absentees; a back-dated or
	cancelled record also corrects the members' later activities.
	"""
	members = sorted({m for m in members if m})
	if not members:
		return 0
	from_date = getdate(from_date)
	rows = frappe.db.sql(
		"""
		select name, member, status, counted, docstatus, absence_run
		from `tabParty Activity Attendee`
		where member in %(members)s and activity_date >= %(from_date)s and parenttype = 'Party Activity'
		order by member, activity_date, parent
		""",
		{"members": members, "from_date": from_date},
		as_dict=True,
	)
	by_member: dict[str, list] = {}
	for row in rows:
		by_member.setdefault(row.member, []).append(row)
	needs_seed = [m for m, rs in by_member.items() if any(r.status == rules.ABSENT for r in rs)]
	seeds = dict(
		frappe.db.sql(
			"""
			select t.member, max(t.absence_run)
			from `tabParty Activity Attendee` t
			join (
				select member, max(activity_date) as last_date
				from `tabParty Activity Attendee`
				where member in %(members)s and activity_date < %(from_date)s
					and counted = 1 and docstatus < 2 and parenttype = 'Party Activity'
				group by member
			) x on x.member = t.member and x.last_date = t.activity_date
			where t.counted = 1 and t.docstatus < 2 and t.parenttype = 'Party Activity'
			group by t.member
			""",
			{"members": needs_seed, "from_date": from_date},
		)
		if needs_seed
		else ()
	)
	changed = 0
	for member, member_rows in by_member.items():
		counted = [r for r in member_rows if r.counted and r.docstatus < 2]
		runs = dict(
			zip(
				(r.name for r in counted),
				rules.absence_runs((r.status for r in counted), int(seeds.get(member) or 0)),
				strict=True,
			)
		)
		for row in member_rows:
			run = runs.get(row.name, 0)
			if (row.absence_run or 0) != run:
				frappe.db.set_value(
					"Party Activity Attendee", row.name, "absence_run", run, update_modified=False
				)
				changed += 1
	return changed


# --- 谈心谈话 and the secretary's 党课 (issue 19) -------------------------------------------------


def check_talk(doc) -> None:
	"""A heart-to-heart talk: two different people, both members of its organization, not in the future."""
	if rules.is_talk_with_oneself(doc.initiator, doc.counterpart):
		frappe.throw(
			_("A heart-to-heart talk is held with someone else; {0} is entered on both sides").format(
				doc.initiator_name or doc.initiator
			),
			TalkWithOneselfError,
			title=_("Talk With Oneself"),
		)
	if getdate(doc.talk_date) > getdate(today()):
		frappe.throw(
			_("A talk dated {0}, in the future, cannot be recorded").format(doc.talk_date),
			FutureMeetingHeldError,
			title=_("Not Held Yet"),
		)
	scope = set(subtree(doc.organization))
	people = {
		m.name: m
		for m in frappe.get_all(
			"Party Member",
			filters={"name": ("in", [doc.initiator, doc.counterpart])},
			fields=["name", "full_name", "branch"],
		)
	}
	for field in ("initiator", "counterpart"):
		member = people.get(doc.get(field))
		if member and member.branch not in scope:
			frappe.throw(
				_("{0} is not a member of {1}: a talk is recorded by the branch of both people").format(
					member.full_name, doc.organization
				),
				TalkOutsideOrganizationError,
				title=_("Not a Member Here"),
			)


def yearly_talks(names: list[str], years: list[int], until: datetime.date, scope=None) -> dict:
	"""{(branch, year): [(initiator, counterpart)]}: the talks recorded by each branch, up to `until`
	(`scope`: see access.among)."""
	out: dict = {}
	if not names or not years:
		return out
	rows = frappe.db.sql(  # tuples, the year from SQL: a county's year is thousands of talks
		f"""
		select organization, year(talk_date), initiator, counterpart from `tabHeart-to-Heart Talk`
		where {among("organization", names, scope)} and talk_date between %(start)s and %(end)s
		""",
		{
			"names": names,
			"start": datetime.date(min(years), 1, 1),
			"end": min(until, datetime.date(max(years), 12, 31)),
		},
	)
	for organization, year, initiator, counterpart in rows:
		out.setdefault((organization, year), []).append((initiator, counterpart))
	return out


def branch_people(names: list[str], scope=None) -> dict:
	"""{branch: {"members": {name: full_name}, "secretary": name, "committee": [names]}}: the active
	members placed in each branch and its current committee (`scope`: see access.among)."""
	out = {n: {"members": {}, "secretary": None, "committee": []} for n in names}
	if not names:
		return out
	for name, full_name, branch in frappe.db.sql(
		f"""
		select name, full_name, branch from `tabParty Member`
		where {among("branch", names, scope)} and standing = %(active)s order by name_pinyin
		""",
		{"names": names, "active": ACTIVE},
	):
		if branch in out:
			out[branch]["members"][name] = full_name
	for parent, member, position in frappe.db.sql(
		f"""
		select parent, member, position from `tabParty Organization Committee Member`
		where {among("parent", names, scope)} and parenttype = 'Party Organization' and is_current = 1
		order by idx
		""",
		{"names": names},
	):
		if parent not in out:
			continue
		out[parent]["committee"].append(member)
		if position == SECRETARY:
			out[parent]["secretary"] = member
	return out


def secretary_lectures(names: list[str], years: list[int], until: datetime.date, scope=None) -> dict:
	"""{(branch, year): n}: 党课 held by the branch whose lecturer was its secretary on the day
	(`scope`: see access.among)."""
	out: dict = {}
	if not names or not years:
		return out
	activity = frappe.qb.DocType(ACTIVITY)
	post = frappe.qb.DocType("Party Organization Committee Member")
	rows = (
		frappe.qb.from_(activity)
		.join(post)
		.on(
			(post.parent == activity.organization)
			& (post.parenttype == "Party Organization")
			& (post.member == activity.lecturer)
			& (post.position == SECRETARY)
			& (post.from_date <= activity.activity_date)
			& (post.to_date.isnull() | (post.to_date >= activity.activity_date))
		)
		.select(activity.organization, activity.activity_date)
		.distinct()
		.select(activity.name)
		.where(
			in_scope(activity.organization, names if scope is None else scope)
			& (activity.activity_type == rules.PARTY_LECTURE)
			& (activity.status == rules.HELD)
			& (activity.docstatus < 2)
			& activity.activity_date.between(
				datetime.date(min(years), 1, 1), min(until, datetime.date(max(years), 12, 31))
			)
		)
	).run(as_dict=True)
	for r in rows:
		key = (r.organization, getdate(r.activity_date).year)
		out[key] = out.get(key, 0) + 1
	return out


# --- 学时: study hours per member and year (issue 19) ---------------------------------------------


def study_hours(orgs: list[str] | None, year: int) -> list[dict]:
	"""Each active member of the organizations (None: all) with the year's class hours: the study hours
	of the held activities they were present at, and the class hours of their training records (by the
	year the training ended). Three grouped queries."""
	member = frappe.qb.DocType("Party Member")
	members = within(
		frappe.qb.from_(member)
		.select(member.name, member.full_name, member.branch)
		.where(member.standing == ACTIVE)
		.orderby(member.branch)
		.orderby(member.name_pinyin),
		member.branch,
		orgs,
	).run(as_dict=True)
	if not members:
		return []
	names = [m.name for m in members]
	start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
	attendee = frappe.qb.DocType("Party Activity Attendee")
	activity = frappe.qb.DocType(ACTIVITY)
	from_activities = dict(
		frappe.qb.from_(attendee)
		.join(activity)
		.on(activity.name == attendee.parent)
		.select(attendee.member, Sum(activity.study_hours))
		.where(
			attendee.member.isin(names)
			& (attendee.parenttype == ACTIVITY)
			& (attendee.status == rules.PRESENT)
			& (activity.status == rules.HELD)
			& (activity.docstatus < 2)
			& activity.activity_date.between(start, end)
		)
		.groupby(attendee.member)
		.run()
	)
	training = frappe.qb.DocType("Party Member Training")
	ended = Coalesce(training.to_date, training.from_date)
	from_training = dict(
		frappe.qb.from_(training)
		.select(training.parent, Sum(training.class_hours))
		.where(
			training.parent.isin(names) & (training.parenttype == "Party Member") & ended.between(start, end)
		)
		.groupby(training.parent)
		.run()
	)
	out = []
	for m in members:
		a = float(from_activities.get(m.name) or 0)
		t = float(from_training.get(m.name) or 0)
		out.append(
			frappe._dict(
				member=m.name,
				full_name=m.full_name,
				branch=m.branch,
				activity_hours=a,
				training_hours=t,
				total_hours=round(a + t, 1),
				short=rules.study_hours_short(a + t),
			)
		)
	return out


# --- 组织生活会: its rectification list feeds the rectification ledger (issue 19) ------------------


def make_rectification_items(doc) -> int:
	"""Each problem on a held 组织生活会's or 民主生活会's rectification list becomes a Rectification Item
	of the organization (source 自查, category 党内政治生活), linked from the row; made once per row."""
	if not rules.has_life_meeting_chain(doc.activity_type) or doc.status != rules.HELD:
		return 0
	made = 0
	for row in doc.life_meeting_rectifications:
		if row.rectification_item:
			continue
		item = frappe.get_doc(
			{
				"doctype": "Rectification Item",
				"organization": doc.organization,
				"source": "Self-check",
				"category": "Inner-Party Political Life",
				"found_on": doc.activity_date,
				"deadline": row.deadline,
				"description": row.problem,
				"measures": row.measures,
				"from_meeting": doc.name,
			}
		).insert()
		row.db_set("rectification_item", item.name, update_modified=False)
		made += 1
	return made


@frappe.whitelist()
@guarded
def member_study_hours(member: str, year: int | None = None) -> dict:
	"""The figure on a member's form: the year's class hours (activities, training), against 32."""
	if not isinstance(member, str) or not frappe.db.exists("Party Member", member):
		frappe.throw(
			_("No member {0} that you may see").format(""), frappe.PermissionError, title=_("Not Permitted")
		)
	if not frappe.has_permission("Party Member", "read", member):
		frappe.throw(
			_("No member {0} that you may see").format(""), frappe.PermissionError, title=_("Not Permitted")
		)
	year = arguments.year(year) if year not in (None, "") else getdate(today()).year
	branch = frappe.db.get_value("Party Member", member, "branch")
	row = next((r for r in study_hours([branch], year) if r.member == member), None)
	total = row.total_hours if row else 0.0
	return {
		"year": year,
		"total_hours": total,
		"required": rules.MIN_STUDY_HOURS_A_YEAR,
		"short": rules.study_hours_short(total),
	}
