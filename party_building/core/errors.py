"""Domain errors: one class per broken rule, so tests assert the exact rule."""

import frappe


class PartyBuildingError(frappe.ValidationError):
	pass


# members
class InvalidIdNumberError(PartyBuildingError):
	pass


class IdBirthDateMismatchError(InvalidIdNumberError):
	pass


class IdGenderMismatchError(InvalidIdNumberError):
	pass


class DuplicateIdNumberError(PartyBuildingError):
	pass


class FutureDateError(PartyBuildingError):
	pass


class UnderageJoiningError(PartyBuildingError):
	pass


class MembershipDateError(PartyBuildingError):
	pass


class NotABranchError(PartyBuildingError):
	pass


class PartyGroupNotInBranchError(PartyBuildingError):
	pass


# organizations
class InvalidParentOrganizationError(PartyBuildingError):
	pass


class DissolvedOrganizationError(PartyBuildingError):
	pass


class BranchNotEstablishedError(PartyBuildingError):
	pass


class SecretaryCountError(PartyBuildingError):
	pass


class PositionRequiresFullMemberError(PartyBuildingError):
	pass


class CommitteeMemberOutsideOrganizationError(PartyBuildingError):
	pass


class CommitteeDateError(PartyBuildingError):
	pass


class OrganizationNotEmptyError(PartyBuildingError):
	pass


class ProcessOnlyFieldError(frappe.PermissionError):
	"""A field only its process (election, admission, standing change, transfer) or the upper level sets."""


# requests: an argument or a report filter that cannot be read (a 4xx with a Chinese message, never a 500)
class BadArgumentError(PartyBuildingError):
	pass


class OutOfRangeError(PartyBuildingError):
	pass
