"""Browser tests: the served site in Debian's chromium, driven by Playwright, as real zh users.

What they need beyond the integration tests: Playwright for Python and a chromium at CHROMIUM (never
`playwright install`: Debian's package is used). Without either they are skipped, and scripts/test
announces it loudly. Screenshots of every step are kept under test-artifacts/browser/<test>/.

Fixtures:
- `site_url`: the test site served on 127.0.0.1 (gunicorn, party_building.wsgi) for the session.
- `browser`: one headless chromium for the session.
- `open_page(user, width=1366, height=900)`: a new zh-CN browser context logged in as `user` (the
  demo password), returning its page; contexts close at the end of the test.
- `shot(page, name)`: a full-page screenshot under test-artifacts/browser/<test name>/NN-name.png.
"""

import contextlib
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import bench_available

# the integration tests' site fixtures: one connection, each test rolled back
from tests.integration.conftest import frappe_site, module_world, rollback  # noqa: F401

CHROMIUM = os.environ.get("PB_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def browser_missing() -> str | None:
	"""Why the browser tests cannot run here, or None."""
	if not bench_available():
		return "no Frappe bench"
	try:
		import playwright  # noqa: F401
	except ImportError:
		return "Playwright for Python is not installed"
	if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
		return f"no chromium at {CHROMIUM} (apt-get install chromium)"
	return None


def pytest_collection_modifyitems(config, items):
	reason = browser_missing()
	if not reason:
		return
	for item in items:
		if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
			item.add_marker(pytest.mark.skip(reason=f"BROWSER TESTS SKIPPED: {reason}"))


@pytest.fixture(scope="session")
def site_url(frappe_site):  # noqa: F811
	from tests.integration.live import served_site

	with served_site(workers=3) as url:  # a PDF's own requests for its styles need a free worker
		warm(url, workers=3)
		yield url


def warm(url: str, workers: int) -> None:
	"""Have every worker answer a page once before the first test: a worker's first desk page loads the
	site's hooks, translations and boot, which on a slow machine took longer than a test waits."""
	from concurrent.futures import ThreadPoolExecutor

	import requests

	def fetch(path: str) -> None:
		with contextlib.suppress(requests.RequestException):
			requests.get(f"{url}{path}", timeout=120)

	with ThreadPoolExecutor(max_workers=workers * 2) as pool:
		list(
			pool.map(
				fetch,
				["/login", "/app", "/party", "/api/method/frappe.client.get_count?doctype=DocType"] * workers,
			)
		)


@pytest.fixture(scope="session")
def browser():
	from playwright.sync_api import sync_playwright

	with sync_playwright() as p:
		chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
		yield chromium
		chromium.close()


@pytest.fixture
def open_page(browser, site_url):
	from party_building.demo import DEMO_PASSWORD

	contexts = []

	def open_as(user: str | None, width: int = 1366, height: int = 900, password: str = DEMO_PASSWORD):
		context = browser.new_context(
			locale="zh-CN",
			timezone_id="Asia/Shanghai",
			viewport={"width": width, "height": height},
			base_url=site_url,
			is_mobile=width < 500,
			has_touch=width < 500,
		)
		context.set_default_timeout(30_000)
		contexts.append(context)
		page = context.new_page()
		if user:
			login(page, user, password)
		return page

	yield open_as
	for context in contexts:
		context.close()


def login(page, user: str, password: str) -> None:
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_url(re.compile(r"/(app|party)"), timeout=30_000)
	page.wait_for_load_state("networkidle")


@pytest.fixture
def shot(request):
	folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
	shutil.rmtree(folder, ignore_errors=True)
	count = [0]

	def take(page, name: str, full_page: bool = True) -> Path:
		count[0] += 1
		folder.mkdir(parents=True, exist_ok=True)
		path = folder / f"{count[0]:02d}-{name}.png"
		page.screenshot(path=str(path), full_page=full_page)
		return path

	return take
