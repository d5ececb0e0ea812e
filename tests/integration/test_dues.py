"""Party dues on a real site: assessment, payment rules, the immutable ledger, remittance."""

import datetime
from decimal import Decimal

import frappe
import pytest

from party_building.dues import rules as dues
from party_building.dues import service as dues_service
from party_building.dues.errors import (
	AmountBelowDuesError,
	ApprovalReasonRequiredError,
	BackPaymentLimitError,
	BeforeJoiningError,
	DuplicateAssessmentError,
	InvalidMonthRangeError,
	LargePaymentNotWholeError,
	LedgerImmutableError,
	MissingAssessmentError,
	MonthAlreadyPaidError,
	NegativeBaseError,
	NonPositiveAmountError,
	RateDisagreesWithTiersError,
	RemittanceAboveBalanceError,
)
from tests.integration.dues_factories import assess, dues_world, pay, remittance
from tests.integration.factories import make_member

D = datetime.date


@pytest.fixture
def world():
	return dues_world()


@pytest.fixture
def settings_restored():
	"""Tests that save the settings: roll back, then forget the cached settings of the rolled-back save."""
	yield
	frappe.db.rollback()
	frappe.clear_document_cache("Party Dues Settings", "Party Dues Settings")


def counts():
	return {
		dt: frappe.db.count(dt)
		for dt in (
			"Dues Payment",
			"Dues Payment Month",
			"Dues Ledger Entry",
			"Dues Assessment",
			"Dues Remittance",
		)
	}


def refused(exc, fn, *args, **kw):
	"""The call fails with `exc` and writes nothing."""
	before = counts()
	with pytest.raises(exc):
		fn(*args, **kw)
	assert counts() == before
	return True


# --- settings and assessment ------------------------------------------------------------------


def test_default_settings_are_installed_once(settings_restored):
	from party_building.dues.install import ensure_defaults

	ensure_defaults()
	settings = frappe.get_single("Party Dues Settings")
	assert len(settings.tiers) == len(dues.DEFAULT_TIERS)
	assert (settings.back_payment_limit, settings.reminder_months, settings.lapse_months) == (6, 3, 6)
	assert settings.large_payment_threshold == 1000
	settings.back_payment_limit = 4
	settings.save()
	assert ensure_defaults() is False
	assert frappe.get_single("Party Dues Settings").back_payment_limit == 4


def test_assessment_computes_rate_and_amount_from_the_tiers(world):
	doc = world.assessments[0]
	assert doc.docstatus == 1
	assert [(r.rate, r.monthly_amount) for r in doc.items] == [(1, 40)] * 3
	assert doc.total_monthly == 120
	row = frappe.get_all("Dues Assessment Item", filters={"parent": doc.name}, pluck="member_year")
	assert sorted(row) == sorted(f"{m.name}:2026" for m in world.members)


def test_assessment_band_edges_belong_to_the_lower_band():
	w = dues_world(n=2, base=3000)
	assert [(r.rate, r.monthly_amount) for r in w.assessments[0].items] == [(0.5, 15)] * 2
	other = assess(w.branch, 2027, w.members[:1], base=3000.01)
	assert (other.items[0].rate, other.items[0].monthly_amount) == (1, 30)


def test_fixed_and_retired_categories(world):
	doc = assess(world.branch, 2027, world.members[:1], category=dues.STUDENT, submit=False)
	assert doc.items[0].monthly_amount == 0.2
	doc = assess(world.branch, 2028, world.members[:1], base=6000, category=dues.RETIRED, submit=False)
	assert (doc.items[0].rate, doc.items[0].monthly_amount) == (1, 60)


def test_assessment_with_a_negative_base_is_refused(world):
	assert refused(NegativeBaseError, assess, world.branch, 2027, world.members[:1], base=-1)


def test_assessment_rate_disagreeing_with_tiers_needs_a_reason(world):
	assert refused(RateDisagreesWithTiersError, assess, world.branch, 2027, world.members[:1], rate=0.5)
	doc = assess(world.branch, 2027, world.members[:1], rate=0.5, approval_reason="支部大会决定")
	assert (doc.items[0].rate, doc.items[0].monthly_amount) == (0.5, 20)


