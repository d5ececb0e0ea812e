# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

"""党建数据导入: a Party Admin or branch secretary uploads a filled-in template, checks it (a dry run that
lists every row's errors and warnings), then imports it all or nothing (party_building.onboarding)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from party_building.core import arguments
from party_building.core.endpoint import guarded
from party_building.core.replica import read_only
from party_building.onboarding import export, service
from party_building.onboarding.errors import ImportFileError

# a file larger than this (about 250 members) is checked and imported in the background, with a
# progress bar; a smaller one within the request (about 70 ms a row through the controllers)
INLINE_MAX_BYTES = 60 * 1024
JOB_TIMEOUT = 3600


class PartyDataImport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		created_count: DF.Int
		error_count: DF.Int
		import_file: DF.Attach | None
		imported_on: DF.Datetime | None
		organization: DF.Link
		preview_html: DF.HTML
		result: DF.JSON | None
		row_count: DF.Int
		status: DF.Literal["Not Checked", "Checked", "Has Errors", "Queued", "Imported", "Failed"]
		unchanged_count: DF.Int
		updated_count: DF.Int
		warning_count: DF.Int
	# end: auto-generated types

	def validate(self):
		if self.status == "Imported" and not self.is_new() and self.has_value_changed("import_file"):
			frappe.throw(_("This import is done: start a new one for another file"), title=_("Not Allowed"))
		if self.is_new() or self.has_value_changed("import_file") or self.has_value_changed("organization"):
			self.reset_result()

	def reset_result(self):
		self.status = "Not Checked"
		self.result = None
		for field in (
			"row_count",
			"error_count",
			"warning_count",
			"created_count",
			"updated_count",
			"unchanged_count",
		):
			self.set(field, 0)

	@frappe.whitelist()
	@guarded
	def check_file(self) -> dict:
		"""The preview: every row checked and written in a transaction that is rolled back."""
		return self.run(dry_run=True)

	@frappe.whitelist()
	@guarded
	def start_import(self) -> dict:
		if self.status != "Checked":
			frappe.throw(
				_("Check the file first: only a file checked without errors is imported"),
				title=_("Check the File First"),
			)
		return self.run(dry_run=False)

	def run(self, dry_run: bool) -> dict:
		self.check_permission("write")
		arguments.organization(self.organization, label="Import Into", officer=True)
		content, file_name = self.file_content()
		if len(content) > INLINE_MAX_BYTES:
			self.db_set("status", "Queued")
			frappe.enqueue(
				run_job,
				queue="long",
				timeout=JOB_TIMEOUT,
				enqueue_after_commit=True,
				name=self.name,
				dry_run=dry_run,
			)
			return {"queued": True}
		return self.execute(content, file_name, dry_run)

	def execute(self, content: bytes, file_name: str, dry_run: bool, progress=None) -> dict:
		try:
			report = service.run_import(
				content, file_name, self.organization, dry_run=dry_run, progress=progress, commit=False
			)
		except ImportFileError as e:  # the file as a whole: refused with its message, in the results
			frappe.local.message_log = []
			report = {
				"file_name": file_name,
				"errors": [{"sheet": "", "row": None, "column": "", "value": "", "message": str(e)}],
				"warnings": [],
				"counts": {},
				"totals": {"created": 0, "updated": 0, "unchanged": 0},
				"rows": 0,
				"imported": False,
				"dry_run": dry_run,
			}
		self.store(report)  # committed with the request (or the background job) that ran it
		return report

	def store(self, report: dict) -> None:
		if report["imported"]:
			status = "Imported"
		elif report["errors"]:
			status = "Has Errors"
		else:
			status = "Checked"
		values = {
			"status": status,
			"result": frappe.as_json(report, indent=None),
			"row_count": report["rows"],
			"error_count": len(report["errors"]),
			"warning_count": len(report["warnings"]),
			"created_count": report["totals"]["created"],
			"updated_count": report["totals"]["updated"],
			"unchanged_count": report["totals"]["unchanged"],
		}
		if report["imported"]:
			values["imported_on"] = now_datetime()
		self.db_set(values, notify=True)

	def file_content(self) -> tuple[bytes, str]:
		if not self.import_file:
			frappe.throw(_("Attach the filled-in Excel file (.xlsx) first"), title=_("No File"))
		name = frappe.db.get_value(
			"File",
			{
				"file_url": self.import_file,
				"attached_to_doctype": self.doctype,
				"attached_to_name": self.name,
			},
			"name",
		) or frappe.db.get_value("File", {"file_url": self.import_file}, "name")
		if not name:
			frappe.throw(_("The attached file was not found: attach it again"), title=_("No File"))
		file = frappe.get_doc("File", name)
		content = file.get_content()
		if isinstance(content, str):
			content = content.encode()
		return content, file.file_name or self.import_file.rsplit("/", 1)[-1]


def run_job(name: str, dry_run: bool) -> None:
	"""The background check or import of a large file, reporting its progress to the form."""
	doc = frappe.get_doc("Party Data Import", name)
	doc.check_permission("write")  # the job runs as the user who started it, with their grants
	content, file_name = doc.file_content()

	def progress(done: int, total: int) -> None:
		frappe.publish_progress(
			done * 100 / max(total, 1),
			title=_("Importing") if not dry_run else _("Checking"),
			doctype=doc.doctype,
			docname=doc.name,
			description=_("{0} of {1} rows").format(done, total),
		)

	try:
		doc.execute(content, file_name, dry_run, progress=progress)
	except Exception:
		frappe.db.rollback()
		doc.db_set("status", "Failed", notify=True)
		frappe.db.commit()
		raise
	finally:
		frappe.publish_realtime("party_data_import_done", {"name": doc.name}, user=doc.owner)


def may_import() -> None:
	if not frappe.has_permission("Party Data Import", "create"):
		frappe.throw(
			_("Only a Party Admin or a branch secretary may import or export the party's data"),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)


@frappe.whitelist()
@guarded
def download_template() -> None:
	"""The empty templates: instructions, organizations, members, committees, dues bases, dues payments."""
	may_import()
	frappe.response["filename"] = _("Party Data Import Template") + ".xlsx"
	frappe.response["filecontent"] = export.template_workbook()
	frappe.response["type"] = "binary"


@frappe.whitelist()
@guarded
@read_only
def export_data(organization: str) -> None:
	"""The organization's subtree in the same templates (for a move to a new server or a report upward),
	read on the site's replica when it has one."""
	may_import()
	organization = arguments.organization(organization, officer=True)
	frappe.response["filename"] = f"{organization}-{now_datetime():%Y%m%d}.xlsx"
	frappe.response["filecontent"] = export.export_workbook(organization)
	frappe.response["type"] = "binary"
