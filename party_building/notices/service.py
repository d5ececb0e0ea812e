"""Frappe side of publicity notices (公示): the standard text from a Member Development record, the
period on working days (holidays.service), publishing and unpublishing (the organization's secretary
or its upper level, each act logged on the notice), and what the public page shows.

The public page (party_building/www/dangwu.py) reads only `public_page()`: fixed fields of the
organization, the published notices' stored text, election results and the dues publication — never
a member's record.
"""

import datetime

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from party_building.admission import rules as admission
from party_building.admission.service import committees_above, works_for
from party_building.core import arguments
from party_building.core.access import BRANCH_SECRETARY, is_upper_level
from party_building.core.endpoint import guarded
from party_building.notices import rules
from party_building.notices.errors import PublisherError

DOCTYPE = "Publicity Notice"

# the notice type → the stage its person is in, the period fields of the record, the step it precedes
NOTICE_OF = {
	rules.TARGET_NOTICE: (
		admission.DEVELOPMENT_TARGET,
		"publicity_from",
		"publicity_to",
		admission.PRE_REVIEW,
	),
	rules.FULL_NOTICE: (
		admission.PROBATIONARY_MEMBER,
		"full_publicity_from",
		"full_publicity_to",
		admission.FULL_APPROVAL,
	),
}


def upper_committee_of(record) -> str | None:
	if record.get("approving_organization"):
		return record.approving_organization
	committees = committees_above(record.branch)
	return committees[0] if committees else None


def facts_of(notice, record) -> dict:
	"""The display strings of the standard notice form (nothing else of the person)."""
	introducers = [row.member_name or "" for row in record.get("introducers") or []]
	return {
		"full_name": record.full_name,
		"gender": {"Male": "男", "Female": "女"}.get(record.gender or "", ""),
		"birth": rules.zh_month(getdate(record.birth_date) if record.birth_date else None),
		"education": _(record.education, lang="zh") if record.education else "",
		"post": notice.post or record.work_unit or "",
		"applied_on": rules.zh_date(_day(record.application_date)),
		"activist_on": rules.zh_date(_day(record.activist_date)),
		"admitted_on": rules.zh_date(_day(record.meeting_date)),
		"probation_end": rules.zh_date(_day(record.probation_end)),
		"introducers": [name for name in introducers if name],
		"branch": notice.branch,
		"committee": notice.upper_committee or "",
		"contact": notice.contact or "",
		"period_from": rules.zh_date(_day(notice.period_from)),
		"period_to": rules.zh_date(_day(notice.period_to)),
	}


def _day(value) -> datetime.date | None:
	return getdate(value) if value else None


# --- publishing ---------------------------------------------------------------------------------


def may_publish(organization: str, user: str | None = None) -> bool:
	"""The organization's secretary (Branch Secretary granted it or above) or its upper level."""
	user = user or frappe.session.user
	if is_upper_level(organization, user):
		return True
	return BRANCH_SECRETARY in frappe.get_roles(user) and works_for(organization, user)


def _notice_to_act_on(notice: str):
	notice = arguments.text(notice, "Publicity Notice", 140)
	doc = frappe.get_doc(DOCTYPE, notice)
	doc.check_permission("read")
	if not may_publish(doc.branch):
		frappe.throw(
			_("Only the organization's secretary or its upper level publishes or unpublishes a notice"),
			PublisherError,
			title=_("Not Allowed"),
		)
	return doc


@frappe.whitelist()
@guarded
def publish(notice: str) -> dict:
	"""Put the notice on the organization's public page (one action)."""
	doc = _notice_to_act_on(notice)
	if not doc.published:
		doc.published = 1
		doc.published_on = now_datetime()
		_log(doc, rules.PUBLISHED, None)
		doc.save(ignore_permissions=True)  # the publisher was checked above
	return {"published": 1, "url": page_url(doc.branch)}


@frappe.whitelist()
@guarded
def unpublish(notice: str, reason: str) -> dict:
	"""Take the notice off the public page; the notice and the reason stay on record."""
	doc = _notice_to_act_on(notice)
	reason = arguments.text(reason, "Reason", 500).strip()
	if not reason:
		frappe.throw(_("Give the reason for unpublishing"), title=_("Unpublish"))
	if doc.published:
		doc.published = 0
		_log(doc, rules.UNPUBLISHED, reason)
		doc.save(ignore_permissions=True)
	return {"published": 0}


