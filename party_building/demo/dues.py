"""Demo party dues: each branch's assessments for last year and this year, two years of payments
(most members up to date, some behind by 3 to 9 months, a few large voluntary payments) and the
branches' quarterly remittances, with their ledger rows.

The records are what submitting the documents writes (same rules: tiers from the settings, one
payment per member-month, ledger rows per payment and remittance), bulk inserted so that the
county scale (10,000 members, ~75,000 payments) takes seconds. Nothing is committed here.
"""

import datetime
from decimal import Decimal

import frappe
from frappe.utils import now_datetime

from party_building.core.bulk import writing
from party_building.demo import RowNames, reserve_numbers
from party_building.dues import rules as dues
from party_building.dues.install import ensure_defaults
from party_building.dues.service import tiers

PAYING_STANDINGS = ("Active", "Suspended")
BEHIND_SHARE = 0.05  # stopped paying 3–9 months ago
NEVER_THIS_YEAR_SHARE = 0.01
LARGE_SHARE = 0.003
PAYMENT_BATCH = 20_000  # months paid written at once, while the next payments are made
METHODS = (("Cash", 30), ("WeChat Pay", 35), ("Alipay", 10), ("Bank Transfer", 10), ("Payroll Deduction", 15))

ASSESSMENT_FIELDS = (
	"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx",
	"organization", "year", "assessed_on", "member_count", "total_monthly",
)  # fmt: skip
ITEM_FIELDS = (
	"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx", "parent", "parenttype",
	"parentfield", "member", "member_name", "category", "monthly_base", "rate", "monthly_amount",
	"adjustment", "approval_reason", "member_year",
)  # fmt: skip
PAYMENT_FIELDS = (
	"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx",
	"member", "member_name", "organization", "from_month", "to_month", "month_count", "amount",
	"due_amount", "voluntary_amount", "is_large_payment", "paid_on", "payment_method", "receipt_no",
	"back_payment_months",
)  # fmt: skip
MONTH_FIELDS = (
	"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx", "parent", "parenttype",
	"parentfield", "month", "member", "amount", "member_month",
)  # fmt: skip
LEDGER_FIELDS = (
	"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx",
	"posting_date", "organization", "member", "entry_type", "received", "remitted", "large_amount",
	"is_reversal", "voucher_type", "voucher_no", "remarks",
)  # fmt: skip
REMITTANCE_FIELDS = (
	"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx",
	"organization", "parent_organization", "from_month", "to_month", "remitted_on", "amount", "balance",
	"large_amount", "approved_by", "workflow_state",
)  # fmt: skip


def make(ctx) -> dict:
	ensure_defaults()
	rng, on = ctx.rng, ctx.on
	years = (on.year - 1, on.year)
	table = tiers()
	user = frappe.session.user
	stamp = now_datetime()
	std = (user, stamp, stamp, user)
	branches = [p for p in ctx.plan if p.org_type == "Branch"]
	parents = {p.name: p.parent for p in ctx.plan}

	# each kind of row is written while the next is made (core.bulk.writing)
	with writing() as write:
		assessments, items, monthly = assess(branches, years, table, rng, on, std)
		write("Dues Assessment", ASSESSMENT_FIELDS, assessments)
		write("Dues Assessment Item", ITEM_FIELDS, items)
		payments, months, ledger, behind = pay(branches, monthly, years, rng, on, std, write)
		write.settle()  # remit reserves names
		remittances, remit_ledger = remit(branches, parents, ledger, years, on, std)
		write("Dues Remittance", REMITTANCE_FIELDS, remittances)
		write("Dues Ledger Entry", LEDGER_FIELDS, ledger + remit_ledger)
	return {
		"assessments": len(assessments),
		"payments": payments,
		"member_months": months,
		"remittances": len(remittances),
		"ledger_entries": len(ledger) + len(remit_ledger),
		"members_behind": behind,
	}


# --- assessments ------------------------------------------------------------------------------


