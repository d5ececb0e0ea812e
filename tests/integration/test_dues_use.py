"""党费使用: dues kept by a branch spent on an approved use. The branch drafts it, only the upper level
approves it (by submitting, with its approval's number); it is then a ledger row of the branch's book
(the balance falls), it shows in the Dues Ledger, the 党费账本 print, the Dues Publication and the
public page; cancelling writes the reversal. Each bad case asserts its error and that nothing moved."""

import datetime

import frappe
import pytest

from party_building.core.errors import FutureDateError, UpperLevelOnlyError
from party_building.dues import rules as dues
from party_building.dues import service as dues_service
from party_building.dues.errors import NonPositiveAmountError, UseAboveBalanceError, UseApprovalMissingError
from party_building.dues.figures import ledger_rows
from party_building.notices import service as notices
from tests.integration.dues_factories import dues_world, pay
from tests.integration.factories import granted_user

D = datetime.date


@pytest.fixture
def world():
	world = dues_world()
	pay(world.members[0], "2026-01", "2026-03")  # 120.00 in the branch's book
	return world


def use(world, amount=50, approval_no="教工委批〔2026〕3号", **kw):
	return frappe.get_doc(
		{
			"doctype": "Dues Use",
			"organization": world.branch,
			"used_on": kw.pop("used_on", D(2026, 6, 10)),
			"purpose": kw.pop("purpose", "Visits to Members in Difficulty"),
			"description": kw.pop("description", "“七一”慰问生活困难老党员2名"),
			"amount": amount,
			"approval_no": approval_no,
			**kw,
		}
	).insert()


def upper_level(world) -> str:
	return granted_user("Party Admin", world.tree.general.name)


def secretary(world) -> str:
	return granted_user("Branch Secretary", world.branch)


def uses_in_ledger(world) -> int:
	return frappe.db.count("Dues Ledger Entry", {"organization": world.branch, "entry_type": dues.USE_ENTRY})


def test_an_approved_use_is_a_ledger_row_and_lowers_the_balance(world):
	frappe.set_user(secretary(world))
	doc = use(world)
	assert doc.balance == 120 and doc.approving_organization == world.tree.general.name
	assert dues_service.balance(world.branch) == 120  # nothing moves before approval
	frappe.set_user(upper_level(world))
	doc.submit()
	frappe.set_user("Administrator")
	assert doc.approved_by and doc.approved_on
	assert dues_service.balance(world.branch) == 70
	row = frappe.get_all(
		"Dues Ledger Entry",
		filters={"voucher_type": "Dues Use", "voucher_no": doc.name},
		fields=["entry_type", "spent", "received", "remitted", "remarks"],
	)[0]
	assert (row.entry_type, row.spent, row.received, row.remitted) == (dues.USE_ENTRY, 50, 0, 0)
	assert "教工委批〔2026〕3号" in row.remarks
	# the branch ledger's June: spent 50
	june = next(
		r for r in ledger_rows([world.branch], D(2026, 1, 1), D(2026, 12, 1)) if r["month"] == "2026-06"
	)
	assert (june["spent"], june["closing"]) == (50, 70)
	doc.cancel()
	assert dues_service.balance(world.branch) == 120
	assert uses_in_ledger(world) == 2  # the row and its reversal


def test_only_the_upper_level_approves_a_use(world):
	frappe.set_user(secretary(world))
	doc = use(world)
	with pytest.raises(frappe.PermissionError):  # no submit right, nor upper level
		doc.submit()
	frappe.set_user("Administrator")
	# a Party Admin of the branch itself is not above it
	frappe.set_user(granted_user("Party Admin", world.branch))
	with pytest.raises(UpperLevelOnlyError):
		frappe.get_doc("Dues Use", doc.name).submit()
	frappe.set_user("Administrator")
	assert uses_in_ledger(world) == 0 and dues_service.balance(world.branch) == 120


def test_a_use_without_the_approval_number_is_not_approved(world):
	doc = use(world, approval_no="")
	frappe.set_user(upper_level(world))
	with pytest.raises(UseApprovalMissingError):
		doc.submit()
	frappe.set_user("Administrator")
	assert uses_in_ledger(world) == 0


def test_a_use_above_the_balance_or_not_positive_or_ahead_of_time_is_refused(world):
	before = frappe.db.count("Dues Use")
	with pytest.raises(UseAboveBalanceError):
		use(world, amount=120.01)
	with pytest.raises(NonPositiveAmountError):
		use(world, amount=0)
	with pytest.raises(FutureDateError):
		use(world, used_on=D(2026, 12, 20))  # the tests' today is 18 November 2026
	assert frappe.db.count("Dues Use") == before


def test_the_use_shows_in_the_ledger_print_the_publication_and_the_public_page(world):
	doc = use(world, description="购买《中国共产党章程》学习读本30册", purpose="Education and Training")
	doc.submit()
	book = dues_service.dues_ledger_book(world.branch, 2026)
	assert book.spent == 50 and book.closing == 70
	html = frappe.get_print("Party Organization", world.branch, print_format="支部党费账本")
	assert "购买《中国共产党章程》学习读本30册" in html and "50.00" in html
	from party_building.party_building.report.dues_publication.dues_publication import build

	data, totals = build([world.branch], 2026, D(2026, 11, 18))
	row = next(r for r in data if r.get("organization") == world.branch and r["indent"] == 0)
	assert (row["spent"], row["closing"], totals["spent"]) == (50, 70, 50)
	assert row["uses"][0].description == "购买《中国共产党章程》学习读本30册"
	published = notices.dues_publication(world.branch, 2026)
	assert (published["spent"], published["closing"]) == (50, 70)
	assert published["uses"][0]["purpose"] == "教育培训"
