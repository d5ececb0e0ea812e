"""Exporting an organization's subtree in the import templates (a county moving to a new server, or
handing its data upward): what this writes, the importer reads back into the same records."""

import datetime
import io

import frappe

from party_building.onboarding import admission, rules, templates
from party_building.organization.service import subtree


def cn_date(value) -> str | None:
	return f"{value:%Y-%m-%d}" if isinstance(value, datetime.date) else (str(value) if value else None)


def cn_month(value) -> str | None:
	return f"{value:%Y.%m}" if isinstance(value, datetime.date) else None


def amount(value):
	return None if value is None else round(float(value), 2)


def organization_rows(names: list[str]) -> list[list]:
	orgs = frappe.get_all(
		"Party Organization",
		filters={"name": ("in", names)},
		fields=[
			"name", "org_type", "parent_party_organization", "school", "status", "establishment_doc_no",
			"established_on", "term_start", "term_years",
		],
		order_by="lft",
	)  # fmt: skip
	return [
		[
			o.name,
			rules.ORG_TYPE_WORDS.get(o.org_type),
			o.parent_party_organization,
			o.school,
			rules.ORG_STATUS_WORDS.get(o.status),
			o.establishment_doc_no,
			cn_date(o.established_on),
			cn_date(o.term_start),
			o.term_years or None,
		]
		for o in orgs
	]


def member_rows(names: list[str]) -> tuple[list[list], dict[str, tuple[str, str]]]:
	members = frappe.get_all(
		"Party Member",
		filters={"branch": ("in", names)},
		fields=["name", *(c.key for c in templates.MEMBERS.columns if c.key != "extension_months")],
		order_by="branch, name",
	)
	rows, by_name = [], {}
	writers = {
		"gender": {"Male": "男", "Female": "女"}.get,
		"education": rules.EDUCATION_WORDS.get,
		"degree": rules.DEGREE_WORDS.get,
		"membership_type": rules.MEMBERSHIP_WORDS.get,
		"post": rules.POST_WORDS.get,
		"standing": rules.STANDING_WORDS.get,
		"is_mobile_member": lambda v: "是" if v else "否",
	}
	for m in members:
		by_name[m.name] = (m.full_name, m.id_number)
		row = []
		for c in templates.MEMBERS.columns:
			value = m.get(c.key)
			if c.key in writers:
				value = writers[c.key](value) if value not in (None, "") else None
			elif isinstance(value, datetime.date):
				value = cn_date(value)
			row.append(value)
		rows.append(row)
	return rows, by_name


def committee_rows(names: list[str], members: dict[str, tuple[str, str]]) -> list[list]:
	rows = frappe.get_all(
		"Party Organization Committee Member",
		filters={"parent": ("in", names), "parenttype": "Party Organization"},
		fields=["parent", "member", "position", "from_date", "to_date"],
		order_by="parent, idx",
	)
	out = []
	for r in rows:
		if r.member not in members:
			member = frappe.db.get_value("Party Member", r.member, ["full_name", "id_number"])
			if not member:
				continue
			members[r.member] = tuple(member)
		out.append(
			[
				r.parent,
				members[r.member][0],
				members[r.member][1],
				rules.POSITION_WORDS.get(r.position),
				cn_date(r.from_date),
				cn_date(r.to_date),
			]
		)
	return out


def dues_base_rows(names: list[str], members: dict[str, tuple[str, str]]) -> list[list]:
	assessment = frappe.qb.DocType("Dues Assessment")
	item = frappe.qb.DocType("Dues Assessment Item")
	rows = (
		frappe.qb.from_(item)
		.join(assessment)
		.on(assessment.name == item.parent)
		.select(
			assessment.year,
			item.member,
			item.category,
			item.monthly_base,
			item.rate,
			item.monthly_amount,
			item.adjustment,
			item.approval_reason,
		)
		.where((assessment.docstatus == 1) & assessment.organization.isin(names or [""]))
		.orderby(assessment.year)
		.orderby(assessment.organization)
		.orderby(item.idx)
	).run(as_dict=True)
	return [
		[
			r.year,
			members[r.member][0],
			members[r.member][1],
			rules.DUES_CATEGORY_WORDS.get(r.category),
			amount(r.monthly_base),
			amount(r.rate),
			amount(r.monthly_amount),
			rules.DUES_ADJUSTMENT_WORDS.get(r.adjustment) if r.adjustment else None,
			r.approval_reason,
		]
		for r in rows
		if r.member in members
	]


def dues_payment_rows(names: list[str], members: dict[str, tuple[str, str]]) -> list[list]:
	payments = frappe.get_all(
		"Dues Payment",
		filters={"organization": ("in", names or [""]), "docstatus": 1},
		fields=[
			"member", "from_month", "to_month", "amount", "paid_on", "payment_method", "receipt_no",
			"approval_reason",
		],
		order_by="paid_on, name",
	)  # fmt: skip
	return [
		[
			members[p.member][0],
			members[p.member][1],
			cn_month(p.from_month),
			cn_month(p.to_month),
			amount(p.amount),
			cn_date(p.paid_on),
			rules.PAYMENT_METHOD_WORDS.get(p.payment_method),
			p.receipt_no,
			p.approval_reason,
		]
		for p in payments
		if p.member in members
	]


def export_workbook(organization: str) -> bytes:
	"""The organization's subtree in the templates: organizations, members, admission records in progress
	(every step's date, in the 发展党员 sheet), committees, dues bases and dues payments, one sheet each."""
	names = subtree(organization)
	members, by_name = member_rows(names)
	rows = {
		"organizations": organization_rows(names),
		"members": members,
		"development": admission.development_rows(names),
		"committees": committee_rows(names, by_name),
		"dues_bases": dues_base_rows(names, by_name),
		"dues_payments": dues_payment_rows(names, by_name),
	}
	book = templates.build_workbook(templates.SHEETS, rows)
	out = io.BytesIO()
	book.save(out)
	return out.getvalue()


def template_workbook(kinds: list[str] | None = None) -> bytes:
	sheets = tuple(s for s in templates.SHEETS if not kinds or s.kind in kinds)
	book = templates.build_workbook(sheets or templates.SHEETS)
	out = io.BytesIO()
	book.save(out)
	return out.getvalue()
