"""Benchmark of onboarding from Excel (registered in benchmark.BENCHMARK_MODULES).

A workbook of MEMBERS new members in new branches of the demo county, checked and written through the
doctypes' controllers as the county admin would import it (a dry run: everything is rolled back). The
target is the issue's 10,000 members in 60 s, pro rata.
"""

import datetime
import io

import frappe

from party_building.benchmark import measurement
from party_building.members import idcard
from party_building.onboarding import service, templates

MEMBERS = 500
PER_BRANCH = 30
TARGET_MS = MEMBERS * 60_000 / 10_000

_file: dict[str, bytes] = {}


def workbook(root: str) -> bytes:
	if root in _file:
		return _file[root]
	taken = set(frappe.get_all("Party Member", filters={"id_number": ("like", "110101%")}, pluck="id_number"))
	numbers, i = [], 0
	while len(numbers) < MEMBERS:
		birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=i % 9000)
		number = idcard.make("110101", birth, 801 + 2 * (i // 9000), "Female")
		if number not in taken:
			numbers.append(number)
		i += 1
	branches = [f"导入基准{n}党支部" for n in range(MEMBERS // PER_BRANCH + 1)]
	organizations = [[b, "党支部", root, None, "正常"] for b in branches]
	header = [c.key for c in templates.MEMBERS.columns]
	members = []
	for n, number in enumerate(numbers):
		row = dict.fromkeys(header)
		row.update(
			full_name="李芳", gender="女", ethnicity="汉族", id_number=number, education="大学本科",
			membership_type="正式党员", branch=branches[n // PER_BRANCH], joined_on="2005.7.1", post="教师",
		)  # fmt: skip
		members.append([row[k] for k in header])
	book = templates.build_workbook(
		(templates.ORGANIZATIONS, templates.MEMBERS), {"organizations": organizations, "members": members}
	)
	out = io.BytesIO()
	book.save(out)
	_file[root] = out.getvalue()
	return _file[root]


def county_root() -> str:
	from party_building.demo import County

	return County().root


def imports_everything(ctx, report) -> bool:
	return not report["errors"] and report["counts"]["members"]["created"] == MEMBERS


@measurement(
	f"import {MEMBERS} members from Excel through the forms' rules, county admin (target: 10,000 in 60 s)",
	TARGET_MS,
	user="admin",
	check=imports_everything,
	runs=1,
	writes=True,
)
def import_members(ctx):
	return service.run_import(workbook(county_root()), "基准.xlsx", county_root(), dry_run=True, commit=False)
