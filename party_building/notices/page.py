"""党务公开: an organization's public page, /dangwu/<organization>, for anyone (no login).

A page renderer of its own (hooks.py page_renderer) rather than a www page: it reads one context
(notices.service.public_page: the organization's name, type, secretary and member counts, its published
公示 — current, then this year's archive —, its latest election results and last year's dues book) and
renders one self-contained template (templates/dangwu.html: no desk or website assets, phone first),
skipping the website's per-page context building, so the page costs a few milliseconds of server time.
"""

import frappe
from frappe import _
from frappe.website.page_renderers.base_renderer import BaseRenderer

from party_building.notices import service

PREFIX = "dangwu/"
TEMPLATE = "party_building/templates/dangwu.html"
HEADERS = {"Cache-Control": "no-cache", "X-Robots-Tag": "noindex"}


class PublicPage(BaseRenderer):
	def can_render(self) -> bool:
		return self.path.startswith(PREFIX) and "/" not in self.path[len(PREFIX) :]

	def render(self):
		organization = self.path[len(PREFIX) :].strip()
		page = service.public_page(organization) if 0 < len(organization) <= 140 else None
		frappe.local.lang = "zh"  # a page for the public of a Chinese county, whatever the site's default
		if not page:
			return self.build_response(
				frappe.render_template(TEMPLATE, {"title": _("No such organization"), "missing": True}),
				http_status_code=404,
				headers=HEADERS,
			)
		page["title"] = _("Party Affairs of {0}").format(page["organization"].name)
		html = frappe.render_template(TEMPLATE, page)
		return self.build_response(html, headers=HEADERS)
