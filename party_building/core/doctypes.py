"""Which doctypes are the app's: the rules of core/ (cleaning, ranges, request checks, uploads,
reports, isolation) apply to the doctypes of the one Frappe module the app has."""

import frappe

APP_MODULE = "Party Building"


def is_app_doctype(doctype) -> bool:
	"""Is this the name of one of the app's doctypes? (Any value a request sent may be asked.)"""
	return isinstance(doctype, str) and frappe.db.get_value("DocType", doctype, "module") == APP_MODULE


def filled_values(doc):
	"""(row, field, value) of every filled field of an app document and its child rows; nothing for
	a document of another app."""
	if doc.meta.module != APP_MODULE:
		return
	for row in [doc, *doc.get_all_children()]:
		for df in row.meta.fields:
			value = row.get(df.fieldname)
			if value not in (None, ""):
				yield row, df, value
