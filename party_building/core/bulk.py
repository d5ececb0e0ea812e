"""Writing many rows at once: one multi-row INSERT per chunk, its values written as SQL literals here,
or, where the site's connection may send files (Frappe's `local_infile` setting, which scripts/setup
turns on), one LOAD DATA LOCAL of the chunk's rows as tab-separated text, which the server reads in
two thirds of the time it takes to parse the INSERT (a county's 300,000 attendance rows: 6 s less).

frappe.db.bulk_insert builds every value as a query-builder term, which costs seconds for 10,000 rows
and minutes for 300,000; the driver's own escaping (pymysql, in Python) walks a chain of calls per
value (1.4 µs; 0.7 µs here): the county demo's 16 million values were a fifth of its build under a
profiler. The whole county's dues assessment, the Excel import and the demo write here.
"""

import contextlib
import contextvars
import datetime
import os
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import frappe

NUMBERS = (int, float, Decimal)
DATES = (datetime.date, datetime.datetime)


def insert_rows(
	doctype: str, fields: Sequence[str], rows: Sequence[Sequence], chunk_size: int = 5000
) -> None:
	"""Insert `rows` (tuples of values in the order of `fields`) into the doctype's table."""
	with writing() as write:
		write(doctype, fields, rows, chunk_size)


@contextlib.contextmanager
def writing(load: bool | None = None):
	"""Yield write(doctype, fields, rows, chunk_size=5000), which inserts like insert_rows; every chunk's
	INSERT runs on the site's connection in a second thread while this one writes the next chunk's
	values, so the server's work and Python's overlap (two cores: the county demo's 800,000 rows).
	The statements run in their order, in the caller's transaction; the block ends when the last has
	run, and an error of one is raised here, at the next write or at the end. Inside the block the caller
	does nothing else with the database, except after `write.settle()`, which waits for the statement in
	flight (raising its error): a caller that makes its rows between writes keeps the server busy
	meanwhile, and settles before it reads or reserves names.

	load: send the rows with LOAD DATA LOCAL (None: when the connection and the server allow it)."""
	context = contextvars.copy_context()  # frappe.local, and so frappe.db, as this thread sees them
	pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pb-bulk")
	pending: list = []
	literal, table = literal_writer(), escape_table()
	load = loads_local_files() if load is None else load
	text = text_writer()

	def run(function, *arguments) -> None:
		settle()  # the previous statement's error, if any, is raised here
		pending.append(pool.submit(context.run, function, *arguments))

	def settle() -> None:
		if pending:
			pending.pop().result()

	def write(doctype: str, fields: Sequence[str], rows: Sequence[Sequence], chunk_size: int = 5000) -> None:
		columns = ", ".join(f"`{f}`" for f in fields)
		for start in range(0, len(rows), chunk_size):
			chunk = rows[start : start + chunk_size]
			if load and (lines := tsv_lines(chunk, text)) is not None:
				run(load_rows, doctype, columns, lines, len(chunk))
				continue
			# strings and NULLs, most of the values, are written inline: a call per value was a third of it
			values = ", ".join(
				[
					"("
					+ ", ".join(
						[
							("'" + value.translate(table) + "'")
							if type(value) is str
							else "NULL"
							if value is None
							else literal(value)
							for value in row
						]
					)
					+ ")"
					for row in chunk
				]
			)
			run(execute, f"insert into `tab{doctype}` ({columns}) values " + values)

	write.settle = settle
	try:
		yield write
		settle()
	finally:
		for future in pending:  # the caller failed: its statement in flight ends before it goes on
			with contextlib.suppress(Exception):
				future.result()
		pool.shutdown(wait=True)


def execute(query: str) -> None:
	"""Run an INSERT on the site's connection as frappe.db.sql would, without its passes over the text
	(a stripped copy, "ifnull(" rewritten to "coalesce(" anywhere in it — values included —, its first
	words checked): on a multi-row INSERT of 5,000 rows, a megabyte, they were a fifth of the Python
	time, which the thread sending it takes from the one making the next. The transaction's write count
	and its checks are Frappe's own (check_transaction_status reads the statement's first word)."""
	frappe.db.check_transaction_status(query[:64])
	frappe.db._cursor.execute(query)


# LOAD DATA's text: a tab between fields, a line per row, backslash escapes (\\N is NULL)
TSV = {ord("\\"): "\\\\", ord("\t"): "\\t", ord("\n"): "\\n", ord("\r"): "\\r", ord("\0"): "\\0"}
LOAD = (
	"load data local infile %s into table `tab{doctype}` character set utf8mb4"
	" fields terminated by '\\t' escaped by '\\\\' lines terminated by '\\n' ({columns})"
)


def loads_local_files() -> bool:
	"""May rows be sent with LOAD DATA LOCAL: the connection was opened to send files (Frappe's
	`local_infile` site setting) and the server takes them (its local_infile variable)?"""
	from pymysql.constants import CLIENT

	if not frappe.db._conn.client_flag & CLIENT.LOCAL_FILES:
		return False
	return bool(int(frappe.db.sql("select @@local_infile")[0][0] or 0))


