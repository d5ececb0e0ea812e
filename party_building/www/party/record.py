"""我的档案: the member's register entry, read-only, and 信息更正 (corrections the secretary accepts)."""

from frappe import _

from party_building.portal import service

no_cache = 1


def get_context(context):
	context.title = _("My Record")
	context.tab = "home"
	context.member = service.page_member("party/record")
	if context.member:
		context.update(service.record_overview(context.member))
	return context
