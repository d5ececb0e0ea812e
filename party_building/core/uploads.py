"""Files: what may be uploaded, where it is kept and how it is served.

- Evidence, photos and letters attached to the app's records are private (readable only by those who
  may read the record) — a file attached to an app record is always stored private.
- Only images, PDF, Office documents and plain text may be uploaded, by anyone to an app record and by
  every user but a System Manager anywhere: HTML, SVG, XML and scripts would run on the app's own
  origin when opened. The file's first bytes must match its extension (an .png that is HTML is refused).
- Files are served with a sandboxing Content-Security-Policy and nosniff, and as downloads where a
  browser would render markup (see `file_headers`, used by party_building.wsgi).
"""

import os

import frappe
from frappe import _
from frappe.core.doctype.file.file import File
from frappe.core.doctype.file.utils import decode_file_content

from party_building.core.doctypes import is_app_doctype
from party_building.core.errors import PartyBuildingError

IMAGES = {"jpg", "jpeg", "png", "gif", "webp", "bmp"}
OFFICE = {"doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "dps", "odt", "ods", "odp", "rtf"}
ALLOWED = IMAGES | OFFICE | {"pdf", "txt", "csv", "zip"}
# first bytes of each kind of file (a file whose bytes say otherwise is refused)
SIGNATURES = {
	"png": (b"\x89PNG",),
	"jpg": (b"\xff\xd8\xff",),
	"jpeg": (b"\xff\xd8\xff",),
	"gif": (b"GIF87a", b"GIF89a"),
	"webp": (b"RIFF",),
	"bmp": (b"BM",),
	"pdf": (b"%PDF",),
	"zip": (b"PK",),
	**{ext: (b"PK",) for ext in ("docx", "xlsx", "pptx", "odt", "ods", "odp")},
	**{ext: (b"\xd0\xcf\x11\xe0",) for ext in ("doc", "xls", "ppt", "wps", "et", "dps")},
}
MARKUP = (b"<", b"\xef\xbb\xbf<")  # what a browser would take for HTML, SVG or XML
DOWNLOAD_ONLY = {".html", ".htm", ".xhtml", ".svg", ".xml", ".js", ".mjs"}


class UploadRefusedError(PartyBuildingError):
	pass


class PartyFile(File):
	def before_insert(self):
		if not self.is_folder:
			on_app_record = is_app_doctype(self.attached_to_doctype)
			if on_app_record or "System Manager" not in frappe.get_roles():
				self.check_upload()
			if on_app_record and self.get("content"):
				self.is_private = 1  # Frappe saves the content below, in the private folder
		super().before_insert()

	def set_is_private(self):
		if self.file_url and not self.get("content"):
			super().set_is_private()

	def check_upload(self):
		if self.is_remote_file:
			return
		name = self.file_name or os.path.basename(self.file_url or "")
		extension = os.path.splitext(name)[1].lower().lstrip(".")
		if extension not in ALLOWED:
			refuse(name)
		content = self.get("content")
		if not content:
			return  # a link to a file already stored: it was checked when it was uploaded
		if self.decode:
			content = decode_file_content(content)
		head = (content.encode() if isinstance(content, str) else content or b"")[:16].lstrip()
		expected = SIGNATURES.get(extension)
		if (expected and not head.startswith(expected)) or (not expected and head.startswith(MARKUP)):
			refuse(name)


def refuse(name: str):
	frappe.throw(
		_(
			"{0} cannot be uploaded: only images (jpg, png, gif, webp), PDF, Office documents and plain text are accepted, and the file must be what its name says"
		).format(frappe.bold(frappe.utils.escape_html(name or "-"))),
		UploadRefusedError,
		title=_("File Type Not Allowed"),
	)


def file_headers(app):
	"""WSGI middleware: files (public and private) never run script on the app's origin."""

	def wrapped(environ, start_response):
		path = environ.get("PATH_INFO", "")
		if not path.startswith(("/files/", "/private/files/")):
			return app(environ, start_response)
		extension = os.path.splitext(path)[1].lower()

		def start(status, headers, exc_info=None):
			headers = [(k, v) for k, v in headers if k.lower() != "content-security-policy"]
			headers.append(("X-Content-Type-Options", "nosniff"))
			if extension != ".pdf":  # the browser's PDF viewer does not open in a sandbox
				headers.append(
					(
						"Content-Security-Policy",
						"sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
					)
				)
			if extension in DOWNLOAD_ONLY and not any(
				k.lower() == "content-disposition" for k, _v in headers
			):
				headers.append(("Content-Disposition", "attachment"))
			return start_response(status, headers, exc_info)

		return app(environ, start)

	return wrapped
