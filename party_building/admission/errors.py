"""Domain errors of admitting new members: one class per broken rule, so tests assert the rule."""

import frappe

from party_building.core.errors import PartyBuildingError


class DevelopmentError(PartyBuildingError):
	pass


class UnderageApplicantError(DevelopmentError):
	pass


class LateTalkError(DevelopmentError):
	pass


class ContactError(DevelopmentError):
	pass


class ActivistPeriodError(DevelopmentError):
	pass


class PublicityError(DevelopmentError):
	pass


class IntroducerError(DevelopmentError):
	pass


class IntroducerCountError(IntroducerError):
	pass


class IntroducerNotFullError(IntroducerError):
	pass


class IntroducerUnderProbationError(IntroducerError):
	"""留党察看: refused, whatever the reason."""


class IntroducerPenaltyError(IntroducerError):
	"""警告 / 严重警告 / 撤销党内职务 in force: refused unless a reason is recorded."""


class PoliticalReviewError(DevelopmentError):
	pass


class TrainingError(DevelopmentError):
	pass


class VoteCountError(DevelopmentError):
	pass


class MajorityError(DevelopmentError):
	pass


class ApproverNotCommitteeError(DevelopmentError):
	pass


class LateApprovalError(DevelopmentError):
	pass


class ExtensionReasonError(DevelopmentError):
	pass


class LateOathError(DevelopmentError):
	pass


class ProbationDecisionError(DevelopmentError):
	pass


class SecondExtensionError(ProbationDecisionError):
	pass


class ExtensionLengthError(ProbationDecisionError):
	pass


class StepOrderError(DevelopmentError):
	pass


class StepSkippedError(StepOrderError):
	pass


class FutureStepError(DevelopmentError):
	pass


class WithdrawalError(DevelopmentError):
	pass


class NothingToSubmitError(DevelopmentError):
	pass


class BranchOnlyError(DevelopmentError, frappe.PermissionError):
	pass


class CarriedOverError(DevelopmentError):
	"""A record carried over from before the app (历史数据转入) that cannot be as it is."""


class CarriedOverStepsError(CarriedOverError):
	"""It arrives having done 1 to 22 steps."""


class CarriedOverMeetingDateError(CarriedOverError):
	"""Past the branch meeting, that meeting's date is carried over (probation runs from it)."""


class CarriedOverMemberError(CarriedOverError):
	"""Past the approval, the record names the person's entry in the register."""
