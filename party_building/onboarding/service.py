"""Importing a county's spreadsheets: read the workbook (streamed), check every row with the forms' rules,
write all or nothing.

`run_import(content, file_name, organization, dry_run)` is the one entry point (the preview is a dry run):

1. the file: .xlsx only, at most MAX_FILE_MB, a real workbook, known sheets, headers not merged;
2. each cell read by onboarding.rules (Chinese spreadsheet habits) — an unreadable value is a row error;
3. each row checked against the site: organizations and branches within the importer's subtree, ID
   numbers (members.idcard) unique in the file and on the site, a party group under its branch, dates in
   order, probation not long overdue, dues months not paid twice;
4. the rows written through the doctypes' controllers (the same rules as the forms), as the importing
   user (their role permissions and the isolation rule apply), each row that writes in a savepoint (a
   new record is only checked, and written with its batch) so that every broken row is reported; then
   the whole file is committed only when no row failed and it is not a dry run — one bad row and nothing
   is written.

Re-importing the same file changes nothing (rows equal to the stored records count as unchanged); a
corrected file updates members matched by their resident ID number, never duplicates them.
"""

import datetime
import io
import os
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from xml.etree.ElementTree import iterparse

import frappe
from frappe import _, _lt
from frappe.utils import getdate, today

from party_building.core.access import PROCESS_ONLY, forget_organization_grants, permitted_organizations
from party_building.dues import rules as dues_rules
from party_building.members import idcard
from party_building.members.service import count_later, counts_deferred
from party_building.onboarding import admission, bulk, rules, templates
from party_building.onboarding.errors import (
	FileTooLargeError,
	ImportFileError,
	MergedHeaderError,
	UnsupportedFileTypeError,
)
from party_building.organization.rules import BRANCH, ESTABLISHED, PARTY_GROUP, PREPARING, can_become_active
from party_building.organization.service import member_counts, subtree

MAX_FILE_MB = 10
HEADER_SEARCH_ROWS = 5
MAX_PROBLEMS = 2000  # a file with more problems is reported with the first ones

RULE_MESSAGES = {
	"required": _lt("required, the cell is empty"),
	"text": _lt("text expected, not a date"),
	"date": _lt("not a date: write it as 2005-07-01, 2005.7.1, 2005年7月1日 or 20050701"),
	"year": _lt("not a year such as 2024"),
	"gender": _lt("write 男 or 女"),
	"ethnicity": _lt("not one of the 56 ethnic groups (汉族, 回族, 维吾尔族 …)"),
	"education": _lt("not an education level: 研究生, 大学本科, 大学专科, 中等专科, 高中 or 初中及以下"),
	"degree": _lt("not a degree: 博士, 硕士, 学士 or 无"),
	"membership": _lt("write 正式党员 or 预备党员"),
	"post": _lt("not a post: 学校领导, 中层干部, 教师, 职员, 后勤, 离退休 or 其他"),
	"standing": _lt("not a membership standing: 正常, 停止党籍, 出党, 死亡 or 已转出"),
	"org_type": _lt("not an organization type: 党委, 党总支, 党支部 or 党小组"),
	"org_status": _lt("not a status: 筹建, 正常 or 已撤销"),
	"position": _lt("not a committee position: 书记, 副书记, 组织委员, 宣传委员, 纪检委员 or 委员"),
	"payment_method": _lt("not a payment method: 现金, 银行转账, 微信支付, 支付宝 or 工资代扣"),
	"dues_category": _lt("not a dues category: 在职, 离退休, 学生, 无固定收入 or 享受低保"),
	"dues_adjustment": _lt("write 减缴 or 免缴, or leave it empty"),
	"yes_no": _lt("write 是 or 否"),
	"number": _lt("not a number"),
	"whole_number": _lt("not a whole number"),
	"phone": _lt("not a phone number: a mobile of 11 digits or a landline with its area code"),
	"id_number_length": _lt("a resident ID number has 18 characters (or 15 for an old one)"),
	"id_number_format": _lt("a resident ID number has only digits and a final X"),
	"id_number_birth_date": _lt("the resident ID number contains an impossible birth date"),
	"id_number_as_number": _lt(
		"the cell is a number and Excel has dropped the ID number's last digits: format the column as text and type it again"
	),
	"formula": _lt("a formula cell: paste the values instead (Paste Special → Values)"),
	"merged": _lt("merged cells: unmerge them and fill in every row"),
}

ID_PROBLEMS = {
	idcard.IdProblem.LENGTH: _lt("a resident ID number has 18 characters (or 15 for an old one)"),
	idcard.IdProblem.FORMAT: _lt("a resident ID number has only digits and a final X"),
	idcard.IdProblem.CHECKSUM: _lt("the check digit (the last character) does not match the ID number"),
	idcard.IdProblem.BIRTH_DATE_INVALID: _lt("the resident ID number contains an impossible birth date"),
	idcard.IdProblem.REGION: _lt("the resident ID number starts with an unknown region code"),
	idcard.IdProblem.BIRTH_DATE_MISMATCH: _lt("the birth date does not match the resident ID number"),
	idcard.IdProblem.GENDER_MISMATCH: _lt("the gender does not match the resident ID number"),
}

