"""Reports on a read replica (issue 20, part 6): with `read_from_replica` in the site's config, the
app's script reports, its onboarding export and the benchmark's read measurements read on the replica.

The machine's MariaDB (127.0.0.1:3306) runs without a binary log, and `log_bin` cannot be switched on
without restarting it, which the other engineers' tests share: it is left alone (only read, by
mysqldump with --single-transaction). The test owns both ends instead: two mariadbd servers on
loopback ports, datadirs under /tmp/pb-replica-<pid>, a primary with a binary log and a replica of
it (GTID binlog replication). The site's database is dumped into the primary and reaches the replica
through replication; a test site, sites/pb-replica-<pid>.localhost (the site's config pointed at the
two servers), reads and writes them. A member saved through the app on the test site replicates, and
is then deleted on the primary alone (sql_log_bin=0): a row present only on the replica. It is in the
report and the export while the site reads from the replica, and gone when the setting is off.

Everything is stopped and removed when the module ends, failed or not (and what a killed run left is
removed by the next). The figures measured on the way are written to test-artifacts/read-replica.txt.
"""

import contextlib
import getpass
import io
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import frappe
import pymysql
import pytest

from tests.conftest import ARTIFACTS, SITES
from tests.integration.live import free_port

MARIADBD = shutil.which("mariadbd") or shutil.which("mariadbd", path="/usr/sbin:/usr/local/sbin")
INSTALL_DB = shutil.which("mariadb-install-db") or shutil.which("mysql_install_db")
DUMP = shutil.which("mariadb-dump") or shutil.which("mysqldump")
CLIENT = shutil.which("mariadb") or shutil.which("mysql")
PREFIX = "pb-replica-"
OWNER = os.getpid()
READY_SECONDS = 60
REPLICATION_PASSWORD = "pb-replication"


# --- the two servers ------------------------------------------------------------------------------


class Server:
	"""A mariadbd of this test on 127.0.0.1, its datadir under the test's temporary folder."""

	def __init__(self, name: str, folder: Path, server_id: int, *options: str):
		self.name, self.folder, self.server_id, self.options = name, folder, server_id, options
		self.datadir = folder / name
		self.port = free_port()
		self.process: subprocess.Popen | None = None

	def start(self) -> None:
		self.process = subprocess.Popen(
			[
				MARIADBD,
				"--no-defaults",
				f"--user={getpass.getuser()}",
				f"--datadir={self.datadir}",
				"--bind-address=127.0.0.1",
				f"--port={self.port}",
				f"--socket={self.folder / (self.name + '.sock')}",
				f"--pid-file={self.folder / (self.name + '.pid')}",
				f"--log-error={self.folder / (self.name + '.err')}",
				f"--server-id={self.server_id}",
				"--skip-name-resolve",
				"--character-set-server=utf8mb4",
				"--collation-server=utf8mb4_unicode_ci",
				"--character-set-client-handshake=FALSE",  # as the bench's MariaDB (frappe.cnf)
				"--innodb-buffer-pool-size=128M",
				"--innodb-flush-log-at-trx-commit=2",  # a throwaway server: durability is not the point
				*self.options,
			],
			stdin=subprocess.DEVNULL,
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
		)
		deadline = time.monotonic() + READY_SECONDS
		while time.monotonic() < deadline:
			if self.process.poll() is not None:
				raise RuntimeError(f"the {self.name} mariadbd stopped at start:\n{self.log_tail()}")
			with contextlib.suppress(pymysql.err.OperationalError):
				self.sql("select 1")
				return
			time.sleep(0.2)
		raise RuntimeError(
			f"the {self.name} mariadbd did not answer in {READY_SECONDS} s:\n{self.log_tail()}"
		)

	def sql(self, *statements: str, database: str | None = None) -> list[tuple]:
		"""Run the statements on one root connection; the last one's rows."""
		connection = pymysql.connect(
			host="127.0.0.1", port=self.port, user="root", password="", database=database, autocommit=True
		)
		try:
			with connection.cursor() as cursor:
				for statement in statements:
					cursor.execute(statement)
				return list(cursor.fetchall())
		finally:
			connection.close()

	def value(self, statement: str, database: str | None = None):
		rows = self.sql(statement, database=database)
		return rows[0][0] if rows else None

	def stop(self) -> None:
		if self.process and self.process.poll() is None:
			self.process.terminate()
			try:
				self.process.wait(timeout=60)
			except subprocess.TimeoutExpired:
				self.process.kill()
				self.process.wait(timeout=10)

	def log_tail(self) -> str:
		log = self.folder / (self.name + ".err")
		return "\n".join(log.read_text(errors="replace").splitlines()[-15:]) if log.exists() else ""


