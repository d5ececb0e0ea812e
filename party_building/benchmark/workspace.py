"""The workspace 党建工作 as it opens in the desk: every /api/method call it makes, replayed through
Frappe's handler as the user (a fresh request each), their server times summed (issue 20, part 4).

The calls are the ones chromium records when the workspace opens (scripts: the desk as a branch
secretary and as the county admin; the list is the same for both): the sidebar, the page with its
figures (party_building.core.workspace.get_desktop_page: cards, charts, shortcut counts and the
dashboard settings in one answer) and the member meta the members-by-branch chart's filter reads.
The figures are cached per user and forgotten by the documents that change them: the timed runs
read them from the cache, as a user opening the workspace again does; the row "…: first opening"
times the same calls with the cache forgotten before each run.
"""

import json

import frappe
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from party_building.benchmark import fresh_request, measurement

TARGET_MS = 300
PAGE = {"name": "Party Building", "title": "Party Building", "public": 1}


def desk_calls() -> list[tuple[str, str, dict]]:
	"""(HTTP method, cmd, form) of each request the workspace makes when it opens in the desk."""
	return [
		("POST", "frappe.desk.desktop.get_workspace_sidebar_items", {}),
		("POST", "frappe.desk.desktop.get_desktop_page", {"page": json.dumps(PAGE)}),
		(
			"GET",
			"frappe.desk.form.load.getdoctype",
			{"doctype": "Party Member", "with_parent": "1", "cached_timestamp": cached_timestamp()},
		),
	]


def cached_timestamp() -> str:
	"""What the browser sends once it holds the member meta (its localStorage copy): the meta's
	modified time, answered "use_cache"."""
	return str(frappe.get_meta("Party Member").modified)


def replay(user: str) -> dict[str, object]:
	"""Each call of the workspace through frappe.handler.execute_cmd, as `user`, a fresh request
	each (the app's before_request hooks included); {cmd: answer}."""
	from frappe.handler import execute_cmd

	answers = {}
	for method, cmd, form in desk_calls():
		fresh_request(user)
		environ = EnvironBuilder(
			method=method,
			path=f"/api/method/{cmd}",
			data=form if method == "POST" else None,
			query_string=form if method == "GET" else None,
		).get_environ()
		frappe.local.request = Request(environ)
		frappe.local.form_dict = frappe._dict(form)
		frappe.local.response = frappe._dict({"docs": []})
		for hook in frappe.get_hooks("before_request"):
			frappe.get_attr(hook)()
		answers[cmd] = execute_cmd(cmd)
		if frappe.local.response.get("docs"):
			answers[cmd] = frappe.local.response.docs
	frappe.local.request = None
	return answers


def figures_shown(ctx, answers) -> bool:
	"""The page's answer holds every card, chart and the member shortcut count."""
	page = answers.get("frappe.desk.desktop.get_desktop_page") or {}
	figures = (page.get("party_building") or {}).get("figures") or {}
	return len(figures.get("cards") or {}) == 5 and len(figures.get("charts") or {}) == 2


def all_calls(ctx):
	return replay(frappe.session.user)


measurement("workspace, branch secretary: all calls", TARGET_MS, user="secretary", check=figures_shown)(
	all_calls
)
measurement("workspace, county admin: all calls", TARGET_MS, user="admin", check=figures_shown)(all_calls)
