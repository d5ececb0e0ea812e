"""The import's batches (onboarding.bulk) write exactly what the controllers write one by one.

The same workbook is imported twice on the same site, rolled back in between: once inserting each
organization and member through `Document.insert` (`batches=False`, the forms' way), once in batches.
Every stored field of the organizations, the members, their child rows and the activated branches'
versions is compared, only the timestamps left out (the names too are the same: the naming series is
rolled back with the rest). A bad file is refused by both the same way, with nothing written."""

import datetime

import frappe
import pytest

from party_building.core import access
from party_building.members.service import counts_deferred
from party_building.onboarding import bulk
from tests.integration import test_onboarding
from tests.integration.factories import make_member, unique
from tests.integration.test_onboarding import person, xlsx

county = test_onboarding.county  # the fixture: a county, its admin and a branch with its secretary

D = datetime.date
STAMPS = {"creation", "modified"}


def workbook(county, prefix: str, bad: bool = False) -> tuple[bytes, dict]:
	"""A general branch with two branches (one established, one preparing), a party group, eleven
	members of every kind — and an existing member moved into the new branch."""
	general = f"{prefix}党总支"
	first, second = f"{prefix}第一党支部", f"{prefix}第二党支部"
	group = f"{first}第一党小组"
	moved = make_member(county.other, full_name="王建国", gender="Male", birth_date=D(1975, 3, 9))
	members = [person(first, 所在党小组=group if i < 2 else None) for i in range(4)]
	members += [person(second, 联系电话=None, 最高学历=None, 学位=None) for _ in range(3)]
	members.append(
		person(first, 人员类别="预备党员", 入党日期="2026-03-01", 转为正式党员日期=None, gender="女")
	)
	members.append(person(first, 转为正式党员日期=None, 民族="回族", 是否流动党员="是", 外出流向="北京"))
	members.append(person(second, name="张<b>三</b>", 出生日期="1980-05-17"))
	members.append(person(first, id_number=moved.id_number, name="王建国", 入党日期="2001.7.1"))
	if bad:  # only the member controller sees it: the member joined at 16
		members.append(person(second, birth=D(1990, 1, 1), 入党日期="2006.7.1", 转为正式党员日期=None))
	content = xlsx(
		{
			"organizations": [
				{"党组织全称": general, "组织类别": "党总支", "上级党组织全称": county.root, "状态": "正常"},
				{
					"党组织全称": first,
					"组织类别": "党支部",
					"上级党组织全称": general,
					"所在单位": "某县第十中学",
					"状态": "正常",
					"成立批准文号": "县教工委〔2019〕5号",
					"成立日期": "2019.3.1",
					"本届任期开始": "2024-03-01",
				},
				{"党组织全称": group, "组织类别": "党小组", "上级党组织全称": first, "状态": "正常"},
				{"党组织全称": second, "组织类别": "党支部", "上级党组织全称": county.root, "状态": "筹建"},
			],
			"members": members,
		}
	)
	return content, {"organizations": [general, first, group, second, county.root, county.other]}


def stored(doctype: str, filters: dict, order_by: str) -> list[dict]:
	rows = frappe.get_all(doctype, filters=filters, fields=["*"], order_by=order_by)
	return [{k: v for k, v in r.items() if k not in STAMPS} for r in rows]


def snapshot(names: dict) -> dict:
	organizations = stored("Party Organization", {}, "name")  # lft and rgt of the whole tree too
	members = stored("Party Member", {"branch": ("in", names["organizations"])}, "name")
	member_names = [m["name"] for m in members]
	archive = [
		{k: v for k, v in r.items() if k != "name"}  # a child row's name is a random hash
		for r in stored("Party Member Archive Item", {"parent": ("in", member_names)}, "parent, idx")
	]
	versions = [
		(v["ref_doctype"], v["docname"], frappe.parse_json(v["data"]))
		for v in stored(
			"Version",
			{"docname": ("in", names["organizations"] + member_names)},
			"ref_doctype, docname, name",
		)
	]
	comments = stored(
		"Comment", {"reference_name": ("in", names["organizations"] + member_names)}, "reference_name"
	)
	return {
		"organizations": organizations,
		"members": members,
		"archive": archive,
		"versions": versions,
		"comments": [(c["reference_name"], c["comment_type"], c["content"]) for c in comments],
	}


def differences(got, expected) -> dict:
	if not isinstance(got, dict):
		return {"batch": got, "one by one": expected}
	return {
		k: (got.get(k), expected.get(k))
		for k in got.keys() | expected.keys()
		if got.get(k) != expected.get(k)
	}


def imported(content: bytes, county, batches: bool, names: dict) -> tuple[dict, dict]:
	frappe.set_user(county.admin)
	try:
		from party_building.onboarding import service

		report = service.run_import(
			content, "县名册.xlsx", county.root, dry_run=False, commit=False, batches=batches
		)
	finally:
		frappe.set_user("Administrator")
	return report, snapshot(names)


def both_ways(content: bytes, county, names: dict) -> tuple:
	frappe.db.savepoint("pb_batches_test")
	one_by_one = imported(content, county, False, names)
	frappe.db.rollback(save_point="pb_batches_test")
	frappe.clear_document_cache("Party Organization")
	access.forget_organization_grants()
	in_batches = imported(content, county, True, names)
	return one_by_one, in_batches


