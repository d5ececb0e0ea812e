"""Domain errors of elections, transfers and standing changes: one class per broken rule."""

import frappe

from party_building.core.errors import PartyBuildingError


class ElectionTimingError(PartyBuildingError):
	pass


class TimingApprovalRequiredError(PartyBuildingError):
	pass


class CandidateMarginError(PartyBuildingError):
	pass


class VotesExceedPresentError(PartyBuildingError):
	pass


class ElectedCommitteeError(PartyBuildingError):
	pass


class TransferSameOrganizationError(PartyBuildingError):
	pass


class TransferSidesError(PartyBuildingError):
	pass


class DuplicateLetterNumberError(PartyBuildingError):
	pass


class ReceiptDateError(PartyBuildingError):
	pass


class ReceivingSideOnlyError(PartyBuildingError, frappe.PermissionError):
	pass


class StandingTransitionError(PartyBuildingError):
	pass


class StandingReasonError(PartyBuildingError):
	pass


class DutyReportExistsError(PartyBuildingError):
	"""One duty report per organization and year."""


class DutyReportReviewerError(PartyBuildingError):
	"""Each reviewer grades a duty report once."""


class NoSecretaryError(PartyBuildingError):
	"""A duty report is the secretary's: the organization has a current secretary."""


class AssessmentOutsideError(PartyBuildingError):
	"""A branch is assessed with the checklist of an organization above it."""


class AssessmentScoreError(PartyBuildingError):
	"""A score is between 0 and the item's points."""


class AssessmentExistsError(PartyBuildingError):
	"""One assessment per branch and checklist."""