def assess(branches, years, table, rng, on, std):
	"""One submitted assessment per branch and year; returns rows and member → year → amount."""
	row_name = RowNames()
	# "format:DA-{year}-{#####}" counts in the site's shared series of format names (key "")
	names = {y: [f"DA-{y}-{n[-5:]}" for n in reserve("", len(branches), 5)] for y in years}
	assessments, items = [], []
	monthly: dict[str, dict[int, Decimal]] = {}
	for member in (m for b in branches for m in b.members):
		member["_base"] = base_of(member, rng)
	for year in years:
		for branch, name in zip(branches, names[year], strict=True):
			rows = [
				m
				for m in branch.members
				if m["standing"] in PAYING_STANDINGS and m["joined_on"] <= datetime.date(year, 12, 31)
			]
			total = Decimal(0)
			for idx, m in enumerate(rows, 1):
				category = dues.RETIRED if m["post"] == "Retired" else dues.IN_SERVICE
				base = m["_base"] * (Decimal("0.97") if year < on.year else 1)
				base = dues.to_fen(base)
				rate, amount = dues.assess(category, base, table)
				adjustment = reason = None
				if rng.random() < 0.004:
					adjustment, reason, amount, rate = (
						dues.EXEMPT,
						"家庭困难，经支部大会讨论、上级党委批准免交",
						Decimal(0),
						0,
					)
				monthly.setdefault(m["name"], {})[year] = amount
				total += amount
				items.append(
					(
						row_name(), *std, 1, idx, name, "Dues Assessment", "items",
						m["name"], m["full_name"], category, base, rate, amount, adjustment, reason,
						dues.member_year_key(m["name"], year),
					)
				)  # fmt: skip
			assessments.append(
				(name, *std, 1, 0, branch.name, year, datetime.date(year, 1, 15), len(rows), total)
			)
	return assessments, items, monthly


def base_of(member: dict, rng) -> Decimal:
	if member["post"] == "Retired":
		return Decimal(rng.randrange(3200_00, 6800_00)) / 100
	if member["post"] in ("School Leader", "Middle Manager"):
		return Decimal(rng.randrange(5200_00, 9800_00)) / 100
	return Decimal(rng.randrange(2800_00, 7600_00)) / 100


# --- payments ---------------------------------------------------------------------------------


def pay(branches, monthly, years, rng, on, std, write):
	"""Payments in chunks of 1, 3 or 6 months, paid in their first month; some members fall behind.
	Written with `write` (core.bulk.writing) in batches as they are made; returns the numbers of
	payments and of months paid, their ledger rows and the number of members behind."""
	row_name = RowNames()
	current = dues.month_of(on)
	start = datetime.date(years[0], 1, 1)
	planned = []
	behind = 0
	for branch in branches:
		for m in branch.members:
			if m["name"] not in monthly:
				continue
			first = max(start, dues.first_payable_month(m["joined_on"]))
			last = current
			draw = rng.random()
			if draw < BEHIND_SHARE:
				last = dues.add_months(current, -rng.randint(4, 10))  # 3–9 ended months unpaid
				behind += 1
			elif draw < BEHIND_SHARE + NEVER_THIS_YEAR_SHARE:
				last = datetime.date(on.year - 1, 12, 1)
				behind += 1
			chunk = rng.choice((1, 3, 3, 6, 6, 6, 12, 12))
			month = first
			while month <= last:
				months = [
					mo for mo in dues.month_range(month, dues.add_months(month, chunk - 1)) if mo <= last
				]
				months = [mo for mo in months if mo.year == month.year]  # a payment stays within a year
				planned.append((branch.name, m, months))
				month = dues.add_months(months[-1], 1)
	write.settle()  # the names are reserved in the series
	names = reserve("DP-", len(planned), 6)
	payments, rows, ledger = [], [], []
	written = [0, 0]

	def flush():
		write("Dues Payment", PAYMENT_FIELDS, payments)
		write("Dues Payment Month", MONTH_FIELDS, rows)
		written[0] += len(payments)
		written[1] += len(rows)
		payments.clear()
		rows.clear()

	for (branch, m, months), name in zip(planned, names, strict=True):
		if len(rows) >= PAYMENT_BATCH:
			flush()
		due = dues.due_amount(months, monthly[m["name"]])
		extra = Decimal(0)
		if rng.random() < LARGE_SHARE:
			extra = Decimal(rng.choice((1000, 2000, 5000)))
		elif rng.random() < 0.02:
			extra = Decimal(rng.choice((10, 20, 50, 100)))
		amount = due + extra
		if amount <= 0:
			continue
		large = dues.is_large_payment(extra)
		paid_on = months[0] + datetime.timedelta(days=rng.randint(0, 20))
		paid_on = min(paid_on, on)
		payments.append(
			(
				name, *std, 1, 0, m["name"], m["full_name"], branch, months[0], months[-1], len(months),
				amount, due, extra, int(large), paid_on, weighted(rng, METHODS),
				f"DF{paid_on:%Y%m}{rng.randrange(10000):04d}", 0,
			)
		)  # fmt: skip
		for idx, mo in enumerate(months, 1):
			rows.append(
				(
					row_name(), *std, 1, idx, name, "Dues Payment", "months", mo,
					m["name"], monthly[m["name"]][mo.year], dues.member_month_key(m["name"], mo),
				)
			)  # fmt: skip
		ledger.append(
			(
				row_name(), *std, 0, 0, paid_on, branch, m["name"], "Payment", amount,
				0, extra if large else 0, 0, "Dues Payment", name,
				f"{dues.month_key(months[0])}至{dues.month_key(months[-1])}党费",
			)
		)  # fmt: skip
	flush()
	return written[0], written[1], ledger, behind


