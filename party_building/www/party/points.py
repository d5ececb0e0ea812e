"""我的积分: the member's points this year by category, each entry with its source, their place in the branch."""

from frappe import _
from frappe.utils import getdate, today

from party_building.portal import service

no_cache = 1


def get_context(context):
	context.title = _("My Points")
	context.tab = "points"
	context.member = service.page_member("party/points")
	if context.member:
		context.update(service.points_overview(context.member, getdate(today()).year))
	return context
