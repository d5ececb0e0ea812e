"""Backup and restore, as the README tells an administrator: `bench backup --with-files`, drop, `bench restore`.

The round trip runs on a scratch site (a copy of the test site with the tiny demo on it), never on the
site under test: backup with files → drop → restore → every party_building table has the same row
count, the attached files are back on disk, and the dues ledger has the same balance per organization.
"""

import json
import shutil
import subprocess
from pathlib import Path

import frappe
import pymysql
import pytest

from party_building.benchmark import db_root_account

SCRATCH = "pb-backup-test.localhost"


def bench_path() -> Path:
	from frappe.utils import get_bench_path

	return Path(get_bench_path())


def bench(*args: str) -> str:
	done = subprocess.run(
		[shutil.which("bench") or "bench", *args],
		cwd=bench_path(),
		stdin=subprocess.DEVNULL,
		capture_output=True,
		text=True,
		timeout=600,
	)
	assert done.returncode == 0, (
		f"bench {' '.join(args[:3])} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
	)
	return done.stdout


def root_args() -> tuple[str, ...]:
	user, password = db_root_account(bench_path())
	return ("--db-root-username", user, "--db-root-password", password)


def drop(site: str) -> None:
	if (bench_path() / "sites" / site).exists():
		bench("drop-site", site, "--force", "--no-backup", *root_args())


def connect(site: str) -> pymysql.Connection:
	config = json.loads((bench_path() / "sites" / site / "site_config.json").read_text())
	return pymysql.connect(
		host=frappe.conf.db_host or "127.0.0.1",
		port=int(frappe.conf.db_port or 3306),
		user=config["db_name"],
		password=config["db_password"],
		database=config["db_name"],
		charset="utf8mb4",
	)


def snapshot(site: str) -> dict:
	"""Row counts of every party_building table, its files, and the dues ledger's balances."""
	with connect(site) as db, db.cursor() as cursor:
		cursor.execute(
			"select name from tabDocType where module = 'Party Building' and issingle = 0 and is_virtual = 0"
		)
		doctypes = sorted(row[0] for row in cursor.fetchall())
		counts = {}
		for doctype in doctypes:
			cursor.execute(f"select count(*) from `tab{doctype}`")
			counts[doctype] = cursor.fetchone()[0]
		cursor.execute(
			"select file_url from tabFile where is_folder = 0 and attached_to_doctype in %s", (doctypes,)
		)
		files = sorted(row[0] for row in cursor.fetchall())
		cursor.execute(
			"select organization, sum(received) - sum(remitted) from `tabDues Ledger Entry` group by organization order by 1"
		)
		balances = cursor.fetchall()
	return {"counts": counts, "files": files, "balances": balances}


def file_on_disk(site: str, url: str) -> Path:
	folder = "private/files" if url.startswith("/private/files/") else "public/files"
	return bench_path() / "sites" / site / folder / url.rsplit("/", 1)[-1]


@pytest.fixture
def scratch(tmp_path):
	"""A scratch site: the test site's committed state restored under another name, with the tiny demo."""
	drop(SCRATCH)
	bench("--site", frappe.local.site, "backup", "--backup-path", str(tmp_path / "source"))
	sql = next((tmp_path / "source").glob("*-database.sql.gz"))
	bench("new-site", SCRATCH, "--source-sql", str(sql), "--admin-password", "admin", *root_args())
	bench(
		"--site", SCRATCH, "party-building-demo", "--scale", "tiny", "--reset"
	)  # over any demo the copy holds
	yield SCRATCH
	drop(SCRATCH)


def test_backup_drop_restore_gives_back_every_record_and_file(scratch, tmp_path):
	before = snapshot(scratch)
	assert before["counts"]["Party Member"] > 0 and before["counts"]["Dues Ledger Entry"] > 0
	# the files on disk before (the test site's own attachments were not copied into the scratch site)
	on_disk = [url for url in before["files"] if file_on_disk(scratch, url).exists()]
	assert before["balances"] and on_disk

	bench("--site", scratch, "backup", "--with-files", "--backup-path", str(tmp_path / "backup"))
	backup = tmp_path / "backup"
	sql = next(backup.glob("*-database.sql.gz"))
	public = next(p for p in backup.glob("*-files.tar") if not p.name.endswith("-private-files.tar"))
	private = next(backup.glob("*-private-files.tar"))
	drop(scratch)
	assert not (bench_path() / "sites" / scratch).exists()

	# as the README says: a site again from the database backup, then the restore with its files
	bench("new-site", scratch, "--source-sql", str(sql), "--admin-password", "admin", *root_args())
	bench(
		"--site", scratch, "restore", str(sql),
		"--with-public-files", str(public), "--with-private-files", str(private), *root_args(),
	)  # fmt: skip
	after = snapshot(scratch)
	assert after["counts"] == before["counts"]
	assert after["balances"] == before["balances"]
	assert after["files"] == before["files"]
	assert all(file_on_disk(scratch, url).exists() for url in on_disk)
