"""Demo data: a county's education system (教育工委) with its schools' branches and members.

`make_demo()` fills the current site; `bench --site S party-building-demo` runs it. Organizations go
through their controller. Members are checked with the same pure rules the controller uses (idcard,
member_rules, name_search) and written with bulk inserts, so that the county scale (10,000 members)
takes seconds, not minutes.

A demo county lives under one root organization (某县教育工作委员会) and names every organization
after itself, so a test can build a second county beside the one a developer uses. `reset=True`
deletes that subtree, its members and every document of this app that links to them, then builds
it again.
"""

import datetime
import functools
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import frappe
from frappe.desk.doctype.notification_settings.notification_settings import create_notification_settings
from frappe.model.naming import NamingSeries
from frappe.utils import getdate, now_datetime, today
from frappe.utils.password import update_password

from party_building.core.access import (
	BRANCH_SECRETARY,
	PARTY_ADMIN,
	ensure_access,
	forget_organization_grants,
)
from party_building.core.bulk import load_all, writing
from party_building.core.name_search import pinyin_keys
from party_building.members import idcard
from party_building.members import rules as mrules
from party_building.organization import rules as orules
from party_building.organization.service import refresh_all_member_counts
from party_building.party_building.doctype.party_member.party_member import ARCHIVE_ITEMS

COUNTY = "某县"
DEMO_PASSWORD = "demo1234"
MEMBER_SERIES = "PM-.#####"


@dataclass(frozen=True)
class County:
	"""The names of one demo county: its root organization and its users' addresses."""

	name: str = COUNTY

	@property
	def root(self) -> str:
		return f"{self.name}教育工作委员会"

	@property
	def domain(self) -> str:
		return "example.com" if self.name == COUNTY else f"{pinyin_keys(self.name)[0]}.example.com"

	@property
	def admin_user(self) -> str:
		return f"demo.admin@{self.domain}"

	def secretary_user(self, n: int | str) -> str:
		return f"sec.{n}@{self.domain}"


DEMO_ROOT = County().root
ADMIN_USER = County().admin_user


@dataclass(frozen=True)
class Scale:
	towns: int  # General Branches (乡镇中心校党总支)
	town_schools: int  # Branches under them, in all
	county_schools: int  # school Branches directly under the committee
	retiree_branches: int
	members: int
	office: bool = True  # the education bureau's own Branch (某县教育局机关党支部)
	secretaries: int | None = None  # demo secretary users; None: one for every Branch


SCALES = {
	"tiny": Scale(towns=1, town_schools=1, county_schools=1, retiree_branches=1, members=24, office=False),
	"small": Scale(towns=2, town_schools=5, county_schools=3, retiree_branches=1, members=300),
	"county": Scale(
		towns=18, town_schools=240, county_schools=47, retiree_branches=12, members=10_000, secretaries=8
	),
}

# --- the county -------------------------------------------------------------------------------

TOWNS = (
	"城关镇", "新营镇", "金崖镇", "和平镇", "青城镇", "高崖镇", "定远镇", "连搭镇", "甘草店镇", "夏官营镇",
	"清水驿乡", "龙泉乡", "马坡乡", "韦营乡", "小康营乡", "银山乡", "贡井镇", "来紫堡乡", "园子岔乡", "哈岘乡",
)  # fmt: skip
# (school, kind) of the schools the county runs itself, in the order a scale takes them
COUNTY_SCHOOLS = (
	("第一中学", "senior"), ("实验小学", "primary"), ("第二中学", "senior"), ("第三中学", "senior"),
	("实验中学", "middle"), ("第二实验小学", "primary"), ("职业技术教育中心", "senior"),
	("第一幼儿园", "kindergarten"), ("特殊教育学校", "primary"), ("民族中学", "middle"),
	("第三实验小学", "primary"), ("第二幼儿园", "kindergarten"), ("教师进修学校", "office"),
)  # fmt: skip
TOWN_SCHOOLS = (
	("中心小学", "primary"),
	("初级中学", "middle"),
	("九年制学校", "middle"),
	("中心幼儿园", "kindergarten"),
)
VILLAGE_FIRST = "大小上下东西南北新马柳杨石红黄白高清金李王张刘"
VILLAGE_LAST = "坪湾沟庄营川岔岘河堡寨岭台滩园"
CN_DIGITS = "零一二三四五六七八九"

# kind: (smallest, largest) branch size before scaling to the scale's member count, share of women
KINDS = {
	"office": ((20, 32), 0.4),
	"senior": ((42, 50), 0.5),
	"middle": ((28, 45), 0.55),
	"primary": ((24, 42), 0.7),
	"kindergarten": ((8, 18), 0.95),
	"village": ((8, 26), 0.6),
	"retiree": ((36, 50), 0.35),
}
MIN_BRANCH_SIZE = 5
MAX_BRANCH_SIZE = orules.BRANCH_MEMBER_LIMIT

# --- people -----------------------------------------------------------------------------------

SURNAMES = (
	("王", 7.1), ("李", 7.0), ("张", 6.5), ("刘", 5.4), ("杨", 3.5), ("陈", 3.0), ("马", 2.5), ("赵", 2.3),
	("高", 1.5), ("孙", 1.4), ("郭", 1.4), ("魏", 1.2), ("何", 1.2), ("周", 1.2), ("胡", 1.2), ("朱", 1.1),
	("黄", 1.0), ("吴", 1.0), ("徐", 1.0), ("梁", 1.0), ("宋", 0.9), ("牛", 0.8), ("韩", 0.8), ("董", 0.8),
	("冯", 0.7), ("罗", 0.6), ("郑", 0.6), ("谢", 0.6), ("唐", 0.6), ("程", 0.6), ("曹", 0.6), ("袁", 0.6),
	("许", 0.6), ("苏", 0.6), ("贾", 0.6), ("田", 0.6), ("任", 0.6), ("邓", 0.5), ("于", 0.5), ("丁", 0.5),
	("石", 0.5), ("白", 0.5), ("林", 0.5), ("金", 0.4), ("薛", 0.4), ("姚", 0.4), ("雷", 0.4), ("汪", 0.4),
	("崔", 0.4), ("康", 0.4), ("侯", 0.4), ("孟", 0.4), ("段", 0.4), ("常", 0.4), ("武", 0.4), ("蒲", 0.4),
	("乔", 0.3), ("贺", 0.3), ("柴", 0.3), ("岳", 0.3), ("安", 0.3), ("俞", 0.3), ("景", 0.2), ("豆", 0.2),
)  # fmt: skip
GIVEN = {
	("Male", "older"): "国建军平伟强明华林志勇刚文忠德福生永学兴春宏斌涛荣成祥",
	("Male", "younger"): "浩宇博晨鹏杰涛磊辉峰亮超俊凯鑫帅琦航轩睿昊阳鸿毅",
	("Female", "older"): "秀英兰芳玲梅霞珍琴凤桂花红丽萍燕淑敏娟莲云",
	("Female", "younger"): "婷静欣悦怡颖晶丹璐雯雪倩莉琳洁蓉瑞佳慧妍蕾",
}
# region code (valid for every birth year 1940-2005 in stdnum's table) and the native place it names
REGIONS = (
	("620123", "甘肃榆中", 70), ("620121", "甘肃永登", 6), ("620122", "甘肃皋兰", 6), ("620100", "甘肃兰州", 7),
	("620200", "甘肃嘉峪关", 2), ("610100", "陕西西安", 3), ("640100", "宁夏银川", 2), ("630100", "青海西宁", 2),
	("410100", "河南郑州", 2),
)  # fmt: skip
ETHNICITIES = (("汉族", 93.0), ("回族", 4.0), ("藏族", 1.0), ("东乡族", 1.0), ("土族", 0.5), ("满族", 0.5))
PHONE_PREFIXES = ("138", "139", "150", "151", "152", "157", "158", "177", "180", "181", "189", "199")
MOBILE_LOCATIONS = (
	"兰州市城关区（脱产进修）", "甘南藏族自治州（支教）", "西藏自治区（援藏支教）", "广东省深圳市（挂职锻炼）",
	"北京市海淀区（访学）", "天津市（东西部协作交流）",
)  # fmt: skip

