"""Demo organization records: an approved election for every organization (the one that opened its
current term; some terms are overdue), one election waiting for the upper level, transfers in every
workflow state, and a few standing changes with their records. Registered in demo.DEMO_EXTENSIONS.
"""

import datetime

import frappe
from frappe.utils import add_days

from party_building.organization import rules as orules
from party_building.records import rules

POSITIONS = ["Secretary", "Deputy Secretary", "Organization Member", "Propaganda Member", "Discipline Member"]
OUTSIDE = (
	"兰州市第十中学党支部",
	"定西市安定区教育局机关党支部",
	"天水市实验小学党支部",
	"白银市第一中学党支部",
)


def make(ctx) -> dict:
	on = ctx.on
	by_branch: dict[str, list[dict]] = {}
	for m in ctx.members:
		by_branch.setdefault(m["branch"], []).append(m)
	orgs = [p for p in ctx.plan if p.org_type != orules.PARTY_GROUP]
	overdue = make_overdue_terms(orgs, ctx, on)
	full_names = {m["name"]: m["full_name"] for m in ctx.members}
	elections = write_elections([history_election(org, by_branch, ctx.rng, full_names) for org in orgs])
	pending = pending_election(overdue, by_branch, on)
	transfers = make_transfers(ctx, by_branch, on)
	changes = make_standing_changes(ctx, by_branch, on)
	return {
		"elections": elections,
		"pending_elections": pending,
		"overdue_terms": len(overdue),
		"transfers": transfers,
		"standing_changes": changes,
	}


def active_full(rows: list[dict]) -> list[dict]:
	return [m for m in rows if m["membership_type"] == "Full" and m["standing"] == "Active"]


