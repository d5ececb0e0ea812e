"""Text of every app document is cleaned of markup on every save, whatever its docstatus.

Frappe cleans text fields in Document._validate (BaseDocument._sanitize_content) but skips every
field of a submitted document that is not "allow on submit". A document created already submitted
(`"docstatus": 1` in one REST POST, or an insert with docstatus 1) is therefore stored uncleaned, and
its text reached prints and reports raw (stored XSS). This runs the same cleaning before validate on
every doctype of the app (doc_events "*" in hooks.py), child rows included, so drafts, submits and
inserts-as-submitted store the same clean text. Fields Frappe leaves alone stay alone: "Ignore XSS
Filter", e-mail addresses and markdown.
"""

import frappe
from bs4 import BeautifulSoup
from frappe.utils.html_utils import sanitize_html

from party_building.core.doctypes import filled_values

TEXT_TYPES = ("Data", "Small Text", "Text", "Long Text", "Text Editor")


def clean_text(doc, method=None) -> None:
	if frappe.flags.in_install:
		return
	for row, df, value in filled_values(doc):
		if df.fieldtype in TEXT_TYPES and not kept_as_is(df) and looks_like_html(value):
			row.set(df.fieldname, sanitize_html(value, linkify=df.fieldtype == "Text Editor"))


def kept_as_is(df) -> bool:
	"""The fields Frappe's own cleaning skips, whatever the docstatus."""
	return bool(df.ignore_xss_filter) or (
		df.fieldtype in ("Data", "Small Text", "Text") and df.options == "Email"
	)


def looks_like_html(value) -> bool:
	if not isinstance(value, str) or ("<" not in value and ">" not in value):
		return False
	# markdown is converted separately (as Frappe does)
	return not ("<!-- markdown -->" in value and not BeautifulSoup(value, "html.parser").find())
