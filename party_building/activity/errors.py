"""Domain errors of organizational life (三会一课): one class per broken rule."""

from party_building.core.errors import PartyBuildingError


class TypedCountsError(PartyBuildingError):
	pass


class NotAMemberHereError(PartyBuildingError):
	pass


class DuplicateAttendeeError(PartyBuildingError):
	pass


class LeaveReasonRequiredError(PartyBuildingError):
	pass


class CommitteeAttendeeError(PartyBuildingError):
	pass


class VoteResultError(PartyBuildingError):
	pass


class FutureMeetingHeldError(PartyBuildingError):
	pass


class BackfillError(PartyBuildingError):
	pass


class TimeOrderError(PartyBuildingError):
	pass


class WrongOrganizationError(PartyBuildingError):
	pass


class DuplicateGradeError(PartyBuildingError):
	pass


class FollowUpError(PartyBuildingError):
	pass


class DuplicatePlanError(PartyBuildingError):
	pass


class AttendanceNotRecordedError(PartyBuildingError):
	pass


class TalkWithOneselfError(PartyBuildingError):
	"""A heart-to-heart talk is held with someone else."""


class TalkOutsideOrganizationError(PartyBuildingError):
	"""Both people of a heart-to-heart talk belong to its organization."""


class StudyHoursError(PartyBuildingError):
	"""An activity's class hours are between 0 and 24."""


class ThemeDayError(PartyBuildingError):
	"""A branch's fixed 主题党日 is a day of the month, 1 to 31."""


class ActivityFileError(PartyBuildingError):
	"""A scene photo of an activity is a picture."""


class LifeMeetingPreparationError(PartyBuildingError):
	"""An organizational life meeting is held after its preparation: opinions, talks, checking materials."""


class DemocraticLifeMeetingOrganizationError(PartyBuildingError):
	"""民主生活会 is held by the leading group of a Party committee or general branch, not by a branch."""
