"""Demo organizational life: a year of meetings per branch with attendance, the yearly plans, and
last year's democratic appraisal.

Most branches keep every required meeting, some miss a few and some fall well behind, so the
compliance report has something to show; a few members miss meeting after meeting. Written with
bulk inserts (county scale: about 15,000 activities and 300,000 attendance rows); the counts come
from activity_rules, as the controller would compute them.
"""

import datetime
import random

import frappe
from frappe.utils import now_datetime

from party_building.activity import rules
from party_building.core.bulk import writing
from party_building.demo import SeriesNames
from party_building.members import rules as mrules
from party_building.organization import rules as orules

ACTIVITY_FIELDS = (
	"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx",
	"organization", "activity_type", "party_group", "topic", "status", "activity_date", "start_time",
	"end_time", "place", "host", "host_name", "recorder", "recorder_name", "lecturer", "lecturer_name",
	"expected_count", "present_count", "leave_count", "absent_count", "attendance_rate", "minutes",
	"decisions", "workflow_state",
)  # fmt: skip
CHILD_FIELDS = (
	"name",
	"owner",
	"creation",
	"modified",
	"modified_by",
	"docstatus",
	"idx",
	"parent",
	"parenttype",
	"parentfield",
)
ATTENDEE_FIELDS = (
	*CHILD_FIELDS,
	"member",
	"member_name",
	"membership_type",
	"status",
	"leave_reason",
	"is_guest",
	"is_voting",
	"organization",
	"activity_date",
	"counted",
	"absence_run",
)
VOTE_FIELDS = (*CHILD_FIELDS, "item", "votes_for", "votes_against", "votes_abstain", "result")
PLAN_FIELDS = (
	"name",
	"owner",
	"creation",
	"modified",
	"modified_by",
	"docstatus",
	"idx",
	"organization",
	"year",
)
PLAN_ITEM_FIELDS = (*CHILD_FIELDS, "month", "activity_type", "topic")
APPRAISAL_FIELDS = (
	"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx",
	"organization", "year", "appraisal_date", "summary", "workflow_state",
)  # fmt: skip
GRADE_FIELDS = (
	*CHILD_FIELDS,
	"member",
	"member_name",
	"self_assessment",
	"grade",
	"follow_up",
	"follow_up_deadline",
	"grade_key",
)

TOPICS = {
	rules.COMMITTEE_MEETING: (
		"研究本月党建工作安排",
		"讨论发展对象人选",
		"研究党费收缴情况",
		"部署主题党日活动",
		"研究教师党员承诺践诺",
	),
	rules.GROUP_MEETING: (
		"学习《中国共产党章程》",
		"交流师德师风建设体会",
		"学习习近平总书记关于教育的重要论述",
		"讨论党员示范岗创建",
	),
	rules.THEME_DAY: (
		"重温入党誓词",
		"参观红色教育基地",
		"“学党史、悟思想”专题学习",
		"党员志愿服务进社区",
		"师德师风警示教育",
		"清明祭英烈",
		"七一主题党日",
	),
	rules.GENERAL_MEETING: ("通报季度党建工作", "讨论接收预备党员", "民主推荐优秀党员", "学习贯彻全会精神"),
	rules.PARTY_LECTURE: (
		"书记讲党课：坚定理想信念",
		"立德树人 为党育人",
		"全面从严治党永远在路上",
		"弘扬伟大建党精神",
	),
	rules.LIFE_MEETING: ("年度组织生活会暨批评与自我批评",),
	rules.APPRAISAL_MEETING: ("年度民主评议党员",),
	rules.HEART_TALK: ("支委与党员谈心谈话", "书记与支委谈心谈话"),
	rules.GROUP_STUDY: ("集中学习党的创新理论", "学习《中国共产党纪律处分条例》", "学习新修订的教师法"),
	rules.VOLUNTEER_SERVICE: ("关爱留守儿童志愿服务", "校园周边交通安全志愿服务", "义务支教送教下乡"),
}
LEAVE_REASONS = ("外出培训", "病假", "公出", "事假", "带学生参加比赛", "送教下乡")
PLACES = ("党员活动室", "学校会议室", "多功能厅", "阶梯教室")
# share of branches per profile and the chance that a required meeting is missed
PROFILES = (("compliant", 0.6, 0.0), ("behind", 0.3, 0.2), ("far behind", 0.1, 0.5))