# Functions that add a capability's demo records, called in order after organizations, members,
# committees and users exist. Each takes the context `ctx` (scale, spec, plan: list[OrgPlan] with
# .name/.org_type/.members, members: list[dict], rng: random.Random, on: today, county, commit) and
# returns a small summary. They must not commit (make_demo does) and must scale with ctx.scale.
DEMO_EXTENSIONS: list[str] = [
	"party_building.demo.activity.make",
	"party_building.demo.development.make",
	"party_building.demo.notices.make",
	"party_building.demo.records.make",
	"party_building.demo.ledgers.make",
	"party_building.demo.dues.make",
	"party_building.demo.dues_use.make",
	"party_building.demo.talks.make",
	"party_building.demo.study_hours.make",
	"party_building.demo.duty_reports.make",
	"party_building.demo.democratic_life.make",
	"party_building.demo.assessment.make",
	"party_building.demo.portal.make",
	"party_building.demo.onboarding.make",
]

PROBATIONARY_SHARE = 0.09
SUSPENDED_SHARE = 0.01
TRANSFERRED_SHARE = 0.015
MOBILE_SHARE = 0.02


@dataclass
class OrgPlan:
	name: str
	org_type: str
	parent: str | None
	school: str
	kind: str = ""
	size: int = 0
	groups: list[str] = field(default_factory=list)
	members: list[dict] = field(default_factory=list)
	committee: list[tuple[str, str, datetime.date, datetime.date | None]] = field(default_factory=list)
	term_start: datetime.date | None = None


def written_in_chinese(build):
	"""The demo county writes in Chinese: what its records store through _() (a ledger entry's remarks,
	an assessment's evidence, a timeline comment) reads as a zh secretary's own records would, whatever
	language the bench command runs in."""

	@functools.wraps(build)
	def in_chinese(*args, **kwargs):
		language = getattr(frappe.local, "lang", None)
		frappe.local.lang = "zh"
		try:
			return build(*args, **kwargs)
		finally:
			frappe.local.lang = language

	return in_chinese


@written_in_chinese
def make_demo(
	scale: str = "small",
	seed: int = 42,
	reset: bool = False,
	commit: bool = True,
	search_index: bool | None = None,
	county: str = COUNTY,
	parent: str | None = None,
	progress: Callable[[str], None] | None = None,
) -> dict:
	"""Build a demo county on the current site and return a summary (counts, seconds per phase).

	commit=False leaves the transaction open (tests roll it back); search_index (default: commit)
	writes the members' global search entries, which live in a table that no rollback undoes.
	parent: the Party Committee the county's root sits under (None: a root of its own; see
	add_counties). progress: called with a line as each phase ends (the bench commands print it).
	"""
	if scale not in SCALES:
		raise ValueError(f"Unknown demo scale {scale!r}; choose one of {', '.join(SCALES)}")
	spec = SCALES[scale]
	place = County(county)
	search_index = commit if search_index is None else search_index
	summary = {"scale": scale, "root": place.root, "skipped": False, "seconds": {}}
	seconds = summary["seconds"]
	started = time.perf_counter()

	def lap(phase: str, clock: float) -> None:
		seconds[phase] = time.perf_counter() - clock
		forget_realtime_updates()
		if progress:
			progress(f"  {place.name} {phase}: {seconds[phase]:.1f} s")

	if frappe.db.exists("Party Organization", place.root):
		if not reset:
			summary["skipped"] = True
			summary["message"] = f"{place.root} already exists; reset it to build it again"
			return summary
		clock = time.perf_counter()
		summary["deleted"] = reset_demo(county, search_index=search_index)
		if commit:
			# the deleted rows stay in the indexes, delete-marked, until the transaction ends and InnoDB
			# purges them: a controller's MAX() over a member's dues months walked 200,000 of them (1 s a
			# transfer) while the reset stayed open
			frappe.db.commit()
		lap("reset", clock)

	rng = random.Random(seed)
	on = getdate(today())
	plan = plan_organizations(spec, rng, place, parent)

	clock = time.perf_counter()
	insert_organizations(plan, rng, on, place)
	lap("organizations", clock)

	clock = time.perf_counter()
	branches = [p for p in plan if p.org_type == orules.BRANCH]
	used_ids = set(frappe.get_all("Party Member", pluck="id_number"))
	generate_members(branches, rng, on, used_ids, place)
	members = [m for b in branches for m in b.members]
	for member in members:
		check_member(member, on)
	for member, name in zip(members, reserve_names("Party Member", MEMBER_SERIES, len(members)), strict=True):
		member["name"] = name
	insert_members(members, rng)
	lap("members", clock)

	clock = time.perf_counter()
	refresh_all_member_counts()
	plan_committees(plan, rng)
	save_committees(plan)
	lap("committees", clock)

	clock = time.perf_counter()
	summary["users"] = make_users(plan, spec, place)
	lap("users", clock)

	if search_index:
		clock = time.perf_counter()
		index_members(members)
		lap("search_index", clock)

	# later capabilities add their records (activities, dues, …) through DEMO_EXTENSIONS
	ctx = frappe._dict(
		scale=scale, spec=spec, plan=plan, members=members, rng=rng, on=on, county=place, commit=commit
	)
	for path in DEMO_EXTENSIONS:
		clock = time.perf_counter()
		summary[path] = frappe.get_attr(path)(ctx)
		lap(path.rsplit(".", 2)[-2], clock)

	frappe.local.message_log = []
	if commit:
		frappe.db.commit()
	seconds["total"] = time.perf_counter() - started
	summary.update(
		organizations=len(plan),
		branches=len(branches),
		members=len(members),
		probationary=sum(m["membership_type"] == mrules.PROBATIONARY for m in members),
	)
	return summary


# --- more counties: a province's worth of data on one site ------------------------------------

