"""Stored XSS: every app print and report template escapes every data value, and text is cleaned on
every save, also when a document is inserted already submitted.

Prints (Jinja, rendered on the server). Every Print Format of module "Party Building" is found by
query; WORLDS builds a record of its doctype together with the records its print shows (payments,
ledger entries, rectification items …). Then every text field of those records and of their child
rows (Data, Small Text, Text, Long Text, Text Editor) gets a script payload and a Jinja payload,
written with frappe.db.set_value, so no cleaning runs: dirty data as an old import or a
bypassed save would have stored it. Left out: Link and Select fields, the naming field, hidden
fields (internal keys such as member_year that code looks records up by; no form shows them) and
fields too short for the payload. The print must show the payload as text: no <script>, no on…
attribute, no evaluated {{ 7*7 }}.

Report print templates (John Resig micro-templates, rendered in the browser by
frappe.render_template) are checked statically. The rule for every {%= expr %} output:
  - either a translation of fixed text, __("literal") with a string literal only,
  - or the whole expression is one call frappe.utils.escape_html(...).
Anything else (a row value, a filter, a formatted date or amount, a counter) is refused. Note that
frappe.utils.escape_html prints "" for 0, so numbers that may be 0 go in as String(value).
{{ expr }} (the same output in another spelling) is refused outright.
"""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import frappe
from frappe.utils import add_days, today

import party_building
from tests.integration.dues_factories import dues_world, pay
from tests.integration.factories import make_member, make_members, make_org, make_tree

SCRIPT = '<script>alert("x1")</script><img src=x onerror=alert(1)>'
JINJA = "JJ{{ 7*7 }}JJ"
PRINTED = re.compile(r"JJ(\{\{ 7\*7 \}\}|49)JJ")
TEXT_TYPES = ("Data", "Small Text", "Text", "Long Text", "Text Editor")
REPORTS = Path(party_building.__file__).parent / "party_building" / "report"


# --- dirty data -------------------------------------------------------------------------------


def payload(n: int) -> str:
	return f"{SCRIPT}{JINJA}#{n}"  # numbered: some text fields are unique


def dirty(records: list[tuple[str, str]]) -> int:
	"""Put the payload into every text field of the records and of their child rows; how many."""
	count = 0
	for doctype, name in records:
		meta = frappe.get_meta(doctype)
		rows = [(doctype, name, meta)]
		for table in meta.get_table_fields():
			child = frappe.get_meta(table.options)
			for row in frappe.get_all(
				table.options, filters={"parent": name, "parenttype": doctype}, pluck="name"
			):
				rows.append((table.options, row, child))
		for dt, dn, m in rows:
			naming = m.autoname[6:] if (m.autoname or "").startswith("field:") else None
			for df in m.fields:
				if df.fieldtype not in TEXT_TYPES or df.hidden or df.fieldname == naming:
					continue
				value = payload(count)
				if df.length and df.length < len(value):
					continue
				frappe.db.set_value(dt, dn, df.fieldname, value, update_modified=False)
				count += 1
	return count


# --- a record of each printed doctype with what its prints show ---------------------------------


def dues_records():
	"""A branch with two members, their assessment, a payment and its ledger entries."""
	w = dues_world(n=2, year=2026)
	payment = pay(w.members[0], "2026-01", "2026-03", paid_on=datetime.date(2026, 1, 5), receipt_no="R-1")
	records = [("Party Organization", w.branch), ("Dues Payment", payment.name)]
	records += [("Party Member", m.name) for m in w.members]
	records += [("Dues Assessment", a.name) for a in w.assessments]
	records += [
		("Dues Ledger Entry", e)
		for e in frappe.get_all("Dues Ledger Entry", filters={"organization": w.branch}, pluck="name")
	]
	return w, records


def rectification_items(tree) -> list[tuple[str, str]]:
	"""One problem of the branch and one of its party group (the ledger names the group)."""
	items = []
	for org in (tree.branch.name, tree.group.name):
		item = frappe.get_doc(
			{
				"doctype": "Rectification Item",
				"organization": org,
				"source": "Self-check",
				"category": "Inner-Party Political Life",
				"found_on": add_days(today(), -10),
				"deadline": add_days(today(), 20),
				"description": "会议记录不完整",
				"measures": "补齐会议记录",
				"result": "已补齐",
			}
		).insert()
		items.append(("Rectification Item", item.name))
	return items


