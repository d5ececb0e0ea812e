"""Party dues on the site: settings, assessed amounts, the ledger, balances and what the desk asks for.

The rules with numbers live in party_building.dues.rules (pure); this module reads and writes the database.
"""

import datetime
from decimal import Decimal

import frappe
from frappe import _
from frappe.query_builder.functions import Max, Sum
from frappe.utils import getdate, today

from party_building.core import arguments
from party_building.core.access import is_upper_level, own_member_has_permission, own_member_query
from party_building.core.endpoint import guarded
from party_building.core.errors import UpperLevelOnlyError
from party_building.dues import rules as dues
from party_building.dues.errors import InvalidMonthRangeError, LedgerImmutableError

SETTINGS = "Party Dues Settings"
LEDGER = "Dues Ledger Entry"
PAYMENT = "Dues Payment"
REMITTANCE = "Dues Remittance"


# --- settings ---------------------------------------------------------------------------------


def settings():
	return frappe.get_cached_doc(SETTINGS)


def tiers() -> list[dues.Tier]:
	"""The tiers of the settings (the defaults when none are set)."""
	rows = settings().tiers
	if not rows:
		return list(dues.DEFAULT_TIERS)
	return [tier_of(row) for row in rows]


def tier_of(row) -> dues.Tier:
	fixed = dues.dec(row.fixed_amount) if row.fixed_amount else None
	return dues.Tier(
		category=row.category,
		up_to=dues.dec(row.up_to) if row.up_to else None,
		rate=None if fixed is not None else dues.dec(row.rate),
		fixed=fixed,
	)


def back_payment_limit() -> int:
	return int(settings().back_payment_limit or dues.BACK_PAYMENT_LIMIT)


def large_payment_threshold() -> Decimal:
	return dues.dec(settings().large_payment_threshold or dues.LARGE_PAYMENT_THRESHOLD)


def reminder_months() -> tuple[int, int]:
	s = settings()
	return int(s.reminder_months or dues.REMINDER_MONTHS), int(s.lapse_months or dues.LAPSE_MONTHS)


# --- assessed amounts -------------------------------------------------------------------------


def monthly_amounts(member: str, years) -> dict[int, Decimal]:
	"""year → the monthly amount fixed by the member's submitted assessment (years without one are absent)."""
	keys = [dues.member_year_key(member, y) for y in years]
	rows = frappe.get_all(
		"Dues Assessment Item",
		filters={"member_year": ("in", keys)},
		fields=["member_year", "monthly_amount"],
		ignore_permissions=True,
	)
	return {int(r.member_year.rsplit(":", 1)[1]): dues.dec(r.monthly_amount) for r in rows}


def paid_months(member: str, months) -> list[datetime.date]:
	"""The months among `months` already paid by a submitted payment."""
	keys = [dues.member_month_key(member, m) for m in months]
	if not keys:
		return []
	taken = frappe.get_all(
		"Dues Payment Month",
		filters={"member_month": ("in", keys)},
		pluck="month",
		ignore_permissions=True,
	)
	return sorted(getdate(m) for m in taken)


def paid_up_to(member: str) -> datetime.date | None:
	"""The last month a member has paid (its first day), or None: for transfer letters."""
	pm = frappe.qb.DocType("Dues Payment Month")
	last = frappe.qb.from_(pm).select(Max(pm.month)).where((pm.member == member) & (pm.docstatus == 1)).run()
	return getdate(last[0][0]) if last and last[0][0] else None


# --- the ledger -------------------------------------------------------------------------------


def post_ledger(voucher, rows: list[dict], reverse: bool = False) -> None:
	"""Write immutable ledger rows for a voucher; `reverse` writes the opposite of its rows."""
	for row in rows:
		received, remitted = dues.dec(row.get("received")), dues.dec(row.get("remitted"))
		spent = dues.dec(row.get("spent"))
		if reverse:
			received, remitted, spent = -received, -remitted, -spent
		entry = frappe.get_doc(
			{
				"doctype": LEDGER,
				"posting_date": row.get("posting_date") or today(),
				"organization": row["organization"],
				"member": row.get("member"),
				"entry_type": row["entry_type"],
				"received": received,
				"remitted": remitted,
				"spent": spent,
				"large_amount": -dues.dec(row.get("large_amount"))
				if reverse
				else row.get("large_amount") or 0,
				"is_reversal": int(reverse),
				"voucher_type": voucher.doctype,
				"voucher_no": voucher.name,
				"remarks": row.get("remarks"),
			}
		)
		entry.flags.from_dues_ledger = True
		entry.insert(ignore_permissions=True)


