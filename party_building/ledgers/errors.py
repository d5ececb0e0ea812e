"""Domain errors of the ledgers: one class per broken rule."""

from party_building.core.errors import PartyBuildingError


# rectification
class DeadlineBeforeFoundError(PartyBuildingError):
	pass


class CloseOutResultMissingError(PartyBuildingError):
	pass


class CloseOutEvidenceMissingError(PartyBuildingError):
	pass


class ReasonRequiredError(PartyBuildingError):
	pass


class ClosedItemLockedError(PartyBuildingError):
	pass


# funds
class DuplicateFundError(PartyBuildingError):
	pass


class BudgetChangeReasonError(PartyBuildingError):
	pass


class NonPositiveExpenseError(PartyBuildingError):
	pass


class ExpensePastBudgetError(PartyBuildingError):
	pass


# points
class PointsSignError(PartyBuildingError):
	pass


class PointsCapError(PartyBuildingError):
	pass


class DuplicatePointsSourceError(PartyBuildingError):
	pass


class EvidenceRequiredError(PartyBuildingError):
	pass


class PointsPersonError(PartyBuildingError):
	pass


class DisabledRuleError(PartyBuildingError):
	pass