def member_world():
	w, records = dues_records()
	return ("Party Member", w.members[0].name), records


def organization_world():
	w, records = dues_records()
	return ("Party Organization", w.branch), records + rectification_items(w.tree)


def activity_world():
	"""A general meeting with members present, on leave and absent, a guest, a vote and minutes."""
	tree = make_tree()
	full = make_members(tree.branch.name, 6, membership_type="Full")
	outsider = make_member(make_org("Branch", tree.general.name).name)
	status = ["Present"] * 4 + ["On Leave", "Absent"]
	attendees = [
		{"member": m.name, "status": s, "leave_reason": "出差" if s == "On Leave" else None}
		for m, s in zip(full, status, strict=True)
	]
	attendees.append({"member": outsider.name, "status": "Present", "is_guest": 1})
	doc = frappe.get_doc(
		{
			"doctype": "Party Activity",
			"organization": tree.branch.name,
			"activity_type": "Branch General Meeting",
			"topic": "学习党章",
			"activity_date": add_days(today(), -2),
			"start_time": "14:00:00",
			"end_time": "16:00:00",
			"place": "会议室",
			"host": full[0].name,
			"recorder": full[1].name,
			"attendees": attendees,
			"votes": [{"item": "推选优秀党员", "votes_for": 4}],
			"activity_files": [
				{"kind": "Scene Photo", "file": "/files/scene.png", "description": "会场"},
				{"kind": "Sign-in Sheet", "file": "/files/sign-in.pdf", "description": "签到表"},
			],
			"minutes": "<p>会议记录</p>",
			"decisions": "决定事项",
		}
	).insert()
	# the lecturer's line shows for a party lecture only
	frappe.db.set_value("Party Activity", doc.name, "activity_type", "Party Lecture", update_modified=False)
	return ("Party Activity", doc.name), [("Party Activity", doc.name)]


def development_world():
	from tests.integration.test_development import record_data

	tree = make_tree()
	world = frappe._dict(tree=tree, branch=tree.branch.name, people=make_members(tree.branch.name, 4))
	doc = frappe.get_doc(record_data(world, 25)).insert()
	return ("Member Development", doc.name), [("Member Development", doc.name)]


def transfer_world():
	tree = make_tree()
	other = make_org("Branch", tree.general.name)
	member = make_member(tree.branch.name)
	doc = frappe.get_doc(
		{
			"doctype": "Member Transfer",
			"transfer_type": "Within",
			"member": member.name,
			"to_organization": other.name,
			"letter_no": "2026-701",
			"issue_date": today(),
			"validity_days": 30,
			"dues_paid_up_to": "2026-10-01",
		}
	).insert()
	# organizations outside the system are named in words: the letter prints those names
	for field in ("from_organization", "to_organization"):
		frappe.db.set_value("Member Transfer", doc.name, field, None, update_modified=False)
	return ("Member Transfer", doc.name), [("Member Transfer", doc.name)]


def notice_world():
	from tests.integration.test_notices import make_notice, target_record

	tree = make_tree()
	world = frappe._dict(tree=tree, branch=tree.branch.name, people=make_members(tree.branch.name, 4))
	notice = make_notice(target_record(world))
	return ("Publicity Notice", notice.name), [("Publicity Notice", notice.name)]


def assessment_world():
	from tests.integration.test_activity import make_world
	from tests.integration.test_yearly_cycle import make_assessment

	doc = make_assessment(make_world())
	return ("Branch Assessment", doc.name), [("Branch Assessment", doc.name)]


WORLDS = {
	"Party Member": member_world,
	"Party Organization": organization_world,
	"Party Activity": activity_world,
	"Member Development": development_world,
	"Member Transfer": transfer_world,
	"Publicity Notice": notice_world,
	"Branch Assessment": assessment_world,
}


# --- the checks -------------------------------------------------------------------------------


class ActiveHTML(HTMLParser):
	"""Collects the payload a browser would run: script elements and on… event attributes."""

	def __init__(self):
		super().__init__()
		self.found: list[str] = []
		self._in_script = False

	def handle_starttag(self, tag, attrs):
		self._in_script = tag == "script"
		self.found += [
			f"<{tag} {k}={v}>" for k, v in attrs if k.lower().startswith("on") and "alert" in (v or "")
		]

	def handle_endtag(self, tag):
		self._in_script = False

	def handle_data(self, data):
		if self._in_script and "alert" in data:
			self.found.append(f"<script>{data.strip()[:40]}")


