"""Benchmark of onboarding from Excel (registered in benchmark.BENCHMARK_MODULES).

The issue's workbook: 10,000 new members in 334 new branches of the demo county, read, checked with the
forms' rules and written as the county admin imports it — everything is written, then rolled back (a dry
run). Target: 60 s. The row also shows how far the process's memory grew during the import (its peak
resident size, reset before the run where Linux allows it).
"""

import datetime
import io
import resource

import frappe

from party_building.benchmark import MEASUREMENTS, measurement
from party_building.members import idcard
from party_building.onboarding import service, templates

MEMBERS = 10_000
PER_BRANCH = 30
TARGET_MS = 60_000

_file: dict[str, bytes] = {}


def workbook(root: str) -> bytes:
	if root in _file:
		return _file[root]
	taken = set(frappe.get_all("Party Member", filters={"id_number": ("like", "110101%")}, pluck="id_number"))
	numbers, i = [], 0
	while len(numbers) < MEMBERS:
		birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=i % 9000)  # 31 or older on joining
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


LABEL = f"import {MEMBERS:,} members in {MEMBERS // PER_BRANCH + 1} new branches from Excel, county admin"


@measurement(
	f"import workbook of {MEMBERS:,} members built (setup of the next row)", TARGET_MS, runs=1, setup=True
)
def build_workbook(ctx):
	return workbook(county_root())


@measurement(LABEL, TARGET_MS, user="admin", check=imports_everything, runs=1, writes=True)
def import_members(ctx):
	content = workbook(county_root())  # built by the row above when it ran
	before = memory_mb(reset=True)
	report = service.run_import(content, "基准.xlsx", county_root(), dry_run=True, commit=False)
	ROW.name = f"{LABEL} (memory +{memory_mb() - before:.0f} MB)"
	return report


ROW = MEASUREMENTS[-1]


def memory_mb(reset: bool = False) -> float:
	"""The process's peak resident memory in MB; `reset` starts a new peak from the current size
	(Linux: /proc/self/clear_refs), so that the difference is what the import added."""
	try:
		if reset:
			with open("/proc/self/clear_refs", "w") as f:
				f.write("5")
		with open("/proc/self/status") as f:
			for line in f:
				if line.startswith("VmHWM:"):
					return int(line.split()[1]) / 1024
	except OSError:
		pass
	return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
