# Copyright (c) 2026, party_building developers
# For license information, please see license.txt


import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, cint, getdate, today

from party_building.core.access import is_upper_level
from party_building.core.errors import QuorumError, UpperLevelOnlyError
from party_building.members.errors import NotAFullMemberError
from party_building.members.service import members_by_name, require_full_member
from party_building.organization import rules as orules
from party_building.organization.errors import SecretaryCountError
from party_building.organization.service import check_committee_size, member_counts, subtree
from party_building.records import rules
from party_building.records.errors import (
	CandidateMarginError,
	ElectedCommitteeError,
	ElectionTimingError,
	TimingApprovalRequiredError,
	VotesExceedPresentError,
)

TIMING_LABELS = {
	rules.ON_TIME: "On Time",
	rules.NEEDS_APPROVAL: "Needs Approval",
	rules.FIRST_ELECTION: "First Election",
}


class PartyElection(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.party_election_candidate.party_election_candidate import (
			PartyElectionCandidate,
		)
		from party_building.party_building.doctype.party_election_committee_member.party_election_committee_member import (
			PartyElectionCommitteeMember,
		)
		from party_building.party_building.doctype.party_election_voter.party_election_voter import (
			PartyElectionVoter,
		)

		amended_from: DF.Link | None
		approved_by: DF.Link | None
		approved_on: DF.Date | None
		candidate_count: DF.Int
		candidates: DF.Table[PartyElectionCandidate]
		committee: DF.Table[PartyElectionCommitteeMember]
		deviation_days: DF.Int
		election_date: DF.Date
		expected_voters: DF.Int
		new_term_end: DF.Date | None
		org_type: DF.Literal["", "Party Committee", "General Branch", "Branch", "Party Group"]
		organization: DF.Link
		present_voters: DF.Int
		previous_term_end: DF.Date | None
		remarks: DF.SmallText | None
		seats: DF.Int
		secretary: DF.Link | None
		secretary_name: DF.Data | None
		term_years: DF.Int
		timing: DF.Literal["", "On Time", "Needs Approval", "First Election"]
		timing_approval_date: DF.Date | None
		timing_approval_no: DF.Data | None
		voters: DF.Table[PartyElectionVoter]
		workflow_state: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.load_organization()
		self.validate_timing()
		self.validate_voters()
		self.validate_candidates()
		self.validate_votes()
		self.validate_elected_committee()
		self.set_new_term()

	def before_submit(self):
		self.validate_upper_level_approval()
		self.approved_by = frappe.session.user
		self.approved_on = getdate(today())

	def on_submit(self):
		self.replace_committee()

	def before_cancel(self):
		frappe.throw(
			_("An approved election cannot be cancelled; record a new election instead"),
			title=_("Not Allowed"),
		)

	# --- validations ---------------------------------------------------------------------------

	def load_organization(self):
		org = frappe.db.get_value(
			"Party Organization",
			self.organization,
			["org_type", "status", "term_end", "term_years"],
			as_dict=True,
		)
		if org.org_type == orules.PARTY_GROUP or org.status == orules.DISSOLVED:
			frappe.throw(
				_("{0} holds no elections: it is a {1}").format(
					self.organization, _(org.status if org.status == orules.DISSOLVED else org.org_type)
				),
				title=_("Not Allowed"),
			)
		self.org_type = org.org_type
		self.previous_term_end = org.term_end
		self.term_years = org.term_years or orules.default_term_years(org.org_type)
		self._subtree = set(subtree(self.organization))

	def validate_timing(self):
		term_end = getdate(self.previous_term_end) if self.previous_term_end else None
		election_date = getdate(self.election_date)
		timing = rules.election_timing(election_date, term_end)
		self.deviation_days = rules.deviation_days(election_date, term_end)
		if timing == rules.REFUSED:
			frappe.throw(
				_(
					"An election may be held at most {0} year before or after the term's end; the term of {1} ends on {2} and the election date {3} is {4} days away from it"
				).format(
					rules.MAX_DEVIATION_YEARS,
					self.organization,
					frappe.format(term_end, "Date"),
					frappe.format(election_date, "Date"),
					abs(self.deviation_days),
				),
				ElectionTimingError,
				title=_("Election Out of Time"),
			)
		if timing == rules.NEEDS_APPROVAL and not self.timing_approval_no:
			frappe.throw(
				_(
					"The election is {0} days {1} the term's end ({2}); enter the upper level's approval number for holding it early or late"
				).format(
					abs(self.deviation_days),
					_("after") if self.deviation_days > 0 else _("before"),
					frappe.format(term_end, "Date"),
				),
				TimingApprovalRequiredError,
				title=_("Upper-Level Approval Required"),
			)
		self.timing = TIMING_LABELS[timing]

	def _check_full_member(self, row, member, role: str):
		if not member:
			return
		require_full_member(
			member, _("{0} row {1}").format(_(role), row.idx), _("vote or stand in an election")
		)
		if member.branch not in self._subtree:
			frappe.throw(
				_("{0} row {1}: {2} is not a member of {3} or an organization under it").format(
					_(role), row.idx, member.full_name, self.organization
				),
				NotAFullMemberError,
				title=_("Not a Member Here"),
			)

	def validate_voters(self):
		members = members_by_name(r.member for r in self.voters)
		seen = set()
		for row in self.voters:
			self._check_full_member(row, members.get(row.member), "Voters")
			if row.member in seen:
				frappe.throw(
					_("Voters row {0}: {1} is listed twice").format(row.idx, row.member_name or row.member),
					title=_("Duplicate Voter"),
				)
			seen.add(row.member)
		if self.voters:
			self.expected_voters = len(self.voters)
			self.present_voters = sum(1 for r in self.voters if r.present)
		self.expected_voters = cint(self.expected_voters)  # empty on a new record (REST): none
		self.present_voters = cint(self.present_voters)
		if self.present_voters > self.expected_voters:
			frappe.throw(
				_("{0} voting members are present but only {1} are expected").format(
					self.present_voters, self.expected_voters
				),
				QuorumError,
				title=_("Invalid Voter Count"),
			)
		if not rules.quorum_met(self.expected_voters, self.present_voters):
			frappe.throw(
				_(
					"An election needs more than four fifths of the voting members present; {0} of {1} are present"
				).format(self.present_voters, self.expected_voters),
				QuorumError,
				title=_("Quorum Not Met"),
			)

	def validate_candidates(self):
		members = members_by_name(r.member for r in self.candidates)
		seen = set()
		for row in self.candidates:
			self._check_full_member(row, members.get(row.member), "Candidates")
			if row.member in seen:
				frappe.throw(
					_("Candidates row {0}: {1} is listed twice").format(
						row.idx, row.member_name or row.member
					),
					title=_("Duplicate Candidate"),
				)
			seen.add(row.member)
		self.candidate_count = len(self.candidates)
		if not rules.enough_candidates(self.seats, self.candidate_count):
			frappe.throw(
				_(
					"An election needs at least 20% more candidates than seats (差额): {0} seats need at least {1} candidates, {2} are entered"
				).format(self.seats, rules.min_candidates(max(self.seats, 1)), self.candidate_count),
				CandidateMarginError,
				title=_("Not Enough Candidates"),
			)

	def validate_votes(self):
		for row in self.candidates:
			if not rules.votes_valid(row.votes or 0, self.present_voters):
				frappe.throw(
					_("Candidates row {0}: {1} has {2} votes but only {3} voting members are present").format(
						row.idx, row.member_name or row.member, row.votes, self.present_voters
					),
					VotesExceedPresentError,
					title=_("Too Many Votes"),
				)

	def validate_elected_committee(self):
		votes = {r.member: r.votes or 0 for r in self.candidates}
		elected = {r.member for r in self.committee}
		for row in self.candidates:
			row.elected = int(row.member in elected)
		if len(self.committee) != self.seats:
			frappe.throw(
				_("{0} seats were elected but the elected committee lists {1} members").format(
					self.seats, len(self.committee)
				),
				ElectedCommitteeError,
				title=_("Wrong Committee Size"),
			)
		seen = set()
		for row in self.committee:
			if row.member not in votes:
				frappe.throw(
					_("Elected committee row {0}: {1} was not a candidate").format(
						row.idx, row.member_name or row.member
					),
					ElectedCommitteeError,
					title=_("Not a Candidate"),
				)
			if row.member in seen:
				frappe.throw(
					_("Elected committee row {0}: {1} is listed twice").format(
						row.idx, row.member_name or row.member
					),
					ElectedCommitteeError,
					title=_("Duplicate Committee Member"),
				)
			seen.add(row.member)
			if not rules.elected_by_majority(votes[row.member], self.expected_voters):
				frappe.throw(
					_(
						"Elected committee row {0}: {1} has {2} votes; election needs more than half of the {3} voting members"
					).format(row.idx, row.member_name or row.member, votes[row.member], self.expected_voters),
					ElectedCommitteeError,
					title=_("No Majority"),
				)
		secretaries = [r for r in self.committee if r.position == orules.SECRETARY]
		deputies = [r for r in self.committee if r.position == orules.DEPUTY_SECRETARY]
		if len(secretaries) != 1:
			frappe.throw(
				_(
					"An organization has exactly one current secretary; the elected committee names {0} ({1})"
				).format(len(secretaries), ", ".join(r.member_name or r.member for r in secretaries) or "-"),
				SecretaryCountError,
				title=_("More Than One Secretary") if secretaries else _("No Secretary"),
			)
		if len(deputies) > 1 and self.org_type == orules.BRANCH:
			frappe.throw(
				_("A branch elects at most one deputy secretary; {0} are entered").format(len(deputies)),
				ElectedCommitteeError,
				title=_("Too Many Deputies"),
			)
		self.secretary = secretaries[0].member
		self.secretary_name = secretaries[0].member_name
		# the committee-size rules, checked again on approval (a member may have left meanwhile)
		check_committee_size(
			self.organization,
			self.org_type,
			member_counts(self.organization)["full"],
			[r.position for r in self.committee],
		)

	def set_new_term(self):
		self.new_term_end = orules.term_end(getdate(self.election_date), self.term_years)

	def validate_upper_level_approval(self):
		if not is_upper_level(self.organization):
			frappe.throw(
				_(
					"The secretary and deputy of {0} are approved by the upper level: a Party Admin of an organization above it"
				).format(self.organization),
				UpperLevelOnlyError,
				title=_("Upper Level Only"),
			)

	# --- approval ------------------------------------------------------------------------------

	def replace_committee(self):
		"""End the current committee the day before the election and seat the elected one."""
		start = getdate(self.election_date)
		org = frappe.get_doc("Party Organization", self.organization)
		for row in org.committee:
			if not row.to_date or getdate(row.to_date) >= start:
				row.to_date = (
					max(add_days(start, -1), getdate(row.from_date)) if row.from_date else add_days(start, -1)
				)
		for row in self.committee:
			org.append(
				"committee",
				{
					"member": row.member,
					"member_name": row.member_name,
					"position": row.position,
					"from_date": start,
				},
			)
		org.term_start = start
		org.term_years = self.term_years
		org.flags.ignore_permissions = True
		org.flags.party_process = True
		org.save()
