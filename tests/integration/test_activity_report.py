"""The compliance report, the reminders and the demo of organizational life, as real users."""

import datetime

import frappe
import pytest

from party_building.activity import rules
from party_building.activity import service as activities
from party_building.party_building.report.organizational_life_compliance import (
	organizational_life_compliance as report,
)
from tests.integration import test_activity as t
from tests.integration.test_activity import attendee


@pytest.fixture
def world():
	return t.make_world()


def previous_months(n: int) -> list[tuple[int, int]]:
	y, m = t.TODAY.year, t.TODAY.month
	out = []
	for _ in range(n):
		y, m = (y - 1, 12) if m == 1 else (y, m - 1)
		out.append((y, m))
	return out[::-1]


def hold(world, kind, y, m, members=None, absent=(), **kw):
	members = world.full + world.probationary + world.grouped if members is None else members
	rows = [attendee(x, rules.ABSENT if x in absent else rules.PRESENT) for x in members]
	return t.activity(
		world,
		attendees=rows,
		activity_type=kind,
		activity_date=datetime.date(y, m, 10),
		backfill_approved=1,  # Administrator records last months' meetings as the upper level
		backfill_reason="测试补录",
		**kw,
	).insert()


def run(filters) -> dict:
	columns, data, _message, chart, summary = report.execute(frappe._dict(filters))
	return frappe._dict(columns=columns, data=data, chart=chart, summary=summary)


def test_the_bulletin_shows_required_against_held_and_who_is_behind(world):
	(y1, m1), (y2, m2), (y3, m3) = previous_months(3)
	x = world.full[5]
	hold(world, rules.THEME_DAY, y1, m1, absent=[x])
	hold(world, rules.GROUP_STUDY, y2, m2, absent=[x])
	hold(world, rules.THEME_DAY, y3, m3, absent=[x])
	for y, m in ((y1, m1), (y2, m2), (y3, m3)):
		hold(world, rules.COMMITTEE_MEETING, y, m, members=world.committee)
	plan = frappe.get_doc({"doctype": "Party Activity Plan", "organization": world.branch, "year": y2})
	plan.append("items", {"month": m2, "activity_type": rules.THEME_DAY, "topic": "参观"})
	plan.insert()

	frappe.set_user(world.users.secretary)
	result = run(
		{
			"period": "Month",
			"from_date": datetime.date(y1, m1, 1),
			"to_date": rules.month_end(y3, m3),
		}
	)
	rows = {r["period"]: r for r in result.data}
	assert {r["organization"] for r in result.data} == {world.branch}
	first, second, third = (rows[rules.period_label(k, rules.MONTHLY)] for k in previous_months(3))
	assert (first["theme_day"], second["theme_day"], third["theme_day"]) == ("1/1", "0/1", "1/1")
	assert first["committee"] == second["committee"] == "1/1"
	assert second["group"] == "0/1"  # the branch has one party group and it never met
	assert second["behind"] >= 2 and second["planned_not_held"] == 1
	assert x.full_name in third["absent_members"] and not first["absent_members"]
	assert first["attendance_rate"] == pytest.approx(100 * 12 / 13, abs=0.1)  # 9 of 10 and 3 of 3
	assert result.chart["data"]["labels"][0] == "Branch Committee Meeting"
	behind = run(
		{
			"period": "Quarter",
			"from_date": datetime.date(y1, m1, 1),
			"to_date": rules.month_end(y3, m3),
			"activity_type": rules.THEME_DAY,
			"behind_only": 1,
		}
	)
	assert behind.data and all(r["behind"] for r in behind.data)
	assert "committee" not in {c["fieldname"] for c in behind.columns}


def test_the_bulletin_is_isolated_by_organization(world):
	((y, m),) = previous_months(1)
	hold(world, rules.THEME_DAY, y, m)
	filters = {"period": "Month", "from_date": datetime.date(y, m, 1), "to_date": rules.month_end(y, m)}
	frappe.set_user(world.users.other_secretary)
	seen = run(filters).data
	assert seen and {r["organization"] for r in seen} == {world.other}
	assert run({**filters, "organization": world.branch}).data == []
	frappe.set_user(world.users.upper)
	assert {world.branch, world.other} <= {r["organization"] for r in run(filters).data}