def _log(doc, action: str, reason: str | None) -> None:
	doc.append(
		"publication_log",
		{"action": action, "acted_on": now_datetime(), "acted_by": frappe.session.user, "reason": reason},
	)


def page_url(organization: str) -> str:
	from urllib.parse import quote

	return f"/dangwu/{quote(organization)}"


# --- the public page --------------------------------------------------------------------------------


def public_page(organization: str, on: datetime.date | None = None) -> dict | None:
	"""What /dangwu/<organization> shows, or None when there is no such organization."""
	on = getdate(on or today())
	org = frappe.db.get_value(
		"Party Organization",
		organization,
		["name", "organization_name", "org_type", "status", "secretary_name", "member_count",
		 "full_member_count", "probationary_member_count"],
		as_dict=True,
	)  # fmt: skip
	if not org:
		return None
	notices = frappe.get_all(
		DOCTYPE,
		filters={"branch": organization, "published": 1, "period_to": (">=", datetime.date(on.year, 1, 1))},
		fields=["name", "title", "notice_text", "notice_type", "period_from", "period_to"],
		order_by="period_from desc",
		limit=200,
	)
	for n in notices:
		n.period_from, n.period_to = getdate(n.period_from), getdate(n.period_to)
		n.paragraphs = [rules.redact(p) for p in (n.notice_text or "").split("\n") if p.strip()]
		n.title = rules.redact(n.title)
	current, archive = rules.sections(notices, on)
	return {
		"organization": frappe._dict(
			name=org.name,
			org_type=_(org.org_type, lang="zh") if org.org_type else "",
			secretary=rules.redact(org.secretary_name or ""),
			member_count=org.member_count or 0,
			full_member_count=org.full_member_count or 0,
			probationary_member_count=org.probationary_member_count or 0,
		),
		"current": current,
		"archive": archive,
		"elections": election_results(organization),
		"dues": dues_publication(organization, on.year - 1),
		"year": on.year,
		"today": rules.zh_date(on),
	}


def election_results(organization: str, limit: int = 2) -> list[dict]:
	"""The organization's latest approved elections: the date, the term's end, who was elected to what."""
	elections = frappe.get_all(
		"Party Election",
		filters={"organization": organization, "docstatus": 1},
		fields=["name", "election_date", "new_term_end"],
		order_by="election_date desc",
		limit=limit,
	)
	if not elections:
		return []
	committee: dict[str, list] = {}
	for row in frappe.get_all(
		"Party Election Committee Member",
		filters={"parenttype": "Party Election", "parent": ("in", [e.name for e in elections])},
		fields=["parent", "member_name", "position", "idx"],
		order_by="idx asc",
	):
		committee.setdefault(row.parent, []).append(
			(_(row.position, lang="zh") if row.position else "", rules.redact(row.member_name))
		)
	return [
		{
			"date": rules.zh_date(_day(e.election_date)),
			"term_end": rules.zh_date(_day(e.new_term_end)),
			"committee": committee.get(e.name, []),
		}
		for e in elections
	]


def dues_publication(organization: str, year: int) -> dict | None:
	"""The organization's dues book for the year as published: the balance brought forward, received,
	passed up (上解), used (党费使用, each approved use with its purpose) and carried forward — totals and
	uses only, no member's figures."""
	from party_building.dues.figures import dues_uses, ledger_figures

	figures = ledger_figures([organization], year).get(organization)
	if not figures:
		return None
	opening, received, remitted, spent = figures
	uses = [
		{
			"used_on": rules.zh_date(_day(u.used_on)),
			"purpose": _(u.purpose, lang="zh"),
			"description": rules.redact(u.description),
			"amount": u.amount,
			"approval_no": rules.redact(u.approval_no),
		}
		for u in dues_uses([organization], year).get(organization, [])
	]
	return {
		"year": year,
		"opening": opening,
		"received": received,
		"remitted": remitted,
		"spent": spent,
		"uses": uses,
		"closing": opening + received - remitted - spent,
	}
