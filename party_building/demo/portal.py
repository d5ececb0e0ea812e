"""Demo 党员之家: what members did on the portal in each branch — a request for leave from the branch's
next planned meeting (or its latest), the check-in the secretary opened at its latest meeting (closed
now), and a correction of the register a member proposed and the secretary has yet to answer."""

import datetime

import frappe
from frappe.utils import now_datetime

from party_building.demo import insert_all
from party_building.members import rules as mrules
from party_building.organization import rules as orules

LEAVE_REASONS = ("外出参加教研活动", "带学生参加比赛", "身体不适请病假", "家中有事")


def make(ctx) -> dict:
	rng, now = ctx.rng, now_datetime().replace(microsecond=0)
	leaves, codes, corrections = [], [], []
	for org in ctx.plan:
		if org.org_type != orules.BRANCH:
			continue
		active = [m for m in org.members if m.get("standing") == mrules.ACTIVE]
		if not active:
			continue
		latest = frappe.get_all(
			"Party Activity",
			filters={"organization": org.name, "docstatus": ("<", 2)},
			fields=["name", "topic", "activity_date"],
			order_by="activity_date desc",
			limit=1,
		)
		if latest:
			activity = latest[0]
			member = rng.choice(active)
			leave = frappe.get_doc(
				{
					"doctype": "Activity Leave Request",
					"activity": activity.name,
					"topic": activity.topic,
					"activity_date": activity.activity_date,
					"organization": org.name,
					"member": member["name"],
					"member_name": member["full_name"],
					"reason": rng.choice(LEAVE_REASONS),
					"status": "Requested",
					"requested_on": now,
				}
			)
			leaves.append(leave)
			start = datetime.datetime.combine(activity.activity_date, datetime.time(15, 0))
			code = frappe.get_doc(
				{
					"doctype": "Activity Check-in Code",
					"activity": activity.name,
					"organization": org.name,
					"code": f"{rng.randrange(10**6):06d}",
					"opens_at": start - datetime.timedelta(minutes=30),
					"closes_at": start + datetime.timedelta(minutes=30),
					"closed_at": start + datetime.timedelta(minutes=30),
					"opened_by": "Administrator",
				}
			)
			codes.append(code)
		member = rng.choice(active)
		correction = frappe.get_doc(
			{
				"doctype": "Member Info Correction",
				"member": member["name"],
				"member_name": member["full_name"],
				"organization": org.name,
				"fieldname": "professional_title",
				"field_label": "职称",
				"current_value": member.get("professional_title") or "",
				"proposed_value": "一级教师",
				"note": "今年已评定",
				"status": "Proposed",
				"proposed_on": now,
			}
		)
		corrections.append(correction)
	for docs in (leaves, codes, corrections):  # each checked by its controller, written in batches
		insert_all(docs)
	return {"leave requests": len(leaves), "check-in codes": len(codes), "corrections": len(corrections)}
