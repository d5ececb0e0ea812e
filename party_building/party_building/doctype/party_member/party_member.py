# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _, _lt
from frappe.model.document import Document
from frappe.utils import getdate, today

from party_building.core.access import guard_process_fields, record_process_field_change
from party_building.core.errors import FutureDateError
from party_building.core.name_search import pinyin_keys
from party_building.members import idcard, rules
from party_building.members.errors import (
	DuplicateIdNumberError,
	IdBirthDateMismatchError,
	IdGenderMismatchError,
	InvalidIdNumberError,
	MembershipDateError,
	UnderageJoiningError,
)
from party_building.members.service import count_later
from party_building.organization.errors import (
	DissolvedOrganizationError,
	NotABranchError,
)
from party_building.organization.rules import BRANCH, DISSOLVED
from party_building.organization.service import check_party_group, refresh_member_counts

ARCHIVE_ITEMS = (
	"Application for Membership",
	"Membership Volunteer Form",
	"Activist Assessment Records",
	"Probation Assessment Records",
	"Political Review Materials",
	"Application for Full Membership",
)

ID_PROBLEM_MESSAGES = {
	idcard.IdProblem.LENGTH: _lt("The resident ID number {0} must have 18 characters"),
	idcard.IdProblem.FORMAT: _lt("The resident ID number {0} may contain only digits and a final X"),
	idcard.IdProblem.CHECKSUM: _lt("The resident ID number {0} fails its check digit"),
	idcard.IdProblem.BIRTH_DATE_INVALID: _lt("The resident ID number {0} contains an impossible birth date"),
	idcard.IdProblem.REGION: _lt("The resident ID number {0} starts with an unknown region code"),
}


