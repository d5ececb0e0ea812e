"""core.bulk writes its own SQL literals or LOAD DATA text (the driver's escaping was a fifth of the county
demo's build): every kind of value must arrive as it was, whatever it holds."""

import datetime
from decimal import Decimal

import frappe
import pytest
from pymysql.constants import SERVER_STATUS

from party_building.core.bulk import escape_table, load_all, writing

FIELDS = ("name", "person_name", "description", "entry_date", "approved_on", "points", "is_automatic")
HOSTILE = (
	'O\'Brien "quoted" back\\slash',
	"line\nbreak\r\ttab \x00 nul \x1a",
	"'); drop table `tabPoints Entry`; --",
	"百分号 %s %(name)s 100%",
	"IFNULL(x, 1) and ifnull( — Frappe rewrites this in a query's text",
	"中文姓名 张三丰 𠀀",
)


# both ways of sending the rows: LOAD DATA LOCAL (where the site's connection may send files) and INSERT
WAYS = pytest.mark.parametrize("load", [True, False], ids=["load data", "insert"])


def test_the_test_site_sends_rows_as_files():
	"""scripts/setup turns Frappe's local_infile on: the demo and the import load their rows."""
	from party_building.core.bulk import loads_local_files

	assert loads_local_files()


@WAYS
def test_values_arrive_as_they_were(load):
	day = datetime.date(2026, 3, 9)
	stamp = datetime.datetime(2026, 3, 9, 16, 30, 5, 123456)
	rows = [
		(f"PB-BULK-{i}", text, text, day, stamp, points, flag)
		for i, (text, points, flag) in enumerate(
			zip(HOSTILE, (1.5, 2, Decimal("3.25"), 0.0, -1.5, 10), (True, False, 1, 0, True, 1), strict=True)
		)
	]
	rows.append(("PB-BULK-none", None, "", None, None, 0, 0))  # Float and Check columns are NOT NULL
	with writing(load=load) as write:
		write("Points Entry", FIELDS, rows, chunk_size=4)  # two chunks: one holds "ifnull("

	stored = {
		r[0]: r
		for r in frappe.db.sql(
			f"select {', '.join(FIELDS)} from `tabPoints Entry` where name like 'PB-BULK-%%'"
		)
	}
	assert len(stored) == len(rows)
	for name, text, description, entry_date, approved_on, points, flag in rows[:-1]:
		got = stored[name]
		assert got[1] == text and got[2] == description
		assert got[3] == entry_date and got[4] == approved_on
		assert float(got[5]) == float(points)
		assert got[6] == int(flag)
	assert stored["PB-BULK-none"][1:] == (None, "", None, None, 0.0, 0)


def test_strings_are_escaped_as_the_connection_would():
	connection = frappe.db._conn
	table = escape_table()
	for text in HOSTILE:
		assert text.translate(table) == connection.escape_string(text)
	status = connection.server_status
	try:  # a server running with NO_BACKSLASH_ESCAPES only doubles quotes
		connection.server_status = status | SERVER_STATUS.SERVER_STATUS_NO_BACKSLASH_ESCAPES
		table = escape_table()
		for text in HOSTILE:
			assert text.translate(table) == connection.escape_string(text)
		assert "O'Brien \\".translate(table) == "O''Brien \\"
	finally:
		connection.server_status = status


@WAYS
def test_a_failing_chunk_is_raised_and_the_connection_goes_on(load):
	import pymysql

	day = datetime.date(2026, 3, 9)
	rows = [(f"PB-BULK-DUP-{i}", "张三", "", day, None, 1, 0) for i in range(5)]
	rows.append(rows[0])  # the same name again, in the third chunk of two rows
	frappe.db.savepoint("before_bulk")
	with pytest.raises(pymysql.err.IntegrityError):
		with writing(load=load) as write:
			write("Points Entry", FIELDS, rows, chunk_size=2)
			write("Points Entry", FIELDS, [("PB-BULK-NEVER", "", "", day, None, 0, 0)])
	# the failed chunk left nothing (its other row neither), the statements after it did not run
	assert frappe.db.exists("Points Entry", "PB-BULK-DUP-3")
	assert not frappe.db.exists("Points Entry", "PB-BULK-DUP-4")
	assert not frappe.db.exists("Points Entry", "PB-BULK-NEVER")
	frappe.db.rollback(save_point="before_bulk")
	# and the connection answers again
	assert frappe.db.sql("select 1")[0][0] == 1


@WAYS
def test_writes_of_several_doctypes_run_in_their_order(load):
	day = datetime.date(2026, 3, 9)
	with writing(load=load) as write:
		for n in range(3):
			write(
				"Points Entry",
				FIELDS,
				[(f"PB-BULK-ORDER-{n}-{i}", "张三", "", day, None, n, 0) for i in range(7)],
				3,
			)
	stored = frappe.db.sql(
		"select count(*), sum(points) from `tabPoints Entry` where name like 'PB-BULK-ORDER-%%'"
	)[0]
	assert stored[0] == 21 and float(stored[1]) == 7 * (0 + 1 + 2)


def test_load_all_loads_documents_as_get_doc_does():
	names = frappe.get_all("Party Organization", filters={"org_type": "Branch"}, pluck="name", limit=30)
	assert names
	loaded = load_all("Party Organization", names, chunk_size=7)  # several chunks
	assert sorted(loaded) == sorted(names)
	for name in names:
		assert loaded[name].as_dict(no_default_fields=False) == frappe.get_doc(
			"Party Organization", name
		).as_dict(no_default_fields=False)
	assert any(loaded[name].committee for name in names)


def test_a_value_too_long_is_refused_by_a_load_as_by_an_insert():
	import pymysql

	day = datetime.date(2026, 3, 9)
	for load in (True, False):
		frappe.db.savepoint("before_bulk")
		with pytest.raises(pymysql.err.DataError):
			with writing(load=load) as write:  # person_name holds 140 characters
				write("Points Entry", FIELDS, [(f"PB-BULK-RANGE-{load}", "张" * 200, "", day, None, 1, 0)])
		assert not frappe.db.exists("Points Entry", f"PB-BULK-RANGE-{load}")
		frappe.db.rollback(save_point="before_bulk")


@WAYS
def test_a_number_rounded_to_the_column_is_stored_as_an_insert_stores_it(load):
	"""A float with more digits than the column keeps is rounded with a note, not refused."""
	day = datetime.date(2026, 3, 9)
	with writing(load=load) as write:
		write("Points Entry", FIELDS, [(f"PB-BULK-ROUND-{load}", "张三", "", day, None, 0.1 + 0.2 + 12.3, 0)])
	assert float(frappe.db.get_value("Points Entry", f"PB-BULK-ROUND-{load}", "points")) == 12.6


def test_a_type_the_text_does_not_hold_is_inserted():
	"""bytes have no LOAD DATA text here: their chunk goes as an INSERT, the others still load."""
	day = datetime.date(2026, 3, 9)
	with writing(load=True) as write:
		write(
			"Points Entry",
			FIELDS,
			[("PB-BULK-BYTES", b"bytes", "", day, None, 1, 0), ("PB-BULK-TEXT", "文本", "", day, None, 1, 0)],
			chunk_size=1,
		)
	assert frappe.db.get_value("Points Entry", "PB-BULK-BYTES", "person_name") == "bytes"
	assert frappe.db.get_value("Points Entry", "PB-BULK-TEXT", "person_name") == "文本"
