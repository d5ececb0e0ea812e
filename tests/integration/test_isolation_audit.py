"""The isolation audit: every whitelisted method of Frappe and of the app that takes a doctype (and a
document name), probed over HTTP against every app doctype that belongs to an organization.

A demo county (审计县) is built and committed. In branch A one record of every isolated doctype gets a
marker (a unique text in one of its text fields) and a private file. Then, as branch B's secretary and
as a plain member of B, every method is called with A's records: the answer must contain no marker,
no name of A's records where the request did not name them, no file content, and A's records must be
unchanged afterwards. A's secretary and the county's administrator are the control: they do see the
markers. The methods and doctypes are found, not listed: a new doctype or endpoint is probed without
editing this test. The matrix (methods × doctypes) is written to test-artifacts/isolation-audit.txt
and printed at the end of the run.
"""

import ast
import json
import uuid
from pathlib import Path

import frappe
import pytest

from party_building.core import access
from party_building.demo import DEMO_PASSWORD, County
from party_building.organization.service import subtree
from tests.integration.live import (
	branch_secretaries,
	committed_demo,
	give_member_a_login,
	login,
	served_site,
)

COUNTY = County("审计县")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DOCTYPE_PARAMS = ("doctype", "dt", "reference_doctype", "ref_doctype")
NAME_PARAMS = ("name", "docname", "dn", "doc_name", "reference_name")
LIST_NAME_PARAMS = ("names", "docnames", "items")
TEXT_FIELD_TYPES = ("Data", "Small Text", "Text", "Long Text", "Text Editor")
# methods that cannot take part: they log the caller out, stream events or need a file upload
SKIPPED = {
	"frappe.auth.get_logged_user",
	"frappe.handler.logout",
	"frappe.handler.upload_file",
	"frappe.realtime.can_subscribe_doc",
}


def whitelisted_methods() -> list[tuple[str, list[str]]]:
	"""(dotted path, parameter names) of every @frappe.whitelist function of Frappe and the app that
	takes a doctype: read from the source, so nothing has to be imported or listed by hand."""
	found = []
	for package in ("frappe", "party_building"):
		root = Path(frappe.get_app_path(package)).parent
		for path in Path(frappe.get_app_path(package)).rglob("*.py"):
			if "test" in path.name or "/tests/" in str(path) or "/patches/" in str(path):
				continue
			try:
				tree = ast.parse(path.read_text(encoding="utf-8"))
			except (SyntaxError, UnicodeDecodeError):
				continue
			module = ".".join(path.relative_to(root).with_suffix("").parts)
			for node in tree.body:
				if not isinstance(node, ast.FunctionDef) or not any(
					"whitelist" in ast.unparse(d) for d in node.decorator_list
				):
					continue
				params = [a.arg for a in node.args.args + node.args.kwonlyargs]
				if any(p in DOCTYPE_PARAMS for p in params) and f"{module}.{node.name}" not in SKIPPED:
					found.append((f"{module}.{node.name}", params))
	return sorted(found)


def arguments(params: list[str], doctype: str, record: frappe._dict) -> dict:
	"""The call: A's record wherever the method takes a document, B's view of it everywhere else."""
	args = {}
	for p in params:
		if p in DOCTYPE_PARAMS:
			args[p] = doctype
		elif p in NAME_PARAMS:
			args[p] = record.name
		elif p in LIST_NAME_PARAMS:
			args[p] = json.dumps([record.name])
		elif p in ("filters", "current_filters"):
			args[p] = json.dumps({"name": record.name})
		elif p == "fields":
			args[p] = json.dumps(["*"])
		elif p == "fieldname":
			args[p] = record.field
		elif p in ("txt", "text", "search_text", "query_text"):
			args[p] = record.marker
		elif p == "field":
			args[p] = "owner"
		elif p == "ignore_user_permissions":
			args[p] = 1
		elif p == "file_format_type":
			args[p] = "CSV"
		elif p == "add":
			args[p] = "Yes"  # a like, an assignment: a write the caller may not make
	return args


def text_field(doctype: str) -> str | None:
	meta = frappe.get_meta(doctype)
	title = meta.get_field(meta.title_field) if meta.title_field else None
	for f in [title, *meta.fields]:
		if f and f.fieldtype in TEXT_FIELD_TYPES and not f.unique and f.fieldname != "naming_series":
			return f.fieldname
	return None


