"""Factories for organization record tests (elections, transfers, standing changes)."""

import datetime

import frappe
from frappe.utils import add_days, getdate, today

from party_building.core.access import BRANCH_SECRETARY, PARTY_ADMIN, ensure_access
from tests.integration.factories import make_members, make_tree, make_user


def election_setup(full: int = 12, term_end: datetime.date | None = None):
	"""A tree whose branch has `full` full members and a term ending on `term_end` (default: in 30 days)."""
	tree = make_tree()
	members = make_members(tree.branch.name, full)
	branch = frappe.get_doc("Party Organization", tree.branch.name)
	term_end = term_end or getdate(add_days(today(), 30))
	branch.term_years = 3
	branch.term_start = term_end.replace(year=term_end.year - 3)
	branch.status = "Active"
	branch.save()
	tree.branch = branch
	tree.members = members
	return tree


def election_doc(tree, seats: int = 3, candidates: int = 4, election_date=None, **kw):
	members = tree.members
	present = kw.pop("present", len(members))
	votes = kw.pop("votes", None)
	doc = frappe.get_doc(
		{
			"doctype": "Party Election",
			"organization": tree.branch.name,
			"election_date": election_date or today(),
			"seats": seats,
			"voters": [{"member": m.name, "present": int(i < present)} for i, m in enumerate(members)],
			"candidates": [
				{"member": m.name, "votes": (votes[i] if votes else present - i)}
				for i, m in enumerate(members[:candidates])
			],
			"committee": [
				{"member": m.name, "position": pos}
				for m, pos in zip(
					members[:seats],
					[
						"Secretary",
						"Deputy Secretary",
						"Organization Member",
						"Propaganda Member",
						"Committee Member",
					],
					strict=False,
				)
			],
			**kw,
		}
	)
	return doc


def officers(tree):
	"""A secretary of the branch and a Party Admin of the general branch above it."""
	secretary = make_user(BRANCH_SECRETARY)
	ensure_access(secretary.name, tree.branch.name, BRANCH_SECRETARY)
	admin = make_user(PARTY_ADMIN)
	ensure_access(admin.name, tree.general.name, PARTY_ADMIN)
	frappe.clear_cache(user=secretary.name)
	frappe.clear_cache(user=admin.name)
	return frappe._dict(secretary=secretary.name, admin=admin.name)
