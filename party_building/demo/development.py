"""Demo admission records (发展党员纪实) for the demo county: people at every stage, some overdue.

Registered in demo.DEMO_EXTENSIONS. Every probationary member of the demo register gets the record
that admitted them (branch meeting = their joining date); some recent full members get their completed
record; new people are applicants, activists and development targets, a few with a step overdue (talk
not held, approval not given within 3 months), a few withdrawn. Each record is checked with the same
pure rules the controller applies (development_rules) and written with bulk inserts, so the county
scale (about 2,000 records, 50,000 step rows) takes seconds. Yearly plans for the committee and the
general branches. Must not commit.
"""

import datetime
import math
import random

import frappe
from frappe.utils import now_datetime

from party_building.admission import rules
from party_building.core.bulk import writing
from party_building.demo import (
	ETHNICITIES,
	RowNames,
	education_of,
	new_id_number,
	new_phone,
	person_name,
	reserve_names,
	weighted,
)
from party_building.holidays import service as holidays
from party_building.members import rules as mrules
from party_building.organization import rules as orules

SERIES = "MD-.YYYY.-.#####"
UPPER = "教育工委组织委员"
# days after the application for each step of a record that keeps every rule
OFFSETS = {
	1: 0, 2: 20, 3: 90, 4: 95, 5: 100, 6: 110, 7: 466, 8: 470, 9: 475, 10: 490, 11: 500, 12: 505,
	13: 530, 14: 535, 15: 540, 16: 550, 17: 570, 18: 580, 19: 585, 20: 590, 21: 700, 22: 880,
	23: 910, 24: 920, 25: 925,
}  # fmt: skip
MEETING = OFFSETS[rules.BRANCH_MEETING]
# shares of new people (not in the register yet) by the last step they reached
NEW_PEOPLE_PER_MEMBER = 0.075
FULL_RECORDS_PER_MEMBER = 0.03
CANCELLED_SHARE = 0.02  # of the probationary members: cancelled, and out of the register
NEW_STAGES = (
	("applicant", 18),
	("applicant_overdue", 4),
	("activist", 40),
	("target", 24),
	("awaiting_approval", 6),
	("approval_overdue", 3),
	("withdrawn", 5),
)

