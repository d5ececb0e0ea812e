"""Every label, option, description and message of the app has a Simplified Chinese entry."""

import ast
import csv
import json
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "party_building"
ZH = APP / "translations" / "zh.csv"
JS_CALL = re.compile(r"""__\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`([^`$]*)`)""")
LABEL_KEYS = ("label", "description", "title")


def zh_entries() -> dict[str, str]:
	with ZH.open(encoding="utf-8", newline="") as f:
		return {row[0]: row[1] for row in csv.reader(f) if row}


def json_strings() -> set[str]:
	out = set()
	for path in APP.rglob("*.json"):
		if "fixtures" in path.parts and path.name != "role.json":
			continue
		data = json.loads(path.read_text(encoding="utf-8"))
		for doc in data if isinstance(data, list) else [data]:
			out |= strings_of(doc)
	return out


def strings_of(doc: dict) -> set[str]:
	out = set()
	kind = doc.get("doctype")
	if kind == "DocType":
		out.add(doc["name"])
		if doc.get("description"):  # shown above the list
			out.add(doc["description"])
		for field in doc.get("fields", []):
			out |= {field[k] for k in LABEL_KEYS if field.get(k)}
			if field.get("fieldtype") == "Select" and field.get("options"):
				out |= {o for o in field["options"].split("\n") if o.strip()}
		out |= {link["group"] for link in doc.get("links", []) if link.get("group")}
	elif kind == "Role":
		out.add(doc["role_name"])
	elif kind in ("Report", "Print Format", "Workspace", "Number Card", "Dashboard Chart", "Workflow"):
		out |= {doc[k] for k in ("name", "label", "title", "chart_name", "report_name") if doc.get(k)}
		for key in ("shortcuts", "links", "charts", "number_cards", "cards"):
			out |= {row["label"] for row in doc.get(key, []) if row.get("label")}
		for key in ("states", "transitions"):
			out |= {row[k] for row in doc.get(key, []) for k in ("state", "action") if row.get(k)}
	return out


def python_strings() -> set[str]:
	out = set()
	for path in APP.rglob("*.py"):
		tree = ast.parse(path.read_text(encoding="utf-8"))
		for node in ast.walk(tree):
			if (
				isinstance(node, ast.Call)
				and isinstance(node.func, ast.Name)
				and node.func.id in ("_", "_lt")
				and node.args
				and isinstance(node.args[0], ast.Constant)
				and isinstance(node.args[0].value, str)
			):
				out.add(node.args[0].value)
	return out


def js_strings() -> set[str]:
	out = set()
	for path in list(APP.rglob("*.js")) + list(APP.rglob("*.html")):
		for match in JS_CALL.finditer(path.read_text(encoding="utf-8")):
			text = next(g for g in match.groups() if g is not None)
			out.add(text.replace("\\'", "'").replace('\\"', '"'))
	return out


def html_template_strings() -> set[str]:
	pattern = re.compile(r"""_\(\s*(?:"([^"]*)"|'([^']*)')\s*\)""")
	out = set()
	for path in APP.rglob("*.html"):
		for match in pattern.finditer(path.read_text(encoding="utf-8")):
			out.add(match.group(1) or match.group(2))
	return out


def test_zh_csv_is_well_formed():
	with ZH.open(encoding="utf-8", newline="") as f:
		rows = [row for row in csv.reader(f) if row]
	bad = [row for row in rows if len(row) not in (2, 3) or not row[1].strip()]
	assert not bad, bad[:5]
	sources = [row[0] for row in rows if len(row) == 2 or not row[2]]
	assert len(sources) == len(set(sources)), "duplicate sources in zh.csv"


def test_every_string_has_a_chinese_translation():
	wanted = json_strings() | python_strings() | js_strings() | html_template_strings() | {"Party Building"}
	assert len(wanted) > 100
	entries = zh_entries()
	han = re.compile(r"[\u4e00-\u9fff]")
	missing = sorted(s for s in wanted if s not in entries and not han.search(s))  # 会议记录 is its own name
	assert not missing, "missing zh translations:\n" + "\n".join(missing)


def test_translations_are_chinese():
	han = re.compile(r"[\u4e00-\u9fff]")
	not_chinese = [s for s, t in zh_entries().items() if not han.search(t)]
	assert not not_chinese, not_chinese[:10]