READERS: dict[str, Callable] = {
	# organizations
	"organization_name": rules.text,
	"org_type": rules.org_type,
	"parent": rules.text,
	"school": rules.text,
	"status": rules.org_status,
	"establishment_doc_no": rules.code,
	"established_on": rules.date,
	"term_start": rules.date,
	"term_years": rules.whole_number,
	# committees
	"organization": rules.text,
	"position": rules.position,
	"from_date": rules.date,
	"to_date": rules.date,
	# members
	"full_name": rules.person_name,
	"gender": rules.gender,
	"ethnicity": rules.ethnicity,
	"native_place": rules.text,
	"phone": rules.phone,
	"birth_date": rules.date,
	"id_number": rules.id_number,
	"education": rules.education,
	"degree": rules.degree,
	"membership_type": rules.membership,
	"branch": rules.text,
	"party_group": rules.text,
	"joined_on": rules.date,
	"full_member_on": rules.date,
	"extension_months": rules.whole_number,
	"post": rules.post,
	"professional_title": rules.text,
	"work_unit": rules.text,
	"standing": rules.standing,
	"is_mobile_member": rules.yes_no,
	"mobile_location": rules.text,
	# dues
	"year": rules.year,
	"category": rules.dues_category,
	"monthly_base": rules.number,
	"rate": rules.number,
	"monthly_amount": rules.number,
	"adjustment": rules.dues_adjustment,
	"approval_reason": rules.text,
	"from_month": rules.month,
	"to_month": rules.month,
	"amount": rules.number,
	"paid_on": rules.date,
	"payment_method": rules.payment_method,
	"receipt_no": rules.code,
}
DATE_KEYS = {
	"established_on",
	"term_start",
	"birth_date",
	"joined_on",
	"full_member_on",
	"from_date",
	"to_date",
}

# the admission sheets (预备党员, 发展党员): their cells, read by onboarding.admission
READERS.update(admission.READERS)
DATE_KEYS |= admission.DATE_KEYS
RULE_MESSAGES.update(admission.RULE_MESSAGES)

MEMBER_FIELDS = (
	"full_name", "gender", "ethnicity", "native_place", "phone", "birth_date", "id_number", "education",
	"degree", "membership_type", "branch", "party_group", "joined_on", "full_member_on", "post",
	"professional_title", "work_unit", "standing", "is_mobile_member", "mobile_location",
)  # fmt: skip
ORGANIZATION_FIELDS = (
	"org_type", "parent_party_organization", "school", "status", "establishment_doc_no", "established_on",
	"term_start", "term_years",
)  # fmt: skip


# --- what an import reports -------------------------------------------------------------------------


@dataclass
class Row:
	sheet: templates.Sheet
	number: int  # the row's number in the sheet, as Excel shows it
	values: dict = field(default_factory=dict)
	cells: dict = field(default_factory=dict)  # key → the cell's raw value (for messages)
	bad: set = field(default_factory=set)  # keys whose cell could not be read
	failed: bool = False


@dataclass
class Report:
	file_name: str = ""
	errors: list[dict] = field(default_factory=list)
	warnings: list[dict] = field(default_factory=list)
	counts: dict = field(default_factory=dict)
	rows: int = 0
	imported: bool = False
	dry_run: bool = True

	def add(self, level: str, sheet: str, row: int | None, column: str, value, message: str) -> None:
		target = self.errors if level == "error" else self.warnings
		if len(target) >= MAX_PROBLEMS:
			return
		target.append(
			{
				"sheet": sheet,
				"row": row,
				"column": column,
				"value": "" if value is None else shown(value),
				"message": str(message),
			}
		)

	def error(self, row: Row | None, key: str | None, message: str, value=None) -> None:
		if row:
			row.failed = True
		self._add_row("error", row, key, message, value)

	def warn(self, row: Row | None, key: str | None, message: str, value=None) -> None:
		self._add_row("warning", row, key, message, value)

	def _add_row(self, level, row, key, message, value):
		sheet = row.sheet.title if row else ""
		column = column_header(row.sheet, key) if row and key else ""
		if value is None and row and key:
			value = row.cells.get(key)
		self.add(level, sheet, row.number if row else None, column, value, message)

	def count(self, kind: str, outcome: str) -> None:
		self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[outcome] += 1

	def as_dict(self) -> dict:
		totals = {"created": 0, "updated": 0, "unchanged": 0}
		for c in self.counts.values():
			for k in totals:
				totals[k] += c[k]
		return {
			"file_name": self.file_name,
			"errors": self.errors,
			"warnings": self.warnings,
			"counts": {s.kind: self.counts[s.kind] for s in templates.SHEETS if s.kind in self.counts},
			"totals": totals,
			"rows": self.rows,
			"imported": self.imported,
			"dry_run": self.dry_run,
			"labels": {s.kind: s.title for s in templates.SHEETS},
			"order": [s.kind for s in templates.SHEETS],  # JSON objects lose their order when stored
		}


def shown(value) -> str:
	if isinstance(value, datetime.datetime):
		return value.strftime("%Y-%m-%d %H:%M") if value.time() != datetime.time() else f"{value:%Y-%m-%d}"
	if isinstance(value, datetime.date):
		return f"{value:%Y-%m-%d}"
	if isinstance(value, float) and value.is_integer():
		return str(int(value))
	return str(value)[:80]


def column_header(sheet: templates.Sheet, key: str) -> str:
	for c in sheet.columns:
		if c.key == key:
			return c.header
	return key


# --- reading the file -------------------------------------------------------------------------------


