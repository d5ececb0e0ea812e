"""Member points (党员积分): automatic awards from source documents, and taking them back.

Each source document gives each person points once: the entry's `source_key` is unique in the
database, so two workers cannot both award it. Cancelling the source cancels its entries (and frees
their keys, so an amended source awards again). Rules whose `source` is "Activity Attendance" award
the members present at a submitted Party Activity; "On-time Dues" rules award a submitted Dues
Payment made within the first month it covers. Awards are clipped to the rule's daily and yearly caps.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import flt, getdate

from party_building.activity.rules import HELD, PRESENT
from party_building.ledgers import rules
from party_building.ledgers.errors import PointsSignError


def check_sign(category: str, points) -> None:
	"""Deductions are negative, every other category positive (a points rule and a points entry alike)."""
	if not rules.points_sign_valid(category, flt(points)):
		frappe.throw(
			_("{0} points of the category {1} must be {2}").format(
				points,
				_(category),
				_("negative") if category == rules.DEDUCTION else _("positive"),
			),
			PointsSignError,
			title=_("Invalid Points"),
		)


def used_points(
	rule: str, member: str | None, activist: str | None, on, exclude: str | None = None
) -> tuple[float, float]:
	"""Points a person already holds from a rule on the day and in the year of `on` (submitted entries)."""
	on = getdate(on)
	entry = frappe.qb.DocType("Points Entry")
	person = (entry.member == member) if member else (entry.activist == activist)
	year_start, year_end = on.replace(month=1, day=1), on.replace(month=12, day=31)
	day = frappe.qb.terms.Case().when(entry.entry_date == on, entry.points).else_(0)
	query = (
		frappe.qb.from_(entry)
		.select(Coalesce(Sum(day), 0), Coalesce(Sum(entry.points), 0))
		.where(person & (entry.rule == rule) & (entry.docstatus == 1))
		.where(entry.entry_date.between(year_start, year_end))
	)
	if exclude:
		query = query.where(entry.name != exclude)
	used_day, used_year = query.run()[0]
	return float(used_day or 0), float(used_year or 0)


# the tally's column for each category
TALLY_COLUMNS = {
	rules.ORGANIZATIONAL_LIFE: "organizational_life",
	rules.STUDY: "study",
	rules.EXEMPLARY_ROLE: "exemplary_role",
	rules.DEDUCTION: "deduction",
}


def tally_name(person: str, organization: str, year: int) -> str:
	return f"{person}|{organization}|{year}"


def tally(entry, sign: int) -> None:
	"""Keep each person's yearly points per organization, by category and in all (the ranking reads
	these sums instead of every entry): +points on submit, -points on cancel, in one upsert."""
	year = getdate(entry.entry_date).year
	column = TALLY_COLUMNS[entry.category]
	points = sign * float(entry.points or 0)
	values = {
		"name": tally_name(entry.member or entry.activist, entry.organization, year),
		"now": frappe.utils.now(),
		"member": entry.member,
		"activist": entry.activist,
		"organization": entry.organization,
		"year": year,
		"points": points,
		"entries": sign,
	}
	frappe.db.sql(
		f"""insert into `tabPoints Tally`
			(`name`, `creation`, `modified`, `owner`, `modified_by`, `docstatus`, `idx`,
			`member`, `activist`, `organization`, `year`, `{column}`, `points`, `entries`)
		values (%(name)s, %(now)s, %(now)s, 'Administrator', 'Administrator', 0, 0,
			%(member)s, %(activist)s, %(organization)s, %(year)s, %(points)s, %(points)s, %(entries)s)
		on duplicate key update `{column}` = `{column}` + values(`{column}`),
			`points` = `points` + values(`points`), `entries` = `entries` + values(`entries`),
			`modified` = values(`modified`)""",
		values,
	)


def rebuild_tally() -> int:
	"""Rebuild the whole tally from the submitted entries (after a data import or a repair)."""
	columns = ", ".join(
		f"sum(if(`category` = {frappe.db.escape(category)}, `points`, 0))" for category in TALLY_COLUMNS
	)
	frappe.db.sql("delete from `tabPoints Tally` where `name` is not null")
	frappe.db.sql(
		f"""insert into `tabPoints Tally` (`name`, `creation`, `modified`, `owner`, `modified_by`, `docstatus`,
			`idx`, `member`, `activist`, `organization`, `year`, `organizational_life`, `study`, `exemplary_role`,
			`deduction`, `points`, `entries`)
		select concat(coalesce(`member`, `activist`), '|', `organization`, '|', year(`entry_date`)), now(), now(),
			'Administrator', 'Administrator', 0, 0, max(`member`), max(`activist`), `organization`,
			year(`entry_date`), {columns}, sum(`points`), count(*)
		from `tabPoints Entry` where `docstatus` = 1
		group by coalesce(`member`, `activist`), `organization`, year(`entry_date`)"""
	)
	return frappe.db.count("Points Tally")


def award(
	rule: str,
	source_doctype: str,
	source_name: str,
	entry_date,
	member: str | None = None,
	activist: str | None = None,
	description: str | None = None,
) -> str | None:
	"""Give a person a rule's points for a source document, once; returns the entry's name, or None when
	the source gave them already or the caps leave no room."""
	person = member or activist
	key = rules.source_key(source_doctype, source_name, person)
	if frappe.db.exists("Points Entry", {"source_key": key}):
		return None
	rule_doc = frappe.get_cached_doc("Points Rule", rule)
	used_day, used_year = used_points(rule, member, activist, entry_date)
	points = rules.points_within_caps(
		rule_doc.points, used_day, used_year, rule_doc.daily_cap, rule_doc.yearly_cap
	)
	if not points:
		return None
	entry = frappe.get_doc(
		{
			"doctype": "Points Entry",
			"member": member,
			"activist": activist,
			"rule": rule,
			"entry_date": entry_date,
			"points": points,
			"description": description,
			"is_automatic": 1,
			"source_doctype": source_doctype,
			"source_name": source_name,
		}
	)
	entry.flags.ignore_permissions = True  # awarded by the system for a document the user may submit
	entry.insert()
	entry.submit()
	return entry.name


def revoke(source_doctype: str, source_name: str) -> list[str]:
	"""Take back the points a source document gave (its entries are cancelled, their keys freed)."""
	names = frappe.get_all(
		"Points Entry",
		filters={"source_doctype": source_doctype, "source_name": source_name, "docstatus": 1},
		pluck="name",
	)
	for name in names:
		entry = frappe.get_doc("Points Entry", name)
		entry.flags.ignore_permissions = True
		entry.cancel()
	return names


def rules_for(source: str, activity_type: str | None = None) -> list[str]:
	rows = frappe.get_all(
		"Points Rule",
		filters={"source": source, "enabled": 1},
		fields=["name", "activity_type"],
		order_by="name",
	)
	return [r.name for r in rows if not r.activity_type or r.activity_type == activity_type]


# --- doc_events -------------------------------------------------------------------------------


def on_activity_submit(doc, method=None) -> None:
	"""Members present at a submitted Party Activity get the attendance rules' points."""
	matching = rules_for(rules.ACTIVITY_ATTENDANCE, doc.get("activity_type"))
	if not matching or doc.get("status") not in (None, "", HELD):
		return
	for row in doc.get("attendees") or []:
		present = (row.get("status") or row.get("attendance")) == PRESENT
		if present and row.get("member") and not row.get("is_guest"):
			for rule in matching:
				award(rule, doc.doctype, doc.name, doc.get("activity_date"), member=row.member)


def on_dues_payment_submit(doc, method=None) -> None:
	"""A payment made within the first month it covers gets the on-time dues rules' points."""
	if not (doc.get("paid_on") and doc.get("from_month") and doc.get("member")):
		return
	if not rules.dues_paid_on_time(getdate(doc.paid_on), getdate(doc.from_month)):
		return
	for rule in rules_for(rules.ON_TIME_DUES):
		award(rule, doc.doctype, doc.name, doc.paid_on, member=doc.member)


def on_source_cancel(doc, method=None) -> None:
	revoke(doc.doctype, doc.name)
