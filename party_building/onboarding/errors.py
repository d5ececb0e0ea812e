"""Errors of the data import: one class per reason a file is refused as a whole."""

from party_building.core.errors import PartyBuildingError


class ImportFileError(PartyBuildingError):
	"""The file cannot be read as an import: wrong type, too large, not a workbook, no known sheet."""


class UnsupportedFileTypeError(ImportFileError):
	""".xls and .csv are refused: save as .xlsx (see the README)."""


class FileTooLargeError(ImportFileError):
	pass


class MergedHeaderError(ImportFileError):
	pass


class ImportRowsError(PartyBuildingError):
	"""One or more rows break a rule: nothing of the file is written."""


class ImportScopeError(PartyBuildingError):
	"""The organization imported into is outside what the importer may work in."""