def place_marker(doctype: str, name: str, marker: str) -> tuple[str, str, str]:
	"""Write the marker into a text field of the record, or of its first child row; returns where."""
	field = text_field(doctype)
	if field:
		frappe.db.set_value(doctype, name, field, marker, update_modified=False)
		return doctype, name, field
	for table in frappe.get_meta(doctype).get_table_fields():
		field = text_field(table.options)
		row = frappe.db.get_value(table.options, {"parent": name, "parenttype": doctype}, "name")
		if field and row:
			frappe.db.set_value(table.options, row, field, marker, update_modified=False)
			return table.options, row, field
	return None  # no text anywhere: the caller marks a number instead


def place_number_marker(doctype: str, name: str) -> tuple[tuple[str, str, str], str]:
	"""A record without text (e.g. a yearly tally) carries a number no other record has."""
	number = str(7_000_000 + uuid.uuid4().int % 999_999)
	for f in frappe.get_meta(doctype).fields:
		if f.fieldtype in ("Int", "Float", "Currency") and not f.read_only_depends_on:
			frappe.db.set_value(doctype, name, f.fieldname, int(number), update_modified=False)
			return (doctype, name, f.fieldname), number
	raise AssertionError(f"{doctype} {name} has no field to carry the audit marker")


@pytest.fixture(scope="module")
def county():
	"""The committed demo county with a marker in one record of each isolated doctype in branch A."""
	records = {}
	with committed_demo(COUNTY, seed=5) as summary:
		try:
			yield build_audit_world(summary, records)
		finally:
			frappe.db.rollback()
			for record_doctype, record in records.items():
				frappe.db.delete(
					"File", {"attached_to_doctype": record_doctype, "attached_to_name": record.name}
				)
			frappe.db.commit()


def build_audit_world(summary: dict, records: dict) -> frappe._dict:
	(a, a_secretary), (b, b_secretary) = branch_secretaries(COUNTY)[:2]
	users = frappe._dict(
		b_secretary=b_secretary,
		a_secretary=a_secretary,
		admin=COUNTY.admin_user,
		b_member=f"audit.member@{COUNTY.domain}",
	)
	give_member_a_login(b, users.b_member, "审计党员")  # a plain member of B with a login of their own

	# a reminder the app sent to A (the demo sends none: reminders are the daily jobs' work)
	from party_building.core.reminders import remind

	remind(f"audit:{a}", [users.a_secretary], "审计提醒", "审计提醒", "Audit", "Party Organization", a, a)
	b_orgs = set(subtree(b))
	a_orgs = set(subtree(a))
	county = set(subtree(COUNTY.root))
	for doctype in access.isolated_doctypes():
		fields = access.scope_fields(doctype)
		candidates = frappe.get_all(  # the audit county's records only (the site may hold other counties)
			doctype,
			fields=["name", *[f for f in fields if f != "name"]],
			or_filters={f: ("in", list(county)) for f in fields},
			limit=500,
		)
		# not B's: A's own when there is one, else another organization of the county (an upper level's)
		foreign = [
			r
			for r in candidates
			if any(r.get(f) in county for f in fields) and not any(r.get(f) in b_orgs for f in fields)
		]
		foreign.sort(key=lambda r: not any(r.get(f) in a_orgs for f in fields))
		if not foreign:
			continue
		record = frappe._dict(name=foreign[0].name, marker=f"审计标记{uuid.uuid4().hex[:10]}")
		record.in_a = any(foreign[0].get(f) in a_orgs for f in fields)
		record.place = place_marker(doctype, record.name, record.marker)
		if not record.place:
			record.place, record.marker = place_number_marker(doctype, record.name)
		record.field = record.place[2] if record.place[0] == doctype else "name"
		record.modified = frappe.db.get_value(doctype, record.name, "modified")
		record.liked_assigned = frappe.db.get_value(doctype, record.name, ["_liked_by", "_assign"])
		content = f"审计文件{uuid.uuid4().hex[:10]}"
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"audit-{uuid.uuid4().hex[:8]}.txt",
				"content": content,
				"is_private": 1,
				"attached_to_doctype": doctype,
				"attached_to_name": record.name,
			}
		).insert(ignore_permissions=True)
		record.file_url, record.file_content = file.file_url, content
		records[doctype] = record
	frappe.db.commit()
	frappe.cache.delete_value("user_permissions")
	return frappe._dict(summary=summary, a=a, b=b, users=users, records=records)


@pytest.fixture(scope="module")
def site():
	with served_site() as url:
		yield url