# the counties that `--multiply N` adds to the demo county, in order (a province has 10–30)
MORE_COUNTIES = (
	"永登县", "皋兰县", "榆中县", "靖远县", "会宁县", "景泰县", "清水县", "秦安县", "甘谷县", "武山县",
	"民勤县", "古浪县", "天祝县", "民乐县", "临泽县", "高台县", "山丹县", "泾川县", "灵台县", "崇信县",
	"庄浪县", "静宁县", "金塔县", "瓜州县", "庆城县", "华池县", "合水县", "正宁县", "镇原县",
)  # fmt: skip


def more_counties(multiply: int) -> list[County]:
	"""The counties beyond the first that `multiply` counties' worth of data needs."""
	if not 1 <= multiply <= len(MORE_COUNTIES) + 1:
		raise ValueError(f"multiply must be between 1 and {len(MORE_COUNTIES) + 1}, not {multiply}")
	return [County(name) for name in MORE_COUNTIES[: multiply - 1]]


def add_counties(
	multiply: int,
	scale: str = "county",
	seed: int = 42,
	reset: bool = False,
	county: str = COUNTY,
	commit: bool = True,
	progress: Callable[[str], None] | None = None,
) -> list[dict]:
	"""Bring the demo county up to `multiply` counties' worth of data: counties 2…multiply, each a
	demo county of its own (its committee, schools, members, admin and secretaries, seeded apart),
	built under the first county's root. The tree is a province's: its education work committee
	above the county committees; the first county's root plays the upper committee here, so that its
	administrator (and every county-wide report on it) sees N counties' worth while a branch
	secretary still sees one branch. Counties already there are left alone unless `reset`.
	commit: after each county, as make_demo does (False: tests roll it back)."""
	root = County(county).root
	if not frappe.db.exists("Party Organization", root):
		raise ValueError(f"{root} does not exist: build the demo county first")
	return [
		make_demo(
			scale=scale,
			seed=seed + n,
			reset=reset,
			commit=commit,
			county=place.name,
			parent=root,
			progress=progress,
		)
		for n, place in enumerate(more_counties(multiply), 2)
	]


def remove_counties(keep: int = 1, commit: bool = True) -> list[str]:
	"""Delete the added counties beyond the first `keep` counties' worth (see add_counties)."""
	removed = []
	for place in more_counties(len(MORE_COUNTIES) + 1)[keep - 1 :]:
		if frappe.db.exists("Party Organization", place.root):
			reset_demo(place.name, search_index=commit)
			if commit:
				frappe.db.commit()
			removed.append(place.root)
	return removed


# --- organizations ----------------------------------------------------------------------------


def cn_number(n: int) -> str:
	"""1 → 一, 12 → 十二, 21 → 二十一 (for 第一党小组, 第十二中学)."""
	tens, ones = divmod(n, 10)
	if not tens:
		return CN_DIGITS[ones]
	return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[ones] if ones else "")


def county_schools(count: int) -> list[tuple[str, str]]:
	schools = list(COUNTY_SCHOOLS[:count])
	n = 3
	while len(schools) < count:
		n += 1
		schools.append((f"第{cn_number(n)}中学", "middle"))
		if len(schools) < count:
			schools.append((f"第{cn_number(n)}小学", "primary"))
	return schools


def town_schools(town: str, count: int, rng: random.Random) -> list[tuple[str, str]]:
	schools = [(town + school, kind) for school, kind in TOWN_SCHOOLS[: min(count, 2 if count < 8 else 4)]]
	villages: set[str] = set()
	while len(schools) < count:
		village = rng.choice(VILLAGE_FIRST) + rng.choice(VILLAGE_LAST)
		if village not in villages:
			villages.add(village)
			schools.append((f"{town}{village}小学", "village"))
	return schools


def plan_organizations(
	spec: Scale, rng: random.Random, county: County, parent: str | None = None
) -> list[OrgPlan]:
	"""The tree, parents before children, with each Branch's size and Party Groups."""
	root = OrgPlan(county.root, orules.PARTY_COMMITTEE, parent, f"{county.name}教育局")
	plan = [root]
	branches: list[OrgPlan] = []

	def add_branch(school: str, kind: str, parent: str, name: str | None = None):
		branch = OrgPlan(name or f"{school}党支部", orules.BRANCH, parent, school, kind)
		plan.append(branch)
		branches.append(branch)

	if spec.office:
		add_branch(f"{county.name}教育局机关", "office", root.name)
	for school, kind in county_schools(spec.county_schools):
		add_branch(county.name + school, kind, root.name)
	per_town, extra = divmod(spec.town_schools, spec.towns) if spec.towns else (0, 0)
	for i, town in enumerate(TOWNS[: spec.towns]):
		place = county.name + town
		general = OrgPlan(f"{place}中心校党总支", orules.GENERAL_BRANCH, root.name, f"{place}中心学校")
		plan.append(general)
		for school, kind in town_schools(place, per_town + (i < extra), rng):
			add_branch(school, kind, general.name)
	for i in range(spec.retiree_branches):
		number = f"第{cn_number(i + 1)}" if spec.retiree_branches > 1 else ""
		retirees = f"{county.name}教育系统离退休干部"
		add_branch(retirees, "retiree", root.name, f"{retirees}{number}党支部")

	sizes = branch_sizes([b.kind for b in branches], spec.members, rng)
	groups = [group_count(size, rng) for size in sizes]
	if not any(groups) and max(sizes) >= 8:  # at least one branch shows its party groups
		groups[sizes.index(max(sizes))] = 2
	for branch, size, count in zip(branches, sizes, groups, strict=True):
		branch.size = size
		# 某县第一中学第一党小组; 某县教育系统离退休干部第二支部第一党小组
		prefix = (
			branch.school
			if branch.name == f"{branch.school}党支部"
			else branch.name.replace("党支部", "支部")
		)
		branch.groups = [f"{prefix}第{cn_number(g + 1)}党小组" for g in range(count)]
	for branch in branches:
		plan.extend(OrgPlan(g, orules.PARTY_GROUP, branch.name, branch.school) for g in branch.groups)
	return plan


def group_count(size: int, rng: random.Random) -> int:
	"""Some larger branches meet in party groups."""
	if size >= 40 and rng.random() < 0.6:
		return 3
	if size >= 25 and rng.random() < 0.3:
		return 2
	return 0


def branch_sizes(kinds: list[str], total: int, rng: random.Random) -> list[int]:
	"""Random sizes by kind of school, scaled so that they add up to `total`."""
	raw = [rng.randint(*KINDS[kind][0]) for kind in kinds]
	factor = total / sum(raw)
	sizes = [min(MAX_BRANCH_SIZE, max(MIN_BRANCH_SIZE, round(s * factor))) for s in raw]
	step = 1 if total > sum(sizes) else -1
	for _ in range(abs(total - sum(sizes)) * 20):
		if sum(sizes) == total:
			break
		i = rng.randrange(len(sizes))
		if MIN_BRANCH_SIZE <= sizes[i] + step <= MAX_BRANCH_SIZE:
			sizes[i] += step
	return sizes


