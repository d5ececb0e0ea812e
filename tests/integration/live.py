"""The test site served over HTTP, for tests that must go through the real endpoints.

A gunicorn process (party_building.wsgi) on 127.0.0.1 and a free port, serving the site the tests use.
What it reads must be committed: these tests build their data with commit and remove it afterwards.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import frappe
import requests


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


@contextlib.contextmanager
def served_site(workers: int = 2):
	"""Yield the base URL of the site served on loopback; the server stops when the block ends."""
	from frappe.utils import get_bench_path

	port = free_port()
	sites = Path(get_bench_path()) / "sites"
	gunicorn = Path(sys.executable).with_name("gunicorn")
	log = open(sites.parent / "logs" / "pb-test-web.log", "ab")
	server = subprocess.Popen(
		[
			str(gunicorn),
			"-b",
			f"127.0.0.1:{port}",
			"-w",
			str(workers),
			"-t",
			"120",
			"party_building.wsgi:application",
		],
		cwd=sites,
		env={**os.environ, "PB_SITE": frappe.local.site},
		stdout=log,
		stderr=log,
	)
	url = f"http://127.0.0.1:{port}"
	try:
		for _ in range(120):
			with contextlib.suppress(requests.RequestException):
				if requests.get(f"{url}/api/method/ping", timeout=2).ok:
					break
			if server.poll() is not None:
				raise RuntimeError(f"the test web server stopped (see {log.name})")
			time.sleep(0.25)
		else:
			raise RuntimeError("the test web server did not answer in 30 s")
		yield url
	finally:
		server.terminate()
		try:
			server.wait(timeout=20)
		except subprocess.TimeoutExpired:
			server.kill()
		log.close()


def login(url: str, user: str, password: str) -> requests.Session:
	session = requests.Session()
	response = session.post(f"{url}/api/method/login", data={"usr": user, "pwd": password}, timeout=30)
	assert response.ok, f"{user} could not log in: {response.status_code} {response.text[:200]}"
	return session


def shown_message(response) -> str:
	"""What the desk would show the user for a response: its messages, decoded (or the body when it is
	not Frappe's JSON)."""
	import json

	try:
		body = response.json()
	except ValueError:
		return response.text
	return "\n".join(json.loads(m).get("message", "") for m in json.loads(body.get("_server_messages", "[]")))


@contextlib.contextmanager
def committed_demo(county, seed: int):
	"""A tiny demo county built and committed, for tests that go through the served site (which reads
	only committed data); removed when the block ends."""
	from party_building.demo import make_demo, reset_demo

	reset_demo(county.name)
	frappe.db.commit()
	summary = make_demo(scale="tiny", seed=seed, reset=True, commit=True, county=county.name)
	try:
		yield summary
	finally:
		frappe.db.rollback()
		reset_demo(county.name)
		frappe.db.commit()


def branch_secretaries(county) -> list[tuple[str, str]]:
	"""(branch, its secretary's login) of the demo county's branches that have a secretary, in tree order."""
	from party_building.organization.service import subtree

	found = []
	for branch in frappe.get_all(
		"Party Organization",
		filters={"name": ("in", subtree(county.root)), "org_type": "Branch"},
		pluck="name",
		order_by="lft",
	):
		user = frappe.db.get_value(
			"User Permission", {"for_value": branch, "user": ("like", "sec.%")}, "user"
		)
		if user:
			found.append((branch, user))
	return found


def give_member_a_login(branch: str, email: str, first_name: str) -> str:
	"""A plain member of the branch (one without a login so far) gets the login `email` (password: the
	demo's), with the Party Member role only; returns the member."""
	from party_building.demo import DEMO_PASSWORD

	member = frappe.get_all(
		"Party Member", filters={"branch": branch, "user": ("is", "not set")}, limit=1, pluck="name"
	)[0]
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"send_welcome_email": 0,
				"new_password": DEMO_PASSWORD,
				"roles": [{"role": "Party Member"}],
			}
		).insert(ignore_permissions=True)
	frappe.db.set_value("Party Member", member, "user", email)
	return member
