"""The app's whitelisted functions and document methods, as HTTP endpoints: each is decorated with
`guarded` below @frappe.whitelist(), so a malformed request gets a Chinese 4xx, never a 500."""

import functools
import inspect

import frappe
from frappe import _

from party_building.core.errors import BadArgumentError

# --- every whitelisted function of the app ---------------------------------------------------------

# MariaDB errors that only a malformed request causes: unknown column or syntax in client-sent
# filters, a value too long or out of range for its column, a wrong value for its type
REQUEST_DB_ERRORS = {1054, 1064, 1264, 1292, 1366, 1406}


def guarded(fn):
	"""Below @frappe.whitelist() on every function and document method the app exposes: a missing
	argument, or a value that cannot be read (a text where a list is expected, JSON that is not JSON,
	a filter on a column that does not exist), is answered with a Chinese 417 naming the arguments,
	never a 500 with a traceback. Errors the app raises itself pass unchanged."""
	signature = inspect.signature(fn)
	params = [p for p in signature.parameters.values() if p.name != "self"]
	required = [
		p.name for p in params if p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
	]

	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		given = set(list(signature.parameters)[: len(args)]) | set(kwargs)
		missing = [name for name in required if name not in given]
		if missing:
			frappe.throw(
				_("The request lacks {0}").format(", ".join(missing)),
				BadArgumentError,
				title=_("Invalid Value"),
			)
		try:
			return fn(*args, **kwargs)
		except Exception as e:
			if not is_request_error(e):
				raise
			frappe.throw(
				_("The request could not be read: check the values of {0}").format(
					", ".join(k for k in kwargs if k not in ("cmd",)) or "-"
				),
				BadArgumentError,
				title=_("Invalid Value"),
			)

	return wrapper


def is_request_error(e: Exception) -> bool:
	"""Is this an error a malformed request causes (and not one the app or Frappe raised on purpose)?"""
	if hasattr(e, "http_status_code") or isinstance(e, frappe.ValidationError):
		return False  # Frappe's own exceptions carry their status and message
	if isinstance(e, TypeError | ValueError | KeyError | AttributeError | OverflowError | IndexError):
		return True
	code = e.args[0] if e.args and isinstance(e.args[0], int) else None
	return code in REQUEST_DB_ERRORS