def make(ctx) -> dict:
	"""Add the organizational life of the demo county's branches (ctx from demo.make_demo)."""
	rng = random.Random(f"{ctx.scale}-activity")
	on = ctx.on
	user = frappe.session.user
	branches = [p for p in ctx.plan if p.org_type == orules.BRANCH]
	months = last_months(on, 12)
	writer = Writer(user, on)
	profiles = {}
	# the rows are written as they are made: the server inserts one batch while the next is made
	with writing() as writer.write:
		writer.series.settle = writer.write.settle  # a later block of names waits for the insert in flight
		for branch in branches:
			name, _share, miss = pick_profile(rng)
			profiles[name] = profiles.get(name, 0) + 1
			BranchYear(branch, months, miss, rng, on, writer).make()
			writer.plan(branch, on.year, rng)
			writer.appraisal(branch, on.year - 1, rng)
		writer.flush()
	writer.write = None
	writer.series.release()
	ctx.attended = writer.attended  # for the points of attendance (demo.ledgers)
	return {
		"activities": writer.counts["activities"],
		"attendees": writer.counts["attendees"],
		"plans": writer.counts["plans"],
		"appraisals": writer.counts["appraisals"],
		"profiles": profiles,
	}


def last_months(on: datetime.date, count: int) -> list[tuple[int, int]]:
	y, m = on.year, on.month
	out = []
	for _ in range(count):
		out.append((y, m))
		y, m = (y - 1, 12) if m == 1 else (y, m - 1)
	return out[::-1]


def pick_profile(rng: random.Random) -> tuple[str, float, float]:
	x = rng.random()
	for profile in PROFILES:
		x -= profile[1]
		if x < 0:
			return profile
	return PROFILES[0]


class BranchYear:
	"""One branch's year: what it holds, when, and who comes."""

	def __init__(self, branch, months, miss, rng, on, writer):
		self.branch, self.months, self.miss, self.rng, self.on, self.w = branch, months, miss, rng, on, writer
		self.members = [m for m in branch.members if m["standing"] == mrules.ACTIVE]
		self.by_name = {m["name"]: m for m in self.members}
		current = [
			(m, start) for m, _pos, start, end in branch.committee if end is None and m in self.by_name
		]
		self.committee = [m for m, _start in current]
		# the current committee meets from the start of its term
		self.committee_from = max((start for _m, start in current if start), default=None)
		self.secretary = (
			self.committee[0] if self.committee else (self.members[0]["name"] if self.members else None)
		)
		self.absentees = {m["name"] for m in self.members if rng.random() < 0.02}
		self.theme_day = rng.choice((5, 10, 15, 20, 25))

	def make(self):
		if not self.members:
			return
		self.pending = []
		for y, m in self.months:
			last = rules.month_end(y, m)
			if (y, m) == (self.on.year, self.on.month):
				last = self.on - datetime.timedelta(days=1)
			first = datetime.date(y, m, 1)
			if last < first:
				continue
			committee_first = max(first, self.committee_from or first)
			if len(self.committee) >= 3 and committee_first <= last:
				self.hold(rules.COMMITTEE_MEETING, committee_first, last, attendees=self.committee)
			for group in self.branch.groups:
				people = [n for n, mm in self.by_name.items() if mm.get("party_group") == group]
				if people:
					self.hold(rules.GROUP_MEETING, first, last, attendees=people, party_group=group)
			theme = min(datetime.date(y, m, self.theme_day), last)
			self.hold(rules.THEME_DAY, theme, theme)
			if m % 3 == 0:
				self.hold(rules.GENERAL_MEETING, first, last, vote=self.rng.random() < 0.3)
				self.hold(rules.PARTY_LECTURE, first, last)
			if m == 12:
				self.hold(rules.LIFE_MEETING, first, last)
				self.hold(rules.APPRAISAL_MEETING, first, last)
			if self.rng.random() < 0.5:
				self.hold(rules.GROUP_STUDY, first, last, required=False)
			if self.rng.random() < 0.15:
				self.hold(rules.VOLUNTEER_SERVICE, first, last, required=False, share=0.5)
			if self.rng.random() < 0.15 and len(self.committee) >= 2:
				self.hold(rules.HEART_TALK, first, last, attendees=self.committee[:2], required=False)
		self.write()

	def hold(self, kind, first, last, attendees=None, party_group=None, required=True, vote=False, share=1.0):
		rng = self.rng
		if required and rng.random() < self.miss:
			return
		day = first + datetime.timedelta(days=rng.randrange((last - first).days + 1))
		names = attendees or [m["name"] for m in self.members if share >= 1 or rng.random() < share]
		committee_meeting = kind == rules.COMMITTEE_MEETING
		rows = []
		for name in names:
			member = self.by_name[name]
			if name in self.absentees and not committee_meeting:
				status = rules.ABSENT if rng.random() < 0.75 else rules.PRESENT
			else:
				x = rng.random()
				status = rules.PRESENT if x < 0.9 else rules.ON_LEAVE if x < 0.96 else rules.ABSENT
			voting = rules.is_voting_member(
				member["membership_type"], False, True if committee_meeting else None
			)
			rows.append([name, member["full_name"], member["membership_type"], status, voting])
		if committee_meeting:  # a committee meeting is only held with more than half of the committee
			for row in rows:
				if rules.committee_quorum(sum(r[3] == rules.PRESENT for r in rows), len(rows)):
					break
				row[3] = rules.PRESENT
		self.pending.append((day, kind, rows, party_group, vote))

	def write(self):
		"""In date order, so that each attendance row carries the member's run of absences."""
		runs: dict[str, int] = {}
		for day, kind, rows, party_group, vote in sorted(self.pending, key=lambda a: a[0]):
			for row in rows:
				runs[row[0]] = runs.get(row[0], 0) + 1 if row[3] == rules.ABSENT else 0
				row.append(runs[row[0]])
			self.w.activity(
				self.branch, kind, day, rows, party_group, self.secretary, self.by_name, vote, self.rng
			)


