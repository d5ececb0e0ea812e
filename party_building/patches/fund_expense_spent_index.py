"""The fund summary's covering index of the expenses (added by the doctype's on_doctype_update, which
a site installed before it never ran)."""

from party_building.party_building.doctype.party_work_fund_expense import party_work_fund_expense


def execute():
	party_work_fund_expense.on_doctype_update()
