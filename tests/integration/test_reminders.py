import frappe

from party_building.core import access
from party_building.core.reminders import remind, secretaries_of, upper_level_of
from tests.integration.factories import make_tree, make_user


def test_a_reminder_is_sent_once_and_logged():
	tree = make_tree()
	secretary = make_user("Branch Secretary")
	admin = make_user("Party Admin")
	access.grant_access(tree.branch.name, secretary.name, "Branch Secretary")
	access.grant_access(tree.committee.name, admin.name, "Party Admin")
	assert secretaries_of(tree.branch.name) == [secretary.name]
	assert upper_level_of(tree.branch.name) == [admin.name]

	key = f"test:{tree.branch.name}"
	args = dict(
		subject="任期即将届满",
		message="测试提醒",
		reminder_type="Term Ending",
		reference_doctype="Party Organization",
		reference_name=tree.branch.name,
		organization=tree.branch.name,
	)
	recipients = secretaries_of(tree.branch.name) + upper_level_of(tree.branch.name)
	assert remind(key, recipients, **args) is True
	assert remind(key, recipients, **args) is False
	assert frappe.db.count("Party Reminder Log", {"reminder_key": key}) == 1
	assert frappe.db.count("Notification Log", {"for_user": secretary.name, "subject": "任期即将届满"}) == 1
	log = frappe.get_doc("Party Reminder Log", {"reminder_key": key})
	assert set(log.recipients.split("\n")) == {secretary.name, admin.name}


def test_reminder_log_is_isolated_by_organization():
	tree = make_tree()
	other = make_tree()
	secretary = make_user("Branch Secretary")
	access.grant_access(tree.branch.name, secretary.name, "Branch Secretary")
	for org in (tree.branch.name, other.branch.name):
		remind(f"iso:{org}", [], "s", "m", "Test", organization=org)
	frappe.set_user(secretary.name)
	seen = frappe.get_list(
		"Party Reminder Log", filters={"reminder_key": ("like", "iso:%")}, pluck="organization"
	)
	assert seen == [tree.branch.name]