def test_reduced_or_exempt_needs_a_reason(world):
	assert refused(
		ApprovalReasonRequiredError, assess, world.branch, 2027, world.members[:1], adjustment="Exempt"
	)
	doc = assess(world.branch, 2027, world.members[:1], adjustment="Exempt", approval_reason="低保")
	assert doc.items[0].monthly_amount == 0
	doc = assess(
		world.branch, 2028, world.members[:1], adjustment="Reduced", monthly_amount=5, approval_reason="困难"
	)
	assert doc.items[0].monthly_amount == 5


def test_one_submitted_assessment_per_member_and_year(world):
	doc = assess(world.branch, 2026, world.members[:1], submit=False)
	with pytest.raises(DuplicateAssessmentError):
		doc.submit()
	assert frappe.db.count("Dues Assessment Item", {"member_year": f"{world.members[0].name}:2026"}) == 1


def test_cancelled_assessment_frees_the_year(world):
	first = world.assessments[0]
	pay(world.members[0], "2026-01")
	first.reload()
	first.cancel()
	assert not frappe.db.exists("Dues Assessment Item", {"member_year": f"{world.members[0].name}:2026"})
	assert assess(world.branch, 2026, world.members, base=6000).docstatus == 1


def test_fill_members_adds_the_whole_branch_in_one_click(world):
	extra = make_member(world.branch, joined_on=D(2016, 1, 1), birth_date=D(1980, 1, 1))
	doc = frappe.get_doc({"doctype": "Dues Assessment", "organization": world.branch, "year": 2027})
	assert doc.fill_members() == 4
	assert {r.member for r in doc.items} == {m.name for m in world.members} | {extra.name}
	assert doc.fill_members() == 0
	doc.insert()
	carried = {r.member: r.monthly_amount for r in doc.items}
	assert carried[world.members[0].name] == 40  # last year's base carried over
	assert carried[extra.name] == 0


# --- payments ---------------------------------------------------------------------------------


def test_payment_fixes_months_organization_and_ledger(world):
	doc = pay(world.members[0], "2026-01", "2026-03", amount=150, receipt_no="No.001")
	assert doc.organization == world.branch
	assert (doc.month_count, doc.due_amount, doc.voluntary_amount, doc.is_large_payment) == (3, 120, 30, 0)
	keys = frappe.get_all("Dues Payment Month", filters={"parent": doc.name}, pluck="member_month")
	assert sorted(keys) == [f"{world.members[0].name}:2026-0{i}" for i in (1, 2, 3)]
	entries = frappe.get_all(
		"Dues Ledger Entry", filters={"voucher_no": doc.name}, fields=["organization", "member", "received"]
	)
	assert [(e.organization, e.member, e.received) for e in entries] == [
		(world.branch, world.members[0].name, 150)
	]
	assert dues_service.balance(world.branch) == Decimal("150.00")
	assert dues_service.paid_up_to(world.members[0].name) == D(2026, 3, 1)


@pytest.mark.parametrize("amount", [0, -40])
def test_zero_or_negative_amount_is_refused(world, amount):
	assert refused(NonPositiveAmountError, pay, world.members[0], "2026-01", amount=amount)


def test_amount_below_the_dues_is_refused(world):
	assert refused(AmountBelowDuesError, pay, world.members[0], "2026-01", "2026-02", amount=79.99)


def test_a_month_already_paid_is_refused_alone_and_inside_a_range(world):
	pay(world.members[0], "2026-02")
	assert refused(MonthAlreadyPaidError, pay, world.members[0], "2026-02")
	assert refused(MonthAlreadyPaidError, pay, world.members[0], "2026-01", "2026-03")
	assert pay(world.members[1], "2026-02").docstatus == 1  # another member's month is free


def test_unique_index_refuses_a_month_even_past_the_check(world):
	"""Even when the check is skipped (as in a race), the database refuses the second payment."""
	pay(world.members[0], "2026-04")
	doc = frappe.get_doc(
		{
			"doctype": "Dues Payment",
			"member": world.members[0].name,
			"from_month": D(2026, 4, 1),
			"to_month": D(2026, 4, 1),
			"amount": 40,
			"paid_on": D(2026, 4, 1),
		}
	)
	doc.validate_months_unpaid = lambda: None
	doc.insert()
	with pytest.raises(MonthAlreadyPaidError):
		doc.submit()
	assert frappe.db.count("Dues Payment Month", {"member_month": f"{world.members[0].name}:2026-04"}) == 1