def test_every_isolated_doctype_has_a_record_in_branch_a(county):
	missing = sorted(set(access.isolated_doctypes()) - set(county.records))
	assert not missing, f"the demo leaves no record of these doctypes outside branch B to probe: {missing}"
	in_a = sorted(d for d, r in county.records.items() if not r.in_a)
	assert in_a == ["Branch Assessment Template", "Development Plan"], in_a  # the upper levels own these
	assert len(county.records) >= 15


def readable(response) -> str:
	"""The answer as text a marker can be found in (JSON escapes Chinese as \\uXXXX)."""
	try:
		return json.dumps(response.json(), ensure_ascii=False, default=str)
	except ValueError:
		return response.text


def probe(session, url: str, method: str, args: dict):
	response = session.post(f"{url}/api/method/{method}", data=args, timeout=60)
	return response.status_code, readable(response)


def leaks(text: str, record, params: list[str]) -> list[str]:
	found = []
	if record.marker in text:
		found.append("marker")
	if record.file_content in text:
		found.append("file")
	named = any(p in NAME_PARAMS + LIST_NAME_PARAMS + ("filters", "current_filters") for p in params)
	if not named and record.name in text:
		found.append("name")
	return found


@pytest.mark.parametrize("who", ["b_secretary", "b_member"])
def test_no_endpoint_shows_branch_a_to_branch_b(county, site, who):
	session = login(site, county.users[who], DEMO_PASSWORD)
	methods = whitelisted_methods()
	assert len(methods) > 50  # Frappe's and the app's, found in the source
	matrix: dict[str, dict[str, str]] = {}
	found = []
	for method, params in methods:
		row = matrix.setdefault(method, {})
		for doctype, record in county.records.items():
			status, text = probe(session, site, method, arguments(params, doctype, record))
			bad = leaks(text, record, params) if status < 400 else []
			row[doctype] = "LEAK:" + "+".join(bad) if bad else str(status)
			if bad:
				found.append(f"{method} {doctype}: {bad} ({status}) {text[:200]}")
	# the pages that are not whitelisted methods: print view, PDF, the desk's form route, the file itself
	for doctype, record in county.records.items():
		pages = {
			"/printview": ("get", f"{site}/printview", {"doctype": doctype, "name": record.name}),
			"download_pdf": (
				"get",
				f"{site}/api/method/frappe.utils.print_format.download_pdf",
				{"doctype": doctype, "name": record.name},
			),
			"/api/resource": ("get", f"{site}/api/resource/{doctype}/{record.name}", {}),
			"/private/files": ("get", f"{site}{record.file_url}", {}),
		}
		for label, (verb, address, params) in pages.items():
			response = getattr(session, verb)(address, params=params, timeout=60)
			text = readable(response) if "pdf" not in response.headers.get("content-type", "") else "%PDF"
			bad = [
				k
				for k in ("marker", "file")
				if (record.marker if k == "marker" else record.file_content) in text
			]
			if label in ("download_pdf",) and response.status_code == 200 and text == "%PDF":
				bad.append("pdf")
			matrix.setdefault(label, {})[doctype] = (
				"LEAK:" + "+".join(bad) if bad else str(response.status_code)
			)
			if bad:
				found.append(f"{label} {doctype}: {bad} ({response.status_code})")
	write_matrix(who, matrix, county.records)
	# nothing of A's was changed by any call
	for doctype, record in county.records.items():
		place_doctype, place_name, field = record.place
		assert (
			str(frappe.db.get_value(place_doctype, place_name, field)).removesuffix(".0") == record.marker
		), (
			doctype,
			who,
		)
		assert frappe.db.get_value(doctype, record.name, "modified") == record.modified, (doctype, who)
		assert frappe.db.get_value(doctype, record.name, ["_liked_by", "_assign"]) == record.liked_assigned
		assert not frappe.db.exists(
			"Comment",
			{"reference_doctype": doctype, "reference_name": record.name, "owner": county.users[who]},
		), (doctype, who)
	assert not found, "\n".join(found)


def test_branch_a_and_the_county_admin_do_see_branch_a(county, site):
	for who in ("a_secretary", "admin"):
		session = login(site, county.users[who], DEMO_PASSWORD)
		assert session.get(f"{site}/app", timeout=60).status_code == 200, who  # the desk boots for them
		for doctype, record in county.records.items():
			if who == "a_secretary" and not record.in_a:
				continue  # an upper level's record (the development plan): the county admin's check
			response = session.get(
				f"{site}/api/method/frappe.desk.form.load.getdoc",
				params={"doctype": doctype, "name": record.name},
				timeout=60,
			)
			assert response.ok and record.marker in readable(response), (who, doctype, response.status_code)
			listed = session.get(
				f"{site}/api/method/frappe.client.get_count",
				params={"doctype": doctype, "filters": json.dumps({"name": record.name})},
				timeout=60,
			)
			assert listed.json()["message"] == 1, (who, doctype, listed.text[:200])
			file = session.get(f"{site}{record.file_url}", timeout=60)
			assert file.ok and record.file_content in file.text, (who, doctype, file.status_code)


