"""Demo ledgers: each branch's rectification ledger (the spring clean-up campaign of the seeds and the
year-end self-check), its work ledger (the 19 key tasks of the implementation plan), its party work
fund, and a year of member points (awarded from the demo's approved activities and on-time dues, plus
entries by hand).

Written with bulk inserts: at county scale about 1,600 problems, 5,500 tasks, 300 funds and 300,000
points entries. Values come from ledger_rules, as the controllers would compute them.
"""

import datetime
import random

import frappe
from frappe.utils import now_datetime

from party_building.core.bulk import rows_of, writing
from party_building.demo import SeriesNames
from party_building.ledgers import rules
from party_building.ledgers.install import ensure_defaults
from party_building.ledgers.points import TALLY_COLUMNS, tally_name
from party_building.members import rules as mrules
from party_building.organization import rules as orules

EVIDENCE_URL = "/files/pb-demo-evidence.pdf"
ENTRY_BATCH = 20_000  # points entries written at once, while the next ones are made

# the 19 key tasks of the seeds' implementation plan (全面提升学校党建工作质量实施方案)
KEY_TASKS = """(一)抓党组织带头人队伍 1.选优配强学校党组织书记及成员。
2.加强党组织后备力量建设。
3.积极参加全县教育系统党组织书记培训,提高组织书记党性修养及能力。
4.强化党组织管理,按期开展换届选举或改选工作。
(二)抓党组织阵地建设。
5.加强党组织活动场所建设,建立健全党员活动室。
6.切实发挥党组织活动场所功能,规范开展“三会一课”等组织生活。
7.充分发挥“甘肃党建”信息化平台作用。
(三)抓党内政治生活 8.强化政治理论武装。
9.加强民主集中制建设,全面推行党务公开。
10.严格落实组织生活制度,建立并落实“月通报、季调度”制度。
11.不断提升政治功能和组织力。
(四)抓基础保障工作 12.加强党建工作和党组织活动经费保障。
13.构建网格化党建体系。
(五)精准整治软弱涣散基层党组织 14.抓好整治工作的开展。
15.严格进行评估。
16.强化结果运用。
(六)大力整治党员信教和涉黑涉恶问题 17.治信教参教问题。
18.整治涉黑涉恶问题。
19.加强党员教育管理。
"""

# (category, problem, measures) as the seeds' checklist finds them
PROBLEMS = {
	"Study and Implementation": (
		("专题学习党章和党的二十大精神记录不全", "补齐学习记录，制定年度学习计划并按月落实"),
		("党员学习笔记内容简单，心得体会缺失", "每季度检查学习笔记，组织撰写心得体会"),
	),
	"Inner-Party Political Life": (
		("“三会一课”会议记录不规范，缺少参会人员签到", "统一使用会议记录本，会前签到、会后归档"),
		("组织生活会会前谈心谈话记录缺失", "补充谈心谈话记录，建立谈心谈话台账"),
		("主题党日活动缺少影像资料", "每次活动留存照片，专人负责整理归档"),
	),
	"Developing New Members": (
		("发展对象政治审查材料不完整", "补齐政审材料，逐人建立发展党员纪实档案"),
		("入党积极分子培养考察记录半年未更新", "培养联系人每季度填写考察意见"),
	),
	"Dues Collection and Management": (
		("部分党员党费核定基数未按工资调整更新", "按新工资标准重新核定党费基数并公示"),
		("党费收缴情况未按季度公示", "每季度在党务公开栏公示党费收缴情况"),
	),
	"Organization Setup and Elections": (
		("支部委员会任期届满未及时换届", "向上级党组织请示，按程序召开党员大会换届选举"),
		("党小组设置与教研组调整不一致", "按年级组重新划分党小组并报备"),
	),
	"Party Work Staff": (
		("支部委员分工不明确，组织委员兼任过多", "重新明确支委分工，配齐宣传委员"),
		("党务工作者未参加年度业务培训", "安排参加县教育工委组织的党务干部培训"),
	),
	"Party Building in All Fields": (
		("未建立党员积分管理台账", "制定党员积分管理实施方案，专人负责积分台账"),
		("支部书记“双述双评”资料未归档", "整理述职评议会议记录和测评表并归档"),
	),
	"Archives and Information": (
		("党员档案缺少入党志愿书复印件", "联系原单位调取复印件，补齐档案资料"),
		("党员信息系统与实际组织关系不一致", "逐人核对党员信息，更新系统数据"),
	),
}
SOURCES = (
	("Self-check", 0.5),
	("Supervision", 0.25),
	("Inspection Tour", 0.1),
	("Appraisal of Duty Report", 0.15),
)
RESULTS = (
	"已按整改措施落实到位，相关资料已补齐归档",
	"已整改完成，建立长效机制，支委会研究通过",
	"问题已整改，经支部自查验收合格",
)
EXPENSES = (
	("购买党建学习资料", 300, 1500),
	("主题党日活动", 200, 1200),
	("党员活动室宣传展板制作", 800, 3000),
	("党员教育培训", 500, 2500),
	("订阅党报党刊", 400, 1200),
	("慰问困难党员和老党员", 500, 2000),
	("党务公开栏维护", 200, 800),
)
PROGRESS_NOTES = (
	"已召开支委会专题研究，制定推进计划",
	"已完成阶段性工作，资料正在整理",
	"已按计划推进，形成工作记录",
)

