"""What the desk's scripts need from the rules, sent once with the boot (frappe.boot.party_building)."""

import frappe

from party_building.organization.rules import ALLOWED_PARENTS


def boot_session(bootinfo):
	bootinfo.party_building = {
		# which organization types may stand above each type: the parent field offers only those
		"allowed_parents": {t: [p for p in parents if p] for t, parents in ALLOWED_PARENTS.items()},
		"home_organization": home_organization(),
	}
	# records the system made name their author: 系统管理员 (core.install), not the account's id
	frappe.utils.add_user_info("Administrator", bootinfo.setdefault("user_info", frappe._dict()))


def home_organization(user: str | None = None) -> dict | None:
	"""The one organization a user acts for (a secretary of one branch), with its type: a new record's
	organization field starts with it. None for a user granted several organizations, or none."""
	from party_building.core.access import granted_organizations

	granted = granted_organizations(user)
	if len(granted) != 1:
		return None
	name = next(iter(granted))
	org_type = frappe.db.get_value("Party Organization", name, "org_type")
	return {"name": name, "org_type": org_type} if org_type else None
