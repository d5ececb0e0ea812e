"""Elections (换届选举): 差额, full members only, votes, timing, approval replacing the committee."""

import frappe
import pytest
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import add_days, getdate, today

from party_building.core.errors import QuorumError, UpperLevelOnlyError
from party_building.members.errors import NotAFullMemberError
from party_building.organization.errors import SecretaryCountError
from party_building.organization.rules import add_years
from party_building.records.errors import (
	CandidateMarginError,
	ElectionTimingError,
	TimingApprovalRequiredError,
	VotesExceedPresentError,
)
from tests.integration.factories import make_member, set_committee
from tests.integration.records_factories import election_doc, election_setup, officers


def election_count(org):
	return frappe.db.count("Party Election", {"organization": org})


def test_candidates_equal_to_seats_are_refused():
	tree = election_setup()
	with pytest.raises(CandidateMarginError):
		election_doc(tree, seats=3, candidates=3).insert()
	assert election_count(tree.branch.name) == 0


def test_probationary_candidate_is_refused():
	tree = election_setup()
	probationer = make_member(tree.branch.name, membership_type="Probationary")
	doc = election_doc(tree)
	doc.append("candidates", {"member": probationer.name, "votes": 1})
	with pytest.raises(NotAFullMemberError):
		doc.insert()
	assert election_count(tree.branch.name) == 0


def test_probationary_voter_is_refused():
	tree = election_setup()
	probationer = make_member(tree.branch.name, membership_type="Probationary")
	doc = election_doc(tree)
	doc.append("voters", {"member": probationer.name, "present": 1})
	with pytest.raises(NotAFullMemberError):
		doc.insert()
	assert election_count(tree.branch.name) == 0


def test_more_votes_than_voters_present_are_refused():
	tree = election_setup(full=10)
	with pytest.raises(VotesExceedPresentError):
		election_doc(tree, present=9, votes=[10, 9, 8, 7]).insert()
	assert election_count(tree.branch.name) == 0


def test_quorum_of_four_fifths():
	tree = election_setup(full=10)
	with pytest.raises(QuorumError):
		election_doc(tree, present=8).insert()
	assert election_doc(tree, present=9).insert().present_voters == 9


def test_an_election_without_voters_or_counts_is_refused_by_the_quorum_rule():
	"""Saved with neither the voters table nor the counts (as a bare REST insert does): the quorum rule
	refuses it, instead of comparing two empty counts (a server error before)."""
	tree = election_setup(full=10)
	doc = election_doc(tree)
	doc.voters = []
	doc.expected_voters = doc.present_voters = None
	with pytest.raises(QuorumError):
		doc.insert()
	assert election_count(tree.branch.name) == 0


def test_election_two_years_late_is_refused_even_with_approval():
	tree = election_setup(term_end=getdate(add_days(today(), -2 * 365)))
	with pytest.raises(ElectionTimingError):
		election_doc(tree, timing_approval_no="教工委〔2026〕1号").insert()
	assert election_count(tree.branch.name) == 0


def test_election_within_a_year_late_needs_recorded_approval():
	tree = election_setup(term_end=getdate(add_days(today(), -200)))
	with pytest.raises(TimingApprovalRequiredError):
		election_doc(tree).insert()
	assert election_count(tree.branch.name) == 0
	doc = election_doc(tree, timing_approval_no="教工委〔2026〕7号").insert()
	assert doc.timing == "Needs Approval" and doc.deviation_days == 200


def test_two_secretaries_in_the_elected_committee_are_refused():
	tree = election_setup()
	doc = election_doc(tree)
	doc.committee[1].position = "Secretary"
	with pytest.raises(SecretaryCountError):
		doc.insert()
	assert election_count(tree.branch.name) == 0


def test_secretary_cannot_approve_own_election():
	tree = election_setup()
	users = officers(tree)
	frappe.set_user(users.secretary)
	doc = election_doc(tree).insert()
	doc = apply_workflow(doc, "Submit to Upper Level")
	assert doc.workflow_state == "Submitted to Upper Level"
	with pytest.raises(WorkflowTransitionError):
		apply_workflow(doc, "Approve")
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Party Election", doc.name, "docstatus") == 0


def test_admin_of_the_branch_itself_is_not_upper_level():
	from party_building.core.access import PARTY_ADMIN, ensure_access
	from tests.integration.factories import make_user

	tree = election_setup()
	same_level = make_user(PARTY_ADMIN)
	ensure_access(same_level.name, tree.branch.name, PARTY_ADMIN)
	frappe.set_user(same_level.name)
	doc = election_doc(tree).insert()
	doc = apply_workflow(doc, "Submit to Upper Level")
	with pytest.raises(UpperLevelOnlyError):
		apply_workflow(doc, "Approve")


def test_approval_replaces_committee_and_sets_term():
	tree = election_setup()
	old_secretary, old_member = tree.members[5], tree.members[6]
	set_committee(
		tree.branch,
		[(old_secretary, "Secretary", add_years(getdate(today()), -3)), (old_member, "Committee Member")],
	)
	users = officers(tree)
	frappe.set_user(users.secretary)
	doc = election_doc(tree).insert()
	doc = apply_workflow(doc, "Submit to Upper Level")
	frappe.set_user(users.admin)
	doc = apply_workflow(doc, "Approve")
	frappe.set_user("Administrator")
	assert doc.docstatus == 1 and doc.workflow_state == "Election Approved" and doc.approved_by == users.admin
	org = frappe.get_doc("Party Organization", tree.branch.name)
	assert len(org.committee) == 5  # old rows kept, ended
	ended = [r for r in org.committee if r.member in (old_secretary.name, old_member.name)]
	assert all(getdate(r.to_date) == getdate(add_days(today(), -1)) and not r.is_current for r in ended)
	assert org.secretary == tree.members[0].name
	assert getdate(org.term_start) == getdate(today())
	assert getdate(org.term_end) == add_years(getdate(today()), 3)
	assert org.committee_size == 3
	assert [c.elected for c in doc.candidates] == [1, 1, 1, 0]


def test_election_isolation_between_branches():
	from party_building.core.access import BRANCH_SECRETARY, ensure_access
	from tests.integration.factories import make_org, make_user

	tree = election_setup()
	election = election_doc(tree).insert()
	other = make_org("Branch", tree.general.name)
	outsider = make_user(BRANCH_SECRETARY)
	ensure_access(outsider.name, other.name, BRANCH_SECRETARY)
	frappe.set_user(outsider.name)
	assert election.name not in frappe.get_list("Party Election", pluck="name")
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Party Election", election.name).check_permission("read")