def reverse_ledger(voucher, posting_date=None) -> None:
	"""Cancelling a voucher: every one of its rows gets its reversal, dated today."""
	le = frappe.qb.DocType(LEDGER)
	rows = (
		frappe.qb.from_(le)
		.select(
			le.organization,
			le.member,
			le.entry_type,
			le.received,
			le.remitted,
			le.spent,
			le.large_amount,
		)
		.where((le.voucher_type == voucher.doctype) & (le.voucher_no == voucher.name) & (le.is_reversal == 0))
		.run(as_dict=True)
	)
	for row in rows:
		row.posting_date = posting_date or today()
		row.remarks = _("Reversal of {0}").format(voucher.name)
	post_ledger(voucher, rows, reverse=True)


def balance(organization: str, on=None) -> Decimal:
	"""The organization's balance: received minus remitted and spent over its ledger rows (up to a day)."""
	le = frappe.qb.DocType(LEDGER)
	query = (
		frappe.qb.from_(le)
		.select(Sum(le.received) - Sum(le.remitted) - Sum(le.spent))
		.where(le.organization == organization)
	)
	if on:
		query = query.where(le.posting_date <= getdate(on))
	value = query.run()[0][0]
	return dues.to_fen(value or 0)


def large_outstanding(organization: str) -> Decimal:
	"""Large payments received and not yet passed up (they go up whole)."""
	le = frappe.qb.DocType(LEDGER)
	received = frappe.qb.from_(le).select(Sum(le.large_amount))
	received = received.where(
		(le.organization == organization) & le.entry_type.isin(("Payment", "Remittance In"))
	).run()[0][0]
	passed = frappe.qb.from_(le).select(Sum(le.large_amount))
	passed = passed.where((le.organization == organization) & (le.entry_type == "Remittance Out")).run()[0][0]
	return max(Decimal(0), dues.to_fen((received or 0) - (passed or 0)))


def guard_ledger_entry(doc) -> None:
	"""Ledger rows are written once by a voucher; nobody edits or deletes them."""
	if not (doc.is_new() and doc.flags.from_dues_ledger):
		frappe.throw(
			_("Dues ledger entries cannot be changed or deleted: cancel the payment or remittance instead"),
			LedgerImmutableError,
			title=_("Not Allowed"),
		)


@frappe.whitelist()
@guarded
def remittance_figures(organization: str) -> dict:
	"""What a remittance form shows: the branch's balance, its large payments and where it goes."""
	arguments.organization(organization, officer=True)
	return {
		"parent_organization": frappe.db.get_value(
			"Party Organization", organization, "parent_party_organization"
		),
		"balance": balance(organization),
		"large_amount": large_outstanding(organization),
	}


# --- members see their own rows ---------------------------------------------------------------


def payment_query(user: str | None = None, doctype: str | None = None) -> str:
	return own_member_query(PAYMENT, "member", user)


def payment_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	return own_member_has_permission(doc, "member", user)


def ledger_query(user: str | None = None, doctype: str | None = None) -> str:
	return own_member_query(LEDGER, "member", user)


def ledger_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	return own_member_has_permission(doc, "member", user)


# --- months ---------------------------------------------------------------------------------


def normalize_month_range(doc) -> None:
	"""Set a payment's or remittance's from_month/to_month to the first days of their months and refuse
	a range that ends before it starts."""
	doc.from_month = dues.parse_month(doc.from_month)
	doc.to_month = dues.parse_month(doc.to_month)
	if doc.to_month < doc.from_month:
		frappe.throw(
			_("The months paid end ({0}) before they start ({1})").format(
				dues.month_key(doc.to_month), dues.month_key(doc.from_month)
			),
			InvalidMonthRangeError,
			title=_("Invalid Months"),
		)


# --- the upper level --------------------------------------------------------------------------


def check_upper_level(organization: str, user: str | None = None, use: bool = False) -> None:
	"""Approving a remittance (or, `use`, a use of dues) is the upper level's."""
	user = user or frappe.session.user
	if not is_upper_level(organization, user):
		message = (
			_("Only a Party Admin of an organization above {0} may approve the use of its dues")
			if use
			else _("Only a Party Admin of an organization above {0} may approve its remittance")
		)
		frappe.throw(
			message.format(organization),
			UpperLevelOnlyError,
			title=_("Upper Level Approval"),
		)


# --- the workspace's number card --------------------------------------------------------------


@frappe.whitelist()
@guarded
def collection_rate_card(
	organization: str | None = None,
	year: int | None = None,
	month: int | None = None,
	filters: str | dict | list | None = None,
) -> dict:
	"""Dues collection rate (percent) of the organizations the user may see, for one month or, with
	`month` 0 or none (the workspace card, 本年党费收缴率（截至本月）), the year up to this month: the
	collection report's default period. A Number Card of type Custom calls it
	with its `filters` (a dict, or [doctype, field, op, value] rows naming an organization)."""
	if filters:
		filters = arguments.json_filters(filters)
		organization = filters.get("organization") or organization
		year = filters.get("year") or year
		month = filters.get("month", month)
	from party_building.dues.figures import totals

	if organization:
		arguments.organization(organization, officer=True)
	on = getdate(today())
	year = arguments.year(year) if year else on.year
	if month is None or month == "" or arguments.month(month, allow_zero=True) == 0:
		start, end = datetime.date(year, 1, 1), datetime.date(year, on.month if year == on.year else 12, 1)
	else:
		start = end = datetime.date(year, int(month), 1)
	due, paid = totals(organization, start, end)
	rate = dues.collection_rate(paid, due)
	return {"value": float(rate), "fieldtype": "Percent", "due": float(due), "paid": float(paid)}