BASE = ("name", "owner", "creation", "modified", "modified_by", "docstatus", "idx")
CHILD = (*BASE, "parent", "parenttype", "parentfield")
ITEM_FIELDS = (
	*BASE, "organization", "source", "category", "found_on", "deadline", "responsible", "overdue",
	"workflow_state", "title", "description", "measures", "result", "closed_by", "closed_on",
	"closed_on_time", "reopen_count",
)  # fmt: skip
EVIDENCE_FIELDS = (*CHILD, "file", "description")
EVENT_FIELDS = (*CHILD, "action", "from_state", "to_state", "user", "event_on", "reason")
FILE_FIELDS = (
	*BASE, "file_name", "file_url", "is_private", "folder", "attached_to_doctype", "attached_to_name",
	"attached_to_field", "file_size", "is_folder",
)  # fmt: skip
TASK_FIELDS = (
	*BASE, "title", "organization", "year", "category", "plan_number", "responsible", "deadline", "status",
	"completed_on", "overdue", "description",
)  # fmt: skip
PROGRESS_FIELDS = (*CHILD, "progress_date", "note", "attachment")
FUND_FIELDS = (
	*BASE, "organization", "year", "fund_key", "previous_year_payroll", "budget_rate", "default_budget",
	"budget", "budget_change_reason", "spent", "remaining",
)  # fmt: skip
EXPENSE_FIELDS = (
	*CHILD, "expense_date", "purpose", "amount", "attachment", "over_budget", "approved", "approved_by",
	"approved_on", "approval_note",
)  # fmt: skip
TALLY_FIELDS = (
	*BASE, "member", "activist", "organization", "year", "organizational_life", "study", "exemplary_role",
	"deduction", "points", "entries",
)  # fmt: skip
ENTRY_FIELDS = (
	*BASE, "member", "activist", "person_name", "membership_type", "organization", "rule", "category",
	"entry_date", "points", "description", "evidence", "is_automatic", "source_doctype", "source_name",
	"source_key", "approved_by", "approved_on",
)  # fmt: skip


