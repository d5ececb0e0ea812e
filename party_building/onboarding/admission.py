"""The admission sheets of the data import: probationary members (预备党员) and people in the middle of
admission (发展党员), each row an admission record (发展党员纪实) carried over from before the app.

`write(writer, sheets)` is called by onboarding.service.run_import after the members sheet, with its
Writer (report, scope, row bookkeeping):

1. the 预备党员 sheet's people go into the register as probationary members through the members sheet's
   own path (the same checks: ID number, branch in the importer's subtree, a probation long overdue);
2. every row of both sheets becomes a Member Development record in carried-over mode (历史数据转入):
   it starts at the step reached (step 22 for a probationary member) with the known dates of the earlier
   steps, written through the record's controller — the same rules as the form (dates in order, a year
   as activist, approval within 3 months, oath within a month, two full members as introducers …) —
   each row in a savepoint, a broken rule the row's error in Chinese with its column.

The probation end comes from the branch meeting's date (the joining date) by admission.rules, so the
daily probation reminders fire for these records. Re-importing a row equal to its record changes
nothing; a row that differs from an existing record is an error (correct the record in its form).
"""

import datetime
import re

import frappe
from frappe import _, _lt
from frappe.utils import getdate, today

from party_building.admission import errors as admission_errors
from party_building.admission import rules as admission_rules
from party_building.core.errors import QuorumError
from party_building.members import idcard
from party_building.members.errors import IdBirthDateMismatchError, InvalidIdNumberError
from party_building.members.rules import PROBATIONARY
from party_building.onboarding import rules, templates
from party_building.organization.rules import BRANCH, PARTY_GROUP

STEPS = range(1, admission_rules.MAX_CARRIED_OVER + 1)
# a probationary member stands at step 22 (提出转正申请): the steps of admission and probation are done
PROBATIONARY_REACHED = admission_rules.MAX_CARRIED_OVER - 1

READERS = {
	"reached": rules.step_number,
	"talk_late_reason": rules.text,
	"contacts": rules.people,
	"introducers": rules.people,
	"political_review_result": rules.review_result,
	"training_days": rules.number,
	"training_hours": rules.number,
	"expected_voting": rules.whole_number,
	"present_voting": rules.whole_number,
	"votes_for": rules.whole_number,
	"approving_organization": rules.text,
}
DATE_KEYS = {
	*(f"step_{no}" for no in range(1, admission_rules.STEP_COUNT + 1)),
	"last_assessment_on",
	"publicity_from",
	"publicity_to",
	"extension_decided_on",
}
RULE_MESSAGES = {
	"step": _lt("not a step: write its number (1 to 22) or its name as in the 25 steps"),
	"review_result": _lt("write 通过 or 未通过"),
	"people": _lt("write names or resident ID numbers separated by 、"),
}

# the column a broken rule of the record's controller is reported in
ERROR_COLUMNS = {
	admission_errors.UnderageApplicantError: "step_1",
	admission_errors.LateTalkError: "step_2",
	admission_errors.ContactError: "contacts",
	admission_errors.ActivistPeriodError: "step_7",
	admission_errors.IntroducerError: "introducers",
	admission_errors.PublicityError: "publicity_from",
	admission_errors.PoliticalReviewError: "political_review_result",
	admission_errors.TrainingError: "training_days",
	admission_errors.VoteCountError: "expected_voting",
	admission_errors.MajorityError: "votes_for",
	QuorumError: "present_voting",
	admission_errors.ApproverNotCommitteeError: "approving_organization",
	admission_errors.LateApprovalError: "step_17",
	admission_errors.LateOathError: "step_20",
	admission_errors.ExtensionLengthError: "extension_months",
	admission_errors.ProbationDecisionError: "extension_decided_on",
	admission_errors.CarriedOverError: "reached",
	admission_errors.CarriedOverMeetingDateError: "step_15",
	IdBirthDateMismatchError: "birth_date",
	InvalidIdNumberError: "id_number",
}
SAVEPOINT = "pb_onboarding_admission_row"
PERSON_FIELDS = ("full_name", "gender", "ethnicity", "native_place", "phone", "education", "work_unit")
EVIDENCE_FIELDS = (
	"talk_late_reason", "last_assessment_on", "political_review_result", "training_days", "training_hours",
	"publicity_from", "publicity_to", "expected_voting", "present_voting", "votes_for",
	"approving_organization",
)  # fmt: skip


