"""core.bulk.insert_rows writes its own SQL literals (the driver's escaping was a fifth of the county
demo's build): every kind of value must arrive as it was, whatever it holds."""

import datetime
from decimal import Decimal

import frappe

from party_building.core.bulk import insert_rows

FIELDS = ("name", "person_name", "description", "entry_date", "approved_on", "points", "is_automatic")
HOSTILE = (
	'O\'Brien "quoted" back\\slash',
	"line\nbreak\r\ttab \x00 nul \x1a",
	"'); drop table `tabPoints Entry`; --",
	"百分号 %s %(name)s 100%",
	"IFNULL(x, 1) and ifnull( — Frappe rewrites this in a query's text",
	"中文姓名 张三丰 𠀀",
)


def test_values_arrive_as_they_were():
	day = datetime.date(2026, 3, 9)
	stamp = datetime.datetime(2026, 3, 9, 16, 30, 5, 123456)
	rows = [
		(f"PB-BULK-{i}", text, text, day, stamp, points, flag)
		for i, (text, points, flag) in enumerate(
			zip(HOSTILE, (1.5, 2, Decimal("3.25"), 0.0, -1.5, 10), (True, False, 1, 0, True, 1), strict=True)
		)
	]
	rows.append(("PB-BULK-none", None, "", None, None, 0, 0))  # Float and Check columns are NOT NULL
	insert_rows("Points Entry", FIELDS, rows, chunk_size=4)  # two chunks: one holds "ifnull("

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