def weighted(rng, pairs):
	values, weights = zip(*pairs, strict=True)
	return rng.choices(values, weights)[0]


# --- remittances ------------------------------------------------------------------------------


def remit(branches, parents, ledger, years, on, std):
	"""Each branch passes up, a few days after each ended quarter, everything it received in it."""
	row_name = RowNames()
	received: dict[tuple[str, datetime.date], list[Decimal]] = {}
	for row in ledger:
		posting, org, amount, large = row[7], row[8], row[11], row[13]
		quarter = datetime.date(posting.year, (posting.month - 1) // 3 * 3 + 1, 1)
		total = received.setdefault((org, quarter), [Decimal(0), Decimal(0)])
		total[0] += dues.dec(amount)
		total[1] += dues.dec(large)
	quarters = [datetime.date(y, q, 1) for y in years for q in (1, 4, 7, 10)]
	planned = []
	for branch in branches:
		parent = parents.get(branch.name)
		if not parent:
			continue
		for quarter in quarters:
			remitted_on = dues.add_months(quarter, 3) + datetime.timedelta(days=4)
			amount, large = received.get((branch.name, quarter), (0, 0))
			if remitted_on > on or not amount:
				continue
			planned.append((branch.name, parent, quarter, remitted_on, amount, large))
	names = reserve("DR-", len(planned), 5)
	admin = std[0]
	remittances, rows = [], []
	for (branch, parent, quarter, remitted_on, amount, large), name in zip(planned, names, strict=True):
		to_month = dues.add_months(quarter, 2)
		remittances.append(
			(
				name, *std, 1, 0, branch, parent, quarter, to_month, remitted_on, amount, amount, large,
				admin, "Upper Level Approved",
			)
		)  # fmt: skip
		period = f"{dues.month_key(quarter)}至{dues.month_key(to_month)}党费"
		for org, kind, received_, remitted_, remark in (
			(branch, "Remittance Out", 0, amount, period),
			(parent, "Remittance In", amount, 0, f"{branch}上缴{period}"),
		):
			rows.append(
				(
					row_name(), *std, 0, 0, remitted_on, org, None, kind, received_,
					remitted_, large, 0, "Dues Remittance", name, remark,
				)
			)  # fmt: skip
	return remittances, rows


# --- names ------------------------------------------------------------------------------------


def reserve(prefix: str, count: int, digits: int) -> list[str]:
	"""`count` names under a naming prefix (see demo.reserve_numbers)."""
	return [f"{prefix}{n:0{digits}d}" for n in reserve_numbers(prefix, count)] if count else []
