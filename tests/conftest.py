"""Test layout: tests/unit need no site; tests/integration run on a real Frappe site.

The site comes from a bench's `sites/` folder: PB_BENCH (default ~/frappe-bench) and PB_SITE
(default: the bench's current site). Without a bench the integration tests are skipped, and
scripts/test says so loudly with the count.
"""

import os
from pathlib import Path

import pytest

# Every test runs on the same day, whatever the calendar says: Wednesday 18 November 2026, 10:00 in
# Beijing (02:00 UTC), a working day inside chinesecalendar's range. The clock still runs from there
# (tick), so durations and timeouts behave. A test that means another day passes that day.
TEST_NOW = "2026-11-18 02:00:00"
_frozen = None


def pytest_configure(config):
	global _frozen
	import time

	from freezegun import freeze_time

	config._pb_started = time.time()  # before the clock is frozen: artifacts of this run are newer
	_frozen = freeze_time(TEST_NOW, tick=True)
	_frozen.start()


def pytest_unconfigure(config):
	if _frozen:
		_frozen.stop()


BENCH = Path(os.environ.get("PB_BENCH", Path.home() / "frappe-bench")).expanduser()
SITES = BENCH / "sites"


def site_name() -> str | None:
	if os.environ.get("PB_SITE"):
		return os.environ["PB_SITE"]
	current = SITES / "currentsite.txt"
	if current.exists():
		return current.read_text().strip()
	config = SITES / "common_site_config.json"
	if config.exists():
		import json

		return json.loads(config.read_text()).get("default_site")
	return None


def bench_available() -> bool:
	try:
		import frappe  # noqa: F401  (is Frappe installed?)
	except ImportError:
		return False
	name = site_name()
	return bool(name) and (SITES / name / "site_config.json").exists()


INTEGRATION = Path(__file__).parent / "integration"


def integration_test_count() -> int:
	"""Test functions in tests/integration (counted from the source when they cannot be collected)."""
	import re

	return sum(
		len(re.findall(r"^def test_", path.read_text(encoding="utf-8"), re.M))
		for path in INTEGRATION.glob("test_*.py")
	)


def pytest_ignore_collect(collection_path, config):
	"""Without a bench the integration modules (which import frappe) are not even collected."""
	if INTEGRATION in Path(collection_path).parents or Path(collection_path) == INTEGRATION:
		return not bench_available() or None
	return None


ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
	for matrix in sorted(ARTIFACTS.glob("isolation-audit-*.txt")):
		if matrix.stat().st_mtime >= config._pb_started:
			terminalreporter.write_sep("=", matrix.stem)
			terminalreporter.write_line(matrix.read_text(encoding="utf-8"))
	if not bench_available():
		terminalreporter.write_line(
			f"INTEGRATION TESTS SKIPPED: {integration_test_count()} (no Frappe bench with a site at {SITES})",
			red=True,
			bold=True,
		)


def pytest_collection_modifyitems(config, items):
	available = bench_available()
	for item in items:
		if "integration" in Path(str(item.fspath)).parts:
			item.add_marker(pytest.mark.integration)
			if not available:
				item.add_marker(pytest.mark.skip(reason=f"no Frappe bench with a site at {SITES}"))