# --- prints (jinja methods) -------------------------------------------------------------------


def print_year(year=None) -> int:
	"""The year a print shows: ?year=… of the print request, else this year."""
	value = year or frappe.form_dict.get("year")
	try:
		return int(value) if value else getdate(today()).year
	except (TypeError, ValueError):
		return getdate(today()).year


def dues_card(member: str, year=None) -> dict:
	"""A member's dues card (党费证) for a year: the assessment and the 12 months with payment, date, receipt."""
	frappe.has_permission("Party Member", "read", member, throw=True)
	year = print_year(year)
	item = frappe.get_all(
		"Dues Assessment Item",
		filters={"member_year": dues.member_year_key(member, year)},
		fields=[
			"category",
			"monthly_base",
			"rate",
			"monthly_amount",
			"adjustment",
			"approval_reason",
			"parent",
		],
		ignore_permissions=True,
	)
	pm = frappe.qb.DocType("Dues Payment Month")
	pay = frappe.qb.DocType(PAYMENT)
	paid = {
		getdate(r.month): r
		for r in frappe.qb.from_(pm)
		.join(pay)
		.on(pay.name == pm.parent)
		.select(pm.month, pm.amount, pay.name.as_("payment"), pay.paid_on, pay.receipt_no, pay.payment_method)
		.where(
			(pm.member == member)
			& (pm.docstatus == 1)
			& (pm.month >= datetime.date(year, 1, 1))
			& (pm.month <= datetime.date(year, 12, 1))
		)
		.run(as_dict=True)
	}
	extras = frappe.get_all(
		PAYMENT,
		filters={
			"member": member,
			"docstatus": 1,
			"from_month": ("between", [f"{year}-01-01", f"{year}-12-31"]),
		},
		fields=["sum(voluntary_amount) as voluntary"],
		ignore_permissions=True,
	)
	assessed = item[0] if item else None
	months = []
	for n in range(1, 13):
		month = datetime.date(year, n, 1)
		row = paid.get(month)
		months.append(
			frappe._dict(
				month=n,
				due=assessed.monthly_amount if assessed else None,
				paid=row.amount if row else None,
				paid_on=row.paid_on if row else None,
				receipt_no=row.receipt_no if row else "",
				payment=row.payment if row else "",
				payment_method=row.payment_method if row else "",
			)
		)
	return frappe._dict(
		year=year,
		assessment=assessed,
		months=months,
		total_due=sum(m.due or 0 for m in months),
		total_paid=sum(m.paid or 0 for m in months),
		voluntary=(extras[0].voluntary if extras else 0) or 0,
		paid_up_to=paid_up_to(member),
	)


def dues_ledger_book(organization: str, year=None) -> dict:
	"""A branch's dues ledger (党费账本) for a year: months with opening, received, remitted, closing,
	and every ledger row."""
	from party_building.dues.figures import ledger_rows

	frappe.has_permission("Party Organization", "read", organization, throw=True)
	year = print_year(year)
	months = ledger_rows([organization], datetime.date(year, 1, 1), datetime.date(year, 12, 1))
	le = frappe.qb.DocType(LEDGER)
	member = frappe.qb.DocType("Party Member")
	entries = (
		frappe.qb.from_(le)
		.left_join(member)
		.on(member.name == le.member)
		.select(
			le.posting_date,
			le.entry_type,
			le.member,
			member.full_name,
			le.received,
			le.remitted,
			le.spent,
			le.voucher_no,
			le.is_reversal,
			le.remarks,
		)
		.where(
			(le.organization == organization)
			& (le.posting_date >= datetime.date(year, 1, 1))
			& (le.posting_date <= datetime.date(year, 12, 31))
		)
		.orderby(le.posting_date)
		.orderby(le.creation)
		.run(as_dict=True)
	)
	return frappe._dict(
		year=year,
		months=months,
		entries=entries,
		opening=months[0]["opening"] if months else balance(organization, datetime.date(year - 1, 12, 31)),
		received=sum((m["received"] for m in months), Decimal(0)),
		remitted=sum((m["remitted"] for m in months), Decimal(0)),
		spent=sum((m["spent"] for m in months), Decimal(0)),
		closing=months[-1]["closing"] if months else balance(organization, datetime.date(year, 12, 31)),
	)
