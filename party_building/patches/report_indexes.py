"""Indexes that doctypes' on_doctype_update added after a site was installed (Frappe runs it only when
the doctype itself changes): the fund summary's covering index of the expenses, the 党课 index of the
activities, the rectification progress report's covering index of the items."""

from party_building.party_building.doctype.party_activity import party_activity
from party_building.party_building.doctype.party_work_fund_expense import party_work_fund_expense
from party_building.party_building.doctype.rectification_item import rectification_item


def execute():
	party_work_fund_expense.on_doctype_update()
	party_activity.on_doctype_update()
	rectification_item.on_doctype_update()