def load_rows(doctype: str, columns: str, lines: str, count: int) -> None:
	"""Run one LOAD DATA LOCAL of `count` rows as an INSERT of them would: all or nothing. The server
	turns a LOCAL load's errors (a duplicate name, a value out of range) into warnings and goes on: a
	savepoint before it, any warning rolled back to and raised as the INSERT's error would be."""
	import pymysql

	directory = "/dev/shm" if os.path.isdir("/dev/shm") else None
	with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".tsv", dir=directory) as file:
		file.write(lines)
		file.flush()
		frappe.db.check_transaction_status("insert")  # a write of the transaction, as an INSERT
		cursor = frappe.db._cursor
		cursor.execute("savepoint pb_bulk_load")
		cursor.execute(LOAD.format(doctype=doctype, columns=columns), (file.name,))
		loaded = cursor.rowcount
		warnings = cursor._result.warning_count if cursor._result else 0
		# a Note is what an INSERT notes too and goes on with (a decimal rounded to the column's scale)
		found = [w for w in frappe.db._conn.show_warnings() or () if w[0] != "Note"] if warnings else []
		if found or loaded != count:
			cursor.execute("rollback to savepoint pb_bulk_load")
			code, message = (found[0][1], found[0][2]) if found else (0, f"{loaded} of {count} rows loaded")
			error = pymysql.err.IntegrityError if code in (1062, 1048, 1452) else pymysql.err.DataError
			raise error(code, f"{message} (loading into `tab{doctype}`)")
		cursor.execute("release savepoint pb_bulk_load")


def tsv_lines(chunk: Sequence[Sequence], text) -> str | None:
	"""The rows as LOAD DATA's text, or None when a value is of a type the text does not hold."""
	written = text.written  # a value met before (a date, a 0 or 1) is looked up, not written again
	try:
		return "\n".join(
			[
				"\t".join(
					[
						value.translate(TSV)
						if type(value) is str
						else "\\N"
						if value is None
						else written.get(value) or text(value)
						for value in row
					]
				)
				for row in chunk
			]
		)
	except TypeError:
		return None


def text_writer():
	"""A function writing one value, not a string or None, as LOAD DATA's text; TypeError for a type
	it does not hold (the chunk is then inserted). Its `written` holds the texts of the integers and
	dates met so far (an equal float or decimal may read an integer's text: the same number)."""
	driver = frappe.db._conn.literal
	written: dict = {}

	def text(value) -> str:
		kind = type(value)
		if kind is bool or kind is int:
			result = written[value] = str(int(value))
			return result
		if kind in NUMBERS:
			return str(value)
		if kind in DATES:
			result = written[value] = str(value)
			return result
		if kind in (datetime.timedelta, datetime.time):
			return driver(value).strip("'")  # '14:30:00'
		raise TypeError(kind)

	text.written = written
	return text


def literal_writer():
	"""A function writing one value as the SQL literal the driver would send: strings escaped by the
	connection (which knows the server's quoting mode), numbers and dates as text, None as NULL, any
	other type through the driver."""
	connection = frappe.db._conn
	escape, driver = connection.escape_string, connection.literal
	dates: dict = {}  # a demo's or an import's rows share few dates: each is written once

	def literal(value) -> str:
		kind = type(value)
		if kind is str:
			return "'" + escape(value) + "'"
		if value is None:
			return "NULL"
		if kind in NUMBERS:
			return str(value)
		if kind in DATES:
			written = dates.get(value)
			if written is None:
				written = dates[value] = f"'{value}'"
			return written
		return driver(value)  # bool, bytes, time, timedelta …

	return literal


def escape_table() -> dict:
	"""What the connection's escape_string does to a string, as a table for str.translate: the
	driver's backslash escapes, or only doubled quotes when the server runs with NO_BACKSLASH_ESCAPES."""
	from pymysql.constants import SERVER_STATUS
	from pymysql.converters import _escape_table

	if frappe.db._conn.server_status & SERVER_STATUS.SERVER_STATUS_NO_BACKSLASH_ESCAPES:
		return {ord("'"): "''"}
	return _escape_table


def rows_of(records: Iterable[dict], fields: Sequence[str]) -> list[tuple]:
	"""Dicts as insert_rows' tuples (a missing field: None)."""
	return [tuple(record.get(f) for f in fields) for record in records]


def load_all(doctype: str, names: Sequence[str], chunk_size: int = 1000) -> dict:
	"""The documents named, each as frappe.get_doc would load it (its child tables in their order), read
	with one query per table for each chunk of names instead of one per table for each document: a
	record with four child tables took five queries, 20 ms, to load alone."""
	meta = frappe.get_meta(doctype)
	tables = meta.get_table_fields()
	docs: dict = {}
	for start in range(0, len(names), chunk_size):
		chunk = list(names[start : start + chunk_size])
		children: dict = {}
		for df in tables:
			rows = frappe.get_all(
				df.options,
				filters={"parent": ("in", chunk), "parenttype": doctype, "parentfield": df.fieldname},
				fields=["*"],
				order_by="idx asc",
			)
			for row in rows:
				children.setdefault((row.parent, df.fieldname), []).append(row)
		for row in frappe.get_all(doctype, filters={"name": ("in", chunk)}, fields=["*"]):
			values = {**row, "doctype": doctype}
			for df in tables:
				values[df.fieldname] = children.get((row.name, df.fieldname), [])
			docs[row.name] = frappe.get_doc(values)
	return docs
