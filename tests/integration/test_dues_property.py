"""Property test on the real site: whatever the sequence of payments, cancellations and remittances,
the branch's ledger balance equals payments minus remittances and no member-month is counted twice."""

import datetime
from decimal import Decimal

import frappe
from frappe.model.workflow import apply_workflow
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from party_building.dues import rules as dues
from party_building.dues import service as dues_service
from party_building.dues.errors import (
	LargePaymentNotWholeError,
	MonthAlreadyPaidError,
	PaymentAlreadyRemittedError,
	RemittanceAboveBalanceError,
)
from tests.integration.dues_factories import dues_world, remittance

pay_op = st.tuples(
	st.just("pay"),
	st.integers(0, 2),  # member
	st.integers(1, 12),  # first month
	st.integers(1, 4),  # months
	st.sampled_from([0, 0, 0, 5, 1000]),  # voluntary extra
)
cancel_op = st.tuples(st.just("cancel"), st.integers(0, 30))
remit_op = st.tuples(st.just("remit"), st.sampled_from([Decimal("0.25"), Decimal("0.5"), Decimal(1)]))
cancel_remit_op = st.tuples(st.just("cancel_remittance"), st.integers(0, 10))
operations = st.lists(
	st.one_of(pay_op, pay_op, cancel_op, remit_op, cancel_remit_op), min_size=1, max_size=10
)


def test_ledger_balance_is_payments_minus_remittances_and_months_are_paid_once():
	w = dues_world(n=3)
	general = w.tree.general.name

	@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
	@given(ops=operations)
	def run(ops):
		frappe.db.savepoint("dues_property")
		try:
			play(w, general, ops)
		finally:
			frappe.db.rollback(save_point="dues_property")
			frappe.local.message_log = []

	run()


def play(w, general, ops):
	payments: list = []  # submitted, in order
	remittances: list = []
	paid: set[tuple[str, datetime.date]] = set()
	for op in ops:
		if op[0] == "pay":
			_kind, who, first, count, extra = op
			member = w.members[who].name
			months = dues.month_range(
				f"2026-{first:02d}", dues.add_months(datetime.date(2026, first, 1), count - 1)
			)
			months = [m for m in months if m.year == 2026]
			doc = frappe.get_doc(
				{
					"doctype": "Dues Payment",
					"member": member,
					"from_month": months[0],
					"to_month": months[-1],
					"amount": 40 * len(months) + extra,
					"paid_on": months[0],
				}
			)
			clash = any((member, m) in paid for m in months)
			try:
				doc.insert()
				doc.submit()
			except MonthAlreadyPaidError:
				assert clash
				continue
			assert not clash
			payments.append(doc)
			paid |= {(member, m) for m in months}
		elif op[0] == "cancel" and payments:
			doc = payments[op[1] % len(payments)]
			doc.reload()
			left = dues_service.balance(w.branch)
			try:
				doc.cancel()
			except PaymentAlreadyRemittedError:
				assert left < dues.dec(doc.amount)
				continue
			payments.remove(doc)
			paid -= {(doc.member, dues.parse_month(r.month)) for r in doc.months}
		elif op[0] == "remit":
			balance = dues_service.balance(w.branch)
			amount = dues.to_fen(balance * op[1])
			if amount <= 0:
				continue
			large = dues_service.large_outstanding(w.branch)
			try:
				doc = apply_workflow(remittance(w.branch, amount), "Submit to Upper Level")
				doc = apply_workflow(doc, "Approve Remittance")
			except LargePaymentNotWholeError:
				assert amount < large
				continue
			remittances.append(doc)
		elif op[0] == "cancel_remittance" and remittances:
			doc = remittances[op[1] % len(remittances)]
			doc.reload()
			left = dues_service.balance(general)
			try:
				doc.cancel()
			except RemittanceAboveBalanceError:
				assert left < dues.dec(doc.amount)
				continue
			remittances.remove(doc)
		check(w, general, payments, remittances, paid)


def check(w, general, payments, remittances, paid):
	received = sum((dues.dec(p.amount) for p in payments), Decimal(0))
	remitted = sum((dues.dec(r.amount) for r in remittances), Decimal(0))
	assert dues_service.balance(w.branch) == dues.to_fen(received - remitted)
	assert dues_service.balance(general) == dues.to_fen(remitted)
	assert dues_service.balance(w.branch) >= 0
	members = [m.name for m in w.members]
	keys = frappe.get_all(
		"Dues Payment Month",
		filters={"member": ("in", members), "member_month": ("is", "set")},
		pluck="member_month",
	)
	assert len(keys) == len(set(keys)) == len(paid)
	assert set(keys) == {dues.member_month_key(m, month) for m, month in paid}
	# the collection report counts each paid month once
	from party_building.party_building.report.dues_collection.dues_collection import execute

	_c, rows, *_ = execute({"organization": w.branch, "from_month": "2026-01-01", "to_month": "2026-12-01"})
	branch_row = next(r for r in rows if r["name"] == w.branch)
	assert branch_row["paid"] == 40 * len(paid)