class Writer:
	"""Collects rows and writes them with bulk inserts."""

	def __init__(self, user: str, on: datetime.date):
		self.user, self.on = user, on
		self.now = now_datetime()
		self.rows = {
			key: []
			for key in ("activities", "attendees", "votes", "plans", "plan_items", "appraisals", "grades")
		}
		self.counts = {"activities": 0, "attendees": 0, "plans": 0, "appraisals": 0}
		self.series = SeriesNames(block=10_000)  # about one block a year of meetings (see release)
		self.write = None  # the writing block rows go to (core.bulk.writing), when one is open
		# (activity, date, member) of everyone present at an approved meeting, as the points read them
		self.attended: list[tuple[str, datetime.date, str]] = []
		self.run = random.Random().getrandbits(32)
		self.rows_named = 0

	def row_name(self) -> str:
		"""A child row name of 16 hex digits, cheaper than generate_hash: a random 32-bit prefix for this
		build, then a counter, so that the county's 300,000 attendance rows are appended to the table's
		primary key in order instead of at random places."""
		self.rows_named += 1
		return f"{self.run:08x}{self.rows_named:08x}"

	def next_name(self, prefix: str, doctype: str) -> str:
		return self.series.next(prefix, doctype, 5)

	def stamp(self, day: datetime.date) -> datetime.datetime:
		created = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(17, 30))
		return min(created, self.now)

	def activity(self, branch, kind, day, rows, party_group, secretary, by_name, vote, rng):
		name = self.next_name(f"PA-{day.year}-", "Party Activity")
		created = self.stamp(day)
		# approved up to last month, awaiting review last month, drafts this month
		month_age = (self.on.year - day.year) * 12 + self.on.month - day.month
		docstatus, state = (1, "Upper Level Approved") if month_age >= 2 else (0, "Submitted to Upper Level")
		if month_age == 0:
			docstatus, state = 0, "Branch Draft"
		att = rules.count_attendance(rules.Attendee(r[0], r[3], r[4]) for r in rows)  # r[5]: run
		recorder = next((m for m in by_name if m != secretary), secretary)
		start = datetime.timedelta(hours=rng.choice((14, 15, 16)), minutes=rng.choice((0, 30)))
		topic = rng.choice(TOPICS[kind])
		lecturer = secretary if kind == rules.PARTY_LECTURE else None
		self.rows["activities"].append(
			(
				name, self.user, created, created, self.user, docstatus, 0,
				branch.name, kind, party_group, topic, "Held", day, start, start + datetime.timedelta(hours=1, minutes=30),
				rng.choice(PLACES), secretary, by_name[secretary]["full_name"] if secretary else None,
				recorder, by_name[recorder]["full_name"] if recorder else None,
				lecturer, by_name[lecturer]["full_name"] if lecturer else None,
				att.expected, att.present, att.on_leave, att.absent, att.rate,
				f"<p>会议由{by_name[secretary]['full_name'] if secretary else ''}主持，围绕“{topic}”开展学习讨论。</p>",
				"会议议定事项已分工落实。" if kind in (rules.COMMITTEE_MEETING, rules.GENERAL_MEETING) else None,
				state,
			)
		)  # fmt: skip
		if docstatus == 1:
			self.attended += [(name, day, r[0]) for r in rows if r[3] == rules.PRESENT]
		for idx, (member, member_name, membership_type, status, voting, run) in enumerate(rows, 1):
			self.rows["attendees"].append(
				(
					self.row_name(), self.user, created, created, self.user, docstatus, idx,
					name, "Party Activity", "attendees", member, member_name, membership_type, status,
					rng.choice(LEAVE_REASONS) if status == rules.ON_LEAVE else None, 0, int(voting),
					branch.name, day, 1, run,
				)
			)  # fmt: skip
		if vote and rules.has_quorum(att.present_voting, att.expected_voting):
			votes_for = att.present_voting - rng.randrange(0, 2)
			self.rows["votes"].append(
				(
					self.row_name(), self.user, created, created, self.user, docstatus, 1,
					name, "Party Activity", "votes", "推荐优秀共产党员人选", votes_for,
					att.present_voting - votes_for, 0, rules.vote_result(votes_for, att.expected_voting),
				)
			)  # fmt: skip
		self.counts["activities"] += 1
		self.counts["attendees"] += len(rows)
		if len(self.rows["attendees"]) >= 20_000:
			self.flush()

	def plan(self, branch, year, rng):
		name = self.next_name("PLAN-", "Party Activity Plan")
		created = self.stamp(datetime.date(year, 1, 5))
		self.rows["plans"].append((name, self.user, created, created, self.user, 0, 0, branch.name, year))
		committee = sum(1 for _m, _p, _s, end in branch.committee if end is None) >= 3
		for idx, (month, kind) in enumerate(rules.standard_plan(committee, bool(branch.groups)), 1):
			self.rows["plan_items"].append(
				(
					self.row_name(), self.user, created, created, self.user, 0, idx,
					name, "Party Activity Plan", "items", month, kind, rng.choice(TOPICS[kind]),
				)
			)  # fmt: skip
		self.counts["plans"] += 1

	def appraisal(self, branch, year, rng):
		members = [m for m in branch.members if m["standing"] == mrules.ACTIVE]
		if not members:
			return
		name = self.next_name("DA-", "Democratic Appraisal")
		day = datetime.date(year, 12, 20)
		created = self.stamp(day)
		self.rows["appraisals"].append(
			(name, self.user, created, created, self.user, 1, 0, branch.name, year, day, "按照“一会五评”程序完成民主评议。", "Upper Level Approved")
		)  # fmt: skip
		for idx, m in enumerate(members, 1):
			x = rng.random()
			grade = (
				rules.EXCELLENT if x < 0.15 else rules.QUALIFIED if x < 0.96
				else rules.BASICALLY_QUALIFIED if x < 0.995 else rules.UNQUALIFIED
			)  # fmt: skip
			unqualified = grade == rules.UNQUALIFIED
			self.rows["grades"].append(
				(
					self.row_name(), self.user, created, created, self.user, 1, idx,
					name, "Democratic Appraisal", "grades", m["name"], m["full_name"], "能够履行党员义务，发挥先锋模范作用。",
					grade, rules.FOLLOW_UPS[0] if unqualified else None,
					datetime.date(year + 1, 6, 30) if unqualified else None, f"{m['name']}|{year}",
				)
			)  # fmt: skip
		self.counts["appraisals"] += 1

	def flush(self):
		tables = (
			("activities", "Party Activity", ACTIVITY_FIELDS),
			("attendees", "Party Activity Attendee", ATTENDEE_FIELDS),
			("votes", "Party Activity Vote", VOTE_FIELDS),
			("plans", "Party Activity Plan", PLAN_FIELDS),
			("plan_items", "Party Activity Plan Item", PLAN_ITEM_FIELDS),
			("appraisals", "Democratic Appraisal", APPRAISAL_FIELDS),
			("grades", "Democratic Appraisal Grade", GRADE_FIELDS),
		)
		if self.write is None:
			with writing() as self.write:
				self.flush()
			self.write = None
			return
		for key, doctype, fields in tables:
			if self.rows[key]:
				self.write(doctype, fields, self.rows[key])
				self.rows[key] = []