def check_file(content: bytes, file_name: str) -> None:
	"""Refuse what is not an .xlsx workbook of a sensible size, with a message saying what to do."""
	extension = os.path.splitext(file_name or "")[1].lower()
	if extension in (".xls", ".et"):
		frappe.throw(
			_(
				"{0} is an Excel 97-2003 (.xls) file, which is not imported: open it in Excel or WPS and save it as an Excel workbook (.xlsx)"
			).format(file_name),
			UnsupportedFileTypeError,
			title=_("Save as .xlsx"),
		)
	if extension in (".csv", ".txt"):
		frappe.throw(
			_(
				"{0} is a CSV file, which is not imported: CSV loses the leading digits of ID numbers and the dates' formats. Open it in Excel or WPS and save it as an Excel workbook (.xlsx)"
			).format(file_name),
			UnsupportedFileTypeError,
			title=_("Save as .xlsx"),
		)
	if extension != ".xlsx":
		frappe.throw(
			_("{0} is not an Excel workbook (.xlsx): download a template and fill it in").format(
				file_name or "-"
			),
			UnsupportedFileTypeError,
			title=_("Not an Excel Workbook"),
		)
	size = len(content or b"")
	if size > MAX_FILE_MB * 1024 * 1024:
		frappe.throw(
			_(
				"{0} has {1} MB; one import takes at most {2} MB (about 50,000 members): split the file by branch and import the parts one after the other"
			).format(file_name, round(size / 1024 / 1024, 1), MAX_FILE_MB),
			FileTooLargeError,
			title=_("File Too Large"),
		)
	if not content or not content.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(content)):
		frappe.throw(
			_("{0} is not a valid Excel workbook: open it in Excel or WPS and save it again as .xlsx").format(
				file_name
			),
			ImportFileError,
			title=_("Not an Excel Workbook"),
		)


def merged_ranges(book, ws) -> list[tuple[int, int, str]]:
	"""The merged ranges of a sheet as (first row, last row, ref), read from the sheet's XML as a stream
	(openpyxl's read-only mode does not report them)."""
	from openpyxl.utils.cell import range_boundaries

	found = []
	archive = getattr(book, "_archive", None)
	path = getattr(ws, "_worksheet_path", None)
	if not archive or not path:
		return found
	with archive.open(path) as stream:
		for _event, element in iterparse(stream, events=("end",)):
			tag = element.tag.rsplit("}", 1)[-1]
			if tag == "mergeCell":
				ref = element.get("ref")
				_min_col, min_row, _max_col, max_row = range_boundaries(ref)
				found.append((min_row, max_row, ref))
			if tag in ("row", "c", "mergeCell"):
				element.clear()
	return found


def read_workbook(content: bytes, file_name: str, report: Report) -> dict[str, list[Row]]:
	"""Rows of every known sheet, read cell by cell with the spreadsheet rules; problems into `report`."""
	from openpyxl import load_workbook

	check_file(content, file_name)
	try:
		book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
	except Exception:
		frappe.throw(
			_("{0} is not a valid Excel workbook: open it in Excel or WPS and save it again as .xlsx").format(
				file_name
			),
			ImportFileError,
			title=_("Not an Excel Workbook"),
		)
	found: dict[str, list[Row]] = {}
	try:
		for ws in book.worksheets:
			if ws.title in (templates.INSTRUCTIONS_TITLE, "选项"):
				continue
			rows = read_sheet(book, ws, report)
			if rows is not None:
				sheet, data = rows
				if sheet.kind in found:
					found[sheet.kind].extend(data)
				else:
					found[sheet.kind] = data
	finally:
		book.close()
	if not found:
		frappe.throw(
			_(
				"{0} has no sheet of the templates ({1}): download a template and copy the data into it"
			).format(file_name, "、".join(s.title for s in templates.SHEETS)),
			ImportFileError,
			title=_("No Data Found"),
		)
	return found


def read_sheet(book, ws, report: Report):
	rows_iter = ws.iter_rows()
	head: list = []
	header_row = 0
	sheet = None
	for n in range(1, HEADER_SEARCH_ROWS + 1):
		try:
			cells = next(rows_iter)
		except StopIteration:
			break
		values = [rules.text(c.value) if not isinstance(c.value, datetime.date) else None for c in cells]
		candidate = templates.find_sheet(ws.title, [v for v in values if v])
		if candidate and sum(1 for v in values if v in templates.header_keys(candidate)) >= 2:
			head, header_row, sheet = values, n, candidate
			break
	if not sheet:
		if ws.title in templates.BY_TITLE:
			report.add(
				"error", ws.title, 1, "", "", _("No header row of the template was found in the first rows")
			)
		else:
			report.add(
				"warning", ws.title, None, "", "", _("The sheet is not one of the templates and was skipped")
			)
		return None

	merges = merged_ranges(book, ws)
	for first, last, ref in merges:
		if first <= header_row <= last:
			frappe.throw(
				_(
					"The header of sheet {0} has merged cells ({1}): unmerge them so that every column has its own header in one row"
				).format(ws.title, ref),
				MergedHeaderError,
				title=_("Merged Header Cells"),
			)

	keys = templates.header_keys(sheet)
	columns: dict[int, str] = {}
	for i, h in enumerate(head):
		if not h:
			continue
		if h in keys:
			if keys[h] in columns.values():
				report.add("error", ws.title, header_row, h, h, _("The column appears twice"))
			columns[i] = keys[h]
		else:
			report.add(
				"warning", ws.title, header_row, h, "", _("The column is not in the template and is ignored")
			)
	missing = [c.header for c in sheet.columns if c.required and c.key not in columns.values()]
	if missing:
		report.add(
			"error",
			ws.title,
			header_row,
			"、".join(missing),
			"",
			_("Required columns are missing from the header"),
		)
		return sheet, []

	merged_rows = [(first, last, ref) for first, last, ref in merges if last > header_row]
	data: list[Row] = []
	number = header_row
	for cells in rows_iter:
		number += 1
		if all(c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in cells):
			continue
		row = Row(sheet, number)
		for i, key in columns.items():
			cell = cells[i] if i < len(cells) else None
			value = cell.value if cell is not None else None
			row.cells[key] = value
			if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
				report.error(row, key, str(RULE_MESSAGES["formula"]))
				row.bad.add(key)
				continue
			try:
				if key in DATE_KEYS:
					found = rules.date_with_precision(value)
					parsed = found[0] if found else None
					if found and not found[1]:
						report.warn(
							row,
							key,
							_("Only the year and month are given: recorded as the 1st of that month"),
						)
				else:
					parsed = READERS[key](value)
			except rules.Unreadable as e:
				report.error(row, key, str(RULE_MESSAGES.get(e.rule, e.rule)))
				row.bad.add(key)
				continue
			row.values[key] = parsed
		for c in sheet.columns:
			if c.required and row.values.get(c.key) is None and c.key not in row.bad:
				report.error(row, c.key, str(RULE_MESSAGES["required"]))
		for first, last, ref in merged_rows:
			if first <= number <= last:
				report.error(row, None, f"{ref}: {RULE_MESSAGES['merged']}")
				break
		data.append(row)
	report.rows += len(data)
	return sheet, data


