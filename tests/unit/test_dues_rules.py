import ast
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from party_building.dues import rules as d

D = datetime.date
Y = Decimal


def test_module_has_no_frappe_import_at_top_level():
	tree = ast.parse(Path(d.__file__).read_text(encoding="utf-8"))
	top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
	names = {a.name for n in top for a in n.names} | {n.module for n in top if isinstance(n, ast.ImportFrom)}
	assert not any(str(name).startswith("frappe") for name in names)


@pytest.mark.parametrize(
	"base, rate, amount",
	[
		("0", "0.5", "0.00"),
		("2999.99", "0.5", "15.00"),
		("3000.00", "0.5", "15.00"),  # the edge belongs to the lower band
		("3000.01", "1", "30.00"),
		("5000", "1", "50.00"),
		("5000.01", "1.5", "75.00"),
		("10000", "1.5", "150.00"),
		("10000.01", "2", "200.00"),
		("25000", "2", "500.00"),
	],
)
def test_in_service_tiers(base, rate, amount):
	assert d.assess(d.IN_SERVICE, Y(base)) == (Y(rate), Y(amount))


@pytest.mark.parametrize(
	"base, rate, amount",
	[
		("4000", "0.5", "20.00"),
		("5000.00", "0.5", "25.00"),
		("5000.01", "1", "50.00"),
		("8000", "1", "80.00"),
	],
)
def test_retired_tiers(base, rate, amount):
	assert d.assess(d.RETIRED, Y(base)) == (Y(rate), Y(amount))


@pytest.mark.parametrize("category", [d.STUDENT, d.UNEMPLOYED, d.ON_RELIEF])
def test_fixed_amount_categories_pay_two_jiao(category):
	assert d.assess(category, Y("0")) == (Y(0), Y("0.20"))
	assert d.assess(category, Y("9000")) == (Y(0), Y("0.20"))


def test_amounts_round_to_the_fen_half_up():
	assert d.to_fen(Y("15.005")) == Y("15.01")
	assert d.to_fen(Y("15.0049")) == Y("15.00")
	assert d.amount_at(Y("3001"), Y("1")) == Y("30.01")
	assert d.amount_at(Y("1234.5"), Y("0.5")) == Y("6.17")  # 6.1725 → 6.17
	assert d.amount_at(Y("1235"), Y("0.5")) == Y("6.18")  # 6.175 → 6.18 (half up)


def test_negative_base_is_refused():
	with pytest.raises(d.TierError):
		d.assess(d.IN_SERVICE, Y("-1"))


def test_tiers_come_from_data():
	tiers = [d.Tier(d.IN_SERVICE, Y(4000), Y(1)), d.Tier(d.IN_SERVICE, None, Y(3))]
	assert d.assess(d.IN_SERVICE, Y(4000), tiers) == (Y(1), Y("40.00"))
	assert d.assess(d.IN_SERVICE, Y(4001), tiers) == (Y(3), Y("120.03"))
	with pytest.raises(d.TierError):
		d.assess(d.RETIRED, Y(100), tiers)


def test_check_tiers():
	assert d.check_tiers(list(d.DEFAULT_TIERS)) == []
	assert d.check_tiers([d.Tier(d.IN_SERVICE, Y(3000), Y(1))])  # no open-ended band
	assert d.check_tiers([d.Tier(d.IN_SERVICE, None, Y(1), Y(1))])  # rate and fixed


def test_month_ranges():
	assert d.month_range("2025-11", "2026-02") == [
		D(2025, 11, 1),
		D(2025, 12, 1),
		D(2026, 1, 1),
		D(2026, 2, 1),
	]
	assert d.month_range("2026-03", "2026-03") == [D(2026, 3, 1)]
	assert d.month_range("2026-03", "2026-02") == []
	assert d.parse_month(D(2026, 5, 17)) == D(2026, 5, 1)
	assert d.month_key(D(2026, 5, 1)) == "2026-05"
	assert d.member_month_key("PM-00001", D(2026, 5, 1)) == "PM-00001:2026-05"


def test_dues_start_in_the_month_of_joining():
	assert d.first_payable_month(D(2026, 4, 28)) == D(2026, 4, 1)


def test_back_payment_counts_months_before_the_payment_month():
	months = d.month_range("2025-09", "2026-04")
	assert d.back_payment_months(months, D(2026, 4, 10)) == 7
	assert d.back_payment_months(months, D(2026, 3, 31)) == 6
	assert d.back_payment_months(d.month_range("2026-04", "2026-12"), D(2026, 4, 1)) == 0