def alive(pid: int) -> bool:
	try:
		os.kill(pid, 0)
	except ProcessLookupError:
		return False
	except PermissionError:
		return True
	return True


def remove_leftovers() -> None:
	"""What a killed run of this test left: its servers (the mariadbd whose pid file is in a folder of
	this test and whose command line names that folder), their folders, its test site."""
	for folder in Path("/tmp").glob(f"{PREFIX}*"):
		owner = folder.name.removeprefix(PREFIX)
		if not owner.isdigit() or alive(int(owner)):
			continue
		for pid_file in folder.glob("*.pid"):
			with contextlib.suppress(ValueError, OSError):
				pid = int(pid_file.read_text().strip())
				if str(folder) in Path(f"/proc/{pid}/cmdline").read_text():
					os.kill(pid, signal.SIGTERM)
					for _ in range(100):
						if not alive(pid):
							break
						time.sleep(0.2)
		shutil.rmtree(folder, ignore_errors=True)
	for site in SITES.glob(f"{PREFIX}*.localhost"):
		owner = site.name.removeprefix(PREFIX).split(".")[0]
		if owner.isdigit() and not alive(int(owner)):
			shutil.rmtree(site, ignore_errors=True)


def replicate(primary: Server, replica: Server) -> None:
	"""The replica follows the primary's binary log from its start (GTID positions)."""
	primary.sql(
		"SET sql_log_bin = 0",  # the replication account is the primary's own
		f"CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY '{REPLICATION_PASSWORD}'",
		"GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'",
	)
	replica.sql(
		f"CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={primary.port}, MASTER_USER='repl', "
		f"MASTER_PASSWORD='{REPLICATION_PASSWORD}', MASTER_USE_GTID=slave_pos",
		"START SLAVE",
	)


def caught_up(primary: Server, replica: Server, timeout: int = 120) -> float:
	"""Wait until the replica has applied everything the primary has written; seconds waited."""
	position = primary.value("SELECT @@gtid_binlog_pos")
	started = time.perf_counter()
	waited = replica.value(f"SELECT MASTER_GTID_WAIT('{position}', {timeout})")
	assert waited == 0, f"the replica did not reach {position} in {timeout} s: {replica_status(replica)}"
	return time.perf_counter() - started


def replica_status(replica: Server) -> dict:
	connection = pymysql.connect(host="127.0.0.1", port=replica.port, user="root", password="")
	try:
		with connection.cursor(pymysql.cursors.DictCursor) as cursor:
			cursor.execute("SHOW SLAVE STATUS")
			return cursor.fetchone() or {}
	finally:
		connection.close()


# --- the test site ----------------------------------------------------------------------------------


def on_site(site: str, fn, user: str = "Administrator"):
	"""Run fn as a request of the test site would: in a thread of its own (the session's site stays
	connected in this one), Frappe initialised from the test site's config, committed at the end."""
	box = {}

	def work():
		try:
			frappe.init(site=site, sites_path=str(SITES))
			frappe.connect()
			frappe.flags.in_test = True
			frappe.local.conf.throttle_user_limit = 10**6
			frappe.set_user(user)
			box["value"] = fn()
			frappe.db.commit()
		except BaseException as e:
			box["error"] = e
		finally:
			frappe.destroy()

	thread = threading.Thread(target=work)
	thread.start()
	thread.join()
	if "error" in box:
		raise box["error"]
	return box["value"]