# --- the importer's scope ---------------------------------------------------------------------------


class Scope:
	"""The organizations the import may write in: the chosen organization's subtree, within the user's
	grants (None: everywhere, for an unrestricted county administrator importing without a choice)."""

	def __init__(self, organization: str | None, user: str):
		allowed = permitted_organizations(user)
		chosen = set(subtree(organization)) if organization else None
		if allowed is None:
			self.names = chosen
		else:
			self.names = set(allowed) & chosen if chosen is not None else set(allowed)
		self.organization = organization

	def __contains__(self, name: str | None) -> bool:
		return bool(name) and (self.names is None or name in self.names)

	def add(self, name: str) -> None:
		if self.names is not None:
			self.names.add(name)


# --- writing ----------------------------------------------------------------------------------------

SAVEPOINT = "pb_onboarding_row"
MEMBER_BATCH = 500  # new members checked, then written at once


FILE_SAVEPOINT = "pb_onboarding_file"
ROW_ERRORS = (
	frappe.ValidationError,
	frappe.PermissionError,
	frappe.DoesNotExistError,
	frappe.DuplicateEntryError,
)


def run_import(
	content: bytes,
	file_name: str,
	organization: str | None = None,
	dry_run: bool = True,
	progress: Callable[[int, int], None] | None = None,
	commit: bool = True,
	batches: bool = True,
) -> dict:
	"""Check (dry_run) or import a workbook; returns the report (errors, warnings, counts).

	Everything the file writes happens after one savepoint: a dry run, or a file with any row error, is
	rolled back to it — nothing of the file stays. A file without errors is committed (`commit=False`
	leaves that to the caller, as the tests do).

	New organizations and members are checked one by one with their controllers' rules and written in
	batches (onboarding.bulk), their organizations' sizes counted once after the members sheet;
	`batches=False` (or a site that runs automations at each save, see `bulk.possible`) inserts each
	document on its own, as the forms do — the same checks and the same records, slower."""
	report = Report(file_name=file_name, dry_run=dry_run)
	sheets = read_workbook(content, file_name, report)
	scope = Scope(organization, frappe.session.user)
	writer = Writer(report, scope, file_name, progress, total=report.rows)
	writer.batches = batches and bulk.possible("Party Organization", "Party Member")
	frappe.db.savepoint(FILE_SAVEPOINT)
	try:
		writer.organizations(sheets.get("organizations", []))
		with counts_deferred() if writer.batches else nullcontext():
			writer.members(sheets.get("members", []))
			admission.write(writer, sheets)  # probationary members into the register, then admission records
		writer.activate_branches()
		writer.committees(sheets.get("committees", []))
		writer.dues_bases(sheets.get("dues_bases", []))
		writer.dues_payments(sheets.get("dues_payments", []))
	except Exception:
		frappe.db.rollback(save_point=FILE_SAVEPOINT)
		raise
	finally:
		frappe.local.message_log = []  # the controllers' notes are in the report, not in a dialog
	if report.errors or dry_run:
		frappe.db.rollback(save_point=FILE_SAVEPOINT)
		report.imported = False
	else:
		report.imported = True
		if commit:
			frappe.db.commit()
	if report.imported:
		forget_organization_grants()
	return report.as_dict()


