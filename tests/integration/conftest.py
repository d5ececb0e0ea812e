import os

import pytest

from tests.conftest import SITES, bench_available, site_name

if bench_available():
	import frappe

	from tests.integration.factories import roll_back


@pytest.fixture(scope="session", autouse=True)
def frappe_site():
	if not bench_available():
		yield None
		return
	os.chdir(SITES)
	frappe.init(site=site_name(), sites_path=str(SITES))
	frappe.connect()
	frappe.flags.in_test = True
	# Frappe refuses a 61st user created within an hour; the frozen clock puts every run's users in the
	# same hour, so the limit is lifted for the test process (never for the site)
	frappe.local.conf.throttle_user_limit = 10**6
	frappe.set_user("Administrator")
	from tests.integration import factories

	factories.ensure_user_pool()
	yield frappe.local.site
	# tests/browser/conftest.py holds a second instance of this fixture: the one ending last finds
	# frappe already destroyed by the other when integration and browser tests run in one session
	if getattr(frappe.local, "db", None):
		frappe.db.rollback()
		frappe.destroy()


TEST_SAVEPOINT = "pb_test"


def forget_test_users() -> None:
	from tests.integration import factories

	factories.forget_users()


@pytest.fixture(scope="module", autouse=True)
def module_world(frappe_site):
	"""A module may build a shared, read-only world once (a module-scoped fixture): it lives in the
	module's transaction, each test rolls back to a savepoint taken after it, and the whole
	transaction is rolled back when the module ends."""
	from tests.integration import factories

	mark = factories.pool_mark()
	yield
	if frappe_site:
		frappe.set_user("Administrator")
		roll_back()
		forget_test_users()
	factories.pool_release(mark)


@pytest.fixture(autouse=True)
def rollback(frappe_site):
	"""Every test leaves the database as it found it."""
	if not frappe_site:
		yield
		return
	from tests.integration import factories

	frappe.set_user("Administrator")
	frappe.local.message_log = []
	mark = factories.pool_mark()
	frappe.db.savepoint(TEST_SAVEPOINT)
	yield
	roll_back(TEST_SAVEPOINT)
	frappe.set_user("Administrator")
	frappe.local.message_log = []
	forget_test_users()
	factories.pool_release(mark)