def unsafe_parts(html: str) -> list[str]:
	parser = ActiveHTML()
	parser.feed(html)
	found = parser.found
	if "<script>alert" in html:
		found.append("<script>alert")
	if "JJ49JJ" in html:
		found.append("{{ 7*7 }} evaluated")
	return found


def app_print_formats() -> list[frappe._dict]:
	return frappe.get_all(
		"Print Format",
		filters={"module": "Party Building", "disabled": 0},
		fields=["name", "doc_type"],
		order_by="name",
	)


def test_every_app_print_escapes_every_data_value():
	formats = app_print_formats()
	assert formats, "no Print Format of module Party Building found"
	missing = sorted({pf.doc_type for pf in formats} - set(WORLDS))
	assert not missing, f"no world to print for {missing}: add one to WORLDS"
	frappe.form_dict.year = 2026  # the dues card and ledger show this year
	unsafe = {}
	for doctype in sorted({pf.doc_type for pf in formats}):
		(dt, name), records = WORLDS[doctype]()
		assert dirty(records)
		for pf in (f for f in formats if f.doc_type == doctype):
			html = frappe.get_print(dt, name, print_format=pf.name)
			assert PRINTED.search(html), f"{pf.name}: no payload printed, the test proves nothing"
			if found := unsafe_parts(html):
				unsafe[pf.name] = sorted(set(found))
	assert not unsafe, f"prints that run stored markup: {unsafe}"


# --- report print templates (static) ----------------------------------------------------------

OUTPUT = re.compile(r"{%=(.*?)%}", re.S)
LITERAL_LABEL = re.compile(r'__\(\s*"[^"\\]*"\s*\)')
ESCAPE_CALL = "frappe.utils.escape_html("


def spans_whole(expr: str) -> bool:
	"""expr is one call frappe.utils.escape_html(...) whose closing parenthesis ends it."""
	if not expr.startswith(ESCAPE_CALL):
		return False
	depth, quote = 0, None
	for i, c in enumerate(expr):
		if quote:
			quote = None if c == quote and expr[i - 1] != "\\" else quote
		elif c in "\"'":
			quote = c
		elif c == "(":
			depth += 1
		elif c == ")":
			depth -= 1
			if depth == 0:
				return i == len(expr) - 1
	return False


def unescaped_outputs(template: str) -> list[str]:
	bad = [f"{{{{{m}}}}}" for m in re.findall(r"{{(.*?)}}", template, re.S)]
	for expr in (m.strip() for m in OUTPUT.findall(template)):
		if not (LITERAL_LABEL.fullmatch(expr) or spans_whole(expr)):
			bad.append(expr)
	return bad


def test_the_rule_for_report_templates():
	assert unescaped_outputs('{%= __("Branch") %}{%= frappe.utils.escape_html(r.branch || "") %}') == []
	assert unescaped_outputs("{%= r.full_name %}") == ["r.full_name"]
	assert unescaped_outputs('{%= __("Year") + r.year %}') == ['__("Year") + r.year']
	assert unescaped_outputs("{%= frappe.utils.escape_html(a) + b %}") == ["frappe.utils.escape_html(a) + b"]
	assert unescaped_outputs("{{ r.x }}") == ["{{ r.x }}"]


def test_every_report_template_escapes_every_data_value():
	templates = sorted(REPORTS.glob("*/*.html"))
	assert templates
	bad = {t.name: found for t in templates if (found := unescaped_outputs(t.read_text()))}
	assert not bad, f"unescaped outputs in report templates: {bad}"


# --- cleaning whatever the docstatus ----------------------------------------------------------


def test_a_payment_inserted_already_submitted_is_stored_cleaned():
	w = dues_world(n=1, year=2026)
	doc = pay(w.members[0], "2026-02", submit=False, docstatus=1, receipt_no=SCRIPT)
	assert doc.docstatus == 1
	stored = frappe.db.get_value("Dues Payment", doc.name, "receipt_no")
	assert "<script" not in stored and "onerror" not in stored
	assert "&lt;script&gt;" in stored  # the text stays, as text
