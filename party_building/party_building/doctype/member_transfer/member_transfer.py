# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from party_building.core.access import is_upper_level
from party_building.core.errors import UpperLevelOnlyError
from party_building.members.rules import ACTIVE, TRANSFERRED_OUT
from party_building.organization.rules import BRANCH
from party_building.records import rules
from party_building.records.errors import (
	DuplicateLetterNumberError,
	ReceiptDateError,
	ReceivingSideOnlyError,
	TransferSameOrganizationError,
	TransferSidesError,
)
from party_building.records.service import has_access_to

COMPLETED = "Transfer Completed"
MEMBER_FIELDS = (
	"gender",
	"ethnicity",
	"birth_date",
	"id_number",
	"membership_type",
	"joined_on",
	"full_member_on",
	"phone",
)


class MemberTransfer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		approved_by: DF.Link | None
		birth_date: DF.Date | None
		completed_on: DF.Date | None
		dues_paid_up_to: DF.Date | None
		ethnicity: DF.Data | None
		from_organization: DF.Link | None
		from_organization_name: DF.Data | None
		full_member_on: DF.Date | None
		gender: DF.Literal["", "Male", "Female"]
		id_number: DF.Data | None
		issue_date: DF.Date | None
		joined_on: DF.Date | None
		letter_no: DF.Data | None
		letter_year: DF.Int
		member: DF.Link | None
		member_name: DF.Data
		membership_type: DF.Literal["Full", "Probationary"]
		organization: DF.Link | None
		phone: DF.Data | None
		reason: DF.SmallText | None
		receipt_date: DF.Date | None
		receipt_due_on: DF.Date | None
		to_organization: DF.Link | None
		to_organization_name: DF.Data | None
		transfer_type: DF.Literal["Out", "In", "Within"]
		valid_until: DF.Date | None
		validity_days: DF.Int
		workflow_state: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.set_member_data()
		self.validate_sides()
		self.validate_member()
		self.validate_letter()
		self.validate_receipt_date()
		self.set_dues_paid_up_to()

	def before_submit(self):
		self.validate_upper_level()
		self.issue_letter()

	def on_submit(self):
		self.share_with_receiving_side()

	def before_update_after_submit(self):
		self.validate_receipt_date()
		if self.workflow_state == COMPLETED and self.has_value_changed("workflow_state"):
			self.validate_receiving_side()
			self.receipt_date = self.receipt_date or today()
			self.validate_receipt_date()
			self.completed_on = today()

	def on_update_after_submit(self):
		if self.workflow_state == COMPLETED and self.has_value_changed("workflow_state"):
			self.complete()

	# --- validations ---------------------------------------------------------------------------

	def set_member_data(self):
		if not self.member:
			return
		member = frappe.db.get_value(
			"Party Member", self.member, ["full_name", "branch", *MEMBER_FIELDS], as_dict=True
		)
		self.member_name = member.full_name
		for field in MEMBER_FIELDS:
			self.set(field, member.get(field))
		if self.transfer_type in (rules.TRANSFER_OUT, rules.TRANSFER_WITHIN) and not self.from_organization:
			self.from_organization = member.branch

	def validate_sides(self):
		from_linked, to_linked = rules.sides_needed(self.transfer_type)
		if not from_linked:
			self.from_organization = self.from_organization if self.member else None
		if not to_linked:
			self.to_organization = None
		if from_linked and not self.from_organization:
			self.throw_sides(_("The organization the member leaves"))
		if to_linked and not self.to_organization:
			self.throw_sides(_("The organization the member joins"))
		if not from_linked and not self.from_organization_name and not self.from_organization:
			self.throw_sides(_("The name of the outside organization the member comes from"))
		if not to_linked and not self.to_organization_name:
			self.throw_sides(_("The name of the outside organization the member goes to"))
		if from_linked:
			self.from_organization_name = None
		if to_linked:
			self.to_organization_name = None
			org_type = frappe.db.get_value("Party Organization", self.to_organization, "org_type")
			if org_type != BRANCH:
				frappe.throw(
					_("A member is received by a Branch; {0} is a {1}").format(
						self.to_organization, _(org_type or "")
					),
					TransferSidesError,
					title=_("Not a Branch"),
				)
		if rules.same_side(
			self.from_organization,
			self.to_organization,
			self.from_organization_name,
			self.to_organization_name,
		):
			frappe.throw(
				_(
					"A transfer goes to another organization; {0} is both the sending and the receiving side"
				).format(self.to_organization or self.to_organization_name),
				TransferSameOrganizationError,
				title=_("Same Organization"),
			)
		self.organization = (
			self.to_organization if self.transfer_type == rules.TRANSFER_IN else self.from_organization
		)

	def throw_sides(self, what: str):
		frappe.throw(
			_("A transfer of type {0} needs: {1}").format(_(self.transfer_type), what),
			TransferSidesError,
			title=_("Missing Organization"),
		)

	def validate_member(self):
		if self.transfer_type == rules.TRANSFER_IN:
			if self.member:
				standing = frappe.db.get_value("Party Member", self.member, "standing")
				if standing != TRANSFERRED_OUT:
					frappe.throw(
						_(
							"{0} is already on the register ({1}); only a member who transferred out can transfer back in"
						).format(self.member_name, _(standing, context="Party Member")),
						TransferSidesError,
						title=_("Already a Member"),
					)
			elif not (self.id_number and self.gender and self.joined_on):
				frappe.throw(
					_("A member transferring in needs the resident ID number, gender and date joined"),
					TransferSidesError,
					title=_("Missing Member Data"),
				)
			return
		if not self.member:
			frappe.throw(_("Choose the member who transfers"), TransferSidesError, title=_("Missing Member"))
		branch, standing = frappe.db.get_value("Party Member", self.member, ["branch", "standing"])
		if self.docstatus == 0 and standing != ACTIVE:
			frappe.throw(
				_("{0} is {1}; only active members transfer").format(
					self.member_name, _(standing, context="Party Member")
				),
				TransferSidesError,
				title=_("Not Active"),
			)
		if self.docstatus == 0 and branch != self.from_organization:
			frappe.throw(
				_("{0} belongs to {1}, not to {2}").format(self.member_name, branch, self.from_organization),
				TransferSidesError,
				title=_("Wrong Organization"),
			)

	def validate_letter(self):
		if not rules.validity_ok(self.validity_days):
			frappe.throw(
				_("A letter is valid for 1 to {0} days; {1} is entered").format(
					rules.MAX_VALIDITY_DAYS, self.validity_days
				),
				title=_("Invalid Validity"),
			)
		if self.issue_date:
			issue = getdate(self.issue_date)
			self.letter_year = issue.year
			self.valid_until = rules.letter_valid_until(issue, self.validity_days)
			self.receipt_due_on = rules.receipt_due_on(issue)
		self.letter_no = (self.letter_no or "").strip() or None  # NULLs stay out of the unique index
		if self.letter_no:
			self.letter_year = self.letter_year if self.issue_date else getdate(today()).year
			self.validate_letter_number_unique()

	def validate_letter_number_unique(self):
		year = self.letter_year
		duplicate = frappe.db.get_value(
			"Member Transfer",
			{
				"letter_no": self.letter_no,
				"letter_year": year,
				"name": ("!=", self.name or ""),
				"docstatus": ("<", 2),
			},
			["name", "member_name"],
			as_dict=True,
		)
		if duplicate:
			frappe.throw(
				_("Letter number {0} of {1} is already used by {2} ({3})").format(
					self.letter_no, year, duplicate.name, duplicate.member_name
				),
				DuplicateLetterNumberError,
				title=_("Duplicate Letter Number"),
			)

	def validate_receipt_date(self):
		if self.receipt_date and self.issue_date and getdate(self.receipt_date) < getdate(self.issue_date):
			frappe.throw(
				_("The receipt ({0}) cannot come back before the letter was issued ({1})").format(
					frappe.format(self.receipt_date, "Date"), frappe.format(self.issue_date, "Date")
				),
				ReceiptDateError,
				title=_("Invalid Dates"),
			)
		if self.receipt_date and getdate(self.receipt_date) > getdate(today()):
			frappe.throw(
				_("The receipt date {0} cannot be in the future").format(
					frappe.format(self.receipt_date, "Date")
				),
				ReceiptDateError,
				title=_("Date in the Future"),
			)

	def set_dues_paid_up_to(self):
		"""From the dues records when they exist (party_building.dues.rules), otherwise as entered."""
		if not self.member or self.docstatus != 0:
			return
		try:
			from party_building.dues.service import paid_up_to
		except ImportError:
			return
		paid = paid_up_to(self.member)
		if paid:
			self.dues_paid_up_to = paid

	# --- issue and completion ------------------------------------------------------------------

	def validate_upper_level(self):
		if not is_upper_level(self.organization):
			frappe.throw(
				_(
					"A transfer letter of {0} is approved and issued by the upper level: a Party Admin of an organization above it"
				).format(self.organization),
				UpperLevelOnlyError,
				title=_("Upper Level Only"),
			)
		self.approved_by = frappe.session.user

	def issue_letter(self):
		self.issue_date = self.issue_date or today()
		issue = getdate(self.issue_date)
		self.letter_year = issue.year
		if not self.letter_no:
			used = frappe.get_all("Member Transfer", filters={"letter_year": issue.year}, pluck="letter_no")
			self.letter_no = rules.next_letter_number(used, issue.year)
		self.validate_letter()
		self.validate_receipt_date()

	def receiving_organization(self) -> str | None:
		"""Who confirms: the receiving branch, or for a letter to the outside the sender, on the receipt."""
		return self.organization if self.transfer_type == rules.TRANSFER_OUT else self.to_organization

	def share_with_receiving_side(self):
		"""A branch elsewhere in the system must see the letter to confirm it."""
		if self.transfer_type != rules.TRANSFER_WITHIN:
			return
		from frappe.share import add_docshare

		from party_building.core.reminders import committee_of

		for user in committee_of(self.to_organization):
			add_docshare(
				self.doctype,
				self.name,
				user,
				read=1,
				write=1,
				submit=1,
				flags={"ignore_share_permission": True},
				notify=0,
			)

	def validate_receiving_side(self):
		receiving = self.receiving_organization()
		if not has_access_to(receiving):
			frappe.throw(
				_("The receipt of this transfer is confirmed by {0}").format(receiving),
				ReceivingSideOnlyError,
				title=_("Receiving Side Only"),
			)

	def complete(self):
		"""Move the member (Within/In) or mark them Transferred Out; the member's versions keep history."""
		if self.transfer_type == rules.TRANSFER_OUT:
			member = frappe.get_doc("Party Member", self.member)
			member.standing = TRANSFERRED_OUT
			member.standing_since = self.receipt_date
		elif self.member:
			member = frappe.get_doc("Party Member", self.member)
			member.branch = self.to_organization
			member.party_group = None
			member.standing = ACTIVE
			member.standing_since = self.receipt_date
		else:
			member = frappe.get_doc(
				{
					"doctype": "Party Member",
					"full_name": self.member_name,
					"branch": self.to_organization,
					"standing": ACTIVE,
					"standing_since": self.receipt_date,
					**{f: self.get(f) for f in MEMBER_FIELDS},
				}
			)
		member.flags.ignore_permissions = True
		if not self.member:
			member.insert()
			self.db_set("member", member.name)
		else:
			member.flags.party_process = True
			member.save(ignore_version=False)  # keep the register's history even where versions are off
		member.add_comment("Info", _("Transfer {0}: {1}").format(self.name, self.transfer_summary()))

	def transfer_summary(self) -> str:
		source = self.from_organization or self.from_organization_name or ""
		target = self.to_organization or self.to_organization_name or ""
		return f"{source} → {target}"

	# --- the letter ----------------------------------------------------------------------------

	def letter_context(self) -> dict:
		"""What the printed letter (组织关系介绍信) shows, with dates and numbers as official letters write them."""
		from party_building.members.rules import age_on

		issue = getdate(self.issue_date) if self.issue_date else None
		return frappe._dict(
			number=self.letter_no or "",
			source=self.from_organization or self.from_organization_name or "",
			target=self.to_organization or self.to_organization_name or "",
			membership=_("full member") if self.membership_type == "Full" else _("probationary member"),
			gender=_(self.gender) if self.gender else "",
			age=rules.upper_number(age_on(getdate(self.birth_date), issue or getdate(today())))
			if self.birth_date
			else "",
			issue_date=rules.cn_date(issue),
			dues_paid_up_to=rules.cn_month(getdate(self.dues_paid_up_to)) if self.dues_paid_up_to else "",
			validity_days=rules.upper_number(self.validity_days or 0),
			valid_until=rules.cn_date(getdate(self.valid_until)) if self.valid_until else "",
			receipt_due_on=rules.cn_date(getdate(self.receipt_due_on)) if self.receipt_due_on else "",
			receipt_date=rules.cn_date(getdate(self.receipt_date)) if self.receipt_date else "",
		)


def on_doctype_update():
	"""A letter number is unique within its year, also when two requests race."""
	frappe.db.add_unique(
		"Member Transfer", ["letter_year", "letter_no"], constraint_name="unique_letter_per_year"
	)