def random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
	return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def insert_organizations(plan: list[OrgPlan], rng: random.Random, on: datetime.date, county: County) -> None:
	"""Branches start as Preparing: they become Active once their members exist.

	Each organization goes through the checks of its insert (onboarding.bulk.prepare: the controller's
	validate, Frappe's link and field checks) and each level of the tree is then written at once
	(bulk.write: one INSERT per batch, the nested set placed as one insert after the other would have
	placed it), as the county import does; one by one when the site runs something at each save."""
	from party_building.onboarding import bulk

	term_from = datetime.date(2022, 1, 1)
	term_to = min(datetime.date(2025, 12, 31), on)
	docs = []
	for org in plan:
		grouping = org.org_type == orules.PARTY_GROUP
		established = random_date(rng, datetime.date(1985, 1, 1), datetime.date(2015, 12, 31))
		if not grouping:
			org.term_start = random_date(rng, term_from, term_to)
		docs.append(
			frappe.get_doc(
				{
					"doctype": "Party Organization",
					"organization_name": org.name,
					"org_type": org.org_type,
					"parent_party_organization": org.parent,
					"school": org.school,
					"status": "Preparing" if org.org_type == orules.BRANCH else "Active",
					"established_on": established,
					"establishment_doc_no": f"{county.name}教工委发〔{established.year}〕{rng.randint(1, 60)}号",
					"term_start": org.term_start,
				}
			)
		)
	if not bulk.possible("Party Organization"):
		for doc in docs:
			doc.insert(ignore_permissions=True)
		return
	# a level of the tree at a time (a child's checks read its parent); by depth, not by type, so that
	# siblings of every type keep the plan's order (bulk.place_in_tree makes each the last child of its
	# parent, as one insert after the other would)
	levels: dict[int, list] = {}
	depth: dict[str, int] = {}
	for doc in docs:
		depth[doc.organization_name] = depth.get(doc.parent_party_organization, -1) + 1
		levels.setdefault(depth[doc.organization_name], []).append(doc)
	for level in sorted(levels):
		for doc in levels[level]:
			doc.flags.ignore_permissions = True
			bulk.prepare(doc)
		bulk.write(levels[level])
	forget_organization_grants()  # what each insert's after_insert does


# --- members ----------------------------------------------------------------------------------


def weighted(rng: random.Random, pairs) -> str:
	values, weights = zip(*pairs, strict=True)
	return rng.choices(values, weights)[0]


def person_name(rng: random.Random, gender: str, birth_year: int) -> str:
	era = "older" if birth_year < 1980 else "younger"
	pool = (
		GIVEN[(gender, era)]
		if rng.random() < 0.75
		else GIVEN[(gender, "younger" if era == "older" else "older")]
	)
	single = rng.random() < (0.25 if era == "older" else 0.12)
	given = rng.choice(pool) if single else rng.choice(pool) + rng.choice(GIVEN[(gender, era)])
	return weighted(rng, SURNAMES) + given


def education_of(rng: random.Random, birth_year: int) -> tuple[str, str]:
	if birth_year >= 1985:
		shares = (("Postgraduate", 12), ("University", 78), ("College", 10))
	elif birth_year >= 1970:
		shares = (("Postgraduate", 4), ("University", 66), ("College", 27), ("Technical Secondary", 3))
	elif birth_year >= 1955:
		shares = (("University", 35), ("College", 45), ("Technical Secondary", 18), ("High School", 2))
	else:
		shares = (
			("University", 15),
			("College", 35),
			("Technical Secondary", 40),
			("High School", 8),
			("Junior High and Below", 2),
		)
	education = weighted(rng, shares)
	if education == "Postgraduate":
		return education, "Doctorate" if rng.random() < 0.03 else "Master"
	if education == "University":
		return education, "Bachelor" if birth_year >= 1975 or rng.random() < 0.7 else "None"
	return education, "None"


def title_of(rng: random.Random, post: str, age: int, retired: bool) -> str:
	if post in ("Staff", "Logistics", "Other"):
		return rng.choice(("", "", "会计师", "助理会计师", "经济师")) if post != "Logistics" else ""
	if retired:
		return rng.choice(("中学高级教师", "小学高级教师", "中学一级教师", "小学一级教师", "高级教师"))
	if age < 25:
		return rng.choice(("二级教师", "三级教师", ""))
	if age < 32:
		return rng.choice(("二级教师", "一级教师", "一级教师"))
	if age < 45:
		return rng.choice(("一级教师", "一级教师", "高级教师"))
	return "正高级教师" if rng.random() < 0.02 else rng.choice(("高级教师", "高级教师", "一级教师"))


