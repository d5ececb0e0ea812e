"""Factory helpers: each test builds what it needs; the rollback fixture removes it."""

import contextlib
import datetime
import random
import uuid

import frappe
from frappe.utils import getdate

from party_building.members import idcard
from party_building.organization.rules import add_years

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "华明建国伟芳秀英丽强军平志红敏静磊洋勇艳杰娟涛超"
_created_users: list[str] = []


def unique(prefix: str) -> str:
	return f"{prefix}{uuid.uuid4().hex[:8]}"


def make_org(org_type: str = "Branch", parent: str | None = None, status: str = "Preparing", **kw):
	doc = frappe.get_doc(
		{
			"doctype": "Party Organization",
			"organization_name": kw.pop("organization_name", None) or unique(f"测试{org_type}"),
			"org_type": org_type,
			"parent_party_organization": parent,
			"status": status,
			**kw,
		}
	)
	return doc.insert()


def make_tree():
	"""A committee, a general branch under it, a branch under that, and a party group in the branch."""
	committee = make_org("Party Committee")
	general = make_org("General Branch", committee.name)
	branch = make_org("Branch", general.name)
	group = make_org("Party Group", branch.name)
	return frappe._dict(committee=committee, general=general, branch=branch, group=group)


def free_id_number(birth_date: datetime.date, gender: str) -> str:
	while True:
		number = idcard.make("110101", birth_date, random.randint(0, 999), gender)
		if not frappe.db.exists("Party Member", {"id_number": number}):
			return number


def random_birth_date(min_age: int = 25, max_age: int = 60, on: datetime.date | None = None) -> datetime.date:
	"""A birth date making the person between min_age and max_age on `on` (default today)."""
	on = on or datetime.date.today()
	return on - datetime.timedelta(days=random.randint(min_age * 366, max_age * 365))


def member_data(branch: str, **kw) -> dict:
	gender = kw.pop("gender", random.choice(["Male", "Female"]))
	if "birth_date" in kw:
		birth_date = kw.pop("birth_date")
	elif kw.get("joined_on"):  # old enough on the day given (18 at least), whatever today's date
		birth_date = random_birth_date(20, 45, on=getdate(kw["joined_on"]))
	else:
		birth_date = random_birth_date()
	membership_type = kw.pop("membership_type", "Full")
	joined_on = kw.pop("joined_on", add_years(birth_date, 22))
	data = {
		"doctype": "Party Member",
		"full_name": random.choice(SURNAMES) + "".join(random.sample(GIVEN, 2)),
		"gender": gender,
		"birth_date": birth_date,
		"id_number": free_id_number(birth_date, gender),
		"branch": branch,
		"membership_type": membership_type,
		"joined_on": joined_on,
	}
	data.update(kw)
	return data


def make_member(branch: str, **kw):
	return frappe.get_doc(member_data(branch, **kw)).insert()


def make_members(branch: str, n: int, **kw) -> list:
	return [make_member(branch, **kw) for _ in range(n)]


# Saving a User makes Frappe clear the whole cache (User.validate → ask_pass_update → a global
# default), and every doctype's meta is then read again: about a second per user. Tests therefore
# take users from a pool made once per site (committed, with their roles; never given an organization
# outside a test): make_user("Branch Secretary") hands out a pool user holding exactly that role, so
# granting it an organization inserts only a User Permission, which the test's rollback removes.
POOL_ROLE_SETS = [
	(),
	("Branch Secretary",),
	("Party Admin",),
	("Branch Committee Member",),
	("Party Member",),
]
POOL_SIZE = 8
_pool: dict[tuple[str, ...], list[str]] = {}
_taken: list[str] = []


def pool_email(roles: tuple[str, ...], n: int) -> str:
	key = "-".join(r.lower().replace(" ", "") for r in roles) or "none"
	return f"pbpool.{key}.{n}@example.com"


