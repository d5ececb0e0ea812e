"""Two database connections pay the same member-month at once: the unique index lets exactly one win.

This test must commit (another connection cannot see uncommitted rows), so it builds its own
branch in a separate connection and deletes everything it committed at the end.
"""

import datetime
import threading
import time

import frappe

from party_building.dues.errors import ConcurrentPaymentError, MonthAlreadyPaidError
from tests.conftest import SITES, site_name

MONTH = datetime.date(2026, 5, 1)


def in_connection(fn, *args):
	"""Run fn in a new thread with its own site connection; return its result or exception."""
	out = {}

	def run():
		frappe.init(site=site_name(), sites_path=str(SITES))
		frappe.connect()
		frappe.set_user("Administrator")
		try:
			out["value"] = fn(*args)
		except Exception as e:
			frappe.db.rollback()
			out["error"] = e
		finally:
			frappe.destroy()

	thread = threading.Thread(target=run)
	thread.start()
	thread.join(timeout=120)
	return out


def build():
	from party_building.dues.install import ensure_defaults
	from tests.integration.dues_factories import assess
	from tests.integration.factories import make_member, make_tree

	ensure_defaults()
	tree = make_tree()
	member = make_member(
		tree.branch.name, joined_on=datetime.date(2015, 3, 1), birth_date=datetime.date(1980, 1, 1)
	)
	assess(tree.branch.name, 2026, [member])
	drafts = []
	for receipt in ("A-1", "B-1"):
		drafts.append(
			frappe.get_doc(
				{
					"doctype": "Dues Payment",
					"member": member.name,
					"from_month": MONTH,
					"to_month": MONTH,
					"amount": 40,
					"paid_on": MONTH,
					"receipt_no": receipt,
				}
			)
			.insert()
			.name
		)
	frappe.db.commit()
	orgs = [tree.group.name, tree.branch.name, tree.general.name, tree.committee.name]
	return frappe._dict(member=member.name, drafts=drafts, orgs=orgs)


def submit_at_once(name: str, barrier: threading.Barrier, results: dict):
	def run():
		frappe.init(site=site_name(), sites_path=str(SITES))
		frappe.connect()
		frappe.set_user("Administrator")
		try:
			doc = frappe.get_doc("Dues Payment", name)
			barrier.wait(timeout=30)
			doc.submit()
			time.sleep(0.5)  # hold the month while the other connection tries it
			frappe.db.commit()
			results[name] = "submitted"
		except Exception as e:
			frappe.db.rollback()
			results[name] = e
		finally:
			frappe.destroy()

	return threading.Thread(target=run)


def cleanup(world):
	payments = frappe.get_all("Dues Payment", filters={"member": world.member}, pluck="name")
	frappe.db.delete(
		"Dues Ledger Entry", {"voucher_type": "Dues Payment", "voucher_no": ("in", payments or [""])}
	)
	frappe.db.delete("Dues Payment Month", {"parent": ("in", payments or [""])})
	frappe.db.delete("Dues Payment", {"name": ("in", payments or [""])})
	assessments = frappe.get_all("Dues Assessment", filters={"organization": world.orgs[1]}, pluck="name")
	frappe.db.delete("Dues Assessment Item", {"parent": ("in", assessments or [""])})
	frappe.db.delete("Dues Assessment", {"name": ("in", assessments or [""])})
	frappe.db.delete("Party Member Archive Item", {"parent": world.member})
	frappe.db.delete("Party Member", {"name": world.member})
	for org in world.orgs:
		frappe.delete_doc("Party Organization", org, force=True, ignore_permissions=True)
	frappe.db.commit()
	return True


def test_two_connections_paying_the_same_month_store_exactly_one():
	made = in_connection(build)
	assert "error" not in made, made.get("error")
	world = made["value"]
	try:
		barrier = threading.Barrier(2)
		results: dict = {}
		threads = [submit_at_once(name, barrier, results) for name in world.drafts]
		for t in threads:
			t.start()
		for t in threads:
			t.join(timeout=120)
		outcomes = [results[name] for name in world.drafts]
		assert sum(o == "submitted" for o in outcomes) == 1, outcomes
		loser = next(o for o in outcomes if isinstance(o, Exception))
		# normally the unique index refuses the month; should the database pick the same moment for a
		# deadlock instead, the loser is told to try again — either way nothing of it is stored
		assert isinstance(loser, MonthAlreadyPaidError | ConcurrentPaymentError), loser
		assert "2026-05" in str(loser)

		def stored():
			return {
				"months": frappe.db.count("Dues Payment Month", {"member_month": f"{world.member}:2026-05"}),
				"submitted": frappe.db.count("Dues Payment", {"member": world.member, "docstatus": 1}),
				"ledger": frappe.db.count("Dues Ledger Entry", {"member": world.member}),
			}

		seen = in_connection(stored)["value"]
		assert seen == {"months": 1, "submitted": 1, "ledger": 1}
	finally:
		cleaned = in_connection(cleanup, world)
		assert cleaned.get("value") is True, cleaned.get("error")
	assert in_connection(lambda: frappe.db.exists("Party Member", world.member))["value"] is None
