"""我的组织生活: the meetings of my branch and party group, my attendance and leave, my yearly rate."""

from frappe import _
from frappe.utils import getdate, today

from party_building.portal import service

no_cache = 1


def get_context(context):
	context.title = _("My Meetings")
	context.tab = "meetings"
	context.member = service.page_member("party/meetings")
	if context.member:
		context.update(service.meetings_overview(context.member, getdate(today()).year))
	return context
