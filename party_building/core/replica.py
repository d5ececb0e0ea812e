"""Reads on a MariaDB replica, when the site has one.

A site reads from a replica when its site_config.json says so (Frappe v15's settings):

    "read_from_replica": 1, "replica_host": "10.0.0.12", "replica_db_port": 3306

(`different_credentials_for_replica` with `replica_db_name` / `replica_db_password` when the replica's
account differs). Frappe already sends its report and list endpoints there (`frappe.read_only()` on
`frappe.desk.query_report.run`, `frappe.desk.reportview.get` …); this module adds the rest:

- `reading()`: a block whose queries go to the replica. Frappe's decorator switches to the replica
  only once per `frappe.local`: switching back it leaves `local.replica_db` and `local.primary_db`
  behind and takes them, the next time, for "already on the replica", so a second report in the same
  process (a background job, the benchmark) silently reads the primary. `reading()` can be entered any
  number of times, nests (inside it, and inside Frappe's decorator, it changes nothing) and always
  returns to the primary with the replica's connection closed.
- `read_only`: the decorator for the app's own read endpoints (the onboarding export, chart sources,
  number cards); the app's script reports run in `reading()` whichever way they are called
  (core.report_runner), prepared reports in the background included.

Without a replica configured both do nothing. A replica lags the primary by the time it takes to apply
a transaction (milliseconds on a local network): a report may miss what was saved that instant, which
is why forms, saves and their checks never read here. Writes inside a block would go to the replica;
a replica runs with `read_only=1`, so such a mistake fails instead of forking the data.
"""

import contextlib
import functools

import frappe


def configured() -> bool:
	"""Does the site read from a replica (site_config `read_from_replica` and `replica_host`)?"""
	conf = getattr(frappe.local, "conf", None) or {}
	return bool(conf.get("read_from_replica") and conf.get("replica_host"))


def on_replica() -> bool:
	"""Are this request's queries going to the replica right now?"""
	replica = getattr(frappe.local, "replica_db", None)
	return replica is not None and getattr(frappe.local, "db", None) is replica


@contextlib.contextmanager
def reading():
	"""Run the block's queries on the replica (nothing changes without one, or inside another block)."""
	if not configured() or on_replica():
		yield
		return
	forget_replica()  # what an earlier frappe.read_only() left behind
	frappe.connect_replica()
	local = frappe.local
	try:
		yield
	finally:
		replica, local.db = local.replica_db, local.primary_db
		forget_replica()
		replica.close()


def forget_replica() -> None:
	for name in ("replica_db", "primary_db"):
		if hasattr(frappe.local, name):
			delattr(frappe.local, name)


def read_only(fn):
	"""Decorate a read endpoint (below @frappe.whitelist() and @guarded): it reads on the replica."""

	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		with reading():
			return fn(*args, **kwargs)

	return wrapper