def write(writer, sheets: dict) -> None:
	probationary = sheets.get("probationary", [])
	development = sheets.get("development", [])
	if not (probationary or development):
		return
	for row in probationary:
		row.values["membership_type"] = PROBATIONARY
		row.values.pop("full_member_on", None)
	if probationary:
		writer.members(probationary)  # into the register, by the members sheet's rules
	records = Records(writer, [r.values.get("id_number") for r in probationary + development])
	for row in probationary:
		records.row(row)
	for row in development:
		writer.step()
		records.row(row)


class Records:
	def __init__(self, writer, numbers: list[str | None]):
		self.writer = writer
		self.report = writer.report
		self.on = getdate(today())
		self.seen: dict[str, tuple[str, int]] = {}  # ID number → (sheet, row) in this file
		self.existing: dict[str, frappe._dict] = {}  # ID number → the latest record on the site
		numbers = sorted({n for n in numbers if n})
		for start in range(0, len(numbers), 1000):
			for r in frappe.get_all(
				"Member Development",
				filters={"id_number": ("in", numbers[start : start + 1000])},
				fields=["name", "stage", "id_number"],
				order_by="creation asc",
			):
				self.existing[r.id_number] = r  # the latest wins

	# one row ----------------------------------------------------------------------------------------

	def row(self, row) -> None:
		v = row.values
		number = v.get("id_number")
		if number and number in self.seen and not row.failed:
			self.report.error(
				row,
				"id_number",
				_("The resident ID number is already in row {0} of sheet {1}").format(
					self.seen[number][1], self.seen[number][0]
				),
			)
			return
		if number:
			self.seen[number] = (row.sheet.title, row.number)
		if row.failed or number in self.writer.failed_ids:
			return
		probationary = row.sheet.kind == "probationary"
		dates = {no: v.get(f"step_{no}") for no in STEPS}
		if probationary:
			dates[admission_rules.BRANCH_MEETING] = v.get("joined_on")
			reached = PROBATIONARY_REACHED
		else:
			reached = v.get("reached")
			if not self.development_row_allowed(row, dates, reached):
				return
		if not self.dates_allowed(row, dates, reached) or not self.extension_allowed(row, reached):
			return
		if not probationary and not self.probation_allowed(row, dates, reached):
			return
		member = self.register_entry(row, reached)
		if reached >= admission_rules.APPROVAL and not member:
			return
		contacts = self.people(row, "contacts")
		introducers = self.people(row, "introducers")
		if contacts is None or introducers is None:
			return
		data = self.record_data(row, dates, reached, member, contacts, introducers)
		existing = self.existing.get(v["id_number"])
		if existing:
			if self.same_record(existing.name, data):
				self.report.count(row.sheet.kind, "unchanged")
			else:
				self.report.error(
					row,
					"id_number",
					_(
						"{0} already has an admission record ({1}, {2}) that differs from this row: correct that record in its form"
					).format(v.get("full_name") or v["id_number"], existing.name, _(existing.stage)),
				)
			return
		self.attempt(row, data)

	def development_row_allowed(self, row, dates: dict, reached: int | None) -> bool:
		v = row.values
		ok = self.writer.id_number_allowed(row)
		if not self.branch_allowed(row):
			ok = False
		if reached is None:
			return False  # the required cell's error is reported
		if reached > admission_rules.MAX_CARRIED_OVER:
			self.report.error(
				row,
				"reached",
				_(
					"A record is carried over at most to step {0}; from the branch meeting on full membership (step {1}) the steps are recorded in the app, or the member goes in sheet 党员 as a full member"
				).format(admission_rules.MAX_CARRIED_OVER, admission_rules.FULL_MEETING),
			)
			return False
		beyond = rules.dated_after_reached(dates, reached)
		if beyond:
			self.report.error(
				row,
				f"step_{beyond}",
				_("Step {0} is dated, but the row says the person has reached step {1} only").format(
					beyond, reached
				),
			)
			ok = False
		if reached < admission_rules.APPROVAL and frappe.db.exists(
			"Party Member", {"id_number": v["id_number"], "standing": "Active"}
		):
			self.report.error(
				row,
				"id_number",
				_(
					"{0} is already a party member in the register: an admission record before the approval (step {1}) cannot be carried over"
				).format(v["id_number"], admission_rules.APPROVAL),
			)
			ok = False
		return ok

	def dates_allowed(self, row, dates: dict, reached: int) -> bool:
		"""No date in the future; the known dates in the order of the steps (admission.rules)."""

		def key(no):
			return "joined_on" if row.sheet.kind == "probationary" and no == 15 else f"step_{no}"

		def label(no):
			return _("Step {0} ({1})").format(no, admission_rules.DEFAULT_STEPS[no - 1][1])

		future = next((no for no, day in sorted(dates.items()) if day and day > self.on), None)
		if future:
			self.report.error(
				row,
				key(future),
				_("{0} is dated {1}, in the future").format(label(future), f"{dates[future]:%Y-%m-%d}"),
			)
			return False
		problem = admission_rules.order_problem(dates, reached)
		if problem and problem[0] == "before":
			_kind, no, before = problem
			self.report.error(
				row,
				key(no),
				_("Steps happen in order: {0} ({1}) cannot come before {2} ({3})").format(
					label(no), f"{dates[no]:%Y-%m-%d}", label(before), f"{dates[before]:%Y-%m-%d}"
				),
			)
			return False
		return True

	def branch_allowed(self, row) -> bool:
		v = row.values
		branch = self.writer.organization(v["branch"])
		if not branch:
			self.report.error(
				row, "branch", _("No organization {0} on the site or in this file").format(v["branch"])
			)
			return False
		if branch.org_type != BRANCH:
			self.report.error(
				row,
				"branch",
				_("A person is developed by a Branch; {0} is a {1}").format(v["branch"], _(branch.org_type)),
			)
			return False
		if v["branch"] not in self.writer.scope:
			self.report.error(
				row,
				"branch",
				_("{0} is outside the organizations you may import into ({1})").format(
					v["branch"], self.writer.scope.organization or _("your organizations")
				),
			)
			return False
		group = v.get("party_group")
		if group:
			org = self.writer.organization(group)
			if not org or org.org_type != PARTY_GROUP or org.parent_party_organization != v["branch"]:
				self.report.error(
					row,
					"party_group",
					_("The party group {0} is not a Party Group under the branch {1}").format(
						group, v["branch"]
					),
				)
				return False
		return True

	def extension_allowed(self, row, reached: int) -> bool:
		v = row.values
		months = v.get("extension_months")
		if not months:
			return True
		if reached < admission_rules.APPROVAL:
			self.report.error(
				row, "extension_months", _("Only a probationary member's probation is extended")
			)
			return False
		if rules.extension_problem(months):
			self.report.error(
				row,
				"extension_months",
				_("A probation is extended by 6 to 12 months, not {0}").format(months),
			)
			return False
		if not v.get("extension_decided_on"):
			self.report.error(
				row,
				"extension_decided_on",
				_("Write the date the branch decided to extend the probation"),
			)
			return False
		return True

	def probation_allowed(self, row, dates: dict, reached: int) -> bool:
		"""A probation that ended long ago without a decision is not carried over (as in the members sheet)."""
		meeting = dates.get(admission_rules.BRANCH_MEETING)
		if reached < admission_rules.APPROVAL or not meeting:
			return True
		state, end = rules.probation_state(meeting, row.values.get("extension_months") or 0, self.on)
		if state == "overdue":
			self.report.error(
				row,
				f"step_{admission_rules.BRANCH_MEETING}",
				_(
					"The probation that began on {0} ended on {1} without a decision: record the branch's decision (full membership, extension or cancellation) in the file"
				).format(meeting, end),
			)
			return False
		return True

	def register_entry(self, row, reached: int) -> str | None:
		"""Past the approval the person is a probationary member of the register (this file's or the
		site's), in the record's branch."""
		if reached < admission_rules.APPROVAL:
			return None
		v = row.values
		found = self.writer.members_by_id.get(v["id_number"])
		name = found[0] if found else frappe.db.get_value("Party Member", {"id_number": v["id_number"]})
		if not name:
			self.report.error(
				row,
				"id_number",
				_(
					"Past the approval (step {0}) the person is a probationary member: put {1} in sheet 党员 as 预备党员, or import the register first"
				).format(admission_rules.APPROVAL, v["id_number"]),
			)
			return None
		membership_type, branch = frappe.db.get_value("Party Member", name, ["membership_type", "branch"])
		if membership_type != PROBATIONARY:
			self.report.error(
				row,
				"id_number",
				_("{0} is a full member in the register: their admission is complete").format(v["id_number"]),
			)
			return None
		if branch != v["branch"]:
			self.report.error(
				row,
				"branch",
				_("The register has {0} in the branch {1}").format(v["id_number"], branch),
			)
			return None
		return name

	def people(self, row, key: str) -> list[str] | None:
		"""Contacts or introducers: members of the register by ID number, or by name within the branch
		(or else the importer's organizations) when the name is unique. None when one is not found."""
		found = []
		for who in row.values.get(key) or ():
			if rules.looks_like_id_number(who):
				mine = self.writer.members_by_id.get(who)
				name = mine[0] if mine else frappe.db.get_value("Party Member", {"id_number": who})
				names = [name] if name else []
			else:
				names = frappe.get_all(
					"Party Member",
					filters={"full_name": who, "branch": row.values["branch"], "standing": "Active"},
					pluck="name",
				) or [
					m.name
					for m in frappe.get_all(
						"Party Member",
						filters={"full_name": who, "standing": "Active"},
						fields=["name", "branch"],
					)
					if m.branch in self.writer.scope
				]
			if len(names) != 1:
				self.report.error(
					row,
					key,
					_("No party member {0} in the register or in sheet 党员").format(who)
					if not names
					else _(
						"There are {0} party members named {1}: write the resident ID number instead"
					).format(len(names), who),
				)
				return None
			found.append(names[0])
		return found

	# the record -------------------------------------------------------------------------------------

	def record_data(self, row, dates, reached, member, contacts, introducers) -> dict:
		v = row.values
		data = {
			"doctype": "Member Development",
			"carried_over": 1,
			"carried_over_through": reached,
			"id_number": v["id_number"],
			"birth_date": v.get("birth_date") or idcard.birth_date_of(v["id_number"]),
			"branch": v["branch"],
			"party_group": v.get("party_group"),
			"party_member": member,
			"steps": [
				{"step_no": no, "step_date": dates.get(no)} for no in range(1, admission_rules.STEP_COUNT + 1)
			],
			"contacts": [{"member": m, "assigned_on": dates.get(admission_rules.CONTACTS)} for m in contacts],
			"introducers": [{"member": m} for m in introducers],
		}
		for key in PERSON_FIELDS + EVIDENCE_FIELDS:
			if v.get(key) is not None:
				data[key] = v[key]
		if v.get("extension_months"):
			data["probation_decisions"] = [
				{
					"decision": admission_rules.DECISION_EXTEND,
					"decided_on": v["extension_decided_on"],
					"extension_months": v["extension_months"],
				}
			]
		return data

	def same_record(self, name: str, data: dict) -> bool:
		"""Is the stored record what the row gives (the cells left empty say nothing)?"""
		doc = frappe.get_doc("Member Development", name)
		stored = doc.step_dates()
		for row in data["steps"]:
			if row["step_date"] and stored.get(row["step_no"]) != row["step_date"]:
				return False
		for key in ("branch", "party_group", *PERSON_FIELDS, *EVIDENCE_FIELDS):
			if data.get(key) is not None and not same(doc.get(key), data[key]):
				return False
		for table in ("contacts", "introducers"):
			if data[table] and sorted(r["member"] for r in data[table]) != sorted(
				r.member for r in doc.get(table)
			):
				return False
		return not data.get("probation_decisions") or (
			rules_months(doc) == data["probation_decisions"][0]["extension_months"]
		)

	def attempt(self, row, data: dict) -> None:
		"""Insert the record through its controller in a savepoint: a broken rule is the row's error."""
		frappe.db.savepoint(SAVEPOINT)
		try:
			doc = frappe.get_doc(data)
			doc.insert()
		except (frappe.ValidationError, frappe.PermissionError, frappe.DoesNotExistError) as e:
			frappe.db.rollback(save_point=SAVEPOINT)
			self.report.error(row, error_column(e), message_of(e))
			return
		finally:
			frappe.local.message_log = []
		self.report.count(row.sheet.kind, "created")


