"""The member changes their password (the first one a secretary gave must be changed)."""

import frappe
from frappe import _

from party_building.portal import service

no_cache = 1


def get_context(context):
	context.title = _("Change Password")
	context.member = service.page_member("party/password")
	context.allow_no_member = True
	context.must_change = service.must_change_password(frappe.session.user)
	return context