def post_of(rng: random.Random, kind: str, index: int, size: int) -> str:
	if kind == "retiree":
		return "Retired"
	if kind == "office":
		return "Middle Manager" if index < max(2, size // 4) else rng.choice(("Other", "Other", "Staff"))
	if index < max(1, min(3, size // 12)):
		return "School Leader"
	return weighted(rng, (("Teacher", 82), ("Middle Manager", 10), ("Staff", 5), ("Logistics", 3)))


@functools.cache
def region_valid(region: str, birth_date: datetime.date, gender: str) -> bool:
	"""Whether a number of this region and birth date passes the ID check (asked once per region and
	day: a county's members share a few thousand of them)."""
	return idcard.check(idcard.make(region, birth_date, 1, gender)) is None


def new_id_number(
	rng: random.Random, birth_date: datetime.date, gender: str, used: set[str]
) -> tuple[str, str]:
	"""A valid, unused resident ID number for the person and the native place its region names."""
	region, place = "620123", "甘肃榆中"
	pick = rng.choices(REGIONS, [r[2] for r in REGIONS])[0]
	if region_valid(pick[0], birth_date, gender):
		region, place = pick[0], pick[1]
	for _ in range(2000):
		number = idcard.make(region, birth_date, rng.randrange(1000), gender)
		if number not in used:
			used.add(number)
			return number, place
	raise ValueError(f"No free resident ID number for {birth_date}")


def new_phone(rng: random.Random, used: set[str]) -> str:
	while True:
		phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
		if phone not in used:
			used.add(phone)
			return phone


def generate_members(
	branches: list[OrgPlan], rng: random.Random, on: datetime.date, used_ids: set[str], county: County
) -> None:
	"""Fill each branch's `members` with rows ready to insert (everything but the document name)."""
	phones: set[str] = set()
	for branch in branches:
		retired = branch.kind == "retiree"
		women = KINDS[branch.kind][1]
		for index in range(branch.size):
			gender = "Female" if rng.random() < women else "Male"
			post = post_of(rng, branch.kind, index, branch.size)
			if retired:
				age = rng.triangular(58, 85, 66)
			elif post in ("School Leader", "Middle Manager"):
				age = rng.triangular(33, 59, 47)
			else:
				age = rng.triangular(23, 55 if gender == "Female" else 59, 40)
			birth_date = on - datetime.timedelta(days=int(age * 365.25) + rng.randrange(0, 300))
			if mrules.age_on(birth_date, on) < 23:
				birth_date = orules.add_years(on, -23) - datetime.timedelta(days=rng.randrange(1, 300))
			id_number, native_place = new_id_number(rng, birth_date, gender, used_ids)
			education, degree = education_of(rng, birth_date.year)
			full_name = person_name(rng, gender, birth_date.year)
			joined_on = join_date(rng, birth_date, on)
			branch.members.append(
				{
					"full_name": full_name,
					"gender": gender,
					"ethnicity": weighted(rng, ETHNICITIES),
					"birth_date": birth_date,
					"id_number": id_number,
					"native_place": native_place,
					"education": education,
					"degree": degree,
					"post": post,
					"professional_title": title_of(rng, post, mrules.age_on(birth_date, on), retired),
					"work_unit": branch.school
					if not retired
					else county.name + rng.choice(COUNTY_SCHOOLS)[0],
					"phone": new_phone(rng, phones),
					"branch": branch.name,
					"party_group": branch.groups[index % len(branch.groups)] if branch.groups else None,
					"membership_type": mrules.FULL,
					"joined_on": joined_on,
					"full_member_on": mrules.default_full_member_on(joined_on),
					"standing": mrules.ACTIVE,
					"standing_since": None,
					"is_mobile_member": 0,
					"mobile_location": None,
				}
			)
	assign_standings([m for b in branches for m in b.members], rng, on)


def join_date(rng: random.Random, birth_date: datetime.date, on: datetime.date) -> datetime.date:
	"""A full member's joining date: at 18 or later, and at least a year of probation ago."""
	join_age = weighted(
		rng, ((rng.randint(20, 23), 45), (rng.randint(24, 35), 45), (rng.randint(36, 45), 10))
	)
	earliest = orules.add_years(birth_date, mrules.MIN_JOIN_AGE)
	latest = on - datetime.timedelta(days=400)
	wanted = orules.add_years(birth_date, int(join_age)) + datetime.timedelta(days=rng.randrange(365))
	return max(earliest, min(wanted, latest))


def assign_standings(members: list[dict], rng: random.Random, on: datetime.date) -> None:
	"""Make ~9% young members probationary, a few suspended, transferred out or mobile.

	Leaders stay full and active, so that every branch keeps its secretary and 3 full members.
	"""
	total = len(members)
	in_service = [m for m in members if m["post"] not in ("Retired", "School Leader")]
	young = [m for m in in_service if mrules.age_on(m["birth_date"], on) < 45]
	for m in rng.sample(young, min(len(young), round(total * PROBATIONARY_SHARE))):
		m["membership_type"] = mrules.PROBATIONARY
		m["joined_on"] = on - datetime.timedelta(days=rng.randint(20, 350))
		m["full_member_on"] = None
	full = [m for m in in_service if m["membership_type"] == mrules.FULL]
	rng.shuffle(full)
	suspended = max(1, round(total * SUSPENDED_SHARE))
	transferred = max(1, round(total * TRANSFERRED_SHARE))
	mobile = max(1, round(total * MOBILE_SHARE))
	for i, m in enumerate(full[: suspended + transferred + mobile]):
		if i < suspended + transferred:
			m["standing"] = "Suspended" if i < suspended else "Transferred Out"
			m["standing_since"] = random_date(
				rng, max(m["full_member_on"], on - datetime.timedelta(days=730)), on
			)
		else:
			m["is_mobile_member"] = 1
			m["mobile_location"] = rng.choice(MOBILE_LOCATIONS)
	# a branch needs 3 active full members: give back any that the draw took
	by_branch: dict[str, list[dict]] = {}
	for m in members:
		by_branch.setdefault(m["branch"], []).append(m)
	for rows in by_branch.values():
		for m in rows:
			if sum(is_active_full(r) for r in rows) >= orules.MIN_FULL_MEMBERS_FOR_BRANCH:
				break
			if not is_active_full(m):
				m.update(standing=mrules.ACTIVE, standing_since=None, membership_type=mrules.FULL)
				if not m["full_member_on"]:
					m["joined_on"] = join_date(rng, m["birth_date"], on)
					m["full_member_on"] = mrules.default_full_member_on(m["joined_on"])


def is_active_full(member: dict) -> bool:
	return member["membership_type"] == mrules.FULL and member["standing"] == mrules.ACTIVE


def check_member(member: dict, on: datetime.date) -> None:
	"""The controller's rules, applied without a document; also sets the derived fields."""
	problem = idcard.check(member["id_number"], member["birth_date"], member["gender"])
	if problem:
		raise ValueError(f"Demo member {member['full_name']}: resident ID number {problem.value}")
	if not mrules.old_enough_to_join(member["birth_date"], member["joined_on"]):
		raise ValueError(f"Demo member {member['full_name']} joined before 18")
	if member["joined_on"] > on or (member["full_member_on"] or on) > on:
		raise ValueError(f"Demo member {member['full_name']} has a date in the future")
	if member["membership_type"] == mrules.PROBATIONARY and member["full_member_on"]:
		raise ValueError(f"Demo member {member['full_name']} is probationary with a full-membership date")
	if member["membership_type"] == mrules.FULL and not member["full_member_on"]:
		raise ValueError(f"Demo member {member['full_name']} is full without a full-membership date")
	member["name_pinyin"], member["name_initials"] = pinyin_keys(member["full_name"])
	member["party_age"] = mrules.party_age(member["full_member_on"], on)


def reserve_numbers(prefix: str, count: int, doctype: str | None = None) -> range:
	"""Take `count` numbers under a naming prefix at once, as make_autoname would one by one.

	The series counter moves past them now, in this transaction, so a document the series names later
	(in the desk, or a real insert the demo itself makes) never gets one of them. Never below the
	highest name of `doctype` already stored under the prefix."""
	current = frappe.db.sql("select `current` from `tabSeries` where `name` = %s for update", prefix)
	start = int(current[0][0] or 0) if current else 0
	if doctype:
		highest = frappe.db.sql(
			f"select max(cast(substring(`name`, %s) as unsigned)) from `tab{doctype}` where `name` like %s",
			(len(prefix) + 1, prefix + "%"),
		)[0][0]
		start = max(start, int(highest or 0))
	frappe.db.sql(
		"insert into `tabSeries` (`name`, `current`) values (%s, %s) on duplicate key update `current` = %s",
		(prefix, start + count, start + count),
	)
	return range(start + 1, start + count + 1)


def forget_realtime_updates() -> None:
	"""Drop the "document updated" messages queued for after the commit: nobody has the new demo
	documents open, and Frappe checks each new message against the whole queue (thousands of
	documents made that a quadratic cost of every insert)."""
	pending = getattr(frappe.local, "_realtime_log", None)
	if pending:
		pending.clear()


def reserve_names(doctype: str, series_pattern: str, count: int) -> list[str]:
	"""`count` names of a doctype's naming series (see reserve_numbers)."""
	if not count:
		return []
	series = NamingSeries(series_pattern)
	prefix = series.get_prefix()
	digits = series_pattern.count("#")
	return [f"{prefix}{n:0{digits}d}" for n in reserve_numbers(prefix, count, doctype)]


class SeriesNames:
	"""Names one at a time for bulk-inserted rows, reserved from the series in blocks (see reserve_numbers).
	Only the first block of a prefix looks for the highest stored name: from then on the series
	counter, locked by this transaction, is already past every name of the prefix (reading the
	highest name again for each block scanned the county's 300,000 points entries 600 times).

	`release()` gives the series back what was reserved and not used, so blocks can be large: a writer
	that writes while it makes rows (core.bulk.writing) reserves once, before its first write, or sets
	`settle` (its writing block's `write.settle`), called before any later reservation."""

	BLOCK = 500

	def __init__(self, block: int = BLOCK):
		self.block = block
		self.free: dict[str, list[int]] = {}  # per prefix, the block's numbers left, last reserved first
		self.settle: Callable[[], None] | None = None

	def next(self, prefix: str, doctype: str, digits: int) -> str:
		first = prefix not in self.free
		free = self.free.setdefault(prefix, [])
		if not free:
			if self.settle:
				self.settle()
			free.extend(reversed(reserve_numbers(prefix, self.block, doctype if first else None)))
		return f"{prefix}{free.pop():0{digits}d}"

	def release(self) -> None:
		"""Set each series' counter back to the last name taken, when nobody has moved it since (the
		reservation's row lock holds until the transaction ends)."""
		for prefix, free in self.free.items():
			if free:
				frappe.db.sql(
					"update `tabSeries` set `current` = %s where `name` = %s and `current` = %s",
					(free[-1] - 1, prefix, free[0]),
				)
				free.clear()


class RowNames:
	"""Names for bulk-inserted rows: 16 hex digits, a random 32-bit prefix for this build, then a counter.
	Rows are appended to the table's primary key in order instead of at random places (random names
	split pages: a county's 200,000 dues months took 25 s to insert), and no two names of a build can
	meet (10 random hex digits, generate_hash's, met once in a county's 200,000 rows: the build failed
	on a duplicate key)."""

	def __init__(self):
		self.prefix = f"{random.Random().getrandbits(32):08x}"
		self.count = 0

	def __call__(self) -> str:
		self.count += 1
		return f"{self.prefix}{self.count:08x}"


MEMBER_FIELDS = (
	"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx",
	"full_name", "gender", "ethnicity", "birth_date", "id_number", "native_place", "education", "degree",
	"post", "professional_title", "work_unit", "phone", "branch", "party_group", "membership_type",
	"joined_on", "full_member_on", "party_age", "standing", "standing_since", "is_mobile_member",
	"mobile_location", "name_pinyin", "name_initials",
)  # fmt: skip
ARCHIVE_FIELDS = (
	"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx",
	"parent", "parenttype", "parentfield", "item", "received", "received_on", "note",
)  # fmt: skip


def archive_dates(member: dict) -> dict[str, datetime.date | None]:
	joined, full = member["joined_on"], member["full_member_on"]
	return {
		"Application for Membership": joined - datetime.timedelta(days=900),
		"Membership Volunteer Form": joined - datetime.timedelta(days=20),
		"Activist Assessment Records": joined - datetime.timedelta(days=200),
		"Probation Assessment Records": full,
		"Political Review Materials": joined - datetime.timedelta(days=90),
		"Application for Full Membership": full - datetime.timedelta(days=30) if full else None,
	}


def insert_members(members: list[dict], rng: random.Random) -> None:
	"""Bulk insert of the members and their archive checklist (6 rows each, as the controller adds)."""
	user = frappe.session.user
	now = now_datetime()
	row_name = RowNames()
	member_rows, archive_rows = [], []
	for i, m in enumerate(members):
		stamp = now - datetime.timedelta(seconds=len(members) - i)
		m.update(owner=user, creation=stamp, modified=stamp, modified_by=user, docstatus=0, idx=0)
		member_rows.append(tuple(m[f] for f in MEMBER_FIELDS))
		dates = archive_dates(m)
		missing = rng.random() < 0.03 and m["membership_type"] == mrules.FULL
		for idx, item in enumerate(ARCHIVE_ITEMS, 1):
			received_on = dates[item]
			received = int(received_on is not None and not (missing and idx == 3))
			archive_rows.append(
				(
					row_name(),
					user,
					stamp,
					stamp,
					user,
					0,
					idx,
					m["name"],
					"Party Member",
					"archive_items",
					item,
					received,
					received_on if received else None,
					"待补充" if received_on and not received else None,
				)
			)
	with writing() as write:
		write("Party Member", MEMBER_FIELDS, member_rows, chunk_size=2000)
		write("Party Member Archive Item", ARCHIVE_FIELDS, archive_rows)


def index_members(members: list[dict]) -> None:
	"""Global search entries for the new members, as saving each one would queue them (title included)."""
	from frappe.utils.global_search import get_formatted_value, sync_global_search, sync_values

	fields = frappe.get_meta("Party Member").get_global_search_fields()
	values = [
		(
			"Party Member",
			m["name"],
			" ||| ".join(get_formatted_value(m.get(f.fieldname), f) for f in fields if m.get(f.fieldname)),
			0,
			m["full_name"],
			"",
		)
		for m in members
	]
	for chunk in chunks(values, 2000):
		sync_values(chunk)
	sync_global_search()  # the organizations, queued by their inserts


# --- committees -------------------------------------------------------------------------------

LEADING_POSTS = {"School Leader": 0, "Middle Manager": 1}


def candidates(members: list[dict]) -> list[dict]:
	"""Active full members in the order they take positions: present before mobile, leaders first,
	then the older in service and the younger among retirees."""
	return sorted(
		(m for m in members if is_active_full(m)),
		key=lambda m: (
			m["is_mobile_member"],
			LEADING_POSTS.get(m["post"], 2),
			-m["birth_date"].toordinal() if m["post"] == "Retired" else m["birth_date"].toordinal(),
		),
	)


def plan_committees(plan: list[OrgPlan], rng: random.Random) -> None:
	"""Branch committees from the branch's own members; upper committees from the branches under them."""
	for org in plan:
		if org.org_type == orules.BRANCH:
			people = candidates(org.members)
			if len(people) >= orules.COMMITTEE_REQUIRED_FROM_FULL_MEMBERS:
				positions = ["Secretary", "Deputy Secretary", "Organization Member", "Propaganda Member"]
				positions += ["Discipline Member"]
				if len(people) >= 35:
					positions += ["Committee Member", "Committee Member"]
			else:
				positions = ["Secretary"] + (["Deputy Secretary"] if len(people) >= 5 else [])
			org.committee = [
				(m["name"], pos, org.term_start, None) for m, pos in zip(people, positions, strict=False)
			]
			if len(people) > len(positions) and rng.random() < 0.5:
				previous = rng.choice(people[len(positions) :])
				org.committee.append(previous_term(previous["name"], org))
	for org in plan:
		if org.org_type in (orules.GENERAL_BRANCH, orules.PARTY_COMMITTEE):
			below = [p for p in plan if p.parent == org.name and p.org_type == orules.BRANCH]
			if org.org_type == orules.PARTY_COMMITTEE:
				office = [p for p in below if p.kind == "office"] or below[:1]
				below = office + [p for p in below if p not in office]
			chosen: list[str] = []
			people = candidates(below[0].members) if below else []
			chosen += [m["name"] for m in people[:3]]
			for other in below[1:]:
				if len(chosen) >= 5:
					break
				chosen += [m["name"] for m in candidates(other.members)[:1] if m["name"] not in chosen]
			positions = [
				"Secretary",
				"Deputy Secretary",
				"Organization Member",
				"Propaganda Member",
				"Discipline Member",
			]
			org.committee = [
				(n, pos, org.term_start, None) for n, pos in zip(chosen, positions, strict=False)
			]


def previous_term(member: str, org: OrgPlan) -> tuple[str, str, datetime.date, datetime.date]:
	years = orules.default_term_years(org.org_type)
	start = orules.add_years(org.term_start, -years)
	return member, "Secretary", start, org.term_start - datetime.timedelta(days=1)


def save_committees(plan: list[OrgPlan]) -> None:
	"""Through the controller: each organization's save checks the committee and a Branch's 3 full
	members, then sets it Active. A level of the tree at a time (branches first, as the upper levels'
	checks read them), each saved as `Document.save` would, with what costs most done once for the
	level: the organizations and their saved copies loaded at once, the committee rows written in
	multi-row INSERTs (see save_all)."""
	levels: dict[str, list[OrgPlan]] = {}
	for org in plan:
		if org.committee:
			levels.setdefault(org.org_type, []).append(org)
	for org_type in sorted(levels, key=orules.ORG_TYPES.index, reverse=True):
		orgs = levels[org_type]
		docs = load_all("Party Organization", [org.name for org in orgs])
		befores = load_all("Party Organization", [org.name for org in orgs])
		for org in orgs:
			doc = docs[org.name]
			for member, position, from_date, to_date in org.committee:
				doc.append(
					"committee",
					{"member": member, "position": position, "from_date": from_date, "to_date": to_date},
				)
			doc.status = "Active"
			# the members are the county's own, just written: Frappe's check that each link exists read
			# every committee member again (a third of a save); the controller's checks still run
			doc.flags.ignore_links = True
			doc._doc_before_save = befores[org.name]
		save_all([docs[org.name] for org in orgs])


def save_all(docs: list) -> None:
	"""Save documents of one doctype as `Document.save` does, for documents loaded with their state
	before the change in `_doc_before_save` and whose child tables only gained rows: each goes through
	the checks of a save (defaults, timestamps, before_validate, validate and before_save with the app's
	hooks, Frappe's field checks) and is written with one UPDATE; the new child rows of all of them are
	written in multi-row INSERTs; then each runs what a save runs after its write (on_update, the
	Version, on_change). Nothing configured on the site may run at each save (onboarding.bulk.possible),
	else each is saved by `Document.save`."""
	from party_building.onboarding import bulk

	if not docs:
		return
	if not bulk.possible(docs[0].doctype):
		for doc in docs:
			doc.save(ignore_permissions=True)
		return
	children = []
	stored = dict(
		frappe.get_all(
			docs[0].doctype,
			filters={"name": ("in", [doc.name for doc in docs])},
			fields=["name", "modified"],
			as_list=True,
		)
	)
	for doc in docs:
		previous = doc._doc_before_save
		if stored.get(doc.name) != previous.modified or any(  # Frappe's check_if_latest, and rows kept
			row.name != old.name
			for df in doc.meta.get_table_fields()
			for row, old in zip(doc.get(df.fieldname), previous.get(df.fieldname), strict=False)
		):
			raise ValueError(f"save_all: {doc.name} changed since it was loaded, or lost child rows")
		doc.flags.ignore_permissions = True
		doc.flags.ignore_version = frappe.flags.in_test
		doc.flags.notifications_executed = []
		doc._action = "save"
		doc._set_defaults()
		doc.set_user_and_timestamp()
		doc.set_docstatus()
		doc.check_docstatus_transition(previous.docstatus)
		doc.set_parent_in_children()
		doc.set_name_in_children()
		doc.validate_higher_perm_levels()
		doc._validate_links()
		doc.run_before_save_methods()
		doc._validate()
		doc.set_docstatus()
		doc.db_update()
		for df in doc.meta.get_table_fields():
			rows = doc.get(df.fieldname)
			children += rows[len(previous.get(df.fieldname)) :]
	by_doctype: dict[str, list] = {}
	for row in children:
		by_doctype.setdefault(row.doctype, []).append(row)
	for rows in by_doctype.values():
		bulk.insert_rows(rows)
	for doc in docs:
		doc.run_post_save_methods()


# --- users ------------------------------------------------------------------------------------


def make_users(plan: list[OrgPlan], spec: Scale, county: County) -> list[str]:
	"""The demo admin on the root, and secretaries on some branches (sec.1@example.com …)."""
	make_user(county.admin_user, "教育工委管理员", county.root, PARTY_ADMIN)
	branches = [p for p in plan if p.org_type == orules.BRANCH]
	count = len(branches) if spec.secretaries is None else min(spec.secretaries, len(branches))
	users = [county.admin_user]
	for n, branch in enumerate((branches[i * len(branches) // count] for i in range(count)), 1):
		secretary = next(m for m, pos, _start, end in branch.committee if pos == orules.SECRETARY and not end)
		email = county.secretary_user(n)
		make_user(email, next(m["full_name"] for m in branch.members if m["name"] == secretary), branch.name)
		frappe.db.set_value("Party Member", secretary, "user", email, update_modified=False)
		users.append(email)
	# secretaries of an earlier, larger demo keep their accounts, disabled
	for email in demo_users(county):
		if email not in users:
			frappe.db.set_value("User", email, "enabled", 0)
	frappe.cache.delete_key("enabled_users")  # what saving a User would have dropped
	frappe.cache.delete_key("users_for_mentions")
	return users


def make_user(email: str, first_name: str, organization: str, role: str = BRANCH_SECRETARY) -> None:
	"""A demo account with its role and organization. Written straight to the database: saving a
	User makes Frappe clear its whole cache (User.validate sets a global default), about a second
	per account, which a county's 300 secretaries would pay one by one."""
	if frappe.db.exists("User", email):
		frappe.db.set_value(
			"User",
			email,
			{"first_name": first_name, "full_name": first_name, "enabled": 1},
			update_modified=False,
		)
	else:
		user = frappe.new_doc("User")
		user.update({"email": email, "first_name": first_name, "full_name": first_name})
		user.update({"send_welcome_email": 0, "user_type": "System User", "enabled": 1})
		user.name = email
		user.db_insert()
		# what User.after_insert and on_update would have added: the desk boots with them
		frappe.share.add_docshare(
			"User", email, email, write=1, share=1, flags={"ignore_share_permission": True}
		)
	if not frappe.db.exists("Notification Settings", email):
		create_notification_settings(email)
	if not frappe.db.exists("Has Role", {"parent": email, "parenttype": "User", "role": role}):
		row = frappe.new_doc(
			"Has Role", parent_doc=frappe._dict(doctype="User", name=email), parentfield="roles"
		)
		row.update({"role": role, "parent": email, "parenttype": "User", "parentfield": "roles"})
		row.name = frappe.generate_hash(length=10)
		row.db_insert()
	update_password(email, DEMO_PASSWORD)
	frappe.clear_cache(user=email)
	ensure_access(email, organization, role)


def demo_users(county: County) -> list[str]:
	secretaries = frappe.get_all("User", filters={"name": ("like", county.secretary_user("%"))}, pluck="name")
	return [county.admin_user, *secretaries]


def insert_all(docs: list, then: Callable | None = None) -> list:
	"""Insert new documents of one doctype as `Document.insert` would, written in batches: each goes
	through its controller's checks (onboarding.bulk.prepare), the rows are written at once, then each
	runs what an insert runs after its write (after_insert, on_update, on_change with the app's hooks).
	One by one when the site has something configured to run at each save (onboarding.bulk.possible).

	`then(doc)`: what the caller would write on each inserted document without its controller (values
	set with db.set_value, as scoring does), applied before the write."""
	from party_building.onboarding import bulk

	if not docs:
		return docs
	for doc in docs:
		doc.flags.ignore_permissions = True
	if not bulk.possible(docs[0].doctype):
		for doc in docs:
			doc.insert()
			if then:
				then(doc)
				doc.db_update()
				for child in doc.get_all_children():
					child.db_update()
		return docs
	for doc in docs:
		bulk.prepare(doc)
		if then:
			then(doc)
	bulk.write(docs)
	for doc in docs:
		for method in ("after_insert", "on_update", "on_change"):
			doc.run_method(method)
	return docs


# --- reset ------------------------------------------------------------------------------------


def chunks(items: list, size: int = 1000) -> Iterator[list]:
	for start in range(0, len(items), size):
		yield items[start : start + size]


def reset_demo(county: str = COUNTY, search_index: bool = True) -> dict[str, int]:
	"""Delete a demo county's tree, its members and every app document linking to them.

	Returns the number of documents deleted by doctype. The demo users stay, without their access.
	"""
	place = County(county)
	if not frappe.db.exists("Party Organization", place.root):
		return {}
	lft, rgt = frappe.db.get_value("Party Organization", place.root, ["lft", "rgt"])
	orgs = frappe.get_all(
		"Party Organization", filters={"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name"
	)
	members = []
	for chunk in chunks(orgs):
		members += frappe.get_all("Party Member", filters={"branch": ("in", chunk)}, pluck="name")
	targets = {"Party Member": members, "Party Organization": orgs}
	deleted = {}
	for doctype, names in {**linking_documents(targets), **targets}.items():
		delete_documents(doctype, sorted(names), search_index)
		deleted[doctype] = len(names)
	# close the gap the subtree leaves in the nested set
	org = frappe.qb.DocType("Party Organization")
	width = rgt - lft + 1
	frappe.qb.update(org).set(org.lft, org.lft - width).where(org.lft > rgt).run()
	frappe.qb.update(org).set(org.rgt, org.rgt - width).where(org.rgt > rgt).run()
	frappe.cache.delete_value("user_permissions")
	for user in demo_users(place):
		frappe.clear_cache(user=user)
	return deleted


def app_links(targets: Iterable[str]) -> dict[str, list[tuple[str, str, bool]]]:
	"""target doctype → (doctype, link field, is child table) over this app's other doctypes."""
	modules = frappe.get_module_list("party_building")
	doctypes = {
		d.name: d.istable
		for d in frappe.get_all(
			"DocType",
			filters={"module": ("in", modules), "issingle": 0, "is_virtual": 0},
			fields=["name", "istable"],
		)
	}
	fields = frappe.get_all(
		"DocField",
		filters={"parent": ("in", list(doctypes)), "fieldtype": "Link", "options": ("in", list(targets))},
		fields=["parent", "fieldname", "options"],
	)
	links: dict[str, list[tuple[str, str, bool]]] = {}
	for f in fields:
		links.setdefault(f.options, []).append((f.parent, f.fieldname, bool(doctypes[f.parent])))
	return links


def linking_documents(targets: dict[str, list[str]]) -> dict[str, set[str]]:
	"""Documents that link to the targets, directly or through each other (meetings, dues, …)."""
	found: dict[str, set[str]] = {}
	queue = [(doctype, names) for doctype, names in targets.items() if names]
	while queue:
		target, names = queue.pop()
		links = app_links([target])
		for doctype, fieldname, is_child in links.get(target, ()):
			new: dict[str, set[str]] = {}
			for parenttype, parent in linking_rows(doctype, fieldname, is_child, names):
				if parenttype in targets or parent in found.get(parenttype, ()):
					continue
				new.setdefault(parenttype, set()).add(parent)
			for parenttype, parents in new.items():
				found.setdefault(parenttype, set()).update(parents)
				queue.append((parenttype, parents))
	return found


# up to this many targets (a county's 10,000 members), look them up by IN lists; beyond (its 300,000
# points entries, 75,000 dues payments), read the link column once: a read of the attendance's member
# column (6 s) cost no less than the ten IN lists of the members
FEW = 20_000


def linking_rows(doctype: str, fieldname: str, is_child: bool, names) -> Iterator[tuple[str, str]]:
	"""(parenttype, parent) of the rows of `doctype` whose `fieldname` is one of `names`.

	Many targets (a county's 300,000 points entries, each a target of the entries' own amended_from)
	are matched in Python against one read of the column's filled values: an IN list of 1,000 names
	at a time scanned the same unindexed table hundreds of times (65 s of a county's reset)."""
	table = frappe.qb.DocType(doctype)
	column = getattr(table, fieldname)
	owner = (table.parenttype, table.parent) if is_child else (table.name,)

	def pair(row: tuple) -> tuple[str, str]:
		return (row[0], row[1]) if is_child else (doctype, row[0])

	if len(names) <= FEW:
		for chunk in chunks(list(names)):
			yield from map(pair, frappe.qb.from_(table).select(*owner).where(column.isin(chunk)).run())
		return
	wanted = names if isinstance(names, set) else set(names)
	rows = frappe.qb.from_(table).select(column, *owner).where(column.notnull() & (column != "")).run()
	for value, *row in rows:
		if value in wanted:
			yield pair(row)


DELETE_CHUNK = 5000


def delete_documents(doctype: str, names: list[str], search_index: bool) -> None:
	"""Delete rows, their child rows, versions and comments without loading documents."""
	meta = frappe.get_meta(doctype)
	# what other tables hold about documents of this doctype: looked for once, not once per chunk
	related = [
		(table, {key: doctype, "_": name_field})
		for table, key, name_field in (
			("Version", "ref_doctype", "docname"),
			("Comment", "reference_doctype", "reference_name"),
			("User Permission", "allow", "for_value"),
		)
		if frappe.db.exists(table, {key: doctype})
	]
	if search_index and frappe.db.sql("select 1 from `__global_search` where doctype = %s limit 1", doctype):
		related.append(("__global_search", {"doctype": doctype, "_": "name"}))
	for chunk in chunks(names, DELETE_CHUNK):
		for table_field in meta.get_table_fields():
			frappe.db.delete(table_field.options, {"parenttype": doctype, "parent": ("in", chunk)})
		frappe.db.delete(doctype, {"name": ("in", chunk)})
		for table, keys in related:
			filters = {k: v for k, v in keys.items() if k != "_"}
			frappe.db.delete(table, {**filters, keys["_"]: ("in", chunk)})
	if meta.is_tree and doctype != "Party Organization":
		from frappe.utils.nestedset import rebuild_tree

		rebuild_tree(doctype)
