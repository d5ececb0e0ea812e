"""Demo 谈心谈话: this year's heart-to-heart talks of each branch (the secretary with the committee, the
committee with the members), most branches done, some with a few members still waiting for their
talk, so the compliance report has something to list. Bulk-inserted, as the activities are."""

import datetime

from frappe.utils import now_datetime

from party_building.core.bulk import insert_rows
from party_building.demo import SeriesNames
from party_building.members import rules as mrules
from party_building.organization import rules as orules

FIELDS = (
	"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx",
	"organization", "talk_date", "initiator", "initiator_name", "counterpart", "counterpart_name",
	"topic", "follow_up",
)  # fmt: skip
TOPICS = (
	"思想和工作情况",
	"教育教学中的困难",
	"对支部工作的意见建议",
	"家庭和身体情况",
	"学习贯彻党的创新理论的体会",
)
FOLLOW_UPS = ("已帮助协调解决", "下次组织生活会上通报", "持续关注", "")


def make(ctx) -> dict:
	rng, on = ctx.rng, ctx.on
	start = datetime.date(on.year, 1, 1)
	span = max(1, (on - start).days)
	series, now, rows = SeriesNames(), now_datetime(), []
	for org in ctx.plan:
		if org.org_type != orules.BRANCH:
			continue
		names = {m["name"]: m["full_name"] for m in org.members if m.get("standing") == mrules.ACTIVE}
		current = [(m, pos) for m, pos, _start, end in org.committee if end is None and m in names]
		secretary = next((m for m, pos in current if pos == orules.SECRETARY), None)
		if not secretary:
			continue
		leaders = [m for m, _pos in current]
		pairs = [(secretary, m) for m in leaders if m != secretary]
		others = [m for m in names if m not in leaders]
		behind = rng.random() < 0.25  # a quarter of the branches leave a few members waiting
		if behind:
			others = others[: max(0, len(others) - rng.randint(1, 3))]
		pairs += [(leaders[i % len(leaders)], m) for i, m in enumerate(others)]
		for initiator, counterpart in pairs:
			rows.append(
				(
					series.next(f"TALK-{on.year}-", "Heart-to-Heart Talk", 5), "Administrator", now, now,
					"Administrator", 0, 0, org.name, start + datetime.timedelta(days=rng.randrange(span)),
					initiator, names[initiator], counterpart, names[counterpart], rng.choice(TOPICS),
					rng.choice(FOLLOW_UPS) or None,
				)
			)  # fmt: skip
	series.release()
	if rows:
		insert_rows("Heart-to-Heart Talk", FIELDS, rows)
	return {"heart-to-heart talks": len(rows)}
