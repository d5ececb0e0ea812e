# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate, today
from frappe.utils.nestedset import NestedSet

from party_building.activity import rules as activity_rules
from party_building.activity.errors import ThemeDayError
from party_building.core.access import (
	forget_organization_grants,
	guard_process_fields,
	may_create_under,
	record_process_field_change,
)
from party_building.members.service import members_by_name, require_full_member
from party_building.organization import rules
from party_building.organization.errors import (
	BranchNotEstablishedError,
	CommitteeDateError,
	CommitteeMemberOutsideOrganizationError,
	DissolvedOrganizationError,
	InvalidParentOrganizationError,
	OrganizationNotEmptyError,
	SecretaryCountError,
)
from party_building.organization.service import (
	check_committee_size,
	member_counts,
	refresh_member_counts,
	subtree,
	warn_on_committee_size,
)


class PartyOrganization(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.party_organization_committee_member.party_organization_committee_member import (
			PartyOrganizationCommitteeMember,
		)

		change_reason: DF.SmallText | None
		committee: DF.Table[PartyOrganizationCommitteeMember]
		committee_size: DF.Int
		dissolution_doc_no: DF.Data | None
		dissolved_on: DF.Date | None
		establishment_doc_no: DF.Data | None
		established_on: DF.Date | None
		full_member_count: DF.Int
		is_group: DF.Check
		lft: DF.Int
		member_count: DF.Int
		old_parent: DF.Link | None
		org_type: DF.Literal["", "Party Committee", "General Branch", "Branch", "Party Group"]
		organization_name: DF.Data
		parent_party_organization: DF.Link | None
		probationary_member_count: DF.Int
		rgt: DF.Int
		school: DF.Data | None
		secretary: DF.Link | None
		secretary_name: DF.Data | None
		status: DF.Literal["Preparing", "Active", rules.DISSOLVED]
		term_end: DF.Date | None
		term_start: DF.Date | None
		term_years: DF.Int
		theme_day: DF.Int
	# end: auto-generated types

	nsm_parent_field = "parent_party_organization"

	def validate(self):
		self._counts = None
		guard_process_fields(self)
		self.is_group = int(rules.is_group(self.org_type))
		self.validate_parent()
		self.set_term()
		self.validate_committee()
		self.validate_theme_day()
		self.validate_status()
		self.warn_on_size()

	def has_permission(self, permtype="read", *, debug=False, user=None) -> bool:
		"""A new organization is created under a parent the user may work in. (Frappe would check the
		user's organization grants against the new record's own name, which no grant can hold yet.)"""
		if permtype == "create" and self.is_new() and not self.flags.ignore_permissions:
			return may_create_under(self.parent_party_organization, user)
		return super().has_permission(permtype, debug=debug, user=user)

	def raise_no_permission_to(self, perm_type):
		"""A user who may create organizations but chose no parent, or one outside their subtree, is told
		where a new organization can go (Frappe's message would only say 'no create permission')."""
		if perm_type == "create" and frappe.has_permission(self.doctype, "create"):
			frappe.throw(
				_("A new organization is created under an organization you manage: choose it in {0}").format(
					_(self.meta.get_label("parent_party_organization"))
				),
				frappe.PermissionError,
				title=_("Choose the Upper-Level Organization"),
			)
		super().raise_no_permission_to(perm_type)

	def after_insert(self):
		forget_organization_grants()

	def on_update(self):
		super().on_update()
		record_process_field_change(self)
		before = self.get_doc_before_save()
		if before and before.parent_party_organization != self.parent_party_organization:
			refresh_member_counts(self.name)
			refresh_member_counts(before.parent_party_organization)
			forget_organization_grants()

	def on_trash(self):
		super().on_trash()
		forget_organization_grants()

	def validate_parent(self):
		parent_type = None
		if self.parent_party_organization:
			parent_type, parent_status = frappe.db.get_value(
				"Party Organization", self.parent_party_organization, ["org_type", "status"]
			)
			if parent_status == rules.DISSOLVED and self.status != rules.DISSOLVED:
				frappe.throw(
					_("{0} is dissolved; no organization can be placed under it").format(
						self.parent_party_organization
					),
					DissolvedOrganizationError,
					title=_("Not Allowed"),
				)
		if not rules.parent_allowed(self.org_type, parent_type):
			if self.org_type == rules.PARTY_GROUP:
				msg = _("A Party Group must sit directly under a Branch")
			elif parent_type:
				msg = _("A {0} cannot be placed under a {1}").format(_(self.org_type), _(parent_type))
			else:
				msg = _("A {0} needs a parent organization").format(_(self.org_type))
			frappe.throw(msg, InvalidParentOrganizationError, title=_("Wrong Parent Organization"))

	def set_term(self):
		if self.org_type == rules.PARTY_GROUP:
			self.term_years = 0
			self.term_start = self.term_end = None
			return
		if not self.term_years:
			self.term_years = rules.default_term_years(self.org_type)
		if self.term_years < 1:
			frappe.throw(_("The term length must be at least one year"), title=_("Invalid Term"))
		self.term_end = rules.term_end(getdate(self.term_start) if self.term_start else None, self.term_years)

	def validate_committee(self):
		on = getdate(today())
		members = self._committee_members()
		allowed_orgs = None if self.is_new() else set(subtree(self.name))
		seen = set()
		for row in self.committee:
			row.is_current = int(
				rules.is_current(getdate(row.from_date), getdate(row.to_date) if row.to_date else None, on)
			)
			if row.to_date and getdate(row.to_date) < getdate(row.from_date):
				frappe.throw(
					_("Row {0}: the position ends before it starts").format(row.idx),
					CommitteeDateError,
					title=_("Invalid Dates"),
				)
			member = members.get(row.member)
			if not member:
				continue
			if row.is_current:
				require_full_member(member, _("Row {0}").format(row.idx), _("hold committee positions"))
			if row.is_current and (allowed_orgs is None or member.branch not in allowed_orgs):
				frappe.throw(
					_("Row {0}: {1} is not a member of {2} or an organization under it").format(
						row.idx, member.full_name, self.organization_name
					),
					CommitteeMemberOutsideOrganizationError,
					title=_("Not a Member Here"),
				)
			if row.is_current:
				if row.member in seen:
					frappe.throw(
						_("Row {0}: {1} already holds a current position in this committee").format(
							row.idx, member.full_name
						),
						title=_("Duplicate Committee Member"),
					)
				seen.add(row.member)

		current = [r for r in self.committee if r.is_current]
		secretaries = [r for r in current if r.position == rules.SECRETARY]
		if len(secretaries) > 1:
			frappe.throw(
				_("An organization has exactly one current secretary; {0} are entered ({1})").format(
					len(secretaries), ", ".join(r.member_name or r.member for r in secretaries)
				),
				SecretaryCountError,
				title=_("More Than One Secretary"),
			)
		self.secretary = secretaries[0].member if secretaries else None
		self.secretary_name = secretaries[0].member_name if secretaries else None
		self.committee_size = len(current)
		self.validate_committee_size(current)

	def validate_committee_size(self, current: list) -> None:
		if self.is_new() or self.status == rules.DISSOLVED:
			return
		full = self.member_counts()["full"]
		check_committee_size(self.organization_name, self.org_type, full, [r.position for r in current])
		warn_on_committee_size(self.organization_name, self.org_type, full, len(current))

	def member_counts(self) -> dict[str, int]:
		"""The organization's member counts, counted once a save (its checks and warnings all read them)."""
		if getattr(self, "_counts", None) is None:
			self._counts = member_counts(self.name)
		return self._counts

	def validate_theme_day(self):
		if self.org_type != rules.BRANCH:
			self.theme_day = 0
		elif not activity_rules.theme_day_valid(self.theme_day):
			frappe.throw(
				_("The Theme Party Day is a day of the month, {0} to {1}; {2} is entered").format(
					activity_rules.THEME_DAY_MIN, activity_rules.THEME_DAY_MAX, self.theme_day
				),
				ThemeDayError,
				title=_("Invalid Theme Party Day"),
			)

	def _committee_members(self) -> dict:
		members = members_by_name(r.member for r in self.committee)
		for row in self.committee:
			if row.member in members and not row.member_name:
				row.member_name = members[row.member].full_name
		return members

	def validate_status(self):
		becoming_active = self.status == rules.ESTABLISHED and (
			self.is_new() or self.has_value_changed("status")
		)
		if becoming_active and self.org_type == rules.BRANCH:
			full = 0 if self.is_new() else self.member_counts()["full"]
			if not rules.can_become_active(self.org_type, full):
				frappe.throw(
					_("A Branch needs at least {0} full members to be established; {1} has {2}").format(
						rules.MIN_FULL_MEMBERS_FOR_BRANCH, self.organization_name, full
					),
					BranchNotEstablishedError,
					title=_("Not Enough Full Members"),
				)
		if self.status == rules.DISSOLVED and not self.is_new() and self.has_value_changed("status"):
			self.validate_can_dissolve()
		if self.status != rules.DISSOLVED:
			self.dissolved_on = None
			self.dissolution_doc_no = None

	def validate_can_dissolve(self):
		active_children = frappe.get_all(
			"Party Organization",
			filters={"parent_party_organization": self.name, "status": ("!=", rules.DISSOLVED)},
			pluck="organization_name",
		)
		members = self.member_counts()["all"]
		if active_children or members:
			frappe.throw(
				_(
					"{0} cannot be dissolved while it has active members ({1}) or organizations under it ({2})"
				).format(self.organization_name, members, ", ".join(active_children) or 0),
				OrganizationNotEmptyError,
				title=_("Not Allowed"),
			)

	def warn_on_size(self):
		if self.is_new() or self.status == rules.DISSOLVED:
			return
		counts = self.member_counts()
		self.full_member_count = counts["full"]
		self.probationary_member_count = counts["probationary"]
		self.member_count = counts["all"]
		for code in rules.size_warnings(self.org_type, counts["full"], counts["all"], self.committee_size):
			frappe.msgprint(self._warning_text(code, counts), title=_("Warning"), indicator="orange")
		if self.status == rules.ESTABLISHED and self.org_type != rules.PARTY_GROUP and not self.secretary:
			frappe.msgprint(
				_("{0} has no current secretary").format(self.organization_name),
				title=_("Warning"),
				indicator="orange",
			)

	def _warning_text(self, code: str, counts: dict) -> str:
		return {
			"committee_required": _(
				"A Branch with {0} or more full members must elect a committee of {1} to {2}; {3} has {4} full members and a committee of {5}"
			).format(
				rules.COMMITTEE_REQUIRED_FROM_FULL_MEMBERS,
				rules.COMMITTEE_MIN_SIZE,
				rules.COMMITTEE_MAX_SIZE,
				self.organization_name,
				counts["full"],
				self.committee_size,
			),
			"branch_too_large": _(
				"{0} has {1} members; a Branch of more than {2} members should become a General Branch"
			).format(self.organization_name, counts["all"], rules.BRANCH_MEMBER_LIMIT),
			"general_branch_too_large": _(
				"{0} has {1} members; a General Branch of more than {2} members should become a Party Committee"
			).format(self.organization_name, counts["all"], rules.GENERAL_BRANCH_MEMBER_LIMIT),
			"committee_too_large": _("A committee has {0} to {1} members; {2} has {3}").format(
				rules.COMMITTEE_MIN_SIZE,
				rules.COMMITTEE_MAX_SIZE,
				self.organization_name,
				self.committee_size,
			),
		}[code]