PARENT_FIELDS = (
	"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx",
	"full_name", "gender", "birth_date", "id_number", "ethnicity", "native_place", "education", "work_unit",
	"phone", "party_member", "branch", "party_group", "approving_organization", "stage", "pending_boundary",
	"withdrawn_on", "end_reason", "application_date", "activist_date", "target_date", "meeting_date",
	"approval_date", "oath_date", "probation_end", "full_member_on", "next_step", "next_due_on",
	"talk_late_reason", "last_assessment_on", "political_review_result", "training_days", "training_hours",
	"publicity_from", "publicity_to", "expected_voting", "present_voting", "votes_for", "written_for",
	"votes_against", "abstentions", "approval_extended", "approval_extension_reason", "full_expected_voting",
	"full_present_voting", "full_votes_for", "full_written_for", "full_publicity_from", "full_publicity_to",
	"submitted_boundary", "upper_level_comment", "workflow_state",
)  # fmt: skip
CHILD_BASE = (
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
STEP_FIELDS = (*CHILD_BASE, "step_no", "step_name", "stage", "step_date", "responsible", "attachment", "note")
CONTACT_FIELDS = (*CHILD_BASE, "member", "member_name", "membership_type", "assigned_on")
INTRODUCER_FIELDS = (*CHILD_BASE, "member", "member_name", "membership_type", "penalty_reason")
DECISION_FIELDS = (*CHILD_BASE, "decided_on", "decision", "extension_months", "reason")


def make(ctx) -> dict:
	on = ctx.on
	rng = random.Random(ctx.rng.random())
	branches = [p for p in ctx.plan if p.org_type == orules.BRANCH]
	committee = next(p.name for p in ctx.plan if p.org_type == orules.PARTY_COMMITTEE)
	secretaries = {m["name"]: m["full_name"] for m in ctx.members}
	steps = step_templates()
	used_ids = set(frappe.get_all("Party Member", pluck="id_number")) | set(
		frappe.get_all("Member Development", pluck="id_number")
	)
	records: list[dict] = []
	first_kinds = [kind for kind, _weight in NEW_STAGES]  # every kind at least once, at any scale
	shared = {"cancel": True}
	for branch in branches:
		full = [
			m for m in branch.members if mrules.FULL == m["membership_type"] and m["standing"] == "Active"
		]
		if len(full) < 2:
			continue
		secretary = next(
			(secretaries.get(m) for m, pos, _s, end in branch.committee if pos == "Secretary" and not end), ""
		)
		context = frappe._dict(
			branch=branch, full=full, committee=committee, secretary=secretary or "", shared=shared
		)
		# the register's probationary members: the record that admitted them
		for member in branch.members:
			if member["membership_type"] == mrules.PROBATIONARY and member["standing"] == "Active":
				records.append(admitted_record(member, context, on, rng, complete=False))
		# some recent full members: their completed record
		recent = [m for m in full if m["joined_on"] >= on - datetime.timedelta(days=3 * 365)]
		for member in rng.sample(
			recent, min(len(recent), round(len(branch.members) * FULL_RECORDS_PER_MEMBER))
		):
			records.append(admitted_record(member, context, on, rng, complete=True))
		# new people at the earlier stages
		for _ in range(max(1, round(len(branch.members) * NEW_PEOPLE_PER_MEMBER))):
			kind = first_kinds.pop(0) if first_kinds else weighted(rng, NEW_STAGES)
			records.append(new_person_record(kind, context, on, rng, used_ids))
	records = [r for r in records if r]
	for record in records:
		check(record, on)
		derive(record)
	names = reserve_names("Member Development", SERIES, len(records))
	insert(records, names, steps)
	end_cancelled_members(records)
	plans = insert_plans(ctx.plan, on, len(records))
	return {
		"records": len(records),
		"plans": plans,
		"stages": {s: sum(r["stage"] == s for r in records) for s in rules.STAGES},
		"overdue": sum(bool(r["next_due_on"] and r["next_due_on"] < on) for r in records),
	}


# --- building records -----------------------------------------------------------------------------


def step_templates() -> list[tuple[int, str, str]]:
	rows = frappe.get_all(
		"Development Step Template", fields=["step_no", "step_name", "stage"], order_by="step_no"
	)
	return (
		[(r.step_no, r.step_name, r.stage) for r in rows]
		if len(rows) == rules.STEP_COUNT
		else list(rules.DEFAULT_STEPS)
	)


def base_record(person: dict, context, rng: random.Random) -> dict:
	return {
		"full_name": person["full_name"],
		"gender": person["gender"],
		"birth_date": person["birth_date"],
		"id_number": person["id_number"],
		"ethnicity": person.get("ethnicity"),
		"native_place": person.get("native_place"),
		"education": person.get("education"),
		"work_unit": person.get("work_unit") or context.branch.school,
		"phone": person.get("phone"),
		"party_member": person.get("name"),
		"branch": context.branch.name,
		"party_group": person.get("party_group"),
		"approving_organization": None,
		"dates": {},
		"contacts": [],
		"introducers": [],
		"decisions": [],
		"responsible": context.secretary,
		"workflow_state": "Branch Draft",
	}


def fill_requirements(record: dict, context, rng: random.Random, on: datetime.date) -> None:
	"""Contacts, introducers, review, training, publicity and votes for the steps that are dated."""
	dates = record["dates"]
	others = [m for m in context.full if m["name"] != record["party_member"]]
	picks = rng.sample(others, min(len(others), 4))
	if dates.get(rules.CONTACTS):
		record["contacts"] = [(m, dates[rules.CONTACTS]) for m in picks[: rng.choice((1, 2))]]
	if dates.get(rules.INTRODUCERS):
		record["introducers"] = picks[-2:]
	if dates.get(rules.TRAINING):
		days = rng.choice((3, 3, 4, 5))
		record.update(political_review_result="Passed", training_days=days, training_hours=days * 8)
	if dates.get(rules.PRE_REVIEW):
		record["publicity_from"] = dates[12] + datetime.timedelta(days=1)
		record["publicity_to"] = dates[rules.PRE_REVIEW] - datetime.timedelta(days=1)
	expected = max(3, len(context.full))
	if dates.get(rules.BRANCH_MEETING):
		present = max(math.floor(expected / 2) + 1, round(expected * rng.uniform(0.75, 0.95)))
		votes_for = max(math.floor(expected / 2) + 1, present - rng.randint(0, 2))
		record.update(expected_voting=expected, present_voting=present, votes_for=min(votes_for, present))
		record["votes_against"] = present - record["votes_for"]
	if dates.get(rules.FULL_MEETING):
		present = max(math.floor(expected / 2) + 1, round(expected * rng.uniform(0.75, 0.95)))
		record.update(full_expected_voting=expected, full_present_voting=present, full_votes_for=present)
	if dates.get(rules.APPROVAL):
		record["approving_organization"] = context.committee
	if dates.get(rules.ACTIVIST) and not dates.get(rules.BRANCH_MEETING):
		assessed, last = None, rules.add_months(dates[rules.ACTIVIST], rules.ASSESSMENT_EVERY_MONTHS)
		while last <= on:
			assessed, last = last, rules.add_months(last, rules.ASSESSMENT_EVERY_MONTHS)
		record["last_assessment_on"] = assessed


def admitted_record(
	member: dict, context, on: datetime.date, rng: random.Random, complete: bool
) -> dict | None:
	"""The record of a register member: branch meeting on their joining date."""
	meeting = member["joined_on"]
	applied = meeting - datetime.timedelta(days=MEETING)
	if not rules.old_enough_to_apply(member["birth_date"], applied):
		return None
	record = base_record(member, context, rng)
	age = (on - meeting).days
	after = {16: 10, 17: 30, 18: 40, 19: 45, 20: 50, 21: 160, 22: 340, 23: 370, 24: 380, 25: 385}
	if not complete:  # recently admitted: squeeze the approval and oath into the time since
		after[16], after[17] = min(10, age // 3), min(30, age // 2)
		after[18], after[19], after[20] = after[17] + 2, after[17] + 3, after[17] + min(10, age - after[17])
	for step in range(1, 26):
		day = (
			applied + datetime.timedelta(days=OFFSETS[step])
			if step <= 15
			else meeting + datetime.timedelta(days=after[step])
		)
		if day > on or (not complete and step > 22):
			break
		record["dates"][step] = day
	if complete:
		record["decisions"] = [(rules.DECISION_FULL, record["dates"][rules.FULL_MEETING])]
	elif (
		record["dates"].get(rules.OATH)
		and age >= 150
		and (context.shared["cancel"] or rng.random() < CANCELLED_SHARE)
	):
		context.shared["cancel"] = False
		record["decisions"] = [
			(rules.DECISION_CANCEL, record["dates"][rules.OATH] + datetime.timedelta(days=90))
		]
	fill_requirements(record, context, rng, on)
	record["workflow_state"] = "Upper Level Approved"
	return record


def new_person_record(kind: str, context, on: datetime.date, rng: random.Random, used_ids: set[str]) -> dict:
	gender = "Female" if rng.random() < 0.6 else "Male"
	age = rng.randint(23, 40)
	birth_date = on - datetime.timedelta(days=int(age * 365.25) + rng.randrange(300))
	id_number, native_place = new_id_number(rng, birth_date, gender, used_ids)
	education, _degree = education_of(rng, birth_date.year)
	person = {
		"full_name": person_name(rng, gender, birth_date.year),
		"gender": gender,
		"birth_date": birth_date,
		"id_number": id_number,
		"ethnicity": weighted(rng, ETHNICITIES),
		"native_place": native_place,
		"education": education,
		"phone": new_phone(rng, set()),
	}
	record = base_record(person, context, rng)
	last, lag = {
		"applicant": (2, rng.randint(0, 60)),
		"applicant_overdue": (1, rng.randint(40, 120)),
		"activist": (rng.choice((3, 4, 5, 6)), rng.randint(0, 250)),
		"target": (rng.choice((7, 8, 9, 10, 11, 12, 13, 14)), rng.randint(0, 20)),
		"awaiting_approval": (16, rng.randint(0, 40)),
		"approval_overdue": (16, rng.randint(95, 150)),
		"withdrawn": (3, rng.randint(30, 200)),
	}[kind]
	if kind == "applicant" and rng.random() < 0.4:
		last, lag = 1, rng.randint(0, 20)  # talk not due yet
	applied = on - datetime.timedelta(days=OFFSETS[last] + lag)
	for step in range(1, last + 1):
		record["dates"][step] = applied + datetime.timedelta(days=OFFSETS[step])
	fill_requirements(record, context, rng, on)
	if kind == "withdrawn":
		record["withdrawn_on"] = record["dates"][last] + datetime.timedelta(days=rng.randint(10, 25))
		record["end_reason"] = rng.choice(("本人申请撤回", "工作调动离开本单位", "经考察暂不具备条件"))
	if last >= rules.ACTIVIST_FILED:
		record["workflow_state"] = "Upper Level Approved"
	if (
		rules.pending_boundary(record["dates"])
		and last in (rules.ACTIVIST, rules.TARGET, 16)
		and rng.random() < 0.7
	):
		record["workflow_state"] = "Submitted to Upper Level"
		record["submitted_boundary"] = rules.pending_boundary(record["dates"])
	return record


# --- the rules, without a document ------------------------------------------------------------------


def check(record: dict, on: datetime.date) -> None:
	"""The controller's rules on a demo record; a broken one is a bug of this module."""
	dates = {n: record["dates"].get(n) for n in range(1, 26)}
	problems = []
	if rules.order_problem(dates) or any(d and d > on for d in dates.values()):
		problems.append("order")
	if dates[1] and not rules.old_enough_to_apply(record["birth_date"], dates[1]):
		problems.append("age")
	if dates[2] and not rules.talk_in_time(dates[1], dates[2]):
		problems.append("talk")
	if dates[rules.CONTACTS] and rules.contacts_valid(m["membership_type"] for m, _d in record["contacts"]):
		problems.append("contacts")
	if dates[rules.TARGET] and not rules.activist_long_enough(dates[rules.ACTIVIST], dates[rules.TARGET]):
		problems.append("activist")
	if dates[rules.INTRODUCERS] and not rules.introducer_count_valid(
		m["name"] for m in record["introducers"]
	):
		problems.append("introducers")
	if (
		dates[rules.PRE_REVIEW]
		and not rules.publicity_long_enough(
			record["publicity_from"], record["publicity_to"], holidays.official_calendar()
		)[0]
	):
		problems.append("publicity")
	if dates[rules.BRANCH_MEETING]:
		if rules.ready_for_branch_meeting(True, record.get("training_days"), record.get("training_hours")):
			problems.append("training")
		if rules.meeting_problem(record["expected_voting"], record["present_voting"], record["votes_for"]):
			problems.append("votes")
	if dates[rules.APPROVAL] and rules.approval_problem("Party Committee", dates[15], dates[17]):
		problems.append("approval")
	if dates[rules.OATH] and not rules.oath_in_time(dates[17], dates[20]):
		problems.append("oath")
	if record["decisions"] and rules.probation_decisions_problem(
		[(d, day, 0) for d, day in record["decisions"]], dates[15]
	):
		problems.append("decisions")
	if problems:
		raise ValueError(f"Demo admission record of {record['full_name']} breaks {', '.join(problems)}")


def derive(record: dict) -> None:
	"""The fields the controller derives (MemberDevelopment.set_key_dates)."""
	dates = record["dates"]
	decisions = [(d, day, 0) for d, day in record["decisions"]]
	record.update(
		application_date=dates.get(rules.APPLICATION),
		activist_date=dates.get(rules.ACTIVIST),
		target_date=dates.get(rules.TARGET),
		meeting_date=dates.get(rules.BRANCH_MEETING),
		approval_date=dates.get(rules.APPROVAL),
		oath_date=dates.get(rules.OATH),
	)
	record["probation_end"] = (
		rules.probation_end(record["meeting_date"])
		if record["meeting_date"] and record["approval_date"]
		else None
	)
	record["stage"] = rules.stage_of(
		dates, rules.final_decision(decisions), rules.WITHDRAWN if record.get("withdrawn_on") else None
	)
	record["full_member_on"] = record["probation_end"] if record["stage"] == rules.FULL_MEMBER else None
	open_ = record["stage"] in rules.OPEN_STAGES
	record["pending_boundary"] = rules.pending_boundary(dates) if open_ else None
	deadline = rules.next_deadline(dates) if open_ else None
	record["next_step"], record["next_due_on"] = deadline or (0, None)
	if not open_:
		record["workflow_state"] = (
			"Upper Level Approved" if record["stage"] == rules.FULL_MEMBER else "Branch Draft"
		)


# --- writing ------------------------------------------------------------------------------------------


def insert(records: list[dict], names: list[str], steps: list[tuple[int, str, str]]) -> None:
	user = frappe.session.user
	now = now_datetime()
	numeric = {
		f.fieldname
		for f in frappe.get_meta("Member Development").fields
		if f.fieldtype in ("Int", "Float", "Check")
	}
	row_name = RowNames()
	parents, step_rows, contact_rows, introducer_rows, decision_rows = [], [], [], [], []
	for i, (record, name) in enumerate(zip(records, names, strict=True)):
		stamp = now - datetime.timedelta(seconds=len(records) - i)
		record.update(
			name=name, owner=user, creation=stamp, modified=stamp, modified_by=user, docstatus=0, idx=0
		)
		parents.append(
			tuple(0 if record.get(f) is None and f in numeric else record.get(f) for f in PARENT_FIELDS)
		)

		def child(idx, parentfield, *values):
			return (
				row_name(),
				user,
				stamp,
				stamp,
				user,
				0,
				idx,
				name,
				"Member Development",
				parentfield,
				*values,
			)

		for idx, (no, step_name, stage) in enumerate(steps, 1):
			responsible = (
				(UPPER if no in (4, 8, 13, 16, 17, 18, 24) else record["responsible"])
				if record["dates"].get(no)
				else None
			)
			step_rows.append(
				child(idx, "steps", no, step_name, stage, record["dates"].get(no), responsible, None, None)
			)
		for idx, (member, day) in enumerate(record["contacts"], 1):
			contact_rows.append(
				child(idx, "contacts", member["name"], member["full_name"], member["membership_type"], day)
			)
		for idx, member in enumerate(record["introducers"], 1):
			introducer_rows.append(
				child(
					idx, "introducers", member["name"], member["full_name"], member["membership_type"], None
				)
			)
		for idx, (decision, day) in enumerate(record["decisions"], 1):
			decision_rows.append(child(idx, "probation_decisions", day, decision, 0, None))
	with writing() as write:
		write("Member Development", PARENT_FIELDS, parents, chunk_size=1000)
		write("Member Development Step", STEP_FIELDS, step_rows)
		write("Member Development Contact", CONTACT_FIELDS, contact_rows)
		write("Member Development Introducer", INTRODUCER_FIELDS, introducer_rows)
		write("Member Development Probation Decision", DECISION_FIELDS, decision_rows)


def end_cancelled_members(records: list[dict]) -> None:
	"""A cancelled probationary member leaves the register, as the controller's effect does."""
	from party_building.organization.service import refresh_member_counts

	branches = set()
	for record in records:
		if record["stage"] == rules.CANCELLED and record["party_member"]:
			frappe.db.set_value(
				"Party Member",
				record["party_member"],
				{"standing": "Left", "standing_since": record["decisions"][-1][1]},
				update_modified=False,
			)
			branches.add(record["branch"])
	for branch in branches:
		refresh_member_counts(branch)


def insert_plans(plan, on: datetime.date, records: int) -> int:
	"""This year's development plan of the committee and of each general branch."""
	count = 0
	uppers = [p for p in plan if p.org_type in (orules.PARTY_COMMITTEE, orules.GENERAL_BRANCH)]
	branches = [p for p in plan if p.org_type == orules.BRANCH]
	for org in uppers:
		under = (
			[b for b in branches if b.parent == org.name]
			if org.org_type == orules.GENERAL_BRANCH
			else branches
		)
		quota = max(1, round(sum(b.size for b in under) * 0.03))
		if frappe.db.exists("Development Plan", {"organization": org.name, "year": on.year}):
			continue
		frappe.get_doc(
			{
				"doctype": "Development Plan",
				"organization": org.name,
				"year": on.year,
				"quota": quota,
				"activist_quota": quota * 2,
				"note": "根据上级党委年度发展党员计划制定",
			}
		).insert(ignore_permissions=True)
		count += 1
	return count
