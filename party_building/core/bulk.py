"""Writing many rows at once: one multi-row INSERT per chunk, its values written as SQL literals here.

frappe.db.bulk_insert builds every value as a query-builder term, which costs seconds for 10,000 rows
and minutes for 300,000; the driver's own escaping (pymysql, in Python) walks a chain of calls per
value (1.4 µs; 0.7 µs here): the county demo's 16 million values were a fifth of its build under a
profiler. The whole county's dues assessment, the Excel import and the demo write here.
"""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

import frappe
from frappe.database.database import IFNULL_PATTERN

NUMBERS = (int, float, Decimal)
DATES = (datetime.date, datetime.datetime)


def insert_rows(
	doctype: str, fields: Sequence[str], rows: Sequence[Sequence], chunk_size: int = 5000
) -> None:
	"""Insert `rows` (tuples of values in the order of `fields`) into the doctype's table."""
	insert = f"insert into `tab{doctype}` ({', '.join(f'`{f}`' for f in fields)}) values "
	literal = literal_writer()
	for start in range(0, len(rows), chunk_size):
		chunk = rows[start : start + chunk_size]
		values = ", ".join("(" + ", ".join([literal(value) for value in row]) + ")" for row in chunk)
		if IFNULL_PATTERN.search(values):
			# Frappe rewrites "ifnull(" to "coalesce(" anywhere in a query's text: a chunk holding it in
			# a value goes as parameters, which the driver escapes and Frappe leaves alone
			placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
			frappe.db.sql(insert + ", ".join([placeholder] * len(chunk)), [v for row in chunk for v in row])
		else:
			frappe.db.sql(insert + values)


def literal_writer():
	"""A function writing one value as the SQL literal the driver would send: strings escaped by the
	connection (which knows the server's quoting mode), numbers and dates as text, None as NULL, any
	other type through the driver."""
	connection = frappe.db._conn
	escape, driver = connection.escape_string, connection.literal

	def literal(value) -> str:
		kind = type(value)
		if kind is str:
			return "'" + escape(value) + "'"
		if value is None:
			return "NULL"
		if kind in NUMBERS:
			return str(value)
		if kind in DATES:
			return f"'{value}'"
		return driver(value)  # bool, bytes, time, timedelta …

	return literal


def rows_of(records: Iterable[dict], fields: Sequence[str]) -> list[tuple]:
	"""Dicts as insert_rows' tuples (a missing field: None)."""
	return [tuple(record.get(f) for f in fields) for record in records]