def test_reminders_for_the_theme_day_and_quarterly_meetings_are_sent_once(world):
	key = f"theme-day:{world.branch}:{t.TODAY.year}-{t.TODAY.month:02d}"
	day = datetime.date(t.TODAY.year, t.TODAY.month, 1)
	logged = frappe.db.count("Party Reminder Log")
	sent = activities.send_reminders(day)
	assert sent == frappe.db.count("Party Reminder Log") - logged  # it counts what it logged
	assert not frappe.db.exists("Party Reminder Log", {"reminder_key": key})  # before the deadline day
	late = datetime.date(t.TODAY.year, t.TODAY.month, 26)
	activities.send_reminders(late)
	activities.send_reminders(late)
	assert frappe.db.count("Party Reminder Log", {"reminder_key": key}) == 1
	log = frappe.get_doc("Party Reminder Log", {"reminder_key": key})
	assert log.recipients == world.users.secretary and log.organization == world.branch

	# a quarter's last month: the branch has held its 党课 but no general meeting yet
	y = t.TODAY.year - 1
	hold(world, rules.PARTY_LECTURE, y, 4, lecturer=world.full[0].name)
	june = datetime.date(y, 6, 3)
	activities.send_reminders(june)
	activities.send_reminders(june)
	general = f"quarterly:{rules.GENERAL_MEETING}:{world.branch}:{y}-Q2"
	lecture = f"quarterly:{rules.PARTY_LECTURE}:{world.branch}:{y}-Q2"
	assert frappe.db.count("Party Reminder Log", {"reminder_key": general}) == 1
	assert not frappe.db.exists("Party Reminder Log", {"reminder_key": lecture})
	recipients = frappe.db.get_value("Party Reminder Log", {"reminder_key": general}, "recipients").split(
		"\n"
	)
	assert set(recipients) == {world.users.secretary, world.users.upper}


def test_the_reminder_deadline_is_a_setting(world):
	frappe.db.set_single_value("Party Building Settings", "theme_day_deadline", 10)
	day = datetime.date(t.TODAY.year, t.TODAY.month, 11)
	activities.send_reminders(day)
	assert frappe.db.exists(
		"Party Reminder Log", {"reminder_key": f"theme-day:{world.branch}:{day.year}-{day.month:02d}"}
	)


def test_the_demo_adds_a_year_of_organizational_life(monkeypatch):
	from party_building import demo
	from party_building.demo import make_demo

	monkeypatch.setattr(
		demo, "DEMO_EXTENSIONS", ["party_building.demo.activity.make"]
	)  # this capability's only
	summary = make_demo(scale="tiny", county="活动测试县", commit=False, search_index=False)
	made = summary["party_building.demo.activity.make"]
	assert made["activities"] > 20 and made["attendees"] > made["activities"]
	root = summary["root"]
	lft, rgt = frappe.db.get_value("Party Organization", root, ["lft", "rgt"])
	branches = frappe.get_all(
		"Party Organization",
		filters={"lft": (">", lft), "rgt": ("<", rgt), "org_type": "Branch"},
		pluck="name",
	)
	acts = frappe.get_all(
		"Party Activity",
		filters={"organization": ("in", branches)},
		fields=["name", "expected_count", "present_count", "activity_type"],
	)
	assert len(acts) == made["activities"]
	sample = next(a for a in acts if a.activity_type == rules.GENERAL_MEETING)
	rows = frappe.get_all("Party Activity Attendee", filters={"parent": sample.name}, pluck="status")
	assert len(rows) == sample.expected_count and rows.count(rules.PRESENT) == sample.present_count
	# the demo records pass the controller's own rules
	doc = frappe.get_doc("Party Activity", sample.name)
	doc.flags.ignore_permissions = True
	doc.validate()
	assert frappe.db.count("Party Activity Plan", {"organization": ("in", branches)}) == len(branches)


def test_runs_of_absences_follow_back_dated_and_cancelled_records(world):
	(y1, m1), (y2, m2), (y3, m3) = previous_months(3)
	x = world.full[5]

	def runs():
		return frappe.get_all(
			"Party Activity Attendee",
			filters={"member": x.name, "parenttype": "Party Activity"},
			fields=["activity_date", "absence_run"],
			order_by="activity_date",
			pluck="absence_run",
		)

	hold(world, rules.THEME_DAY, y1, m1, absent=[x])
	hold(world, rules.THEME_DAY, y3, m3, absent=[x])
	assert runs() == [1, 2]
	between = hold(world, rules.GROUP_STUDY, y2, m2, absent=[x])  # recorded late, dated between
	assert runs() == [1, 2, 3]
	between.submit()
	between.cancel()
	assert runs() == [1, 0, 2]
	late = frappe.get_doc(
		"Party Activity",
		{
			"activity_type": rules.THEME_DAY,
			"activity_date": datetime.date(y3, m3, 10),
			"organization": world.branch,
		},
	)
	late.attendees[[r.member for r in late.attendees].index(x.name)].status = rules.PRESENT
	late.save()
	assert runs() == [1, 0, 0]
