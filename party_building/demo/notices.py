"""Demo 公示: a publicity notice for the development targets (发展对象) and probationary members (转正)
of the demo county — the record's own publicity period when it has one, else one starting a few weeks
before the step it precedes —, published, so the public page /dangwu/<branch> and the isolation audit
have notices to show."""

import datetime

import frappe
from frappe.utils import getdate

from party_building.core.bulk import load_all
from party_building.demo import insert_all
from party_building.notices import rules
from party_building.notices.service import NOTICE_OF

PER_BRANCH = 2
STAGE_NOTICES = {stage: kind for kind, (stage, *_rest) in NOTICE_OF.items()}


def make(ctx) -> dict:
	branches = [p.name for p in ctx.plan if p.org_type == "Branch"]
	records = frappe.get_all(
		"Member Development",
		filters={"branch": ("in", branches or [""]), "stage": ("in", list(STAGE_NOTICES))},
		fields=["name", "branch", "stage", "work_unit", "target_date", "probation_end"]
		+ [field for _stage, *fields, _step in NOTICE_OF.values() for field in fields],
		order_by="name",
	)
	made: dict[str, int] = {}
	chosen = []
	for record in records:
		if made.get(record.branch, 0) < PER_BRANCH:
			chosen.append(record)
			made[record.branch] = made.get(record.branch, 0) + 1
	loaded = load_all("Member Development", [record.name for record in chosen])
	notices = []
	for record in chosen:
		kind = STAGE_NOTICES[record.stage]
		_stage, start_field, end_field, _step = NOTICE_OF[kind]
		start, end = record.get(start_field), record.get(end_field)
		if not start:
			end = None
			if kind == rules.FULL_NOTICE:  # before the end of probation, upcoming if that is far
				start = getdate(record.probation_end) - datetime.timedelta(days=28)
			else:
				start = min(getdate(record.target_date) + datetime.timedelta(days=120), ctx.on)
		published = datetime.datetime.combine(getdate(start), datetime.time(9))
		notice = frappe.get_doc(
			{
				"doctype": "Publicity Notice",
				"notice_type": kind,
				"member_development": record.name,
				"post": record.work_unit,
				"contact": f"{ctx.county.name}教育工委组织办",
				"period_from": start,
				"period_to": end,
				"published": 1,
				"published_on": published,
				"publication_log": [
					{"action": rules.PUBLISHED, "acted_on": published, "acted_by": "Administrator"}
				],
			}
		)
		notice.flags.record = loaded[record.name]
		notices.append(notice)
	insert_all(notices)
	return {"publicity notices": sum(made.values())}