def make(ctx) -> dict:
	"""Add the ledgers of the demo county's branches (ctx from demo.make_demo)."""
	rng = random.Random(f"{ctx.scale}-ledgers")
	on = ctx.on
	branches = [p for p in ctx.plan if p.org_type == orules.BRANCH and p.members]
	w = Writer(frappe.session.user, on)
	secretaries = branch_users(branches)
	admin = ctx.county.admin_user
	ensure_defaults()
	ensure_evidence_file()
	for branch in branches:
		secretary = secretaries.get(branch.name, admin)
		rectification(w, branch, secretary, admin, rng, on, ctx.scale)
		work_tasks(w, branch, secretary, rng, on)
		fund(w, branch, admin, rng, on)
	points_counts = member_points(w, ctx, branches, admin, rng, on)
	w.series.release()
	return {**w.counts, **points_counts}


def ensure_evidence_file() -> None:
	"""The one scanned document every demo evidence row points to."""
	import os

	path = frappe.get_site_path("public", "files", EVIDENCE_URL.rsplit("/", 1)[-1])
	if not os.path.exists(path):
		os.makedirs(os.path.dirname(path), exist_ok=True)
		with open(path, "wb") as f:
			f.write(MINIMAL_PDF)


MINIMAL_PDF = (
	b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
	b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def branch_users(branches) -> dict[str, str]:
	rows = frappe.get_all(
		"User Permission",
		filters={"allow": "Party Organization", "for_value": ("in", [b.name for b in branches] or [""])},
		fields=["user", "for_value"],
		order_by="user",
	)
	return {r.for_value: r.user for r in rows}


def weighted(rng: random.Random, pairs) -> str:
	values, weights = zip(*pairs, strict=True)
	return rng.choices(values, weights)[0]


def day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
	return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


# --- rectification ----------------------------------------------------------------------------


def rectification(w, branch, secretary, admin, rng, on, scale):
	count = rng.randint(2, 9) if scale == "county" else rng.randint(3, 6)
	spring = (datetime.date(on.year, 2, 20), min(datetime.date(on.year, 4, 15), on))
	late_year = (max(datetime.date(on.year, 10, 20), on - datetime.timedelta(days=40)), on)
	for i in range(count):
		first, last = spring if i < count * 0.7 else late_year
		found = day_between(rng, first, last)
		category = rng.choice(list(PROBLEMS))
		description, measures = rng.choice(PROBLEMS[category])
		deadline = found + datetime.timedelta(days=rng.choice((20, 30, 30, 45, 60)))
		item = w.new("Rectification Item", "RECT-{year}-", found, digits=5)
		item.update(
			organization=branch.name, source=weighted(rng, SOURCES), category=category, found_on=found,
			deadline=deadline, responsible=secretary, title=description[:40], description=description,
			measures=measures, result=None, closed_by=None, closed_on=None, closed_on_time=0, reopen_count=0,
		)  # fmt: skip
		x = rng.random()
		events = [
			(rules.START, rules.TO_RECTIFY, rules.RECTIFYING, secretary, found + datetime.timedelta(days=1))
		]
		if deadline < on:
			state = (
				rules.CLOSED_OUT if x < 0.75 else rules.CLOSE_OUT_REQUESTED if x < 0.85 else rules.RECTIFYING
			)
		else:
			state = (
				rules.TO_RECTIFY if x < 0.3 else rules.RECTIFYING if x < 0.8 else rules.CLOSE_OUT_REQUESTED
			)
		if state == rules.TO_RECTIFY:
			events = []
		if state in (rules.CLOSE_OUT_REQUESTED, rules.CLOSED_OUT):
			if state == rules.CLOSED_OUT:
				on_time = rng.random() < 0.8
				closed = (
					day_between(rng, found + datetime.timedelta(days=7), deadline)
					if on_time
					else day_between(
						rng,
						deadline + datetime.timedelta(days=1),
						min(on, deadline + datetime.timedelta(days=40)),
					)
				)
				applied = max(
					found + datetime.timedelta(days=2), closed - datetime.timedelta(days=rng.randint(1, 5))
				)
			else:
				closed = None
				applied = day_between(rng, found + datetime.timedelta(days=3), on)
			item["result"] = rng.choice(RESULTS)
			events.append((rules.APPLY, rules.RECTIFYING, rules.CLOSE_OUT_REQUESTED, secretary, applied))
			w.evidence(item, applied, secretary)
			if closed:
				events.append((rules.CLOSE, rules.CLOSE_OUT_REQUESTED, rules.CLOSED_OUT, admin, closed))
				item.update(
					closed_by=admin,
					closed_on=closed,
					closed_on_time=int(rules.closed_on_time(deadline, closed)),
				)
		item["workflow_state"] = state
		item["overdue"] = int(rules.is_overdue(deadline, on, state == rules.CLOSED_OUT))
		for n, (action, old, new, user, day) in enumerate(events, start=1):
			w.child("Rectification Event", item, "history", n, action=action, from_state=old, to_state=new,
				user=user, event_on=w.stamp(day), reason=None)  # fmt: skip
		w.counts["rectification_items"] += 1


# --- work tasks -------------------------------------------------------------------------------

TASKS = rules.parse_plan(KEY_TASKS)


def work_tasks(w, branch, secretary, rng, on):
	year = on.year
	for task in TASKS:
		deadline = datetime.date(year, 10, 31) if task["number"] <= 16 else datetime.date(year, 12, 31)
		created = datetime.date(year, 4, 28)
		doc = w.new("Work Task", "WT-{year}-", created, digits=5)
		passed = deadline < on
		x = rng.random()
		if passed:
			status = rules.DONE if x < 0.75 else rules.IN_PROGRESS if x < 0.95 else rules.NOT_STARTED
		else:
			status = rules.DONE if x < 0.35 else rules.IN_PROGRESS if x < 0.85 else rules.NOT_STARTED
		completed = (
			day_between(rng, datetime.date(year, 5, 10), min(on, deadline)) if status == rules.DONE else None
		)
		doc.update(
			title=task["title"], organization=branch.name, year=year, category=task["category"],
			plan_number=task["number"], responsible=secretary, deadline=deadline, status=status,
			completed_on=completed, overdue=int(rules.is_overdue(deadline, on, status == rules.DONE)),
			description=task["description"],
		)  # fmt: skip
		if status != rules.NOT_STARTED:
			last = completed or on
			for n in range(1, rng.randint(1, 3) + 1):
				w.child("Work Task Progress", doc, "progress", n, progress_date=day_between(rng, created, last),
					note=rng.choice(PROGRESS_NOTES), attachment=EVIDENCE_URL if n == 1 else None)  # fmt: skip
		w.counts["work_tasks"] += 1


# --- funds ------------------------------------------------------------------------------------


def fund(w, branch, admin, rng, on):
	staff = max(8, round(len(branch.members) * rng.uniform(1.5, 3.0)))
	payroll = round(staff * rng.uniform(85_000, 110_000), -2)
	budget = rules.default_budget(payroll)
	doc = w.new("Party Work Fund", "PWF-", datetime.date(on.year, 1, 10), digits=5, yearly=False)
	share = rng.uniform(0.4, 0.95) * (on.timetuple().tm_yday / 366 + 0.2)
	target = float(budget) * min(share, 0.98)
	spent = rules.money(0)
	rows = []
	while spent < target:
		purpose, low, high = rng.choice(EXPENSES)
		amount = rules.money(round(rng.uniform(low, high), -1))
		if spent + amount > budget:
			break
		rows.append((day_between(rng, datetime.date(on.year, 1, 15), on), purpose, amount))
		spent += amount
	over = rng.random() < 0.05
	if over:
		rows.append(
			(
				day_between(rng, datetime.date(on.year, 9, 1), on),
				"党员活动室改造（追加）",
				rules.money(float(budget) * 0.15),
			)
		)
	rows.sort()
	past = set(rules.expenses_past_budget(budget, [r[2] for r in rows]))
	for n, (day, purpose, amount) in enumerate(rows, start=1):
		approved = (n - 1) in past
		w.child("Party Work Fund Expense", doc, "expenses", n, expense_date=day, purpose=purpose, amount=amount,
			attachment=EVIDENCE_URL, over_budget=int(approved), approved=int(approved),
			approved_by=admin if approved else None, approved_on=w.stamp(day) if approved else None,
			approval_note="同意超预算支出" if approved else None)  # fmt: skip
	total = sum((r[2] for r in rows), rules.money(0))
	doc.update(
		organization=branch.name, year=on.year, fund_key=f"{branch.name}:{on.year}",
		previous_year_payroll=payroll, budget_rate=1, default_budget=budget, budget=budget,
		budget_change_reason=None, spent=total, remaining=rules.remaining(budget, total),
	)  # fmt: skip
	w.counts["funds"] += 1
	w.counts["fund_expenses"] += len(rows)


# --- points -----------------------------------------------------------------------------------


def member_points(w, ctx, branches, admin, rng, on) -> dict:
	rule_rows = {r.name: r for r in frappe.get_all("Points Rule", fields=["*"], filters={"enabled": 1})}
	members = {m["name"]: m for b in branches for m in b.members if m["standing"] == mrules.ACTIVE}
	orgs = [b.name for b in branches]
	since = on - datetime.timedelta(days=365)
	used: dict[tuple, float] = {}

	def give(rule_name, person, day, source=None, description=None, activist=None):
		rule = rule_rows.get(rule_name)
		if not rule:
			return
		key = (rule_name, person["name"])
		room = rules.points_within_caps(
			rule.points,
			used.get((*key, day), 0),
			used.get((*key, day.year), 0),
			rule.daily_cap,
			rule.yearly_cap,
		)
		if not room:
			return
		used[(*key, day)] = used.get((*key, day), 0) + room
		used[(*key, day.year)] = used.get((*key, day.year), 0) + room
		source_doctype, source_name = source or (None, None)
		stamp = w.stamp(day)
		member, organization = (None if activist else person["name"]), person["branch"]
		w.entries.append(  # in ENTRY_FIELDS' order, named when written (Writer.flush_entries)
			(
				None,
				w.user,
				stamp,
				stamp,
				w.user,
				1,
				0,
				member,
				person["name"] if activist else None,
				person["full_name"],
				rules_mark(person, activist),
				organization,
				rule_name,
				rule.category,
				day,
				room,
				description,
				None if source else EVIDENCE_URL,
				int(bool(source)),
				source_doctype,
				source_name,
				rules.source_key(source_doctype, source_name, person["name"]) if source else None,
				admin,
				stamp,
			)
		)  # fmt: skip  (ENTRY_FIELDS' order)
		w.counts["points_entries"] += 1
		w.tally(person["name"], member, organization, day.year, rule.category, room)
		if len(w.entries) >= ENTRY_BATCH:
			w.flush_entries()

	# everything the points are made from is read first: while they are made, the rows made so far are
	# written (Writer.flush_entries), and nothing else may use the connection (core.bulk.writing)
	attended, paid = [], []
	if frappe.db.table_exists("Party Activity") and frappe.db.table_exists("Party Activity Attendee"):
		# the meetings demo.activity has just written (it keeps who was present), else read them
		attended = ctx.get("attended")
		if attended is not None:
			attended = sorted((r for r in attended if r[1] >= since), key=lambda r: (r[1], r[0]))
		else:
			attended = frappe.db.sql(
				"""select a.name, a.activity_date, t.member
				from `tabParty Activity` a join `tabParty Activity Attendee` t on t.parent = a.name
				where a.docstatus = 1 and t.status = 'Present' and a.activity_date >= %(since)s
					and a.organization in %(orgs)s
				order by a.activity_date, a.name""",
				{"since": since, "orgs": orgs or [""]},
			)
	if frappe.db.table_exists("Dues Payment"):
		paid = frappe.db.sql(
			"""select name, member, paid_on, from_month from `tabDues Payment`
			where docstatus = 1 and paid_on >= %(since)s and organization in %(orgs)s""",
			{"since": since, "orgs": orgs or [""]},
		)
	activists = frappe.get_all(
		"Member Development",
		filters={"branch": ("in", orgs or [""]), "stage": "Activist"},
		fields=["name", "full_name", "branch"],
	) if frappe.db.table_exists("Member Development") else []  # fmt: skip

	automatic = 0
	with writing() as write:
		w.write = write
		w.flush()  # the rectification items, tasks and funds: written while the points are made
		for activity, day, member in attended:
			if member in members:
				give("参加组织生活", members[member], day, ("Party Activity", activity))
				automatic += 1
		for name, member, paid_on, from_month in paid:
			if member in members and paid_on and from_month and rules.dues_paid_on_time(paid_on, from_month):
				give("按时交纳党费", members[member], paid_on, ("Dues Payment", name))
				automatic += 1
		for person in members.values():
			for _ in range(rng.randint(0, 12)):
				give("线上学习", person, day_between(rng, since, on), description="“甘肃党建”平台在线学习")
			if rng.random() < 0.5:
				give(
					"参加集中学习培训",
					person,
					day_between(rng, since, on),
					description="参加县教育工委专题培训",
				)
			for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
				give("志愿服务", person, day_between(rng, since, on), description="参加党员志愿服务活动")
			if rng.random() < 0.05:
				give("获得表彰奖励", person, day_between(rng, since, on), description="获县级优秀教师表彰")
			if rng.random() < 0.03:
				give("无故缺席组织生活", person, day_between(rng, since, on), description="无故缺席主题党日")
		for person in activists:
			for _ in range(rng.randint(1, 6)):
				give(
					"线上学习",
					person,
					day_between(rng, since, on),
					description="入党积极分子在线学习",
					activist=True,
				)
		w.flush()
	w.write = None
	return {"automatic_points": automatic, "activists_scored": len(activists)}


def rules_mark(person, activist) -> str:
	return "Activist" if activist else person.get("membership_type") or mrules.FULL


# --- writing ----------------------------------------------------------------------------------


class Writer:
	"""Collects rows per doctype and writes them with bulk inserts; names follow the doctypes' series."""

	FIELDS = {
		"Rectification Item": ITEM_FIELDS,
		"Rectification Evidence": EVIDENCE_FIELDS,
		"Rectification Event": EVENT_FIELDS,
		"File": FILE_FIELDS,
		"Work Task": TASK_FIELDS,
		"Work Task Progress": PROGRESS_FIELDS,
		"Party Work Fund": FUND_FIELDS,
		"Party Work Fund Expense": EXPENSE_FIELDS,
		"Points Tally": TALLY_FIELDS,
	}

	def __init__(self, user: str, on: datetime.date):
		self.user, self.on = user, on
		self.now = now_datetime()
		self.rows: dict[str, list[dict]] = {doctype: [] for doctype in self.FIELDS}
		self.series = SeriesNames()
		self.tallies: dict[str, dict] = {}
		self.stamps: dict[datetime.date, datetime.datetime] = {}
		self.entries: list[tuple] = []  # points entries, 300,000 in a county: tuples in ENTRY_FIELDS' order
		self.write = None  # the writing block rows go to (core.bulk.writing), when one is open
		self.names = random.Random()
		self.counts = dict.fromkeys(
			("rectification_items", "work_tasks", "funds", "fund_expenses", "points_entries"), 0
		)

	def stamp(self, day: datetime.date) -> datetime.datetime:
		stamp = self.stamps.get(day)  # 300,000 points entries fall on 365 days
		if stamp is None:
			stamp = self.stamps[day] = min(datetime.datetime.combine(day, datetime.time(16, 30)), self.now)
		return stamp

	def next_name(self, prefix: str, doctype: str, digits: int) -> str:
		return self.series.next(prefix, doctype, digits)

	def new(self, doctype: str, prefix: str, day: datetime.date, digits: int, yearly: bool = True) -> dict:
		name = self.next_name(prefix.format(year=day.year) if yearly else prefix, doctype, digits)
		stamp = self.stamp(day)
		row = {"name": name, "owner": self.user, "creation": stamp, "modified": stamp, "modified_by": self.user,
			"docstatus": 0, "idx": 0}  # fmt: skip
		self.rows[doctype].append(row)
		return row

	def child(self, doctype: str, parent: dict, field: str, idx: int, **values) -> dict:
		row = {"name": f"{self.names.getrandbits(64):016x}", "owner": self.user, "creation": parent["creation"],
			"modified": parent["modified"], "modified_by": self.user, "docstatus": parent.get("docstatus", 0),
			"idx": idx, "parent": parent["name"], "parentfield": field, "parenttype": PARENTS[doctype], **values}  # fmt: skip
		self.rows[doctype].append(row)
		return row

	def tally(
		self, person: str, member: str | None, organization: str, year: int, category: str, points
	) -> None:
		"""The yearly sums that submitting the entries would keep (see points.tally)."""
		name = tally_name(person, organization, year)
		row = self.tallies.get(name)
		if not row:
			row = self.tallies[name] = {"name": name, "owner": self.user, "creation": self.now, "modified": self.now,
				"modified_by": self.user, "docstatus": 0, "idx": 0, "member": member,
				"activist": None if member else person, "organization": organization, "year": year,
				"organizational_life": 0.0, "study": 0.0, "exemplary_role": 0.0, "deduction": 0.0, "points": 0.0,
				"entries": 0}  # fmt: skip
			self.rows["Points Tally"].append(row)
		row[TALLY_COLUMNS[category]] += float(points)
		row["points"] += float(points)
		row["entries"] += 1

	def evidence(self, item: dict, day: datetime.date, user: str) -> None:
		self.child(
			"Rectification Evidence", item, "evidence", 1, file=EVIDENCE_URL, description="整改佐证材料"
		)
		stamp = self.stamp(day)
		self.rows["File"].append({"name": f"{self.names.getrandbits(64):016x}"[:10], "owner": user,
			"creation": stamp, "modified": stamp, "modified_by": user, "docstatus": 0, "idx": 0,
			"file_name": "整改佐证材料.pdf", "file_url": EVIDENCE_URL, "is_private": 0, "folder": "Home/Attachments",
			"attached_to_doctype": "Rectification Item", "attached_to_name": item["name"],
			"attached_to_field": None, "file_size": 0, "is_folder": 0})  # fmt: skip

	def flush(self):
		"""Write the rows collected so far: in the caller's writing block (self.write), else in one of
		their own."""
		if self.write is None:
			with writing() as self.write:
				self.flush()
			self.write = None
			return
		for doctype, fields in self.FIELDS.items():
			rows = self.rows[doctype]
			if rows:
				self.write(doctype, fields, rows_of(rows, fields))
				self.rows[doctype] = []
		self.flush_entries()

	def flush_entries(self):
		"""The points entries made so far, named in their order (PE-<year>-######) as they are written."""
		if not self.entries:
			return
		self.write.settle()  # naming reserves numbers of the series: the statement in flight ends first
		entries, self.entries = self.entries, []
		date = ENTRY_FIELDS.index("entry_date")
		named = [
			(self.next_name(f"PE-{entry[date].year}-", "Points Entry", 6), *entry[1:]) for entry in entries
		]
		self.write("Points Entry", ENTRY_FIELDS, named)


PARENTS = {
	"Rectification Evidence": "Rectification Item",
	"Rectification Event": "Rectification Item",
	"Work Task Progress": "Work Task",
	"Party Work Fund Expense": "Party Work Fund",
}
