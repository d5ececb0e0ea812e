"""Domain errors of the member register: one class per broken rule."""

from party_building.core.errors import PartyBuildingError


class InvalidIdNumberError(PartyBuildingError):
	pass


class IdBirthDateMismatchError(InvalidIdNumberError):
	pass


class IdGenderMismatchError(InvalidIdNumberError):
	pass


class DuplicateIdNumberError(PartyBuildingError):
	pass


class UnderageJoiningError(PartyBuildingError):
	pass


class MembershipDateError(PartyBuildingError):
	pass


class NotAFullMemberError(PartyBuildingError):
	"""Only an active full member votes, stands for election or holds a committee position."""