class World(frappe._dict):
	def configure(self, read_from_replica: bool) -> None:
		"""The test site's site_config.json: the primary, and the replica when asked."""
		config = {**self.base_config, "db_host": "127.0.0.1", "db_port": self.primary.port}
		if read_from_replica:
			config.update(read_from_replica=1, replica_host="127.0.0.1", replica_db_port=self.replica.port)
		(SITES / self.site / "site_config.json").write_text(json.dumps(config, indent=1))


def dump_site_database(into: Path) -> None:
	"""The session's site's database, read from the machine's MariaDB with the site's own account."""
	conf = frappe.local.conf
	with open(into, "wb") as out:
		subprocess.run(
			[
				DUMP,
				"--single-transaction",
				"--quick",
				"--skip-lock-tables",
				"--no-tablespaces",
				"--default-character-set=utf8mb4",
				"-h",
				conf.db_host or "127.0.0.1",
				"-P",
				str(conf.db_port or 3306),
				"-u",
				conf.db_name,
				f"-p{conf.db_password}",
				conf.db_name,
			],
			stdout=out,
			stderr=subprocess.PIPE,
			check=True,
		)


def load(server: Server, database: str, dump: Path) -> None:
	with open(dump, "rb") as source:
		subprocess.run(
			[
				CLIENT,
				"-h",
				"127.0.0.1",
				"-P",
				str(server.port),
				"-u",
				"root",
				"--default-character-set=utf8mb4",
				database,
			],
			stdin=source,
			stderr=subprocess.PIPE,
			check=True,
		)


def make_world(world: World) -> None:
	folder = world.folder
	subprocess.run(
		[
			INSTALL_DB,
			"--no-defaults",
			f"--datadir={folder / 'primary'}",
			f"--user={getpass.getuser()}",
			"--auth-root-authentication-method=normal",
			"--skip-test-db",
		],
		stdin=subprocess.DEVNULL,
		capture_output=True,
		check=True,
	)
	shutil.copytree(folder / "primary", folder / "replica", symlinks=True)  # the same empty server
	world.primary = Server(
		"primary", folder, 1, f"--log-bin={folder / 'primary' / 'binlog'}", "--binlog-format=ROW"
	)
	world.replica = Server("replica", folder, 2, "--read-only=1", "--skip-log-bin")
	for server in (world.primary, world.replica):
		server.start()
	replicate(world.primary, world.replica)

	# the site's database into the primary (and, through the binary log, into the replica)
	database = world.database
	world.primary.sql(
		f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
		f"CREATE USER '{database}'@'127.0.0.1' IDENTIFIED BY '{world.password}'",
		f"GRANT ALL PRIVILEGES ON `{database}`.* TO '{database}'@'127.0.0.1'",
	)
	dump = folder / "site.sql"
	started = time.perf_counter()
	dump_site_database(dump)
	world.figures["dump"] = (time.perf_counter() - started, dump.stat().st_size)
	started = time.perf_counter()
	load(world.primary, database, dump)
	world.figures["load"] = time.perf_counter() - started
	world.figures["catch_up_after_load"] = caught_up(world.primary, world.replica)
	dump.unlink()

	(SITES / world.site / "logs").mkdir(parents=True)
	world.configure(read_from_replica=False)

	def members():
		from tests.integration.factories import make_member, make_org

		branch = make_org("Branch", organization_name=f"只读副本测试{OWNER}党支部").name
		kept, replica_only = make_member(branch), make_member(branch)
		return branch, (kept.name, kept.full_name), (replica_only.name, replica_only.full_name)

	world.branch, world.kept, world.replica_only = on_site(world.site, members)
	caught_up(world.primary, world.replica)
	world.figures["replication_lag"] = replication_lag(world.primary, world.replica, database)
	world.primary.sql(
		"SET sql_log_bin = 0",  # this delete stays on the primary
		f"DELETE FROM `{database}`.`tabParty Member` WHERE name = '{world.replica_only[0]}'",
	)


