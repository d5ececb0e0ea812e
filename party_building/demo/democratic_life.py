"""Demo 民主生活会: last year's democratic life meeting of the leading group of each Party committee and
general branch (its preparation done, its rectification list in the ledger), a few missing, so the
compliance bulletin shows both. Saved through the controller: only a handful of records."""

import datetime

import frappe

from party_building.activity import rules
from party_building.members.rules import ACTIVE
from party_building.organization.service import subtree

PROBLEMS = (
	("班子成员深入基层调查研究不够", "班子成员每人每学期联系一个支部，至少调研两次"),
	("批评与自我批评辣味不足", "会前逐一谈心谈话，会上点名道姓指出问题"),
	("落实全面从严治党主体责任压力传导不够", "制定责任清单，每季度听取支部书记汇报"),
)


def make(ctx) -> dict:
	rng, year = ctx.rng, ctx.on.year - 1
	made = 0
	for org in ctx.plan:
		if not rules.holds_democratic_life_meeting(org.org_type):
			continue
		leaders = [m for m, _pos, _start, end in org.committee if end is None]
		# the form takes only current members of the organization: the records demo may have moved or
		# lost a committee member since
		current = set(
			frappe.get_all(
				"Party Member",
				filters={
					"name": ("in", leaders or [""]),
					"standing": ACTIVE,
					"branch": ("in", subtree(org.name)),
				},
				pluck="name",
			)
		)
		leaders = [m for m in leaders if m in current]
		if not leaders or rng.random() < 0.2:  # a few leading groups have not held it
			continue
		day = datetime.date(year, 12, rng.randint(15, 28))
		steps = [
			{"step": step, "done": 1, "done_on": day - datetime.timedelta(days=30 - 10 * i)}
			for i, step in enumerate(rules.BEFORE_THE_MEETING)
		]
		steps += [{"step": step, "done": 1, "done_on": day} for step in rules.LIFE_MEETING_STEPS[3:]]
		problems = rng.sample(PROBLEMS, 2)
		frappe.get_doc(
			{
				"doctype": "Party Activity",
				"organization": org.name,
				"activity_type": rules.DEMOCRATIC_LIFE_MEETING,
				"topic": f"{year}年度领导班子民主生活会",
				"status": rules.HELD,
				"activity_date": day,
				"start_time": "14:30:00",
				"end_time": "17:30:00",
				"place": "会议室",
				"minutes": "<p>班子成员逐一对照检查，开展批评与自我批评，上级党组织派员列席指导。</p>",
				"attendees": [{"member": m, "status": rules.PRESENT} for m in leaders],
				"life_meeting_steps": steps,
				"life_meeting_rectifications": [
					{"problem": p, "measures": m, "deadline": datetime.date(year + 1, 6, 30)}
					for p, m in problems
				],
				"backfill_approved": 1,
				"backfill_reason": "演示数据：上年度民主生活会",
			}
		).insert(ignore_permissions=True)
		made += 1
	return {"democratic life meetings": made}
