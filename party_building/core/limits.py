"""Ranges every app document keeps, whatever path wrote it (form, REST, import): checked before validate (before the controller
computes with them) for every doctype of the app (doc_events "*" in hooks.py), child rows included.

- a year is between the Party's founding (1921) and 2100; a month between 1 and 12;
- counts, amounts, hours and quotas are not negative (points may be: deductions), and no number is
  larger than its database column holds;
- a text is not longer than its column holds (Frappe checks Data fields only; a 1 MB text in a Text
  field would end in a database error).
A value out of range is refused with a Chinese message naming the field and the range; nothing is saved.
"""

import numbers

import frappe
from frappe import _

from party_building.core.arguments import YEAR_MAX, YEAR_MIN
from party_building.core.doctypes import filled_values
from party_building.core.errors import OutOfRangeError

INT_MAX = 2**31 - 1  # int(11)
DECIMAL_MAX = 10**12 - 1  # decimal(21, 9)
TEXT_BYTES = {"Small Text": 65535, "Text": 65535, "Code": 4294967295}
SIGNED = {"points", "daily_cap", "yearly_cap", "deduction", "deviation_days", "lft", "rgt"}
NUMERIC = ("Int", "Float", "Currency", "Percent")


def validate_values(doc, method=None) -> None:
	"""before_validate: what the controller's own checks could not even compute with (a number that is
	not one, or too large for its column; a text too long for its column; a year or month out of range)."""
	for row, df, value in filled_values(doc):
		if df.fieldtype in NUMERIC:
			check_number(row, df, value)
		elif df.fieldtype in TEXT_BYTES and isinstance(value, str):
			if len(value.encode("utf-8")) > TEXT_BYTES[df.fieldtype]:
				refuse(row, df, _("at most {0} characters").format(TEXT_BYTES[df.fieldtype] // 3))


def validate_not_negative(doc, method=None) -> None:
	"""validate (after the controller, whose rules name a negative value more precisely where they
	have one): no negative count, amount, hours or quota that a user enters (computed figures, such as a
	ledger's reversal or a fund's remaining budget, may be negative)."""
	for row, df, value in filled_values(doc):
		if df.fieldtype in NUMERIC and not df.read_only and df.fieldname not in SIGNED and float(value) < 0:
			refuse(row, df, _("not negative"))


def check_number(row, df, value) -> None:
	if isinstance(value, bool) or not isinstance(value, numbers.Number | str):
		refuse(row, df, _("a number is needed"))
	try:
		number = float(value)
	except (TypeError, ValueError):
		refuse(row, df, _("a number is needed"))
	name = df.fieldname
	if df.fieldtype == "Int" and (name == "year" or name.endswith("_year")):
		if number and not YEAR_MIN <= number <= YEAR_MAX:
			refuse(row, df, _("between {0} and {1}").format(YEAR_MIN, YEAR_MAX))
	elif df.fieldtype == "Int" and (name == "month" or name.endswith("_month")):
		if number and not 1 <= number <= 12:
			refuse(row, df, _("between {0} and {1}").format(1, 12))
	limit = INT_MAX if df.fieldtype == "Int" else DECIMAL_MAX
	if abs(number) > limit or number != number:  # NaN
		refuse(row, df, _("at most {0}").format(limit))


def refuse(row, df, rule: str) -> None:
	label = _(df.label or df.fieldname, context=row.doctype)
	where = _("Row {0}").format(row.idx) + " " if row.get("parentfield") else ""
	frappe.throw(
		_("{0}{1} is out of range: {2}").format(where, label, rule),
		OutOfRangeError,
		title=_("Out of Range"),
	)


def require(doc, *fieldnames: str) -> None:
	"""The values a controller's checks compute with, asked for before they run (Frappe checks the
	mandatory fields only after the controller's validate)."""
	missing = [f for f in fieldnames if doc.get(f) in (None, "")]
	if missing:
		frappe.throw(
			_("Fill in {0} first").format(
				"、".join(_(doc.meta.get_label(f), context=doc.doctype) for f in missing)
			),
			frappe.MandatoryError,
			title=_("Missing Values"),
		)