def replication_lag(primary: Server, replica: Server, database: str, runs: int = 20) -> list[float]:
	"""Seconds from a commit on the primary to the replica having applied it, `runs` times."""
	primary.sql(f"CREATE TABLE `{database}`.`pb_replica_probe` (n INT PRIMARY KEY)")
	lags = []
	for n in range(runs):
		primary.sql(f"INSERT INTO `{database}`.`pb_replica_probe` VALUES ({n})")
		lags.append(caught_up(primary, replica))
	primary.sql(f"DROP TABLE `{database}`.`pb_replica_probe`")
	caught_up(primary, replica)
	return lags


def missing_binaries() -> list[str]:
	named = {"mariadbd": MARIADBD, "mariadb-install-db": INSTALL_DB, "mariadb-dump": DUMP, "mariadb": CLIENT}
	return [name for name, path in named.items() if not path]


@pytest.fixture(scope="module")
def world(frappe_site):
	missing = missing_binaries()
	if missing:
		message = (
			f"READ REPLICA TEST SKIPPED: no {', '.join(missing)} on this machine "
			"(Debian: apt-get install mariadb-server mariadb-client); the replica was NOT tested"
		)
		print(f"\n{message}", file=sys.stderr)
		pytest.skip(message)
	remove_leftovers()
	world = World(
		folder=Path(f"/tmp/{PREFIX}{OWNER}"),
		site=f"{PREFIX}{OWNER}.localhost",
		database=f"pbr_{OWNER}",
		password=frappe.generate_hash(length=16),
		base_config=json.loads((SITES / frappe_site / "site_config.json").read_text()),
		figures={},
	)
	world.base_config.pop("db_socket", None)
	world.base_config.update(db_name=world.database, db_password=world.password)
	world.folder.mkdir()
	try:
		make_world(world)
		yield world
		write_figures(world)
	finally:
		with contextlib.suppress(Exception):
			if (SITES / world.site / "site_config.json").exists():
				on_site(world.site, lambda: frappe.cache.delete_keys(""))  # the test site's cache
		shutil.rmtree(SITES / world.site, ignore_errors=True)
		for name in ("replica", "primary"):
			if world.get(name):
				world[name].stop()
		shutil.rmtree(world.folder, ignore_errors=True)


def roster(branch: str) -> set[str]:
	"""The member roster (花名册) of the branch, as the desk asks for it."""
	from frappe.desk.query_report import run

	result = run("Member Roster", filters=json.dumps({"organization": branch}))
	return {row["name"] for row in result["result"] if isinstance(row, dict) and row.get("name")}


# --- the tests ----------------------------------------------------------------------------------------


def test_the_replica_follows_the_primary_through_its_binary_log(world):
	status = replica_status(world.replica)
	assert status["Slave_IO_Running"] == "Yes" and status["Slave_SQL_Running"] == "Yes", status
	assert world.primary.value("SELECT @@log_bin") == 1 and world.replica.value("SELECT @@read_only") == 1
	table = f"`{world.database}`.`tabParty Member`"
	for server, expected in (
		(world.primary, {world.kept[0]}),
		(world.replica, {world.kept[0], world.replica_only[0]}),
	):
		found = {r[0] for r in server.sql(f"SELECT name FROM {table} WHERE branch = '{world.branch}'")}
		assert found == expected, server.name


def test_a_report_reads_the_replica_while_the_site_says_so(world):
	world.configure(read_from_replica=True)
	# twice in one process: Frappe's read_only() alone would read the primary the second time
	first, second = on_site(world.site, lambda: (roster(world.branch), roster(world.branch)))
	assert first == second == {world.kept[0], world.replica_only[0]}

	world.configure(read_from_replica=False)
	assert on_site(world.site, lambda: roster(world.branch)) == {world.kept[0]}


def test_the_onboarding_export_reads_the_replica(world):
	from openpyxl import load_workbook

	def exported() -> str:
		from party_building.party_building.doctype.party_data_import.party_data_import import export_data

		export_data(organization=world.branch)
		book = load_workbook(io.BytesIO(frappe.response["filecontent"]), read_only=True)
		return "\n".join(
			str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
		)

	world.configure(read_from_replica=True)
	text = on_site(world.site, exported)
	assert world.kept[1] in text and world.replica_only[1] in text

	world.configure(read_from_replica=False)
	text = on_site(world.site, exported)
	assert world.kept[1] in text and world.replica_only[1] not in text


