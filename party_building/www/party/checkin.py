"""签到: the member checks in to a meeting with the code the secretary shows (scanned or typed)."""

from frappe import _
from frappe.utils import getdate, today

from party_building.portal import service

no_cache = 1


def get_context(context):
	context.title = _("Check In")
	context.tab = "checkin"
	context.member = service.page_member("party/checkin")
	if context.member:
		overview = service.meetings_overview(context.member, getdate(today()).year)
		context.open_meetings = [m for m in overview["upcoming"] + overview["past"] if m.checkin_open]
	return context
