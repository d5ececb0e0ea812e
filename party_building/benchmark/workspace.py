"""The workspace 党建工作 as it opens in the desk: every /api/method call it makes, replayed through
Frappe's handler as the user (a fresh request each), their server times summed (issue 20, part 4).

The calls are those chromium records when /app/party-building opens (the same list for a branch
secretary and the county admin), in order:

- the navbar's notifications and today's events (every desk page load makes them);
- the workspace sidebar, then the page: party_building.core.workspace.get_desktop_page brings the five
  number cards, the two charts, the member shortcut's count and the dashboard settings along, in one
  answer the widgets read instead of asking for each (public/js/workspace.js);
- the member meta the members-by-branch chart's filter and drawing read (asked once, no longer once
  for each; Frappe 15.56 answers the whole meta even when the browser holds a copy, comparing its
  datetime with the browser's text).

Left out: the route history the desk flushes every few seconds, whatever page is open.
The figures are cached per user and forgotten by the documents that change them: the timed runs
read them from the cache, as every opening after the first does (the warm-up runs fill it).
"""

import frappe
from frappe.utils import today
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from party_building.benchmark import fresh_request, measurement

TARGET_MS = 300
WORKSPACE = "Party Building"


def desk_calls(page: dict | None) -> list[tuple[str, str, dict]]:
	"""(HTTP method, cmd, form) of each request the workspace makes when it opens in the desk; `page`:
	the workspace as the sidebar's answer describes it (the desk sends it back to get its page)."""
	on = today()
	return [
		(
			"POST",
			"frappe.desk.doctype.notification_log.notification_log.get_notification_logs",
			{"limit": "20"},
		),
		("POST", "frappe.desk.doctype.event.event.get_events", {"start": on, "end": on}),
		("POST", "frappe.desk.desktop.get_workspace_sidebar_items", {}),
		("POST", "frappe.desk.desktop.get_desktop_page", {"page": frappe.as_json(page or {})}),
		(
			"GET",
			"frappe.desk.form.load.getdoctype",
			{"doctype": "Party Member", "with_parent": "1", "cached_timestamp": cached_timestamp()},
		),
	]


def cached_timestamp() -> str:
	"""What the browser sends once it holds the member meta (its localStorage copy): the doctype's
	modified time as text."""
	return str(frappe.db.get_value("DocType", "Party Member", "modified"))


def replay(user: str) -> dict[str, object]:
	"""Each call of the workspace through frappe.handler.execute_cmd, as `user`, a fresh request
	each (the app's before_request hooks included), as the desk makes them; {cmd: answer}."""
	from frappe.handler import execute_cmd

	answers: dict[str, object] = {}
	page = None
	for method, cmd, form in desk_calls(None):
		if cmd == "frappe.desk.desktop.get_desktop_page":
			form = desk_calls(page)[3][2]
		fresh_request(user)
		builder = EnvironBuilder(
			method=method,
			path=f"/api/method/{cmd}",
			data=form if method == "POST" else None,
			query_string=form if method == "GET" else None,
		)
		frappe.local.request = Request(builder.get_environ())
		frappe.local.form_dict = frappe._dict(form)
		frappe.local.response = frappe._dict({"docs": []})
		for hook in frappe.get_hooks("before_request"):
			frappe.get_attr(hook)()
		answer = execute_cmd(cmd)
		answers[cmd] = frappe.local.response.get("message") if answer is None else answer
		if cmd == "frappe.desk.desktop.get_workspace_sidebar_items":
			page = next(p for p in answers[cmd]["pages"] if p.get("name") == WORKSPACE)
	del frappe.local.request  # as outside a request again
	frappe.local.form_dict = frappe._dict()
	return answers


def figures_shown(ctx, answers) -> bool:
	"""The page's answer holds every card, chart and the member shortcut count."""
	page = answers.get("frappe.desk.desktop.get_desktop_page") or {}
	figures = (page.get("party_building") or {}).get("figures") or {}
	shown = len(figures.get("cards") or {}) == 5 and len(figures.get("charts") or {}) == 2
	return shown and bool(figures.get("shortcuts"))


def all_calls(ctx):
	return replay(frappe.session.user)


measurement("workspace, branch secretary: all calls", TARGET_MS, user="secretary", check=figures_shown)(
	all_calls
)
measurement("workspace, county admin: all calls", TARGET_MS, user="admin", check=figures_shown)(all_calls)