def test_the_benchmark_reads_on_the_replica_and_writes_on_the_primary(world):
	from party_building import benchmark

	def measured():
		member = world.replica_only[0]
		sees = benchmark.Measurement(
			"sees the replica's row",
			10_000,
			lambda ctx: frappe.db.exists("Party Member", member),
			"Administrator",
		)
		writes = benchmark.Measurement(
			"a saving measurement", 10_000, lambda ctx: frappe.db.exists("Party Member", member), "Administrator",
			writes=True,
		)  # fmt: skip
		ctx = frappe._dict(users={"Administrator": "Administrator"})
		return [[bool(answer) for answer in answers(benchmark, m, ctx)] for m in (sees, writes)]

	world.configure(read_from_replica=True)
	reads, writes = on_site(world.site, measured)
	assert reads and all(reads), "a read measurement did not see the replica's row"
	assert writes and not any(writes), "a writing measurement read the replica"


def answers(benchmark, m, ctx) -> list:
	"""What each of the measurement's runs answered (the measurement timed as the benchmark times it)."""
	got = []
	run = m.run
	m.run = lambda ctx: got.append(run(ctx)) or got[-1]
	benchmark.measure(m, ctx, 1)  # one run after the warm-up runs
	return got


def test_reading_switches_to_the_replica_and_back(world):
	from party_building.core.replica import configured, reading

	def ports():
		seen = [configured(), frappe.db.sql("select @@port")[0][0]]
		with reading():
			seen.append(frappe.db.sql("select @@port")[0][0])
			with reading():  # nested: still the replica
				seen.append(frappe.db.sql("select @@port")[0][0])
			seen.append(frappe.db.sql("select @@port")[0][0])
		seen.append(frappe.db.sql("select @@port")[0][0])
		return seen

	world.configure(read_from_replica=True)
	p, r = world.primary.port, world.replica.port
	assert on_site(world.site, ports) == [True, p, r, r, r, p]
	world.configure(read_from_replica=False)
	assert on_site(world.site, ports) == [False, p, p, p, p, p]


def test_report_time_on_the_replica_and_the_primary(world):
	"""Not a target: the figure for the README (the same report, the same data, on either server)."""

	def timed(runs: int = 7) -> float:
		samples = []
		for _ in range(runs):
			started = time.perf_counter()
			roster(world.branch)
			samples.append((time.perf_counter() - started) * 1000)
		return statistics.median(samples[1:])

	for on in (True, False):
		world.configure(read_from_replica=on)
		world.figures["roster_ms_replica" if on else "roster_ms_primary"] = on_site(world.site, timed)
	assert world.figures["roster_ms_replica"] > 0


def write_figures(world: World) -> None:
	f = world.figures
	seconds, size = f["dump"]
	lags = sorted(x * 1000 for x in f["replication_lag"])
	lines = [
		f"read replica test, {os.cpu_count()} CPUs "
		"(a primary and a replica, both mariadbd on loopback ports of this machine)",
		f"the site's database: dumped in {seconds:.1f} s ({size / 1e6:.1f} MB of SQL), loaded into the primary "
		f"in {f['load']:.1f} s; the replica had applied all of it {f['catch_up_after_load'] * 1000:.0f} ms later",
		f"replication lag, commit on the primary to applied on the replica, {len(lags)} commits: "
		f"median {statistics.median(lags):.1f} ms, max {lags[-1]:.1f} ms",
	]
	if "roster_ms_replica" in f:
		lines.append(
			f"member roster of a branch through frappe.desk.query_report.run, median: "
			f"{f['roster_ms_replica']:.1f} ms on the replica, {f['roster_ms_primary']:.1f} ms on the primary"
		)
	ARTIFACTS.mkdir(exist_ok=True)
	(ARTIFACTS / "read-replica.txt").write_text("\n".join(lines) + "\n")
	print("\n" + "\n".join(lines))
