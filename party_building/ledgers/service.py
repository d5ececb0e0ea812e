"""Frappe-side helpers of the ledgers: who counts as the upper level, the close-out reason,
bulk entry of a plan's tasks, the daily overdue job and reminders. The rules with numbers live in
ledger_rules.py; member points in points.py.
"""

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.core import arguments
from party_building.core.access import is_upper_level
from party_building.core.endpoint import guarded
from party_building.core.errors import UpperLevelOnlyError
from party_building.ledgers import rules


def require_upper_level(organization: str, what: str) -> None:
	if not is_upper_level(organization):
		frappe.throw(
			_("Only the upper-level organization of {0} may {1}; {2} cannot").format(
				organization, what, frappe.session.user
			),
			UpperLevelOnlyError,
			title=_("Upper Level Only"),
		)


@frappe.whitelist()
@guarded
def set_pending_reason(name: str, reason: str) -> None:
	"""The upper level's reason for returning or reopening a rectification item, stored just before the
	workflow action (Frappe's apply_workflow reloads the document, so the reason must be saved first)."""
	doc = frappe.get_doc("Rectification Item", name)
	doc.check_permission("read")
	require_upper_level(doc.organization, _("return or reopen a rectification item"))
	frappe.db.set_value(
		"Rectification Item", name, "pending_reason", (reason or "").strip(), update_modified=False
	)


# --- work tasks -------------------------------------------------------------------------------


PLAN_TEXT_MAX = 100_000  # a yearly plan pasted whole is a few thousand characters


@frappe.whitelist()
@guarded
def create_tasks_from_plan(
	organization: str,
	year: int,
	text: str,
	deadline: str | None = None,
	responsible: str | None = None,
) -> list[str]:
	"""Enter a yearly plan's tasks in one go: one Work Task per numbered item of the pasted text."""
	arguments.organization(organization, officer=True)
	year = arguments.year(year)
	text = arguments.text(text, "Plan Text", PLAN_TEXT_MAX)
	if deadline:
		deadline = arguments.date(deadline, "Deadline")
	tasks = rules.parse_plan(text)
	if not tasks:
		frappe.throw(_("No tasks found in the text"), title=_("Nothing to Create"))
	names = []
	for task in tasks:
		doc = frappe.get_doc(
			{
				"doctype": "Work Task",
				"organization": organization,
				"year": year,
				"title": task["title"],
				"description": task["description"],
				"category": task["category"],
				"plan_number": task["number"],
				"deadline": deadline or None,
				"responsible": responsible or None,
			}
		)
		doc.insert()
		names.append(doc.name)
	return names


# --- the daily job ----------------------------------------------------------------------------


def refresh_overdue_flags(on=None) -> None:
	"""Keep the stored overdue flags (for list filters and cards) in step with the calendar."""
	on = getdate(on or today())
	for doctype, done in (
		("Rectification Item", ("workflow_state", rules.CLOSED_OUT)),
		("Work Task", ("status", rules.DONE)),
	):
		table = frappe.qb.DocType(doctype)
		done_col, done_value = table[done[0]], done[1]
		late = (table.deadline < on) & (done_col != done_value)
		frappe.qb.update(table).set(table.overdue, 1).where(late & (table.overdue == 0)).run()
		frappe.qb.update(table).set(table.overdue, 0).where(~late & (table.overdue == 1)).run()


def remind_overdue_rectifications(on=None) -> int:
	"""Tell the owner, the branch's secretaries and the upper level once about each overdue problem."""
	from party_building.core.reminders import remind, secretaries_of, upper_level_of

	on = getdate(on or today())
	items = frappe.get_all(
		"Rectification Item",
		filters={"deadline": ("<", on), "workflow_state": ("!=", rules.CLOSED_OUT)},
		fields=["name", "organization", "title", "deadline", "responsible"],
	)
	sent = 0
	for item in items:
		recipients = [
			item.responsible,
			*secretaries_of(item.organization),
			*upper_level_of(item.organization),
		]
		sent += remind(
			f"rectification-overdue:{item.name}:{item.deadline}",
			recipients,
			_("Rectification overdue: {0}").format(item.title),
			_("The problem {0} of {1} was due for rectification on {2} and is not closed out.").format(
				item.title, item.organization, item.deadline
			),
			"Rectification Overdue",
			"Rectification Item",
			item.name,
			item.organization,
		)
	return sent
