import os

import pytest

from tests.conftest import SITES, bench_available, site_name

if bench_available():
	import frappe


@pytest.fixture(scope="session", autouse=True)
def frappe_site():
	if not bench_available():
		yield None
		return
	os.chdir(SITES)
	frappe.init(site=site_name(), sites_path=str(SITES))
	frappe.connect()
	frappe.flags.in_test = True
	frappe.set_user("Administrator")
	yield frappe.local.site
	frappe.db.rollback()
	frappe.destroy()


@pytest.fixture(autouse=True)
def rollback(frappe_site):
	"""Every test leaves the database as it found it."""
	if not frappe_site:
		yield
		return
	frappe.set_user("Administrator")
	frappe.local.message_log = []
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.message_log = []
	from tests.integration import factories

	factories.forget_users()
