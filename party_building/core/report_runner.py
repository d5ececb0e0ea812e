"""Frappe's Report, as the app runs it (override_doctype_class in hooks.py).

Three changes to how a script report runs, nothing else:
- the app's reports get their filters checked first (party_building.core.arguments.report_filters): a bad
  filter is a Chinese 4xx error before the report runs, never a traceback;
- a report that fails never switches to "prepared report" for everyone. Frappe starts a 15-second timer
  before running a report and cancels it only when the report returns, so a report that raised would
  be made a prepared report by the timer; here the timer is cancelled however the report ends;
- a script report reads on the site's MariaDB replica when it has one (party_building.core.replica),
  in the desk, in exports and as a prepared report in the background alike.
"""

import datetime
import threading

import frappe
from frappe import _
from frappe.core.doctype.report.report import Report, enable_prepared_report

from party_building.core.arguments import report_filters
from party_building.core.doctypes import APP_MODULE
from party_building.core.endpoint import is_request_error
from party_building.core.errors import BadArgumentError
from party_building.core.replica import reading

PREPARED_REPORT_AFTER_SECONDS = 15  # Frappe's threshold


class PartyReport(Report):
	def execute_script_report(self, filters):
		if self.module == APP_MODULE:
			filters = report_filters(filters)
		start = datetime.datetime.now()
		watcher = None
		if not self.prepared_report:
			watcher = threading.Timer(
				interval=PREPARED_REPORT_AFTER_SECONDS,
				function=enable_prepared_report,
				kwargs={"report": self.name, "site": frappe.local.site},
			)
			watcher.start()
		try:
			with reading():
				result = (
					self.execute_module(filters)
					if self.is_standard == "Yes"
					else self.execute_script(filters)
				)
		except Exception as e:
			if self.module != APP_MODULE or not is_request_error(e):
				raise
			frappe.throw(
				_("The report could not read its filters: check them"),
				BadArgumentError,
				title=_("Invalid Value"),
			)
		finally:
			if watcher:
				watcher.cancel()
		frappe.cache.hset(
			"report_execution_time", self.name, (datetime.datetime.now() - start).total_seconds()
		)
		return result
