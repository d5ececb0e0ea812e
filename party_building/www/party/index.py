"""我的: the member's home page on the portal (name, branch, category, 党龄, what needs doing now)."""

from frappe import _

from party_building.portal import service

no_cache = 1


def get_context(context):
	context.title = _("Party Members' Home")
	context.tab = "home"
	context.member = service.page_member("party")
	if context.member:
		context.update(service.home(context.member))
	return context
