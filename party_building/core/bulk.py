"""Writing many rows at once: one multi-row INSERT per chunk, the values escaped by the driver.

frappe.db.bulk_insert builds every value as a query-builder term, which costs seconds for 10,000 rows
and minutes for 300,000; the whole county's dues assessment, the Excel import and the demo write here.
"""

import frappe


def insert_rows(
	doctype: str, fields: tuple[str, ...] | list[str], rows: list, chunk_size: int = 5000
) -> None:
	"""Insert `rows` (tuples of values in the order of `fields`) into the doctype's table."""
	columns = ", ".join(f"`{f}`" for f in fields)
	placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
	for start in range(0, len(rows), chunk_size):
		chunk = rows[start : start + chunk_size]
		frappe.db.sql(
			f"insert into `tab{doctype}` ({columns}) values {', '.join([placeholder] * len(chunk))}",
			[value for row in chunk for value in row],
		)