def test_months_before_joining_are_refused():
	w = dues_world(n=1, joined_on=D(2026, 5, 20))
	assert refused(BeforeJoiningError, pay, w.members[0], "2026-04", "2026-05")
	assert pay(w.members[0], "2026-05").docstatus == 1


def test_probationary_member_pays_from_the_branch_meeting_month():
	w = dues_world(n=1)
	probationary = make_member(
		w.branch, membership_type="Probationary", joined_on=D(2026, 7, 3), birth_date=D(1998, 1, 1)
	)
	assess(w.branch, 2026, [probationary])
	assert refused(BeforeJoiningError, pay, probationary, "2026-06", "2026-07", paid_on=D(2026, 7, 3))
	assert pay(probationary, "2026-07", paid_on=D(2026, 7, 3)).docstatus == 1


def test_a_range_ending_before_it_starts_is_refused(world):
	assert refused(
		InvalidMonthRangeError, pay, world.members[0], "2026-03", "2026-01", amount=40, paid_on=D(2026, 3, 1)
	)


def test_back_payment_over_six_months_needs_a_reason():
	w = dues_world(n=1, years=[2025, 2026])
	m = w.members[0]
	assert refused(
		BackPaymentLimitError, pay, m, "2025-09", "2026-04", paid_on=D(2026, 4, 10)
	)  # 7 months back
	assert pay(m, "2025-10", "2026-04", paid_on=D(2026, 4, 10)).back_payment_months == 6
	doc = pay(m, "2025-01", "2025-08", paid_on=D(2026, 4, 10), approval_reason="外出务工补交，经支部同意")
	assert doc.back_payment_months == 8


def test_months_without_an_assessment_are_refused(world):
	assert refused(MissingAssessmentError, pay, world.members[0], "2027-01", paid_on=D(2026, 11, 1))


def test_large_voluntary_payment_is_flagged(world):
	doc = pay(world.members[0], "2026-05", amount=1040)
	assert (doc.voluntary_amount, doc.is_large_payment) == (1000, 1)
	assert dues_service.large_outstanding(world.branch) == 1000
	small = pay(world.members[1], "2026-05", amount=1039.99)
	assert small.is_large_payment == 0


def test_editing_a_submitted_payment_is_refused(world):
	doc = pay(world.members[0], "2026-06")
	doc.amount = 400
	with pytest.raises(frappe.UpdateAfterSubmitError):
		doc.save()
	assert frappe.db.get_value("Dues Payment", doc.name, "amount") == 40


def test_cancelling_frees_the_months_and_reverses_the_ledger(world):
	doc = pay(world.members[0], "2026-01", "2026-02")
	doc.cancel()
	assert frappe.get_all("Dues Payment Month", filters={"parent": doc.name}, pluck="member_month") == [
		None,
		None,
	]
	rows = frappe.get_all(
		"Dues Ledger Entry",
		filters={"voucher_no": doc.name},
		fields=["received", "is_reversal"],
		order_by="is_reversal",
	)
	assert [(r.received, r.is_reversal) for r in rows] == [(80, 0), (-80, 1)]
	assert dues_service.balance(world.branch) == 0
	assert pay(world.members[0], "2026-02").docstatus == 1


# --- the ledger cannot be touched -------------------------------------------------------------


def ledger_entry(world):
	doc = pay(world.members[0], "2026-07")
	return frappe.get_doc("Dues Ledger Entry", {"voucher_no": doc.name})


def test_deleting_a_ledger_row_is_refused_even_for_administrator(world):
	entry = ledger_entry(world)
	with pytest.raises(LedgerImmutableError):
		frappe.delete_doc("Dues Ledger Entry", entry.name, ignore_permissions=True)
	assert frappe.db.exists("Dues Ledger Entry", entry.name)


def test_editing_a_ledger_row_is_refused_even_for_administrator(world):
	import frappe.client

	entry = ledger_entry(world)
	with pytest.raises(LedgerImmutableError):
		frappe.client.set_value("Dues Ledger Entry", entry.name, "received", 1)
	entry.received = 99999
	with pytest.raises(LedgerImmutableError):
		entry.save(ignore_permissions=True)
	assert frappe.db.get_value("Dues Ledger Entry", entry.name, "received") == 40


