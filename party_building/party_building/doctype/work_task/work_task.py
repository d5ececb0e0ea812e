# Copyright (c) 2026, party_building developers
# For license information, please see license.txt

from frappe.model.document import Document
from frappe.utils import getdate, today

from party_building.ledgers import rules


class WorkTask(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from party_building.party_building.doctype.work_task_progress.work_task_progress import (
			WorkTaskProgress,
		)

		category: DF.Data | None
		completed_on: DF.Date | None
		deadline: DF.Date | None
		description: DF.Text | None
		organization: DF.Link
		overdue: DF.Check
		plan_number: DF.Int
		progress: DF.Table[WorkTaskProgress]
		responsible: DF.Link | None
		status: DF.Literal["Not Started", "In Progress", "Completed"]
		title: DF.Data
		year: DF.Int
	# end: auto-generated types

	def validate(self):
		self.set_year()
		self.set_status_from_progress()
		self.set_completed_on()
		self.set_overdue()

	def set_year(self):
		if not self.year:
			self.year = getdate(self.deadline or today()).year

	def set_status_from_progress(self):
		"""A task with progress notes has started."""
		if self.status == rules.NOT_STARTED and self.progress:
			self.status = rules.IN_PROGRESS

	def set_completed_on(self):
		if self.status == rules.DONE:
			self.completed_on = self.completed_on or getdate(today())
		else:
			self.completed_on = None

	def set_overdue(self):
		self.overdue = rules.is_overdue(
			getdate(self.deadline) if self.deadline else None, getdate(today()), self.status == rules.DONE
		)