class PartyMember(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.party_member_archive_item.party_member_archive_item import (
			PartyMemberArchiveItem,
		)
		from party_building.party_building.doctype.party_member_family.party_member_family import (
			PartyMemberFamily,
		)
		from party_building.party_building.doctype.party_member_post.party_member_post import PartyMemberPost
		from party_building.party_building.doctype.party_member_reward_penalty.party_member_reward_penalty import (
			PartyMemberRewardPenalty,
		)
		from party_building.party_building.doctype.party_member_training.party_member_training import (
			PartyMemberTraining,
		)

		archive_items: DF.Table[PartyMemberArchiveItem]
		birth_date: DF.Date | None
		branch: DF.Link
		change_reason: DF.SmallText | None
		degree: DF.Literal["", "Doctorate", "Master", "Bachelor", "None"]
		education: DF.Literal[
			"",
			"Postgraduate",
			"University",
			"College",
			"Technical Secondary",
			"High School",
			"Junior High and Below",
		]
		ethnicity: DF.Data | None
		family_members: DF.Table[PartyMemberFamily]
		full_member_on: DF.Date | None
		full_name: DF.Data
		gender: DF.Literal["", "Male", "Female"]
		id_number: DF.Data
		is_mobile_member: DF.Check
		joined_on: DF.Date | None
		membership_type: DF.Literal["Probationary", "Full"]
		mobile_location: DF.Data | None
		name_initials: DF.Data | None
		name_pinyin: DF.Data | None
		native_place: DF.Data | None
		party_age: DF.Int
		party_group: DF.Link | None
		phone: DF.Data | None
		photo: DF.AttachImage | None
		post: DF.Literal[
			"", "School Leader", "Middle Manager", "Teacher", "Staff", "Logistics", "Retired", "Other"
		]
		posts: DF.Table[PartyMemberPost]
		professional_title: DF.Data | None
		rewards_penalties: DF.Table[PartyMemberRewardPenalty]
		standing: DF.Literal["Active", "Suspended", "Left", "Deceased", "Transferred Out"]
		standing_since: DF.Date | None
		trainings: DF.Table[PartyMemberTraining]
		user: DF.Link | None
		work_unit: DF.Data | None
	# end: auto-generated types

	def validate(self):
		guard_process_fields(self)
		self.validate_id_number()
		self.validate_dates()
		self.validate_branch()
		self.validate_party_group()
		self.validate_membership()
		self.set_pinyin()
		self.party_age = rules.party_age(
			getdate(self.full_member_on) if self.full_member_on else None, getdate()
		)
		self.set_archive_checklist()

	def on_update(self):
		record_process_field_change(self)
		self.refresh_organization_counts()
		self.grant_own_login()

	def after_delete(self):
		if not count_later(self.branch):
			refresh_member_counts(self.branch)

	def validate_id_number(self):
		self.id_number = idcard.normalize(self.id_number)
		problem = idcard.structural_problem(self.id_number)
		if problem:
			frappe.throw(
				str(ID_PROBLEM_MESSAGES[problem]).format(self.id_number),
				InvalidIdNumberError,
				title=_("Invalid Resident ID Number"),
			)
		id_birth_date = idcard.birth_date_of(self.id_number)
		if not self.birth_date:
			self.birth_date = id_birth_date
		elif getdate(self.birth_date) != id_birth_date:
			frappe.throw(
				_(
					"The resident ID number gives the birth date {0}, but the birth date entered is {1}"
				).format(frappe.format(id_birth_date, "Date"), frappe.format(self.birth_date, "Date")),
				IdBirthDateMismatchError,
				title=_("Invalid Resident ID Number"),
			)
		id_gender = idcard.gender_of(self.id_number)
		if self.gender and self.gender != id_gender:
			frappe.throw(
				_("The resident ID number belongs to a {0} person, but the gender entered is {1}").format(
					_(id_gender), _(self.gender)
				),
				IdGenderMismatchError,
				title=_("Invalid Resident ID Number"),
			)
		self.gender = self.gender or id_gender
		if self.is_new() and self.flags.id_number_free == self.id_number:
			return  # a batch (an import) looked all its numbers up on the site at once
		duplicate = frappe.db.get_value(
			"Party Member",
			{"id_number": self.id_number, "name": ("!=", self.name or "")},
			["name", "full_name"],
			as_dict=True,
		)
		if duplicate:
			frappe.throw(
				_("The resident ID number {0} is already registered to {1} ({2})").format(
					self.id_number, duplicate.full_name, duplicate.name
				),
				DuplicateIdNumberError,
				title=_("Duplicate Resident ID Number"),
			)

	def validate_dates(self):
		on = getdate(today())
		for fieldname in ("birth_date", "joined_on", "full_member_on", "standing_since"):
			if self.get(fieldname) and getdate(self.get(fieldname)) > on:
				frappe.throw(
					_("{0} cannot be in the future").format(_(self.meta.get_label(fieldname))),
					FutureDateError,
					title=_("Date in the Future"),
				)
		if self.joined_on and not rules.old_enough_to_join(getdate(self.birth_date), getdate(self.joined_on)):
			frappe.throw(
				_(
					"A member must be at least {0} years old on joining; {1} was born on {2} and joined on {3}"
				).format(
					rules.MIN_JOIN_AGE,
					self.full_name,
					frappe.format(self.birth_date, "Date"),
					frappe.format(self.joined_on, "Date"),
				),
				UnderageJoiningError,
				title=_("Too Young to Join"),
			)

	def validate_branch(self):
		known = self.flags.branch_facts  # (branch, type, status) a batch (an import) read once per branch
		org_type, status = (
			known[1:]
			if known and known[0] == self.branch
			else frappe.db.get_value("Party Organization", self.branch, ["org_type", "status"])
			or (None, None)
		)
		if org_type != BRANCH:
			frappe.throw(
				_("A member belongs to a Branch; {0} is a {1}").format(self.branch, _(org_type or "")),
				NotABranchError,
				title=_("Not a Branch"),
			)
		if status == DISSOLVED and self.standing == rules.ACTIVE:
			frappe.throw(
				_("{0} is dissolved and takes no active members").format(self.branch),
				DissolvedOrganizationError,
				title=_("Not Allowed"),
			)

	def validate_party_group(self):
		check_party_group(self.party_group, self.branch)

	def validate_membership(self):
		if self.membership_type == rules.PROBATIONARY:
			if self.full_member_on:
				frappe.throw(
					_("A probationary member has no full-membership date"),
					MembershipDateError,
					title=_("Invalid Dates"),
				)
			return
		if not self.full_member_on:
			self.full_member_on = rules.default_full_member_on(
				getdate(self.joined_on) if self.joined_on else None
			)
		if self.full_member_on and self.joined_on and getdate(self.full_member_on) < getdate(self.joined_on):
			frappe.throw(
				_("Full membership ({0}) cannot come before joining ({1})").format(
					frappe.format(self.full_member_on, "Date"), frappe.format(self.joined_on, "Date")
				),
				MembershipDateError,
				title=_("Invalid Dates"),
			)

	def set_pinyin(self):
		self.name_pinyin, self.name_initials = pinyin_keys(self.full_name)

	def set_archive_checklist(self):
		if self.archive_items:
			return
		for item in ARCHIVE_ITEMS:
			self.append("archive_items", {"item": item})

	def refresh_organization_counts(self):
		before = self.get_doc_before_save()
		changed = not before or any(
			before.get(f) != self.get(f) for f in ("branch", "membership_type", "standing")
		)
		if not changed:
			return
		moved_from = before.branch if before and before.branch != self.branch else None
		if count_later(self.branch, moved_from):  # a batch (an import) counts once at its end
			return
		refresh_member_counts(self.branch)
		if moved_from:
			refresh_member_counts(moved_from)

	def grant_own_login(self):
		"""A linked user is the member's own login: role Party Member and their branch."""
		if self.user and self.has_value_changed("user"):
			from party_building.core.access import ensure_access

			ensure_access(self.user, self.branch, "Party Member")

	def penalties_in_force(self, on=None) -> list[str]:
		"""Penalty kinds in force on a day, e.g. to ask "is this member under 留党察看 now?"."""
		return rules.penalties_in_force(
			(
				(
					r.penalty_kind,
					getdate(r.given_on) if r.given_on else None,
					getdate(r.ends_on) if r.ends_on else None,
				)
				for r in self.rewards_penalties
				if r.record_type == "Penalty"
			),
			getdate(on),
		)


def penalties_in_force(member: str, on=None) -> list[str]:
	return frappe.get_doc("Party Member", member).penalties_in_force(on)