def test_ledger_rows_cannot_be_inserted_by_hand(world):
	with pytest.raises(LedgerImmutableError):
		frappe.get_doc(
			{
				"doctype": "Dues Ledger Entry",
				"organization": world.branch,
				"received": 100,
				"entry_type": "Payment",
			}
		).insert(ignore_permissions=True)


def test_no_role_may_write_or_delete_ledger_rows():
	meta = frappe.get_meta("Dues Ledger Entry")
	for perm in meta.permissions:
		assert not (perm.write or perm.delete or perm.create or perm.cancel or perm.submit), perm.role


def test_party_admin_cannot_delete_a_ledger_row_over_rest(world):
	import frappe.client

	from party_building.core import access
	from tests.integration.factories import make_user

	entry = ledger_entry(world)
	admin = make_user("Party Admin")
	access.grant_access(world.tree.committee.name, admin.name, "Party Admin")
	frappe.set_user(admin.name)
	assert frappe.client.get("Dues Ledger Entry", entry.name)["name"] == entry.name
	with pytest.raises(frappe.PermissionError):
		frappe.client.delete("Dues Ledger Entry", entry.name)
	with pytest.raises(frappe.PermissionError):
		frappe.client.set_value("Dues Ledger Entry", entry.name, "received", 1)
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Dues Ledger Entry", entry.name, "received") == 40


# --- remittance -------------------------------------------------------------------------------


def approve(doc):
	from frappe.model.workflow import apply_workflow

	doc = apply_workflow(doc, "Submit to Upper Level")
	return apply_workflow(doc, "Approve Remittance")


def test_remittance_moves_money_up_on_approval(world):
	pay(world.members[0], "2026-01", "2026-03")
	doc = remittance(world.branch, 100)
	assert (doc.parent_organization, doc.balance, doc.workflow_state) == (
		world.tree.general.name,
		120,
		"Branch Draft",
	)
	assert dues_service.balance(world.branch) == 120  # nothing moves before approval
	doc = approve(doc)
	assert doc.docstatus == 1
	assert dues_service.balance(world.branch) == 20
	assert dues_service.balance(world.tree.general.name) == 100
	doc.cancel()
	assert dues_service.balance(world.branch) == 120
	assert dues_service.balance(world.tree.general.name) == 0


def test_remittance_above_the_balance_is_refused(world):
	pay(world.members[0], "2026-01")
	assert refused(RemittanceAboveBalanceError, remittance, world.branch, 40.01)


def test_large_payments_go_up_whole(world):
	pay(world.members[0], "2026-05", amount=1040)
	pay(world.members[1], "2026-05")
	assert refused(LargePaymentNotWholeError, remittance, world.branch, 500)
	doc = approve(remittance(world.branch, 1000))
	assert doc.large_amount == 1000
	assert dues_service.large_outstanding(world.branch) == 0
	assert dues_service.balance(world.branch) == 80


def test_a_payment_already_passed_up_cannot_be_cancelled(world):
	from frappe.model.workflow import apply_workflow

	from party_building.dues.errors import PaymentAlreadyRemittedError

	doc = pay(world.members[0], "2026-01")
	apply_workflow(
		apply_workflow(remittance(world.branch, 30), "Submit to Upper Level"), "Approve Remittance"
	)
	doc.reload()
	with pytest.raises(PaymentAlreadyRemittedError):
		doc.cancel()
	assert frappe.db.get_value("Dues Payment", doc.name, "docstatus") == 1


def test_unusable_tiers_are_refused(settings_restored):
	from party_building.dues.errors import InvalidTierError
	from party_building.dues.install import ensure_defaults

	ensure_defaults()
	settings = frappe.get_single("Party Dues Settings")
	for row in settings.tiers:
		if row.category == dues.IN_SERVICE and not row.up_to:
			row.up_to = 20000  # no open-ended band left for in-service members
	with pytest.raises(InvalidTierError):
		settings.save()


def test_tiers_edited_in_settings_drive_the_assessment(world, settings_restored):
	assert dues_service.back_payment_limit() == 6  # nothing left over from the other settings tests
	settings = frappe.get_single("Party Dues Settings")
	for row in settings.tiers:
		if row.category == dues.IN_SERVICE and row.up_to == 5000:
			row.rate = 1.2
	settings.save()
	doc = assess(world.branch, 2027, world.members[:1], base=4000)
	assert (doc.items[0].rate, doc.items[0].monthly_amount) == (1.2, 48)
