"""Domain errors of the organization tree and its committees: one class per broken rule."""

from party_building.core.errors import PartyBuildingError


class NotABranchError(PartyBuildingError):
	pass


class PartyGroupNotInBranchError(PartyBuildingError):
	pass


class InvalidParentOrganizationError(PartyBuildingError):
	pass


class DissolvedOrganizationError(PartyBuildingError):
	pass


class BranchNotEstablishedError(PartyBuildingError):
	pass


class SecretaryCountError(PartyBuildingError):
	pass


class CommitteeMemberOutsideOrganizationError(PartyBuildingError):
	pass


class CommitteeDateError(PartyBuildingError):
	pass


class OrganizationNotEmptyError(PartyBuildingError):
	pass


class NoCommitteeBelowSevenError(PartyBuildingError):
	"""A Branch of fewer than 7 full members has a secretary and at most one deputy, no committee."""


class CommitteeOverSevenError(PartyBuildingError):
	"""A committee has at most 7 members."""
