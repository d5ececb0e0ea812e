"""党员之家 (the members' portal): one class per broken rule, so tests assert the exact rule."""

import frappe

from party_building.core.errors import PartyBuildingError


class NotAMemberLoginError(frappe.PermissionError, PartyBuildingError):
	"""The portal is for a login linked to a Party Member (the register's 用户 field)."""


class NotExpectedError(frappe.PermissionError, PartyBuildingError):
	"""Only the members expected at a meeting ask leave from it or check in to it."""


class LeaveTooLateError(PartyBuildingError):
	"""Leave is asked before the meeting's planned start."""


class LeaveReasonError(PartyBuildingError):
	"""A request for leave gives its reason."""


class LeaveAnswerError(PartyBuildingError):
	"""The secretary refuses a request for leave with a reason, and only one still asked."""


class RecordLockedError(PartyBuildingError):
	"""A record submitted to the upper level takes no more leave or check-ins."""


class CheckinWindowError(PartyBuildingError):
	"""Check-in is open only from 30 minutes before to 30 minutes after the planned start."""


class CheckinClosedError(PartyBuildingError):
	"""A code or token of a closed (or expired) check-in is refused."""


class CheckinCodeError(PartyBuildingError):
	"""A code or token that no open check-in of the member's meetings gave."""


class AlreadyCheckedInError(PartyBuildingError):
	"""A member checks in once."""


class AccountError(PartyBuildingError):
	"""A member's login is made from a valid mobile number not used by another login."""


class PasswordError(PartyBuildingError):
	"""A new password: at least 8 characters with letters and digits, the current one known."""


class CorrectionError(PartyBuildingError):
	"""A correction of the register: one of the fields a member may propose, a value that field takes,
	answered once by the secretary."""
