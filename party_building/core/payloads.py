"""Documents a request carries, checked against their doctype before Frappe touches them.

Frappe reads a document sent over REST (/api/resource, frappe.client.insert/save, the desk's savedocs)
and checks its links before any hook of the app runs; a list or an object where a name or a date
belongs ends there in a 500. This before_request hook (hooks.py) walks the request's arguments, finds
every document of an app doctype in them (by the URL or by its "doctype" key) and refuses, with a
Chinese 417, a field whose value is not of its type: text for names and texts, a real YYYY-MM-DD date,
a number, a list of rows for a table.
"""

import datetime
import json
import re
from urllib.parse import unquote

import frappe
from frappe import _

from party_building.core.doctypes import is_app_doctype
from party_building.core.errors import BadArgumentError

TEXT_TYPES = {
	"Link", "Dynamic Link", "Data", "Select", "Small Text", "Text", "Long Text", "Text Editor",
	"Read Only", "Phone", "Attach", "Attach Image", "Code", "HTML Editor", "Markdown Editor", "Signature",
}  # fmt: skip
NUMBER_TYPES = {"Int", "Float", "Currency", "Percent", "Check", "Rating"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
DOC_ARGS = ("data", "doc", "docs")
RESOURCE = re.compile(r"^/api/(?:resource|v2/document)/([^/]+)")


def check_request() -> None:
	if not getattr(frappe.local, "request", None) or frappe.request.method in ("GET", "OPTIONS"):
		return
	form = frappe.local.form_dict or {}
	path = RESOURCE.match(frappe.request.path or "")
	if path:
		doctype = unquote(path.group(1))
		payload = form.get("data") if isinstance(form.get("data"), str | dict | list) else form
		check(doctype, parse(payload))
	for key in DOC_ARGS:
		for doc in as_list(parse(form.get(key))):
			if isinstance(doc, dict) and isinstance(doc.get("doctype"), str):
				check(doc["doctype"], doc)
	if isinstance(form.get("doctype"), str) and "fieldname" in form and "value" in form:
		check(
			form["doctype"], {form["fieldname"]: form["value"]} if isinstance(form["fieldname"], str) else {}
		)


def parse(value):
	if isinstance(value, str) and value[:1] in ("{", "["):
		try:
			return json.loads(value)
		except ValueError:
			return None
	return value


def as_list(value) -> list:
	return value if isinstance(value, list) else [value]


def check(doctype: str, doc) -> None:
	if not isinstance(doc, dict) or not is_app_doctype(doctype):
		return
	meta = frappe.get_meta(doctype)
	for df in meta.fields:
		if df.fieldname not in doc or doc[df.fieldname] in (None, ""):
			continue
		value = doc[df.fieldname]
		if df.fieldtype in ("Table", "Table MultiSelect"):
			if not isinstance(value, list):
				refuse(meta, df)
			for row in value:
				if not isinstance(row, dict):
					refuse(meta, df)
				check(df.options, row)
		elif not fits(df.fieldtype, value):
			refuse(meta, df)


def fits(fieldtype: str, value) -> bool:
	if fieldtype in TEXT_TYPES:
		return isinstance(value, str | int | float) and not isinstance(value, bool)
	if fieldtype in NUMBER_TYPES:
		if isinstance(value, bool | int | float):
			return True
		try:
			float(value)
			return isinstance(value, str)
		except (TypeError, ValueError):
			return False
	if fieldtype == "Date":
		return isinstance(value, str) and bool(DATE.match(value.strip())) and real_date(value.strip())
	if fieldtype == "Datetime":
		return isinstance(value, str) and bool(DATETIME.match(value.strip()))
	if fieldtype == "Time":
		return isinstance(value, str) and bool(re.match(r"^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", value.strip()))
	return True


def real_date(value: str) -> bool:
	try:
		datetime.date.fromisoformat(value)
		return True
	except ValueError:
		return False


def refuse(meta, df) -> None:
	frappe.throw(
		_("{0}: the value of {1} is not valid ({2})").format(
			_(meta.name), _(df.label or df.fieldname, context=meta.name), _(KIND.get(df.fieldtype, "text"))
		),
		BadArgumentError,
		title=_("Invalid Value"),
	)


KIND = {
	**{t: "text" for t in TEXT_TYPES},
	**{t: "a number" for t in NUMBER_TYPES},
	"Date": "a date (YYYY-MM-DD)",
	"Datetime": "a date and time",
	"Time": "a time",
	"Table": "a list of rows",
	"Table MultiSelect": "a list of rows",
}
