"""我的党费: this year's monthly amount and its tier, months paid and unpaid, arrears, payments, the 党费证."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from party_building.portal import service

no_cache = 1


def get_context(context):
	context.title = _("My Dues")
	context.tab = "dues"
	context.member = service.page_member("party/dues")
	if context.member:
		this_year = getdate(today()).year
		try:
			year = int(frappe.form_dict.get("year") or this_year)
		except ValueError:
			year = this_year
		year = year if this_year - 10 <= year <= this_year else this_year
		context.update(service.dues_overview(context.member, year))
		context.this_year = this_year
	return context
