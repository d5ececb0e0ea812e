"""Reading what a request sends: whitelisted methods' arguments and script reports' filters.

Every value a client sends is checked before it is used: an organization must exist and be readable
by the caller, years and months must be in range, flags 0 or 1, dates real dates, other filters plain
short text. A bad value gets a Chinese error (HTTP 417 or 403) that names the argument and the rule;
nothing runs on it, so no request ends in a 500 and nothing is written.
"""

import datetime
import json

import frappe
from frappe import _
from frappe.utils import getdate

from party_building.core.access import is_member_only
from party_building.core.errors import BadArgumentError, OutOfRangeError

YEAR_MIN, YEAR_MAX = 1921, 2100  # the Party's founding year to a far horizon
TEXT_MAX = 140


def _refuse(label: str, value, rule: str, exc=BadArgumentError):
	shown = value if isinstance(value, str | int | float) else type(value).__name__
	frappe.throw(
		_("{0}: {1} is not accepted ({2})").format(_(label), frappe.utils.escape_html(str(shown)[:40]), rule),
		exc,
		title=_("Invalid Value"),
	)


def organization(value, label: str = "Party Organization", officer: bool = False) -> str:
	"""A Party Organization the caller may read; with `officer`, one they work in as an officer (a plain
	member's login is refused). Unknown and unreadable give the same answer: nothing is disclosed."""
	if not isinstance(value, str) or not value.strip() or len(value) > TEXT_MAX:
		_refuse(label, value, _("choose an organization"))
	if officer and is_member_only():
		frappe.throw(
			_("Only the organization's secretary, committee or upper level may see this"),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	if not frappe.db.exists("Party Organization", value) or not frappe.has_permission(
		"Party Organization", "read", value
	):
		frappe.throw(
			_("No organization {0} that you may see").format(
				frappe.bold(frappe.utils.escape_html(value[:40]))
			),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	return value


def integer(value, label: str, low: int, high: int) -> int:
	if isinstance(value, bool) or not isinstance(value, int | str | float):
		_refuse(label, value, _("a whole number is needed"))
	try:
		number = int(str(value).strip()) if not isinstance(value, int) else value
	except ValueError:
		_refuse(label, value, _("a whole number is needed"))
	if not low <= number <= high:
		_refuse(label, value, _("between {0} and {1}").format(low, high), OutOfRangeError)
	return number


def year(value, label: str = "Year") -> int:
	return integer(value, label, YEAR_MIN, YEAR_MAX)


def month(value, label: str = "Month", allow_zero: bool = False) -> int:
	return integer(value, label, 0 if allow_zero else 1, 12)


def flag(value, label: str) -> int:
	if value in (None, "", 0, 1, "0", "1", True, False):
		return int(bool(value) and value != "0")
	_refuse(label, value, _("0 or 1"))


def date(value, label: str = "Date") -> datetime.date:
	if not isinstance(value, str | datetime.date) or (isinstance(value, str) and len(value) > 30):
		_refuse(label, value, _("a date is needed"))
	try:
		day = getdate(value)
	except Exception:
		_refuse(label, value, _("a date is needed"))
	if not YEAR_MIN <= day.year <= YEAR_MAX:
		_refuse(label, value, _("between {0} and {1}").format(YEAR_MIN, YEAR_MAX), OutOfRangeError)
	return day


def month_date(value, label: str = "Month") -> datetime.date:
	"""A month given as 'YYYY-MM' or as any day of it: its first day."""
	if isinstance(value, str) and len(value.strip()) == 7:
		value = value.strip() + "-01"
	day = date(value, label)
	return day.replace(day=1)


def text(value, label: str, max_length: int = TEXT_MAX) -> str:
	if isinstance(value, int | float) and not isinstance(value, bool):
		value = str(value)
	if not isinstance(value, str) or len(value) > max_length:
		_refuse(label, value, _("plain text of at most {0} characters").format(max_length))
	return value


def json_filters(value, label: str = "Filters") -> dict:
	"""The filters a number card or dashboard chart sends, as {field: value}: JSON text or a dict, or
	[doctype, field, operator, value] rows; anything else is refused."""
	if not value:
		return {}
	try:
		value = frappe.parse_json(value)
	except ValueError:
		value = None
	if isinstance(value, dict):
		return value
	if isinstance(value, list):
		return {f[1]: f[3] for f in value if isinstance(f, list | tuple) and len(f) > 3}
	text(value, label, 0)  # neither: refused
	return {}


# --- report filters -------------------------------------------------------------------------------
#
# The app's script reports name their filters the same way; each name has one kind. A filter of
# another name must be plain short text (a Select's value).

FILTER_KINDS = {
	"organization": "organization",
	"branch": "organization",
	"year": "year",
	"month": "month",
	"from_month": "month_date",
	"to_month": "month_date",
	"from_date": "date",
	"to_date": "date",
	"on": "date",
	"as_on": "date",
	"min_months": "count",
	**{
		f: "flag"
		for f in (
			"include_zero",
			"group_by_category",
			"show_all",
			"branches_only",
			"behind_only",
			"arrears_only",
		)
	},
}


FILTER_LABELS = {
	"organization": "Organization",
	"branch": "Branch",
	"from_month": "From Month",
	"to_month": "To Month",
	"as_on": "As On Date",
	"on": "As On Date",
	"min_months": "At Least Months Unpaid",
}


def report_filters(filters) -> frappe._dict:
	"""The filters of an app report, checked and converted; raises on the first bad one."""
	if isinstance(filters, str):
		try:
			filters = json.loads(filters or "{}")
		except ValueError:
			_refuse("Filters", filters, _("not readable"))
	if filters is None:
		filters = {}
	if not isinstance(filters, dict):
		_refuse("Filters", filters, _("not readable"))
	checked = frappe._dict()
	for key, value in filters.items():
		if value in (None, "") or key.startswith("_"):
			checked[key] = value
			continue
		label = FILTER_LABELS.get(key) or key.replace("_", " ").title()
		kind = FILTER_KINDS.get(key)
		if kind == "organization":
			checked[key] = organization(value, label)
		elif kind == "year":
			checked[key] = year(value, label)
		elif kind == "month":
			checked[key] = month(value, label)
		elif kind == "date":
			checked[key] = date(value, label).isoformat()
		elif kind == "month_date":
			checked[key] = month_date(value, label).isoformat()
		elif kind == "flag":
			checked[key] = flag(value, label)
		elif kind == "count":
			checked[key] = integer(value, label, 0, 1200)
		elif isinstance(value, bool) or value in (0, 1, "0", "1"):
			checked[key] = value
		else:
			checked[key] = text(value, label)
	return checked
