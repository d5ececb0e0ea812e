"""Errors of publicity notices and the public page (under core.errors.PartyBuildingError)."""

import frappe

from party_building.core.errors import PartyBuildingError


class NoticeStageError(PartyBuildingError):
	"""A development-target notice needs a development target; a full-membership notice a probationary member."""


class NoticePeriodError(PartyBuildingError):
	"""The period lasts at least 5 working days and ends before the step it precedes is dated."""


class NoticeCommentError(PartyBuildingError):
	"""A comment on a notice is one received during its period."""


class ProtectedDataError(PartyBuildingError):
	"""A notice's text holds no resident ID number and no phone number: it is published."""


class PublishedNoticeError(PartyBuildingError):
	"""A published notice's period and person are fixed: unpublish it first."""


class PublisherError(PartyBuildingError, frappe.PermissionError):
	"""Only the organization's secretary or its upper level publishes or unpublishes."""