def make_overdue_terms(orgs, ctx, on: datetime.date) -> list:
	"""Every seventh branch's term ended a few weeks to months ago (its election is overdue)."""
	branches = [o for o in orgs if o.org_type == orules.BRANCH]
	chosen = branches[:: max(1, min(7, len(branches) // 2 or 1))][: max(1, len(branches) // 7)]
	for org in chosen:
		years = orules.default_term_years(org.org_type)
		start = orules.add_years(on, -years) - datetime.timedelta(days=ctx.rng.randint(20, 150))
		org.term_start = start
		frappe.db.set_value(
			"Party Organization",
			org.name,
			{"term_start": start, "term_end": orules.term_end(start, years)},
			update_modified=False,
		)
		committee = frappe.qb.DocType("Party Organization Committee Member")
		frappe.qb.update(committee).set(committee.from_date, start).where(
			(committee.parent == org.name) & committee.to_date.isnull()
		).run()
	return chosen


def history_election(org, by_branch, rng, full_names: dict):
	"""The approved election that opened the organization's current term (history, for write_elections)."""
	if not org.term_start or not org.committee:
		return None
	current = [(member, pos) for member, pos, start, end in org.committee if end is None]
	if not current:
		return None
	seats = len(current)
	voters = len(by_branch.get(org.name, [])) or seats * 8
	expected = max(voters, seats + 2)
	present = max(expected - rng.randint(0, max(0, expected // 10)), expected * 4 // 5 + 1)
	present = min(present, expected)
	elected_names = {m for m, _pos in current}
	pool = [m["name"] for m in active_full(by_branch.get(org.name, [])) if m["name"] not in elected_names]
	extra = rules.min_candidates(seats) - seats
	losers = pool[:extra]
	doc = frappe.get_doc(
		{
			"doctype": "Party Election",
			"organization": org.name,
			"org_type": org.org_type,
			"election_date": org.term_start,
			"timing": "On Time",
			"term_years": orules.default_term_years(org.org_type),
			"new_term_end": orules.term_end(org.term_start, orules.default_term_years(org.org_type)),
			"expected_voters": expected,
			"present_voters": present,
			"seats": seats,
			"candidate_count": seats + len(losers),
			"secretary": next((m for m, pos in current if pos == "Secretary"), None),
			"workflow_state": "Election Approved",
			"approved_by": "Administrator",
			"approved_on": org.term_start,
			"docstatus": 1,
		}
	)
	for member, _pos in current:
		doc.append("candidates", {"member": member, "votes": present - rng.randint(0, 3), "elected": 1})
	for member in losers:
		doc.append(
			"candidates", {"member": member, "votes": rng.randint(1, max(1, present // 3)), "elected": 0}
		)
	for member, pos in current:
		doc.append("committee", {"member": member, "position": pos})
	for row in [*doc.candidates, *doc.committee]:
		row.member_name = full_names.get(row.member)
	doc.secretary_name = full_names.get(doc.secretary)
	return doc


def write_elections(docs: list) -> int:
	"""The history elections as stored rows: each named by its series, written as onboarding's batches
	write new documents (the rows in multi-row INSERTs)."""
	from party_building.onboarding import bulk

	docs = [doc for doc in docs if doc]
	for doc in docs:
		doc.set_new_name()
		doc.set_parent_in_children()
		doc.set_user_and_timestamp()
		doc.set_docstatus()  # the rows of a submitted election are submitted with it
	bulk.write(docs)
	return len(docs)


def pending_election(overdue, by_branch, on: datetime.date) -> int:
	"""An overdue branch has held its election; it waits for the upper level's approval."""
	for org in overdue:
		people = active_full(by_branch.get(org.name, []))
		if len(people) < 5:
			continue
		seats = 2 if len(people) < orules.COMMITTEE_REQUIRED_FROM_FULL_MEMBERS else 5
		candidates = people[: rules.min_candidates(seats)]
		present = len(people)
		doc = frappe.get_doc(
			{
				"doctype": "Party Election",
				"organization": org.name,
				"election_date": on,
				"timing_approval_no": f"教工委〔{on.year}〕12号",
				"timing_approval_date": add_days(on, -10),
				"seats": seats,
				"voters": [{"member": m["name"], "present": 1} for m in people],
				"candidates": [
					{"member": m["name"], "votes": present - min(i, 1) if i < seats else present // 3}
					for i, m in enumerate(candidates)
				],
				"committee": [
					{"member": m["name"], "position": pos}
					for m, pos in zip(candidates[:seats], POSITIONS, strict=False)
				],
			}
		)
		doc.insert(ignore_permissions=True)
		doc.db_set("workflow_state", "Submitted to Upper Level", update_modified=False)
		return 1
	return 0


def make_transfers(ctx, by_branch, on: datetime.date) -> dict:
	"""Transfers out, in and within the county, one or more in each workflow state."""
	branches = [p for p in ctx.plan if p.org_type == orules.BRANCH]
	if len(branches) < 2:
		return {}
	per_state = {"tiny": 1, "small": 2, "county": 8}.get(ctx.scale, 1)
	states = [
		"Transfer Draft",
		"Transfer Requested",
		"Transfer Returned",
		"Letter Issued",
		"Transfer Completed",
	]
	counts: dict[str, int] = {}
	used: set[str] = set()
	n = 0
	for state in states:
		for i in range(per_state):
			kind = ("Within", "Out", "In")[(n + i) % 3]
			if state == "Transfer Completed":
				kind = ("Within", "Out")[i % 2]  # the demo's member count stays as planned
			source = target = None
			movers: list[dict] = []
			for shift in range(len(branches)):  # a branch that can spare a member
				source = branches[(n * 3 + i + shift) % len(branches)]
				target = branches[(n * 3 + i + shift + 1) % len(branches)]
				spare = [m for m in active_full(by_branch.get(source.name, [])) if m["name"] not in used]
				movers = [m for m in spare if not is_committee(source, m["name"])]
				if kind == "In" or (len(spare) > orules.MIN_FULL_MEMBERS_FOR_BRANCH + 1 and movers):
					break
			else:
				kind = "In"
			doc = transfer_doc(ctx, kind, movers[0] if kind != "In" else None, source, target, on, n)
			if kind != "In":
				used.add(movers[0]["name"])
			doc.insert(ignore_permissions=True)
			advance(doc, state, on)
			counts[state] = counts.get(state, 0) + 1
			n += 1
	return counts


def is_committee(org, member: str) -> bool:
	return any(m == member for m, _pos, _start, end in org.committee if end is None)


def transfer_doc(ctx, kind: str, member: dict | None, source, target, on: datetime.date, n: int):
	data = {
		"doctype": "Member Transfer",
		"transfer_type": kind,
		"validity_days": 30,
		"reason": ("工作调动", "交流轮岗", "退休后随子女居住", "考入外地学校")[n % 4],
		"dues_paid_up_to": on.replace(day=1),
	}
	if kind == "In":
		gender = ("Male", "Female")[n % 2]
		birth = datetime.date(1985 + n % 10, 1 + n % 12, 1 + n % 27)
		data.update(
			member_name="赵钱孙李周吴郑王冯陈"[n % 10]
			+ ("晓明", "丽华", "建国", "春梅", "文涛", "晓燕", "志强")[n // 10 % 7],
			from_organization_name=OUTSIDE[n % len(OUTSIDE)],
			to_organization=target.name,
			gender=gender,
			birth_date=birth,
			id_number=_free_id(birth, gender, n),
			ethnicity="汉族",
			membership_type="Full",
			joined_on=datetime.date(2010 + n % 10, 7, 1),
		)
	else:
		data.update(member=member["name"], from_organization=source.name)
		if kind == "Within":
			data["to_organization"] = target.name
		else:
			data["to_organization_name"] = OUTSIDE[n % len(OUTSIDE)]
	return frappe.get_doc(data)


def _free_id(birth: datetime.date, gender: str, n: int) -> str:
	from party_building.members import idcard

	seq = 100 + n
	while True:
		number = idcard.make("620123", birth, seq % 1000, gender)
		if not frappe.db.exists("Party Member", {"id_number": number}):
			return number
		seq += 2


def advance(doc, state: str, on: datetime.date) -> None:
	"""Move a transfer through its workflow to a state, as its people would (here as Administrator)."""
	from frappe.model.workflow import apply_workflow

	if state == "Transfer Draft":
		return
	doc = apply_workflow(doc, "Request Transfer")
	if state == "Transfer Returned":
		apply_workflow(doc, "Return")
	if state not in ("Letter Issued", "Transfer Completed"):
		return
	doc.db_set("issue_date", add_days(on, -40 if state == "Letter Issued" else -20), update_modified=False)
	doc = apply_workflow(doc, "Approve and Issue")
	if state == "Transfer Completed":
		doc.db_set("receipt_date", add_days(on, -5), update_modified=False)
		apply_workflow(doc, "Confirm Receipt")


def make_standing_changes(ctx, by_branch, on: datetime.date) -> int:
	"""A suspension for lost contact, its restoration, a resignation and a death, with their records."""
	branches = sorted(
		(p for p in ctx.plan if p.org_type == orules.BRANCH),
		key=lambda b: -len(active_full(by_branch.get(b.name, []))),
	)
	made = 0
	plans = [
		("Suspension", "Lost Contact 6 Months or More", 200),
		("Leaving", "Resignation", 90),
		("Death", None, 30),
	]
	for i, (change_type, reason, days_ago) in enumerate(plans):
		branch = branches[i % len(branches)]
		rows = active_full(by_branch.get(branch.name, []))
		candidates = [
			m for m in rows if not is_committee(branch, m["name"]) and m.get("_record_change") is None
		]
		if len(rows) <= orules.MIN_FULL_MEMBERS_FOR_BRANCH + 1 or not candidates:
			continue
		member = candidates[-1]
		member["_record_change"] = change_type
		effective = add_days(on, -days_ago)
		doc = frappe.get_doc(
			{
				"doctype": "Standing Change",
				"member": member["name"],
				"change_type": change_type,
				"reason": reason,
				"effective_date": effective,
				"contact_lost_since": add_days(effective, -220) if reason == rules.LOST_CONTACT else None,
				"decision_doc_no": f"支委会决定〔{on.year}〕{i + 1}号",
			}
		)
		doc.insert(ignore_permissions=True)
		doc.submit()
		member["standing"] = doc.new_standing
		made += 1
		if change_type == "Suspension":
			back = frappe.get_doc(
				{
					"doctype": "Standing Change",
					"member": member["name"],
					"change_type": "Restoration",
					"effective_date": add_days(on, -10),
					"notes": "已恢复联系，按规定恢复党籍",
				}
			)
			back.insert(ignore_permissions=True)
			back.submit()
			member["standing"] = "Active"
			made += 1
	return made
