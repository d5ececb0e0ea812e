"""Domain errors: one class per broken rule, so tests assert the exact rule.

The base class and the rules several capabilities share live here; each capability keeps its own
rules' errors in its errors.py (organization, members, admission, activity, dues, records, ledgers).
"""

import frappe


class PartyBuildingError(frappe.ValidationError):
	pass


# rules shared by several capabilities
class UpperLevelOnlyError(PartyBuildingError, frappe.PermissionError):
	"""Only a Party Admin of an organization above may decide this (approve, file, close out, return)."""


class QuorumError(PartyBuildingError):
	"""A meeting that votes needs more than half of those with a vote present (an election four fifths)."""


class ReturnCommentRequiredError(PartyBuildingError):
	"""The upper level returns a record only with a comment saying what to change."""


class FutureDateError(PartyBuildingError):
	pass


class ProcessOnlyFieldError(frappe.PermissionError):
	"""A field only its process (election, admission, standing change, transfer) or the upper level sets."""


# requests: an argument or a report filter that cannot be read (a 4xx with a Chinese message, never a 500)
class BadArgumentError(PartyBuildingError):
	pass


class OutOfRangeError(PartyBuildingError):
	pass
