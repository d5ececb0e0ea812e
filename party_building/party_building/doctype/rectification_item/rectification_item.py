# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime, today

from party_building.ledgers import rules
from party_building.ledgers.errors import (
	ClosedItemLockedError,
	CloseOutEvidenceMissingError,
	CloseOutResultMissingError,
	DeadlineBeforeFoundError,
	ReasonRequiredError,
)
from party_building.ledgers.service import require_upper_level

# what each move of the workflow is called in the item's history
ACTIONS = {
	(rules.TO_RECTIFY, rules.RECTIFYING): rules.START,
	(rules.RECTIFYING, rules.CLOSE_OUT_REQUESTED): rules.APPLY,
	(rules.CLOSE_OUT_REQUESTED, rules.CLOSED_OUT): rules.CLOSE,
	(rules.CLOSE_OUT_REQUESTED, rules.RECTIFYING): rules.RETURN,
	(rules.CLOSED_OUT, rules.RECTIFYING): rules.REOPEN,
}
# a closed item's content stays as it was approved
LOCKED_WHEN_CLOSED = (
	"organization",
	"source",
	"category",
	"found_on",
	"deadline",
	"description",
	"measures",
	"result",
)


class RectificationItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.rectification_event.rectification_event import (
			RectificationEvent,
		)
		from party_building.party_building.doctype.rectification_evidence.rectification_evidence import (
			RectificationEvidence,
		)

		category: DF.Literal[
			"Study and Implementation",
			"Inner-Party Political Life",
			"Developing New Members",
			"Dues Collection and Management",
			"Organization Setup and Elections",
			"Party Work Staff",
			"Party Building in All Fields",
			"Archives and Information",
		]
		closed_by: DF.Link | None
		closed_on: DF.Date | None
		closed_on_time: DF.Check
		deadline: DF.Date
		description: DF.SmallText
		evidence: DF.Table[RectificationEvidence]
		found_on: DF.Date
		from_meeting: DF.Link | None
		history: DF.Table[RectificationEvent]
		measures: DF.SmallText | None
		organization: DF.Link
		overdue: DF.Check
		pending_reason: DF.SmallText | None
		reopen_count: DF.Int
		responsible: DF.Link | None
		result: DF.SmallText | None
		source: DF.Literal[
			"Self-check", "Supervision", "Inspection Tour", "Appraisal of Duty Report", "Other"
		]
		title: DF.Data | None
		workflow_state: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.set_title()
		self.validate_deadline()
		self.validate_closed_item_unchanged()
		self.apply_transition()
		self.set_overdue()

	def set_title(self):
		text = " ".join((self.description or "").split())
		self.title = text if len(text) <= 40 else text[:39] + "…"

	def validate_deadline(self):
		if not rules.deadline_valid(getdate(self.found_on), getdate(self.deadline)):
			frappe.throw(
				_("The deadline {0} may not fall before the day the problem was found ({1})").format(
					self.deadline, self.found_on
				),
				DeadlineBeforeFoundError,
				title=_("Invalid Deadline"),
			)

	def states(self) -> tuple[str, str]:
		before = self.get_doc_before_save()
		old = (before.workflow_state if before else None) or rules.TO_RECTIFY
		return old, self.workflow_state or rules.TO_RECTIFY

	def validate_closed_item_unchanged(self):
		before = self.get_doc_before_save()
		if not before or self.states() != (rules.CLOSED_OUT, rules.CLOSED_OUT):
			return
		changed = [f for f in LOCKED_WHEN_CLOSED if str(before.get(f) or "") != str(self.get(f) or "")]
		if changed:
			frappe.throw(
				_("{0} is closed out; reopen it before changing {1}").format(
					self.name, ", ".join(_(self.meta.get_label(f)) for f in changed)
				),
				ClosedItemLockedError,
				title=_("Closed Out"),
			)

	def apply_transition(self):
		old, new = self.states()
		if old == new:
			return
		action = ACTIONS.get((old, new), "")
		if new == rules.CLOSE_OUT_REQUESTED:
			self.validate_close_out_application()
		elif new == rules.CLOSED_OUT:
			require_upper_level(self.organization, _("close out a rectification item"))
			self.closed_by = frappe.session.user
			self.closed_on = getdate(today())
			self.closed_on_time = rules.closed_on_time(getdate(self.deadline), self.closed_on)
		elif action in (rules.RETURN, rules.REOPEN):
			what = (
				_("return a rectification item")
				if action == rules.RETURN
				else _("reopen a rectification item")
			)
			require_upper_level(self.organization, what)
			if not (self.pending_reason or "").strip():
				frappe.throw(
					_("Give a reason to {0}").format(what), ReasonRequiredError, title=_("Reason Required")
				)
			if action == rules.REOPEN:
				self.reopen_count = (self.reopen_count or 0) + 1
				self.closed_by = self.closed_on = None
				self.closed_on_time = 0
		self.append(
			"history",
			{
				"action": action,
				"from_state": old,
				"to_state": new,
				"user": frappe.session.user,
				"event_on": now_datetime(),
				"reason": self.pending_reason if action in (rules.RETURN, rules.REOPEN) else None,
			},
		)
		self.pending_reason = None

	def validate_close_out_application(self):
		evidence = self.evidence_count()
		for problem in rules.close_out_problems(self.result, evidence):
			if problem is rules.CloseOutProblem.NO_RESULT:
				frappe.throw(
					_("Write the rectification result of {0} before applying for close-out").format(
						self.name
					),
					CloseOutResultMissingError,
					title=_("Result Required"),
				)
			frappe.throw(
				_("Attach at least one evidence file to {0} before applying for close-out").format(self.name),
				CloseOutEvidenceMissingError,
				title=_("Evidence Required"),
			)

	def evidence_count(self) -> int:
		"""Files attached to the item (in its evidence table or its attachments)."""
		if self.is_new():
			return 0
		return frappe.db.count("File", {"attached_to_doctype": self.doctype, "attached_to_name": self.name})

	def set_overdue(self):
		done = (self.workflow_state or rules.TO_RECTIFY) == rules.CLOSED_OUT
		self.overdue = rules.is_overdue(getdate(self.deadline), getdate(today()), done)


def on_doctype_update():
	# the progress report counts each organization's items (by category, state, deadline and close-out,
	# between found dates) from this index alone, without reading a row
	frappe.db.add_index(
		"Rectification Item",
		["organization", "category", "workflow_state", "deadline", "closed_on", "found_on"],
		index_name="progress",
	)