def ensure_user_pool() -> None:
	"""Create the pool users that are missing (committed: the pool outlives every test)."""
	for roles in POOL_ROLE_SETS:
		emails = [pool_email(roles, n) for n in range(1, POOL_SIZE + 1)]
		existing = set(frappe.get_all("User", filters={"name": ("in", emails)}, pluck="name"))
		for email in emails:
			if email not in existing:
				new_user(email, roles)
		# a pool user holds exactly its roles and no organization (whatever an interrupted run left)
		for email in emails:
			if set(frappe.get_roles(email)) - {"All", "Guest"} != set(roles):
				user = frappe.get_doc("User", email)
				user.set("roles", [{"role": role} for role in roles])
				user.save(ignore_permissions=True)
		frappe.db.delete("User Permission", {"user": ("in", emails)})
		_pool[roles] = emails
	frappe.db.commit()


def new_user(email: str, roles=()):
	return frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": email.split("@")[0],
			"send_welcome_email": 0,
			"user_type": "System User",
			"roles": [{"role": role} for role in roles],
		}
	).insert(ignore_permissions=True)


def make_user(*roles: str, email: str | None = None):
	"""A user holding exactly `roles`: from the pool when one is free in this test, else a new one."""
	key = tuple(sorted(roles))
	free = [u for u in _pool.get(key, []) if u not in _taken] if not email else []
	if free:
		user = frappe.get_doc("User", free[0])
	else:
		user = new_user(email or f"{unique('pbtest')}@example.com", roles)
	_taken.append(user.name)
	_created_users.append(user.name)
	return user


def granted_user(role: str, organization: str) -> str:
	"""A user holding `role` with the organization (and everything under it) granted."""
	from party_building.core.access import ensure_access

	user = make_user(role).name
	ensure_access(user, organization, role)
	return user


def pool_mark() -> int:
	return len(_taken)


def pool_release(mark: int) -> None:
	"""Users handed out after `mark` are free again (their test has been rolled back)."""
	del _taken[mark:]


def set_committee(org, rows: list[tuple]):
	"""rows: (member, position[, from_date[, to_date]])."""
	org.reload()
	org.committee = []
	for row in rows:
		member, position, *dates = row
		org.append(
			"committee",
			{
				"member": member.name if hasattr(member, "name") else member,
				"position": position,
				"from_date": dates[0] if dates else datetime.date.today() - datetime.timedelta(days=30),
				"to_date": dates[1] if len(dates) > 1 else None,
			},
		)
	return org.save()


def forget_users():
	"""Drop cached roles and user permissions of users the rolled-back test created."""
	for user in _created_users:
		frappe.clear_cache(user=user)
	_created_users.clear()
	frappe.cache.delete_value("user_permissions")


@contextlib.contextmanager
def demo_county(county: str, scale: str = "tiny", seed: int = 11, extensions: list[str] | None = None):
	"""A demo county built in the current transaction (nothing committed, no global-search rows),
	with only the given demo extensions; rolled back when the block ends. Meant for module-scoped
	fixtures: a shared read-only world, built once per module."""
	from party_building import demo

	saved = list(demo.DEMO_EXTENSIONS)
	if extensions is not None:
		demo.DEMO_EXTENSIONS[:] = extensions
	try:
		summary = demo.make_demo(scale=scale, seed=seed, reset=True, commit=False, county=county)
	finally:
		demo.DEMO_EXTENSIONS[:] = saved
	try:
		yield summary
	finally:
		roll_back()
		for user in summary.get("users", []):
			frappe.clear_cache(user=user)
		frappe.cache.delete_value("user_permissions")


def roll_back(save_point: str | None = None) -> None:
	"""Undo the database to a savepoint (or the whole transaction), running Frappe's rollback
	watchers as a full rollback would (they drop caches of what was written). A savepoint that is
	gone (the test committed) means a full rollback."""
	db = frappe.db
	if save_point:
		db.before_commit.reset()
		db.after_commit.reset()
		db.before_rollback.run()
		try:
			db.sql(f"rollback to savepoint {save_point}")
		except Exception:
			db.rollback()
		db.after_rollback.run()
	else:
		db.rollback()
