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
