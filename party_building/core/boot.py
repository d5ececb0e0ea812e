"""What the desk's scripts need from the rules, sent once with the boot (frappe.boot.party_building)."""

from party_building.organization.rules import ALLOWED_PARENTS


def boot_session(bootinfo):
	bootinfo.party_building = {
		# which organization types may stand above each type: the parent field offers only those
		"allowed_parents": {t: [p for p in parents if p] for t, parents in ALLOWED_PARENTS.items()},
	}
