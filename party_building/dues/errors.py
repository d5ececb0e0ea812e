"""Domain errors of party dues: one class per broken rule."""

import frappe

from party_building.core.errors import PartyBuildingError


class DuesError(PartyBuildingError):
	pass


class InvalidTierError(DuesError):
	pass


class NegativeBaseError(DuesError):
	pass


class RateDisagreesWithTiersError(DuesError):
	pass


class ApprovalReasonRequiredError(DuesError):
	pass


class DuplicateAssessmentError(DuesError):
	pass


class MemberNotInBranchError(DuesError):
	pass


class NonPositiveAmountError(DuesError):
	pass


class AmountBelowDuesError(DuesError):
	pass


class MonthAlreadyPaidError(DuesError):
	pass


class ConcurrentPaymentError(DuesError):
	pass


class BeforeJoiningError(DuesError):
	pass


class InvalidMonthRangeError(DuesError):
	pass


class BackPaymentLimitError(DuesError):
	pass


class MissingAssessmentError(DuesError):
	pass


class RemittanceAboveBalanceError(DuesError):
	pass


class PaymentAlreadyRemittedError(DuesError):
	pass


class LargePaymentNotWholeError(DuesError):
	pass


class NoParentOrganizationError(DuesError):
	pass


class LedgerImmutableError(DuesError, frappe.PermissionError):
	pass


class UseAboveBalanceError(DuesError):
	"""Dues spent (党费使用) cannot exceed what the organization's book holds."""


class UseApprovalMissingError(DuesError):
	"""Dues are spent only with the upper level's written approval (its number and date)."""
