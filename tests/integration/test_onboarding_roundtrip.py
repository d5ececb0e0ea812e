"""Export → import: a demo county written in the templates and read back into an empty county gives the same
organizations, committees, members, admission records in progress, dues bases and dues payments; importing
the export over the county itself changes nothing."""

import frappe
import pytest

from party_building.admission import rules as admission_rules
from party_building.demo import County, reset_demo
from party_building.onboarding import service
from party_building.onboarding.export import export_workbook
from party_building.organization.service import subtree
from tests.integration.factories import demo_county

COUNTY = County("往返县")
DUES_DEMO = "party_building.demo.dues.make"
DEVELOPMENT_DEMO = "party_building.demo.development.make"


@pytest.fixture(scope="module")
def exported():
	with demo_county(COUNTY.name, "tiny", seed=16, extensions=[DEVELOPMENT_DEMO, DUES_DEMO]):
		frappe.local.lang = "zh"
		yield snapshot(), export_workbook(COUNTY.root)


def snapshot() -> dict:
	orgs = subtree(COUNTY.root)
	organizations = {
		o.name: (o.org_type, o.parent_party_organization, o.school, o.status, o.establishment_doc_no,
		         str(o.established_on or ""), str(o.term_start or ""), o.term_years)
		for o in frappe.get_all("Party Organization", filters={"name": ("in", orgs)}, fields=["*"])
	}  # fmt: skip
	members = frappe.get_all("Party Member", filters={"branch": ("in", orgs)}, fields=["*"])
	id_of = {m.name: m.id_number for m in members}
	fields = [f for f in service.MEMBER_FIELDS if f != "id_number"]
	register = {m.id_number: tuple(str(m.get(f) or "") for f in fields) for m in members}
	committees = sorted(
		(r.parent, id_of.get(r.member), r.position, str(r.from_date), str(r.to_date or ""))
		for r in frappe.get_all(
			"Party Organization Committee Member",
			filters={"parent": ("in", orgs), "parenttype": "Party Organization"},
			fields=["parent", "member", "position", "from_date", "to_date"],
		)
	)
	bases = sorted(
		(id_of[i.member], i.year, i.category, float(i.monthly_base or 0), float(i.rate or 0),
		 float(i.monthly_amount or 0), i.adjustment or "")
		for i in frappe.db.sql(
			"""select a.year, i.member, i.category, i.monthly_base, i.rate, i.monthly_amount, i.adjustment
			from `tabDues Assessment Item` i join `tabDues Assessment` a on a.name = i.parent
			where a.docstatus = 1 and a.organization in %(orgs)s""",
			{"orgs": orgs},
			as_dict=True,
		)
	)  # fmt: skip
	payments = sorted(
		(id_of[p.member], str(p.from_month), str(p.to_month), float(p.amount), str(p.paid_on),
		 p.payment_method or "", p.receipt_no or "")
		for p in frappe.get_all(
			"Dues Payment",
			filters={"organization": ("in", orgs), "docstatus": 1},
			fields=["member", "from_month", "to_month", "amount", "paid_on", "payment_method", "receipt_no"],
		)
	)  # fmt: skip
	return {
		"organizations": organizations,
		"members": register,
		"admission": admission_records(orgs),
		"committees": committees,
		"dues_bases": bases,
		"dues_payments": payments,
	}


def admission_records(orgs: list[str]) -> dict:
	"""The open admission records (applicants to probationary members) by ID number: the person, every
	step's date, the derived stage, deadlines and probation end, contacts, introducers and the evidence."""
	out = {}
	for name in frappe.get_all(
		"Member Development",
		filters={"branch": ("in", orgs), "stage": ("in", list(admission_rules.OPEN_STAGES))},
		pluck="name",
	):
		doc = frappe.get_doc("Member Development", name)
		ids = lambda rows: sorted(frappe.db.get_value("Party Member", r.member, "id_number") for r in rows)  # noqa: E731
		out[doc.id_number] = (
			doc.full_name, doc.gender, str(doc.birth_date), doc.branch, doc.party_group or "", doc.stage,
			tuple(str(doc.step_dates().get(n) or "") for n in range(1, 26)), str(doc.probation_end or ""),
			doc.next_step, str(doc.next_due_on or ""), doc.pending_boundary or "", ids(doc.contacts),
			ids(doc.introducers), doc.political_review_result or "", float(doc.training_days or 0),
			float(doc.training_hours or 0), str(doc.publicity_from or ""), str(doc.publicity_to or ""),
			doc.expected_voting, doc.present_voting, doc.votes_for, doc.approving_organization or "",
			frappe.db.get_value("Party Member", doc.party_member, "id_number") if doc.party_member else "",
		)  # fmt: skip
	return out


def test_importing_the_export_over_the_county_changes_nothing(exported):
	before, content = exported
	report = service.run_import(content, "往返县.xlsx", COUNTY.root, dry_run=True, commit=False)
	assert not report["errors"], report["errors"][:5]
	assert report["totals"]["created"] == 0 and report["totals"]["updated"] == 0
	assert report["totals"]["unchanged"] > 0
	assert snapshot() == before


def test_the_export_imported_into_an_empty_county_gives_the_same_records(exported):
	before, content = exported
	assert before["members"] and before["dues_payments"] and before["dues_bases"] and before["committees"]
	stages = {record[5] for record in before["admission"].values()}
	assert {admission_rules.APPLICANT, admission_rules.PROBATIONARY_MEMBER} <= stages, stages
	reset_demo(COUNTY.name, search_index=False)
	assert not frappe.db.exists("Party Organization", COUNTY.root)
	report = service.run_import(content, "往返县.xlsx", None, dry_run=False, commit=False)
	assert not report["errors"], report["errors"][:5]
	assert report["imported"]
	after = snapshot()
	for kind in before:
		assert after[kind] == before[kind], kind
