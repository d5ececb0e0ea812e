"""Hostile input over HTTP: no request to the app ends in a 5xx, and none writes anything.

A demo county (模糊县) is built and committed and served. As branch B's secretary (and as a plain member
of B), wrong types, unknown names, out-of-range numbers, markup and oversize strings are sent to:
- every whitelisted function of the app (found in the source: a new endpoint is fuzzed without
  editing this test), one argument at a time, the others sensible;
- every whitelisted method of the app's controllers, through Frappe's run_doc_method, on a made-up
  document naming a bad organization or another branch's;
- every filter of every script report of the app (found in the report's .js);
- REST inserts of every app doctype B's secretary may create, with one bad value per field.
Every answer must be below 500, and afterwards every app table holds the same rows as before and no
report has been switched to a prepared report.
"""

import ast
import json
import os
import re
import time
import uuid
from collections import Counter
from pathlib import Path

import frappe
import pytest
import requests

from party_building.demo import DEMO_PASSWORD, County
from party_building.organization.service import subtree
from tests.integration.live import (
	branch_secretaries,
	committed_demo,
	give_member_a_login,
	login,
	served_site,
	shown_message,
)

COUNTY = County("模糊县")
APP = Path(frappe.get_app_path("party_building"))
BAD = [
	"abc",
	"-1",
	"0",
	"99999",
	"13",
	"1e309",
	"[1, 2]",
	'{"a": 1}',
	"2026-13-45",
	"不存在的党组织",
	"<script>alert(1)</script>",
	"'; drop table `tabParty Member`; --",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
HUGE = "党" * 400_000  # 1.2 MB of UTF-8
SKIP = {"party_building.core.search.search"}  # global search: Frappe's own, takes only text


def whitelisted():
	"""(dotted path, params) of module-level functions and (doctype, method) of controller methods."""
	functions, methods = [], []
	root = APP.parent
	for path in APP.rglob("*.py"):
		if "/patches/" in str(path) or path.name.startswith("test"):
			continue
		tree = ast.parse(path.read_text(encoding="utf-8"))
		module = ".".join(path.relative_to(root).with_suffix("").parts)
		for node in tree.body:
			if isinstance(node, ast.FunctionDef) and any(
				"whitelist" in ast.unparse(d) for d in node.decorator_list
			):
				params = [a.arg for a in node.args.args + node.args.kwonlyargs]
				if f"{module}.{node.name}" not in SKIP:
					functions.append((f"{module}.{node.name}", params))
			if isinstance(node, ast.ClassDef) and "/doctype/" in str(path):
				for item in node.body:
					if isinstance(item, ast.FunctionDef) and any(
						"whitelist" in ast.unparse(d) for d in item.decorator_list
					):
						doctype = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["name"]
						methods.append((doctype, item.name))
	return sorted(functions), sorted(methods)


def report_filters():
	"""(report name, filter fieldnames) of every script report of the app, read from its .js."""
	found = []
	for js in (APP / "party_building" / "report").glob("*/*.js"):
		meta = json.loads(js.with_suffix(".json").read_text(encoding="utf-8"))
		if meta.get("report_type") == "Script Report":
			found.append((meta["name"], re.findall(r'fieldname:\s*"(\w+)"', js.read_text(encoding="utf-8"))))
	return sorted(found)


def snapshot() -> dict[str, tuple]:
	frappe.db.rollback()
	tables = {}
	for doctype in frappe.get_all(
		"DocType", filters={"module": "Party Building", "issingle": 0}, pluck="name"
	):
		tables[doctype] = tuple(frappe.db.sql(f"select count(*), max(modified) from `tab{doctype}`")[0])
	for doctype in ("File", "Comment", "User Permission", "ToDo"):
		tables[doctype] = (frappe.db.count(doctype),)
	return tables


@pytest.fixture(scope="module")
def county():
	with committed_demo(COUNTY, seed=9):
		(a, _a_secretary), (b, secretary) = branch_secretaries(COUNTY)[:2]
		member_user = f"fuzz.member@{COUNTY.domain}"
		member = give_member_a_login(b, member_user, "模糊党员")
		frappe.db.commit()
		a_members = frappe.get_all("Party Member", filters={"branch": ("in", subtree(a))}, pluck="full_name")
		yield frappe._dict(
			a=a, b=b, secretary=secretary, member_user=member_user, member=member, a_members=a_members
		)


@pytest.fixture(scope="module")
def site():
	with served_site() as url:
		yield url


def sensible(param: str, county) -> str | None:
	return {
		"organization": county.b,
		"year": "2026",
		"month": "11",
		"doctype": "Party Member",
		"reference_doctype": "Party Member",
		"dt": "Party Member",
		"txt": "a",
		"name": county.member,
		"docname": county.member,
		"text": "1. 学习党章",
		"filters": "{}",
		"reason": "补充材料",
		"deadline": "2026-12-31",
		"user": "nobody@example.com",
		"role": "Party Member",
	}.get(param)


def post(session, url: str, method: str, data: dict):
	return session.post(f"{url}/api/method/{method}", data=data, timeout=120)


def test_no_app_endpoint_or_report_answers_5xx_to_hostile_input(county, site):
	before = snapshot()
	prepared_before = set(
		frappe.get_all("Report", filters={"module": "Party Building", "prepared_report": 1}, pluck="name")
	)
	functions, methods = whitelisted()
	assert len(functions) >= 10 and len(methods) >= 4
	reports = report_filters()
	assert len(reports) >= 15
	failures, calls = [], 0
	created = Counter()  # what accepted calls wrote: the only change allowed
	for who in (county.secretary, county.member_user):
		session = login(site, who, DEMO_PASSWORD)
		for method, params in functions:
			base = {p: v for p in params if (v := sensible(p, county)) is not None}
			for param in params:
				for value in [*BAD, *([HUGE] if who == county.secretary else [])]:
					response = post(session, site, method, {**base, param: value})
					calls += 1
					if response.ok and method.endswith("create_tasks_from_plan"):
						created["Work Task"] += len(response.json()["message"])  # any text is a plan
					if response.status_code >= 500:
						failures.append(
							f"{who} {method}({param}={value[:30]!r}): {response.status_code} {response.text[:300]}"
						)
		for doctype, name in methods:
			for organization in [county.a, *BAD]:
				doc = {
					"doctype": doctype,
					"name": f"new-{frappe.scrub(doctype)}-1",
					"__islocal": 1,
					"docstatus": 0,
				}
				doc.update(organization=organization, year=2026)
				response = post(session, site, "run_doc_method", {"method": name, "docs": json.dumps(doc)})
				calls += 1
				if response.status_code >= 500:
					failures.append(
						f"{who} {doctype}.{name}(organization={organization!r}): {response.status_code} {response.text[:300]}"
					)
				shown = [m for m in county.a_members if m in response.text]
				if shown:
					failures.append(f"{who} {doctype}.{name} on branch A shows A's members: {shown[:3]}")
		if who != county.secretary:
			continue
		for report, fields in reports:
			for field in fields:
				for value in [*BAD, "[]", "{}", HUGE]:
					filters = json.dumps(
						{field: value if not value.startswith(("[", "{")) else json.loads(value)}
					)
					response = post(
						session,
						site,
						"frappe.desk.query_report.run",
						{"report_name": report, "filters": filters},
					)
					calls += 1
					if response.status_code >= 500:
						failures.append(
							f"report {report} {field}={value[:30]!r}: {response.status_code} {response.text[:300]}"
						)
	last_call = time.monotonic()
	ARTIFACTS.mkdir(exist_ok=True)
	(ARTIFACTS / "fuzz-failures.txt").write_text("\n".join(failures) + "\n", encoding="utf-8")
	assert not failures, f"{len(failures)} of {calls} calls ended in a 5xx:\n" + "\n".join(failures[:40])
	after = snapshot()
	for doctype, n in created.items():
		assert after[doctype][0] == before[doctype][0] + n, doctype
		after[doctype] = before[doctype]
	assert after == before, "a hostile request wrote something"
	# a report that refused bad filters is not switched to a prepared report (Frappe's timer: 15 s)
	time.sleep(max(0.0, 16 - (time.monotonic() - last_call)))
	frappe.db.rollback()
	prepared = set(
		frappe.get_all("Report", filters={"module": "Party Building", "prepared_report": 1}, pluck="name")
	)
	assert prepared == prepared_before, prepared - prepared_before


def numeric_and_text_fields(doctype: str):
	for df in frappe.get_meta(doctype).fields:
		if df.read_only or df.hidden:
			continue
		if df.fieldtype in ("Int", "Float", "Currency", "Percent"):
			yield df.fieldname, ["abc", -1, 10**20, [1], {"a": 1}]
		elif df.fieldtype in ("Data", "Small Text", "Text"):
			yield df.fieldname, [HUGE, [1], {"a": 1}]
		elif df.fieldtype == "Link" and df.options == "Party Organization":
			yield df.fieldname, [["x"], {"a": 1}, "不存在的党组织"]
		elif df.fieldtype == "Date":
			yield df.fieldname, ["2026-13-45", "abc", 20260101, ["x"]]


def test_rest_inserts_with_hostile_values_are_refused_cleanly(county, site):
	before = snapshot()
	session = login(site, county.secretary, DEMO_PASSWORD)
	creatable = [
		d
		for d in frappe.get_all(
			"DocType", filters={"module": "Party Building", "istable": 0, "issingle": 0}, pluck="name"
		)
		if any(p.role == "Branch Secretary" and p.create for p in frappe.get_meta(d).permissions)
	]
	assert len(creatable) >= 10
	failures, calls = [], 0
	for doctype in creatable:
		meta = frappe.get_meta(doctype)
		base = {}
		for f in ("organization", "branch"):
			if meta.get_field(f):
				base[f] = county.b
		if meta.get_field("year"):
			base["year"] = 2026
		for field, values in numeric_and_text_fields(doctype):
			for value in values:
				response = session.post(
					f"{site}/api/resource/{doctype}", json={**base, field: value}, timeout=120
				)
				calls += 1
				if response.status_code >= 500:
					failures.append(
						f"{doctype}.{field}={str(value)[:30]!r}: {response.status_code} {response.text[:300]}"
					)
	assert not failures, f"{len(failures)} of {calls} inserts ended in a 5xx:\n" + "\n".join(failures[:40])
	assert snapshot() == before, "a refused insert wrote something"


def test_a_work_task_with_a_negative_year_or_a_list_organization_is_refused(county, site):
	session = login(site, county.secretary, DEMO_PASSWORD)
	for values, says in (
		({"year": -1}, "年度"),
		({"year": 99999}, "年度"),
		({"organization": [county.b]}, ""),
	):
		task = {"organization": county.b, "year": 2026, "title": "模糊测试任务", **values}
		response = session.post(f"{site}/api/resource/Work Task", json=task, timeout=60)
		assert 400 <= response.status_code < 500, (values, response.status_code, response.text[:300])
		assert (
			says in response.text.encode().decode("unicode_escape", errors="ignore") or says in response.text
		)
	frappe.db.rollback()
	assert not frappe.db.exists("Work Task", {"title": "模糊测试任务"})
	# and a Dues Payment whose amount is not a number
	response = session.post(
		f"{site}/api/resource/Dues Payment",
		json={"member": county.member, "amount": "abc", "from_month": "2026-11-01", "to_month": "2026-11-01"},
		timeout=60,
	)
	assert 400 <= response.status_code < 500, response.text[:300]


# --- uploads ------------------------------------------------------------------------------------------

PNG = (
	b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
	b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
SCRIPT_PAGE = b"<html><body><script>alert(document.cookie)</script></body></html>"
SCRIPT_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def upload(session, url, doctype, name, filename, content, is_private=0):
	return session.post(
		f"{url}/api/method/upload_file",
		data={"doctype": doctype, "docname": name, "is_private": is_private, "folder": "Home/Attachments"},
		files={"file": (filename, content)},
		timeout=60,
	)


def test_evidence_uploads_take_only_safe_types_and_are_private(county, site):
	session = login(site, county.secretary, DEMO_PASSWORD)
	item = frappe.get_all("Rectification Item", filters={"organization": county.b}, pluck="name", limit=1)
	item = item[0] if item else None
	doctype, name = ("Rectification Item", item) if item else ("Party Organization", county.b)
	files_before = frappe.db.count("File", {"attached_to_name": name})
	for filename, content in (
		("evidence.html", SCRIPT_PAGE),
		("evidence.svg", SCRIPT_SVG),
		("evidence.js", b"alert(1)"),
		("photo.png", SCRIPT_PAGE),  # markup behind an image's name
	):
		response = upload(session, site, doctype, name, filename, content)
		assert response.status_code == 417, (filename, response.status_code, response.text[:300])
		assert "不能上传" in shown_message(response), shown_message(response)
	frappe.db.rollback()
	assert frappe.db.count("File", {"attached_to_name": name}) == files_before
	# a real photo is taken, and kept private though the upload asked for a public file (bytes of its own:
	# Frappe shares one file URL among uploads of the same content, readable through any of them)
	photo = PNG + os.urandom(16)
	response = upload(session, site, doctype, name, f"photo-{uuid.uuid4().hex[:8]}.png", photo, is_private=0)
	assert response.ok, response.text[:300]
	file = response.json()["message"]
	assert file["is_private"] == 1 and file["file_url"].startswith("/private/files/")
	served = session.get(f"{site}{file['file_url']}", timeout=60)
	assert served.ok and served.content == photo
	assert "sandbox" in served.headers.get("Content-Security-Policy", "")
	assert served.headers.get("X-Content-Type-Options") == "nosniff"
	# and another branch's secretary cannot read it
	other = frappe.db.get_value("User Permission", {"for_value": county.a, "user": ("like", "sec.%")}, "user")
	assert login(site, other, DEMO_PASSWORD).get(f"{site}{file['file_url']}", timeout=60).status_code == 403


def test_public_files_are_served_sandboxed(county, site):
	"""Whatever is already in the public folder (from before these rules) cannot run script there."""
	frappe.db.rollback()
	path = frappe.get_site_path("public", "files", "pb-old-upload.html")
	with open(path, "wb") as f:
		f.write(SCRIPT_PAGE)
	try:
		served = requests.get(f"{site}/files/pb-old-upload.html", timeout=60)
		assert served.ok
		assert "sandbox" in served.headers.get("Content-Security-Policy", "")
		assert served.headers.get("Content-Disposition", "").startswith("attachment")
	finally:
		os.remove(path)


# --- a plain member -------------------------------------------------------------------------------------


def test_a_plain_member_reads_nothing_of_another_branch_and_no_officers_figures(county, site):
	session = login(site, county.member_user, DEMO_PASSWORD)
	activity = frappe.get_all("Party Activity", filters={"organization": county.a}, pluck="name", limit=1)[0]
	for response in (
		session.get(f"{site}/api/resource/Party Activity/{activity}", timeout=60),
		session.get(f"{site}/printview", params={"doctype": "Party Activity", "name": activity}, timeout=60),
		post(session, site, "party_building.dues.service.remittance_figures", {"organization": county.a}),
		post(session, site, "party_building.dues.service.remittance_figures", {"organization": county.b}),
		post(
			session,
			site,
			"run_doc_method",
			{
				"method": "fill_attendees",
				"docs": json.dumps(
					{
						"doctype": "Party Activity",
						"name": "new-party-activity-1",
						"__islocal": 1,
						"docstatus": 0,
						"organization": county.a,
						"activity_type": "Branch Committee Meeting",
						"activity_date": "2026-11-10",
					}
				),
			},
		),
	):
		text = response.text
		assert response.status_code in (403, 404, 417), (
			response.request.url,
			response.status_code,
			text[:300],
		)
		assert not [m for m in county.a_members if m in text], response.request.url
		assert "balance" not in text and "sec." not in text


def test_a_payment_created_submitted_is_stored_clean(county, site):
	"""A document created already submitted ("docstatus": 1 in the same request) is cleaned like a draft."""
	session = login(site, county.secretary, DEMO_PASSWORD)
	payload = '<img src=x onerror=alert(1)><script>alert("x")</script>'
	response = session.post(
		f"{site}/api/resource/Dues Payment",
		json={
			"member": county.member,
			"from_month": "2026-11-01",
			"to_month": "2026-11-01",
			"amount": 50,
			"paid_on": "2026-11-10",
			"receipt_no": f"R{payload}",
			"docstatus": 1,
		},
		timeout=60,
	)
	frappe.db.rollback()
	if response.ok:
		stored = frappe.db.get_value("Dues Payment", response.json()["data"]["name"], "receipt_no")
		assert "onerror" not in stored and "<script" not in stored, stored
	else:
		assert response.status_code < 500, response.text[:300]