def test_due_voluntary_and_large_payment():
	months = d.month_range("2025-12", "2026-01")
	due = d.due_amount(months, {2025: Y("15.00"), 2026: Y("30.50")})
	assert due == Y("45.50")
	assert d.voluntary_amount(Y("1045.50"), due) == Y("1000.00")
	assert d.is_large_payment(Y("1000.00"))
	assert not d.is_large_payment(Y("999.99"))


def test_months_unpaid_counts_ended_months_only():
	on = D(2026, 7, 15)
	assert d.months_unpaid(D(2026, 6, 1), D(2020, 1, 1), on) == 0
	assert d.months_unpaid(D(2026, 3, 1), D(2020, 1, 1), on) == 3  # April, May, June
	assert d.months_unpaid(None, D(2026, 1, 1), on) == 6
	assert d.months_unpaid(None, D(2026, 7, 1), on) == 0
	assert d.months_unpaid(D(2026, 9, 1), D(2020, 1, 1), on) == 0  # paid ahead


def test_unpaid_stages():
	assert [d.unpaid_stage(n) for n in (0, 2, 3, 5, 6, 12)] == [0, 0, 3, 3, 6, 6]


def test_arrears_and_mask():
	months = d.month_range("2026-01", "2026-06")
	paid = {D(2026, 1, 1), D(2026, 3, 1)}
	assert d.arrears(months, paid) == 3
	assert d.month_mask(paid, D(2026, 1, 1)) == 0b101


def test_collection_rate():
	assert d.collection_rate(Y(50), Y(200)) == Y("25.0")
	assert d.collection_rate(Y(0), Y(0)) == Y(100)
	assert d.collection_rate(Y(300), Y(200)) == Y(100)


def test_monthly_ledger():
	months = d.month_range("2026-01", "2026-03")
	rows = d.monthly_ledger(Y(10), {D(2026, 1, 1): (Y(5), 0), D(2026, 3, 1): (0, Y(12))}, months)
	assert [(r["opening"], r["closing"]) for r in rows] == [(10, 15), (15, 15), (15, 3)]


# --- properties -------------------------------------------------------------------------------

bases = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False)


@given(bases)
def test_amount_is_the_band_rate_of_the_whole_base(base):
	rate, amount = d.assess(d.IN_SERVICE, base)
	expected = Y("0.5") if base <= 3000 else Y(1) if base <= 5000 else Y("1.5") if base <= 10000 else Y(2)
	assert rate == expected
	assert amount == (base * rate / 100).quantize(Y("0.01"), rounding="ROUND_HALF_UP")
	assert amount.as_tuple().exponent == -2


@given(bases, bases)
def test_a_higher_band_never_has_a_lower_rate(a, b):
	low, high = sorted((a, b))
	for category in (d.IN_SERVICE, d.RETIRED):
		assert d.assess(category, low)[0] <= d.assess(category, high)[0]


@given(
	st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31)),
	st.integers(min_value=0, max_value=40),
)
def test_month_range_has_the_months_between(start, n):
	end = d.add_months(d.month_of(start), n)
	months = d.month_range(start, end)
	assert len(months) == n + 1 == d.months_between(start, end) + 1
	assert all(m.day == 1 for m in months)
	assert months == sorted(set(months))


@given(
	st.sets(st.integers(min_value=0, max_value=23)),
	st.integers(min_value=1, max_value=24),
)
def test_arrears_never_exceed_the_unpaid_months(paid_idx, n):
	start = D(2025, 1, 1)
	months = [d.add_months(start, i) for i in range(n)]
	paid = {d.add_months(start, i) for i in paid_idx}
	a = d.arrears(months, paid)
	assert 0 <= a <= len([m for m in months if m not in paid])
	last_paid = max((m for m in months if m in paid), default=None)
	assert a == d.months_unpaid(last_paid, start, d.add_months(start, n))


@given(st.lists(st.tuples(bases, bases), max_size=30))
def test_balance_is_received_minus_remitted(rows):
	assert d.balance(rows) == d.to_fen(sum((r - s for r, s in rows), Y(0)))


def test_dues_used_leave_the_book_like_remittances():
	months = d.month_range("2026-01", "2026-02")
	rows = d.monthly_ledger(Y(100), {D(2026, 2, 1): (Y(40), Y(20), Y(30))}, months)
	assert [(r["spent"], r["closing"]) for r in rows] == [(0, 100), (30, 90)]


def test_a_use_of_dues_is_positive_and_within_the_balance():
	assert d.use_problem(Y(50), Y(120)) is None
	assert d.use_problem(Y(120), Y(120)) is None
	assert d.use_problem(Y("120.01"), Y(120)) == "above_balance"
	assert d.use_problem(0, Y(120)) == "non_positive"
	assert d.use_problem(Y(-5), Y(120)) == "non_positive"