def write_matrix(who: str, matrix: dict[str, dict[str, str]], records: dict) -> None:
	doctypes = sorted(records)
	lines = [f"Isolation audit as {who}: {len(matrix)} endpoints × {len(doctypes)} doctypes", ""]
	lines.append("endpoint".ljust(72) + " ".join(f"{i:>4}" for i in range(1, len(doctypes) + 1)))
	for method in sorted(matrix):
		cells = [matrix[method].get(d, "-") for d in doctypes]
		shown = ["LEAK" if c.startswith("LEAK") else c for c in cells]
		lines.append(method[:71].ljust(72) + " ".join(f"{c:>4}" for c in shown))
	lines.append("")
	lines += [f"{i:>4} {d}" for i, d in enumerate(doctypes, 1)]
	leaks_total = sum(c.startswith("LEAK") for row in matrix.values() for c in row.values())
	lines.append(f"\n{sum(len(r) for r in matrix.values())} probes, {leaks_total} leaks")
	ARTIFACTS.mkdir(exist_ok=True)
	(ARTIFACTS / f"isolation-audit-{who}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_reports_cards_and_assignments_show_nothing_of_branch_a(county, site):
	"""What carries the doctype inside another argument: every script report of the app asked about A,
	the workspace's number cards and charts, and assigning A's records to oneself."""
	session = login(site, county.users.b_secretary, DEMO_PASSWORD)
	a_members = frappe.get_all("Party Member", filters={"branch": ("in", subtree(county.a))}, pluck="name")
	secrets = [r.marker for r in county.records.values()] + a_members
	assert a_members
	found = []

	def check(label: str, response) -> None:
		text = readable(response)
		shown = [s for s in secrets if s in text]
		if response.status_code < 400 and shown:
			found.append(f"{label}: {shown[:3]}")

	reports = frappe.get_all(
		"Report", filters={"module": "Party Building", "report_type": "Script Report"}, pluck="name"
	)
	assert len(reports) >= 10
	for report in reports:
		for filters in ({"organization": county.a}, {}):
			response = session.post(
				f"{site}/api/method/frappe.desk.query_report.run",
				data={"report_name": report, "filters": json.dumps(filters)},
				timeout=120,
			)
			check(f"report {report} {filters}", response)
	for card in frappe.get_all("Number Card", filters={"module": "Party Building"}, pluck="name"):
		response = session.post(
			f"{site}/api/method/frappe.desk.doctype.number_card.number_card.get_result",
			data={
				"doc": json.dumps(frappe.get_doc("Number Card", card).as_dict(), default=str),
				"filters": "[]",
			},
			timeout=60,
		)
		check(f"number card {card}", response)
	for chart in frappe.get_all("Dashboard Chart", filters={"module": "Party Building"}, pluck="name"):
		response = session.post(
			f"{site}/api/method/frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
			data={"chart_name": chart, "refresh": 1},
			timeout=60,
		)
		check(f"chart {chart}", response)
	for doctype, record in county.records.items():
		response = session.post(
			f"{site}/api/method/frappe.desk.form.assign_to.add",
			data={
				"doctype": doctype,
				"name": record.name,
				"assign_to": json.dumps([county.users.b_secretary]),
			},
			timeout=60,
		)
		if response.ok:
			found.append(f"assign_to.add {doctype}: accepted")
		assert not frappe.db.exists(
			"ToDo",
			{
				"reference_type": doctype,
				"reference_name": record.name,
				"allocated_to": county.users.b_secretary,
			},
		), doctype
	assert not found, "\n".join(found)
	# the control: the same reports do show A's members to the county's administrator
	admin = login(site, county.users.admin, DEMO_PASSWORD)
	shown = 0
	for report in reports:
		response = admin.post(
			f"{site}/api/method/frappe.desk.query_report.run",
			data={"report_name": report, "filters": json.dumps({"organization": county.a})},
			timeout=120,
		)
		shown += response.ok and any(s in readable(response) for s in secrets)
	assert shown >= 3, shown
