"""Members come in from a spreadsheet through Frappe's own Data Import, with every rule applied.

Frappe's importer commits after each row, so this test removes what it made itself.
"""

import datetime
import json

import frappe
import pytest

from party_building.members import idcard
from tests.integration.factories import make_tree, unique


@pytest.fixture
def committed_tree():
	started = frappe.utils.now_datetime()
	tree = make_tree()
	frappe.db.commit()
	yield tree
	frappe.db.rollback()
	for name in frappe.get_all("Party Member", filters={"branch": tree.branch.name}, pluck="name"):
		frappe.delete_doc("Party Member", name, force=True, ignore_permissions=True)
	for key in ("group", "branch", "general", "committee"):
		frappe.delete_doc("Party Organization", tree[key].name, force=True, ignore_permissions=True)
	for name in frappe.get_all("Data Import", filters={"creation": (">=", started)}, pluck="name"):
		frappe.db.delete("Data Import Log", {"data_import": name})
		frappe.delete_doc("Data Import", name, force=True, ignore_permissions=True)
	for name in frappe.get_all("File", filters={"file_name": ("like", "pbimport%.csv")}, pluck="name"):
		frappe.delete_doc("File", name, force=True, ignore_permissions=True)
	frappe.db.commit()


def free_id(birth: datetime.date, gender: str) -> str:
	seq = 301
	while frappe.db.exists("Party Member", {"id_number": idcard.make("110101", birth, seq, gender)}):
		seq += 2
	return idcard.make("110101", birth, seq, gender)


def test_members_import_from_a_spreadsheet_and_bad_rows_are_refused(committed_tree):
	from frappe.core.doctype.data_import.data_import import start_import

	branch = committed_tree.branch.name
	birth = datetime.date(1980, 5, 17)
	good_id = free_id(birth, "Female")
	bad_id = good_id[:-1] + ("1" if good_id[-1] != "1" else "2")
	name_ok, name_bad = unique("导入甲"), unique("导入乙")
	rows = [
		["Full Name", "Gender", "Resident ID Number", "Branch", "Membership", "Joined On"],
		[name_ok, "Female", good_id, branch, "Full", "2005-07-01"],
		[name_bad, "Male", bad_id, branch, "Full", "2005-07-01"],
	]
	# as in the desk: upload the sheet, create a Data Import, run its job
	sheet = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{unique('pbimport')}.csv",
			"content": "\n".join(",".join(r) for r in rows).encode("utf-8"),
			"is_private": 1,
		}
	).insert()
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": "Party Member",
			"import_type": "Insert New Records",
			"import_file": sheet.file_url,
		}
	).insert()
	frappe.db.commit()
	start_import(data_import.name)

	imported = frappe.get_all(
		"Party Member", filters={"branch": branch}, fields=["full_name", "id_number", "birth_date"]
	)
	assert [(m.full_name, m.id_number, m.birth_date) for m in imported] == [(name_ok, good_id, birth)]
	assert frappe.db.get_value("Data Import", data_import.name, "status") == "Partial Success"
	failed = frappe.get_all(
		"Data Import Log", filters={"data_import": data_import.name, "success": 0}, pluck="messages"
	)
	assert len(failed) == 1
	message = json.loads(failed[0])[0]["message"]
	assert "check digit" in message or "校验码" in message