def rules_months(doc) -> int:
	return admission_rules.extension_months_of(doc.decisions())


def error_column(e: Exception) -> str | None:
	for cls in type(e).__mro__:
		if cls in ERROR_COLUMNS:
			return ERROR_COLUMNS[cls]
	return None


def message_of(e: Exception) -> str:
	message = str(e) or (frappe.local.message_log[-1] if frappe.local.message_log else "")
	if isinstance(message, dict):
		message = message.get("message", "")
	return re.sub(r"<[^>]+>", "", str(message)).strip() or _(type(e).__name__)


def same(stored, new) -> bool:
	if isinstance(new, datetime.date):
		return bool(stored) and getdate(stored) == new
	if isinstance(new, float | int) and not isinstance(new, bool):
		try:
			return round(float(stored or 0), 2) == round(float(new), 2)
		except (TypeError, ValueError):
			return False
	return (stored or None) == (new or None)


# --- export ------------------------------------------------------------------------------------------


def development_rows(names: list[str]) -> list[list]:
	"""Every open admission record of the organizations (applicants to probationary members) as a row of
	the 发展党员 sheet: all its dates to step 22, its contacts and introducers by ID number. Read in one
	query per table, not record by record."""
	computed = {"reached", "contacts", "introducers", "extension_months", "extension_decided_on"}
	fields = [
		c.key
		for c in templates.DEVELOPMENT.columns
		if c.key not in computed and not c.key.startswith("step_")
	]
	records = frappe.get_all(
		"Member Development",
		filters={"branch": ("in", names or [""]), "stage": ("in", list(admission_rules.OPEN_STAGES))},
		fields=["name", "carried_over", "carried_over_through", *fields],
		order_by="branch, creation",
	)
	if not records:
		return []
	parents = [r.name for r in records]

	def children(doctype: str, child_fields: list[str], **filters) -> dict[str, list]:
		out: dict[str, list] = {}
		for r in frappe.get_all(
			doctype,
			filters={"parenttype": "Member Development", "parent": ("in", parents), **filters},
			fields=["parent", *child_fields],
			order_by="parent, idx",
		):
			out.setdefault(r.parent, []).append(r)
		return out

	steps = children("Member Development Step", ["step_no", "step_date"], step_date=("is", "set"))
	contacts = children("Member Development Contact", ["member"])
	introducers = children("Member Development Introducer", ["member"])
	extensions = children(
		"Member Development Probation Decision",
		["extension_months", "decided_on"],
		decision=admission_rules.DECISION_EXTEND,
	)
	people = {r.member for rows in (*contacts.values(), *introducers.values()) for r in rows}
	ids = dict(
		frappe.get_all(
			"Party Member",
			filters={"name": ("in", list(people) or [""])},
			fields=["name", "id_number"],
			as_list=1,
		)
	)
	writers = {
		"gender": {"Male": "男", "Female": "女"}.get,
		"education": rules.EDUCATION_WORDS.get,
		"political_review_result": rules.REVIEW_WORDS.get,
	}
	out = []
	for record in records:
		dates = {r.step_no: getdate(r.step_date) for r in steps.get(record.name, [])}
		last_dated = max(dates, default=0)
		through = (record.carried_over_through or 0) if record.carried_over else 0
		extension = extensions.get(record.name, [])
		values = {
			**{f"step_{no}": dates.get(no) for no in STEPS},
			"reached": min(max(last_dated, through), admission_rules.MAX_CARRIED_OVER) or None,
			"contacts": "、".join(ids[r.member] for r in contacts.get(record.name, []) if r.member in ids),
			"introducers": "、".join(
				ids[r.member] for r in introducers.get(record.name, []) if r.member in ids
			),
			"extension_months": sum(r.extension_months or 0 for r in extension),
			"extension_decided_on": extension[0].decided_on if extension else None,
		}
		row = []
		for c in templates.DEVELOPMENT.columns:
			value = values[c.key] if c.key in values else record.get(c.key)
			if c.key in writers:
				value = writers[c.key](value) if value else None
			if c.kind == "number" and not value:
				value = None
			if isinstance(value, datetime.date):
				value = f"{value:%Y-%m-%d}"
			row.append(None if value == "" else value)
		out.append(row)
	return out