class Writer:
	def __init__(self, report: Report, scope: Scope, file_name: str, progress, total: int):
		self.report = report
		self.scope = scope
		self.reason = _("Data import from {0}").format(file_name)
		self.progress = progress
		self.total = max(total, 1)
		self.done = 0
		self.on = getdate(today())
		self.members_by_id: dict[str, tuple[str, str]] = {}  # ID number → (member, branch) of this run
		self.existing: dict[str, frappe._dict] = {}  # ID number → the member already on the site
		self.organizations_seen: dict[str, frappe._dict | None] = {}
		self.failed_ids: set[str] = set()  # members whose own row failed: their other rows say no more
		self.to_activate: dict[str, Row] = {}
		self.batches = False  # new organizations and members written in batches (onboarding.bulk)
		self.new_organizations: dict[str, frappe.model.document.Document] = {}  # checked, not yet written
		self.new_members: list = []  # checked, not yet written
		self.created: set[str] = set()  # organizations this file created in batches
		self.on_site: set[str] = set()  # organizations of the sheet already on the site
		self.allowed: set = set()  # the create permissions granted to the new records (bulk.may_create)

	def step(self) -> None:
		self.done += 1
		if self.progress and (self.done % 50 == 0 or self.done == self.total):
			self.progress(self.done, self.total)

	def attempt(self, row: Row, fn: Callable[[], str | None], kind: str, writes: bool = True) -> str | None:
		"""Run one row's write in a savepoint: a rule broken by the controller becomes the row's error.
		A row that writes nothing (a new record only checked, written later with its batch) needs none."""
		if writes:
			frappe.db.savepoint(SAVEPOINT)
		try:
			outcome = fn()
		except ROW_ERRORS as e:  # every rule of the app and Frappe's permission checks
			if writes:
				frappe.db.rollback(save_point=SAVEPOINT)
			self.report.error(row, None, controller_message(e))
			return None
		finally:
			frappe.local.message_log = []
		if outcome:
			self.report.count(kind, outcome)
		return outcome

	# organizations ---------------------------------------------------------------------------------

	def organizations(self, rows: list[Row]) -> None:
		seen: set[str] = set()
		for row in rows:
			self.step()
			if row.failed:
				continue
			v = row.values
			name = v.get("organization_name")
			if name in seen:
				self.report.error(row, "organization_name", _("The organization appears twice in the file"))
				continue
			seen.add(name)
			if v.get("parent") in self.new_organizations:  # its parent is looked up: written first
				self.write_organizations()
			if not self.organization_row_allowed(row):
				continue
			checked_only = self.batches and name not in self.on_site  # see save_organization
			self.attempt(row, lambda row=row: self.save_organization(row), "organizations", not checked_only)
		self.write_organizations()

	def write_organizations(self) -> None:
		"""The new organizations checked so far, written at once (in their order in the file)."""
		if self.new_organizations:
			bulk.write(list(self.new_organizations.values()))
			self.new_organizations = {}
			forget_organization_grants()  # each one's after_insert

	def organization_row_allowed(self, row: Row) -> bool:
		v = row.values
		name, parent = v["organization_name"], v.get("parent")
		existing = frappe.db.get_value(
			"Party Organization", name, ["name", "parent_party_organization"], as_dict=True
		)
		if existing:
			self.on_site.add(name)
		if parent and not frappe.db.exists("Party Organization", parent):
			self.report.error(
				row,
				"parent",
				_(
					"No organization {0}: write the upper level's full name, above in this sheet or already on the site"
				).format(parent),
			)
			return False
		if existing:
			allowed, key, target = name in self.scope, "organization_name", name
		elif parent:
			allowed, key, target = parent in self.scope, "parent", parent
		else:  # a new top of the tree: only for an importer restricted to no organization
			allowed, key, target = self.scope.names is None, "parent", name
		if not allowed:
			self.report.error(
				row,
				key,
				_("{0} is outside the organizations you may import into ({1})").format(
					target, self.scope.organization or _("your organizations")
				),
			)
			return False
		if v["org_type"] == PARTY_GROUP and parent:
			if frappe.db.get_value("Party Organization", parent, "org_type") != BRANCH:
				self.report.error(row, "parent", _("A Party Group must sit directly under a Branch"))
				return False
		return True

	def save_organization(self, row: Row) -> str:
		v = row.values
		data = {
			"org_type": v["org_type"],
			"parent_party_organization": v.get("parent"),
			"school": v.get("school"),
			"status": v["status"],
			"establishment_doc_no": v.get("establishment_doc_no"),
			"established_on": v.get("established_on"),
			"term_start": v.get("term_start"),
			"term_years": v.get("term_years"),
		}
		data = {k: val for k, val in data.items() if val is not None}
		name = v["organization_name"]
		if name in self.on_site:  # looked up by organization_row_allowed
			doc = frappe.get_doc("Party Organization", name)
			if doc.org_type == BRANCH and doc.status == "Preparing" and data.get("status") == "Active":
				self.to_activate[name] = row  # once its members are in
				data.pop("status")
			changed = {k: val for k, val in data.items() if not same(doc.get(k), val)}
			if not changed:
				return "unchanged"
			doc.update(changed)
			self.give_reason(doc, changed)
			doc.save()
			return "updated"
		wanted_active = data["org_type"] == BRANCH and data["status"] == "Active"
		if wanted_active:
			data["status"] = "Preparing"  # a Branch is established once its full members exist
		doc = frappe.get_doc({"doctype": "Party Organization", "organization_name": name, **data})
		if self.batches:
			bulk.prepare(doc, self.allowed)
			self.new_organizations[name] = doc
			self.created.add(name)
		else:
			doc.insert()
		self.scope.add(name)
		if wanted_active:
			self.to_activate[name] = row
		return "created"

	def read_organizations(self, names: set[str]) -> None:
		"""What `organization` reads, for many organizations in one query (those not found are asked
		again one by one)."""
		names = sorted(names - set(self.organizations_seen))
		for start in range(0, len(names), 1000):
			for o in frappe.get_all(
				"Party Organization",
				filters={"name": ("in", names[start : start + 1000])},
				fields=["name", "org_type", "status", "parent_party_organization"],
			):
				self.organizations_seen[o.pop("name")] = o

	def organization(self, name: str) -> frappe._dict | None:
		"""An organization's type, status and parent, read once per import (the organizations sheet is
		written before anything asks)."""
		if name not in self.organizations_seen:
			self.organizations_seen[name] = frappe.db.get_value(
				"Party Organization", name, ["org_type", "status", "parent_party_organization"], as_dict=True
			)
		return self.organizations_seen[name]

	def give_reason(self, doc, changed: dict) -> None:
		"""A change of a field only a process or the upper level sets carries the import as its reason
		(the upper level's direct change is then recorded; anyone else's is refused by the controller)."""
		if set(changed) & set(PROCESS_ONLY[doc.doctype][0]):
			doc.change_reason = self.reason

	def activate_branches(self) -> None:
		"""Branches the file says are established: Active now that their members are in (the controller
		checks the 3 full members); with fewer, they stay Preparing and the preview says why."""
		done = self.activate_new_branches() if self.batches else set()
		for name, row in self.to_activate.items():
			if row.failed or name in done:
				continue
			frappe.db.savepoint(SAVEPOINT)
			try:
				doc = frappe.get_doc("Party Organization", name)
				doc.status = "Active"
				doc.change_reason = self.reason
				doc.flags.party_process = True  # the import carries over an established branch
				doc.save()
			except ROW_ERRORS as e:
				frappe.db.rollback(save_point=SAVEPOINT)
				self.report.warn(
					row,
					"status",
					_("{0} stays Preparing: {1} Import its members, then import this sheet again.").format(
						name, controller_message(e)
					),
				)
			finally:
				frappe.local.message_log = []

	# members ---------------------------------------------------------------------------------------

	def members(self, rows: list[Row]) -> None:
		numbers = sorted({r.values["id_number"] for r in rows if r.values.get("id_number")})
		for start in range(0, len(numbers), 1000):
			for m in frappe.get_all(
				"Party Member",
				filters={"id_number": ("in", numbers[start : start + 1000])},
				fields=["name", *MEMBER_FIELDS],
			):
				self.existing[m.id_number] = m
		self.read_organizations(
			{r.values.get(key) for r in rows for key in ("branch", "party_group")} - {None, ""}
		)
		first_row: dict[str, int] = {}
		for row in rows:
			number = row.values.get("id_number")
			if number and number in first_row:
				self.report.error(
					row,
					"id_number",
					_("The resident ID number is already in row {0} of this sheet").format(first_row[number]),
				)
			elif number:
				first_row[number] = row.number
		for row in rows:
			self.step()
			if row.failed or not self.member_row_allowed(row):
				self.failed_ids.add(row.values.get("id_number"))
				continue
			checked_only = (
				self.batches and row.values.get("id_number") not in self.existing
			)  # see save_member
			if not self.attempt(row, lambda row=row: self.save_member(row), "members", not checked_only):
				self.failed_ids.add(row.values.get("id_number"))
			if len(self.new_members) >= MEMBER_BATCH:
				self.write_members()
		self.write_members()

	def write_members(self) -> None:
		"""The new members checked so far, written at once (names drawn from the series in their order)."""
		if self.new_members:
			bulk.write(self.new_members)
			count_later(*{doc.branch for doc in self.new_members})  # their on_update's recount
			for doc in self.new_members:
				self.members_by_id[doc.id_number] = (doc.name, doc.branch)
			self.new_members = []

	def id_number_allowed(self, row: Row) -> bool:
		"""The row's resident ID number against its birth date and gender (each problem in its column)."""
		v = row.values
		problem = idcard.check(v["id_number"], v.get("birth_date"), v.get("gender"))
		if not problem:
			return True
		key = {
			idcard.IdProblem.BIRTH_DATE_MISMATCH: "birth_date",
			idcard.IdProblem.GENDER_MISMATCH: "gender",
		}.get(problem, "id_number")
		self.report.error(row, key, str(ID_PROBLEMS[problem]))
		return False

	def member_row_allowed(self, row: Row) -> bool:
		v = row.values
		ok = self.id_number_allowed(row)
		branch = self.organization(v["branch"])
		if not branch:
			self.report.error(
				row, "branch", _("No organization {0} on the site or in this file").format(v["branch"])
			)
			ok = False
		elif branch.org_type != BRANCH:
			self.report.error(
				row,
				"branch",
				_("A member belongs to a Branch; {0} is a {1}").format(v["branch"], _(branch.org_type)),
			)
			ok = False
		elif v["branch"] not in self.scope:
			self.report.error(
				row,
				"branch",
				_("{0} is outside the organizations you may import into ({1})").format(
					v["branch"], self.scope.organization or _("your organizations")
				),
			)
			ok = False
		group = v.get("party_group")
		if group:
			org = self.organization(group)
			if not org or org.org_type != PARTY_GROUP or org.parent_party_organization != v["branch"]:
				self.report.error(
					row,
					"party_group",
					_("The party group {0} is not a Party Group under the branch {1}").format(
						group, v["branch"]
					),
				)
				ok = False
		existing = self.existing.get(v["id_number"])
		if existing and existing.branch not in self.scope:
			self.report.error(
				row,
				"id_number",
				_("The resident ID number {0} is already registered to {1} in another organization").format(
					v["id_number"], existing.full_name
				),
			)
			ok = False
		if rules.full_before_joined(v.get("joined_on"), v.get("full_member_on")):
			self.report.error(
				row,
				"full_member_on",
				_("Full membership ({0}) cannot come before joining ({1})").format(
					v["full_member_on"], v["joined_on"]
				),
			)
			ok = False
		if v.get("membership_type") == "Probationary":
			ok = self.check_probation(row) and ok
		elif v.get("extension_months"):
			self.report.warn(
				row, "extension_months", _("Only a probationary member's probation is extended: ignored")
			)
		if not v.get("joined_on"):
			self.report.warn(row, "joined_on", _("No joining date: the member's party age cannot be counted"))
		return ok

	def check_probation(self, row: Row) -> bool:
		v = row.values
		if v.get("full_member_on"):
			self.report.error(row, "full_member_on", _("A probationary member has no full-membership date"))
			return False
		months = v.get("extension_months") or 0
		if rules.extension_problem(months):
			self.report.error(
				row,
				"extension_months",
				_("A probation is extended by 6 to 12 months, not {0}").format(months),
			)
			return False
		if not v.get("joined_on"):
			self.report.error(
				row, "joined_on", _("A probationary member needs the joining date (the start of probation)")
			)
			return False
		state, end = rules.probation_state(v["joined_on"], months, self.on)
		if state == "overdue":
			self.report.error(
				row,
				"joined_on",
				_(
					"The probation that began on {0} ended on {1} without a decision: record the branch's decision (full membership, extension or cancellation) in the file"
				).format(v["joined_on"], end),
			)
			return False
		if state == "ended":
			self.report.warn(
				row,
				"joined_on",
				_("The probation ended on {0}: the branch should decide on full membership now").format(end),
			)
		return True

	def save_member(self, row: Row) -> str:
		v = row.values
		data = {k: v[k] for k in MEMBER_FIELDS if v.get(k) is not None}
		if "is_mobile_member" in data:
			data["is_mobile_member"] = int(data["is_mobile_member"])
		data.setdefault("standing", "Active")
		existing = self.existing.get(v["id_number"])
		if existing:
			if all(same(existing.get(k), val) for k, val in data.items()):  # no need to load the record
				self.members_by_id[v["id_number"]] = (existing.name, existing.branch)
				return "unchanged"
			doc = frappe.get_doc("Party Member", existing.name)
			changed = {k: val for k, val in data.items() if not same(doc.get(k), val)}
			doc.update(changed)
			self.give_reason(doc, changed)
			doc.save()
			self.members_by_id[v["id_number"]] = (doc.name, doc.branch)
			return "updated"
		doc = frappe.get_doc({"doctype": "Party Member", **data})
		if self.batches:
			# what the controller would look up row by row, read for the whole file: the number is not on
			# the site (members() looked every number up), the branch's type and status
			doc.flags.id_number_free = v["id_number"]
			branch = self.organization(v["branch"])
			doc.flags.branch_facts = (v["branch"], branch.org_type, branch.status)
			bulk.prepare(doc, self.allowed)
			self.new_members.append(doc)  # named and written with its batch (write_members)
			return "created"
		doc.insert()
		self.members_by_id[v["id_number"]] = (doc.name, doc.branch)
		return "created"

	def member_of(self, row: Row) -> str | None:
		number = row.values.get("id_number")
		if not number:
			return None
		if number in self.failed_ids:  # its member row's error is reported: nothing is written anyway
			row.failed = True
			return None
		name, branch = (
			self.members_by_id.get(number)
			or frappe.db.get_value("Party Member", {"id_number": number}, ["name", "branch"])
			or (None, None)
		)
		if not name:
			self.report.error(
				row,
				"id_number",
				_("No member with the resident ID number {0}: import the member first").format(number),
			)
			return None
		if branch not in self.scope:
			self.report.error(
				row,
				"id_number",
				_("{0} is outside the organizations you may import into ({1})").format(
					branch, self.scope.organization or _("your organizations")
				),
			)
			return None
		return name

	def activate_new_branches(self) -> set[str]:
		"""The branches this file created, activated at once (bulk.save_values) when their save could
		change nothing but the status and the reason: created a moment ago by the same checks, no
		committee yet, their place in the tree and their member counts as stored, enough full members
		(the one rule of the controller that the members just written decide), and the importer may
		write them. Any other goes through its own save below, which says why it stays Preparing."""
		names = [n for n, row in self.to_activate.items() if not row.failed and n in self.created]
		if not names:
			return set()
		with_committee = set(
			frappe.get_all(
				"Party Organization Committee Member",
				filters={"parent": ("in", names), "parenttype": "Party Organization"},
				pluck="parent",
			)
		)
		ready = []
		for stored in frappe.get_all(
			"Party Organization", filters={"name": ("in", names)}, fields=["*"], order_by="lft"
		):
			if stored.name in with_committee or stored.org_type != BRANCH or stored.status != PREPARING:
				continue
			if (stored.old_parent or None) != (stored.parent_party_organization or None):
				continue
			counts = member_counts(stored.name)
			if (counts["full"], counts["probationary"], counts["all"]) != (
				stored.full_member_count,
				stored.probationary_member_count,
				stored.member_count,
			) or not can_become_active(BRANCH, counts["full"]):
				continue
			doc = frappe.get_doc({**stored, "doctype": "Party Organization"})
			if doc.has_permission("write"):
				ready.append(doc)
		bulk.save_values(ready, {"status": ESTABLISHED, "change_reason": self.reason})
		return {doc.name for doc in ready}

	# committees ------------------------------------------------------------------------------------

	def committees(self, rows: list[Row]) -> None:
		by_org: dict[str, list[tuple[Row, str]]] = defaultdict(list)
		for row in rows:
			self.step()
			if row.failed:
				continue
			org = row.values["organization"]
			if not frappe.db.exists("Party Organization", org):
				self.report.error(
					row, "organization", _("No organization {0} on the site or in this file").format(org)
				)
				continue
			if org not in self.scope:
				self.report.error(
					row,
					"organization",
					_("{0} is outside the organizations you may import into ({1})").format(
						org, self.scope.organization or _("your organizations")
					),
				)
				continue
			member = self.member_of(row)
			if member:
				by_org[org].append((row, member))
		for org, entries in by_org.items():
			self.attempt(
				entries[0][0],
				lambda org=org, entries=entries: self.save_committee(org, entries),
				"committees",
			)

	def save_committee(self, org: str, entries: list[tuple[Row, str]]) -> str:
		doc = frappe.get_doc("Party Organization", org)
		have = {(r.member, r.position, str(getdate(r.from_date))): r for r in doc.committee}
		changed = False
		for row, member in entries:
			v = row.values
			key = (member, v["position"], str(v["from_date"]))
			current = have.get(key)
			if current:
				if not same(current.to_date, v.get("to_date")):
					current.to_date = v.get("to_date")
					changed = True
				continue
			doc.append(
				"committee",
				{
					"member": member,
					"position": v["position"],
					"from_date": v["from_date"],
					"to_date": v.get("to_date"),
				},
			)
			changed = True
		if not changed:
			return "unchanged"
		doc.change_reason = self.reason
		doc.flags.party_process = True  # the committee an election made before the app was used
		doc.save()
		return "updated"

	# dues ------------------------------------------------------------------------------------------

	def dues_bases(self, rows: list[Row]) -> None:
		groups: dict[tuple[str, int], list[tuple[Row, str]]] = defaultdict(list)
		seen: dict[tuple[str, int], int] = {}
		for row in rows:
			self.step()
			if row.failed:
				continue
			member = self.member_of(row)
			if not member:
				continue
			year = row.values["year"]
			if (member, year) in seen:
				self.report.error(
					row,
					"id_number",
					_("The member's base for {0} is already in row {1}").format(year, seen[(member, year)]),
				)
				continue
			seen[(member, year)] = row.number
			existing = frappe.db.get_value(
				"Dues Assessment Item",
				{"member_year": dues_rules.member_year_key(member, year)},
				["category", "monthly_base", "rate", "monthly_amount", "adjustment", "parent"],
				as_dict=True,
			)
			if existing:
				if assessment_matches(existing, row.values):
					self.report.count("dues_bases", "unchanged")
				else:
					self.report.error(
						row,
						None,
						_(
							"The dues of {0} for {1} are assessed already ({2}) and differ: correct the assessment itself"
						).format(row.values.get("full_name") or member, year, existing.parent),
					)
				continue
			branch = frappe.db.get_value("Party Member", member, "branch")
			groups[(branch, year)].append((row, member))
		for (branch, year), entries in groups.items():
			outcome = self.attempt(
				entries[0][0], lambda b=branch, y=year, e=entries: self.save_assessment(b, y, e), "dues_bases"
			)
			if outcome:  # one assessment per branch and year, counted by its members
				self.report.counts["dues_bases"]["created"] += len(entries) - 1

	def save_assessment(self, branch: str, year: int, entries: list[tuple[Row, str]]) -> str:
		doc = frappe.get_doc(
			{
				"doctype": "Dues Assessment",
				"organization": branch,
				"year": year,
				"assessed_on": datetime.date(year, 1, 1) if datetime.date(year, 1, 1) <= self.on else self.on,
				"remarks": self.reason,
				"items": [
					{
						"member": member,
						"category": row.values["category"],
						"monthly_base": row.values.get("monthly_base") or 0,
						"rate": row.values.get("rate") or 0,
						"monthly_amount": row.values.get("monthly_amount") or 0,
						"adjustment": row.values.get("adjustment"),
						"approval_reason": row.values.get("approval_reason"),
					}
					for row, member in entries
				],
			}
		)
		doc.insert()
		doc.submit()
		return "created"

	def dues_payments(self, rows: list[Row]) -> None:
		taken: dict[tuple[str, datetime.date], int] = {}
		for row in rows:
			self.step()
			if row.failed:
				continue
			v = row.values
			if v["to_month"] < v["from_month"]:
				self.report.error(row, "to_month", _("The last month comes before the first"))
				continue
			member = self.member_of(row)
			if not member:
				continue
			months = rules.months_in(v["from_month"], v["to_month"])
			clash = next((taken[(member, m)] for m in months if (member, m) in taken), None)
			if clash:
				self.report.error(
					row,
					"from_month",
					_("The months overlap those of row {0} for the same member").format(clash),
				)
				continue
			for m in months:
				taken[(member, m)] = row.number
			self.attempt(row, lambda row=row, member=member: self.save_payment(row, member), "dues_payments")

	def save_payment(self, row: Row, member: str) -> str:
		v = row.values
		same_payment = frappe.db.get_value(
			"Dues Payment",
			{
				"member": member,
				"from_month": v["from_month"],
				"to_month": v["to_month"],
				"docstatus": 1,
			},
			["name", "amount", "paid_on"],
			as_dict=True,
		)
		if (
			same_payment
			and same(same_payment.amount, v["amount"])
			and same(same_payment.paid_on, v["paid_on"])
		):
			return "unchanged"
		doc = frappe.get_doc(
			{
				"doctype": "Dues Payment",
				"member": member,
				"from_month": v["from_month"],
				"to_month": v["to_month"],
				"amount": v["amount"],
				"paid_on": v["paid_on"],
				"payment_method": v.get("payment_method") or "Cash",
				"receipt_no": v.get("receipt_no"),
				"approval_reason": v.get("approval_reason"),
			}
		)
		doc.insert()
		doc.submit()
		return "created"


def assessment_matches(existing, values: dict) -> bool:
	if existing.category != values["category"] or (existing.adjustment or None) != values.get("adjustment"):
		return False
	for key in ("monthly_base", "rate", "monthly_amount"):
		if values.get(key) is not None and not same(existing.get(key), values[key]):
			return False
	return True


def same(stored, new) -> bool:
	"""Is the stored value the one the file gives (dates, numbers and flags compared as such)?"""
	if isinstance(new, datetime.date):
		return bool(stored) and getdate(stored) == new
	if isinstance(new, bool):
		return bool(stored) == new
	if isinstance(new, float | int) and not isinstance(new, bool):
		try:
			return round(float(stored or 0), 2) == round(float(new), 2)
		except (TypeError, ValueError):
			return False
	return (stored or None) == (new or None)


def controller_message(e: Exception) -> str:
	"""The message a controller raised, as plain text."""
	message = str(e) or (frappe.local.message_log[-1] if frappe.local.message_log else "")
	if isinstance(message, dict):
		message = message.get("message", "")
	return re.sub(r"<[^>]+>", "", str(message)).strip() or _(type(e).__name__)