def test_batches_store_exactly_what_the_controllers_store(county):
	content, names = workbook(county, unique("某县十中"))
	(report, expected), (batch_report, got) = both_ways(content, county, names)
	assert not report["errors"], report["errors"]
	assert report["counts"]["members"] == {"created": 10, "updated": 1, "unchanged": 0}
	assert report["counts"]["organizations"]["created"] == 4
	assert batch_report == report
	assert len(expected["members"]) == 11 and len(expected["archive"]) == 66
	for key in ("organizations", "members", "archive", "versions", "comments"):
		assert len(got[key]) == len(expected[key]), key
		for mine, theirs in zip(got[key], expected[key], strict=True):
			assert mine == theirs, differences(mine, theirs)
	first = next(o for o in got["organizations"] if o["name"] == names["organizations"][1])
	assert (first["status"], first["full_member_count"], first["probationary_member_count"]) == (
		"Active",
		6,
		1,
	)


def test_branches_activated_at_once_record_the_versions_their_saves_record(county):
	"""Frappe records no Version in tests (`Document.save` skips it while frappe.flags.in_test): here
	both imports run as outside the tests, so that the activation's Version is compared too."""
	content, names = workbook(county, unique("某县十中"))
	in_test = frappe.flags.in_test
	frappe.flags.in_test = False
	try:
		(report, expected), (batch_report, got) = both_ways(content, county, names)
	finally:
		frappe.flags.in_test = in_test
	assert not batch_report["errors"] and batch_report == report
	activated = [v for v in expected["versions"] if v[1] == names["organizations"][1]]
	changed = [c[0] for v in activated for c in v[2]["changed"]]
	assert "status" in changed and "change_reason" in changed  # the established branch, once
	assert got["versions"] == expected["versions"]
	assert got["organizations"] == expected["organizations"]


def test_a_row_only_the_controller_refuses_refuses_the_batch_file_the_same_way(county):
	content, names = workbook(county, unique("某县十中"), bad=True)
	(report, expected), (batch_report, got) = both_ways(content, county, names)
	assert [e["message"] for e in report["errors"]] == [e["message"] for e in batch_report["errors"]]
	assert len(batch_report["errors"]) == 1 and "18" in batch_report["errors"][0]["message"]
	assert not batch_report["imported"]
	for snap in (expected, got):
		assert [m["full_name"] for m in snap["members"]] == ["王建国"]  # only the member made before
		assert not frappe.db.exists("Party Organization", names["organizations"][0])


def test_a_site_that_runs_automations_at_each_save_imports_one_by_one(county):
	assert bulk.possible("Party Organization", "Party Member")
	frappe.get_doc(
		{
			"doctype": "Notification",
			"name": unique("新党员通知"),
			"subject": "新党员",
			"document_type": "Party Member",
			"event": "New",
			"channel": "System Notification",
			"enabled": 1,
			"recipients": [{"receiver_by_document_field": "owner"}],
			"message": "新党员",
		}
	).insert(ignore_permissions=True)
	assert not bulk.possible("Party Organization", "Party Member")


def test_member_saves_in_a_deferred_block_count_their_branches_once_at_the_end(county):
	before = frappe.db.get_value("Party Organization", county.other, "member_count")
	with counts_deferred():
		make_member(county.other)
		make_member(county.other)
		assert frappe.db.get_value("Party Organization", county.other, "member_count") == before
	assert frappe.db.get_value("Party Organization", county.other, "member_count") == before + 2
	assert frappe.db.get_value("Party Organization", county.root, "member_count") == before + 2


@pytest.fixture(autouse=True)
def chinese():
	frappe.local.lang = "zh"
	yield
	frappe.local.lang = frappe.db.get_default("lang") or "zh"


def test_an_organization_placed_left_of_an_earlier_one_in_the_batch_moves_it_as_the_tree_does(county):
	"""The file's second organization goes under a branch left of the first (a new general branch at
	the end of the county): the first moves right by two, and the batch stores the bounds one by one
	would — a valid nested set, every node inside its parent."""
	prefix = unique("某县十一中")
	general, group = f"{prefix}党总支", f"{county.other}{prefix}党小组"
	content = xlsx(
		{
			"organizations": [
				{"党组织全称": general, "组织类别": "党总支", "上级党组织全称": county.root, "状态": "正常"},
				{"党组织全称": group, "组织类别": "党小组", "上级党组织全称": county.other, "状态": "正常"},
			]
		}
	)
	names = {"organizations": [general, group, county.root, county.other]}
	(report, expected), (batch_report, got) = both_ways(content, county, names)
	assert not report["errors"] and batch_report == report
	assert report["counts"]["organizations"]["created"] == 2
	bounds = {o["name"]: (o["lft"], o["rgt"]) for o in got["organizations"]}
	assert bounds == {o["name"]: (o["lft"], o["rgt"]) for o in expected["organizations"]}
	parents = {o["name"]: o["parent_party_organization"] for o in got["organizations"]}
	for name, parent in parents.items():
		if parent:
			assert bounds[parent][0] < bounds[name][0] < bounds[name][1] < bounds[parent][1], name
	assert bounds[group][1] < bounds[general][0]  # the group sits left of the new general branch
