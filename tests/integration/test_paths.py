"""Every dotted path the desk, the fixtures and hooks.py name resolves to a function of the app, and the
paths methods had before the code was grouped by capability still answer (override_whitelisted_methods)."""

import re
from pathlib import Path

import frappe

APP = Path(frappe.get_app_path("party_building"))
# a quoted dotted path; a desk script's own namespace (frappe.provide("party_building.workspace")) is not one
DOTTED = re.compile(r"""(?<!provide\()["'](party_building\.[A-Za-z0-9_.]+)["']""")
NOT_PYTHON = {
	"party_building.bundle",
	"party_building.bundle.js",
	"party_building.bundle.css",
	"party_building.grant_access_dialog",
	"party_building.print_pdf",
}


def named_paths() -> dict[str, str]:
	found = {}
	old_paths = set(frappe.get_hooks("override_whitelisted_methods"))  # aliases: the second test
	for path in [*APP.rglob("*.js"), *APP.rglob("*.json"), APP / "hooks.py"]:
		if "node_modules" in path.parts or "/public/dist" in str(path):
			continue
		for match in DOTTED.findall(path.read_text(encoding="utf-8")):
			if match not in NOT_PYTHON and match not in old_paths:
				found[match] = str(path.relative_to(APP))
	return found


def test_every_named_path_resolves():
	paths = named_paths()
	assert len(paths) >= 30, paths
	broken = []
	for dotted, where in sorted(paths.items()):
		try:
			frappe.get_attr(dotted)
		except (ImportError, AttributeError) as e:
			broken.append(f"{where}: {dotted} ({e})")
	assert not broken, "\n".join(broken)


def test_old_method_paths_still_answer():
	overrides = frappe.get_hooks("override_whitelisted_methods")
	old = {k: v[-1] for k, v in overrides.items() if k.startswith("party_building.")}
	assert len(old) >= 6
	for path, new in old.items():
		fn = frappe.get_attr(new)
		assert fn in frappe.whitelisted or getattr(fn, "__func__", None) in frappe.whitelisted, path


def test_every_module_of_the_app_imports():
	"""Frappe deletes a DocType whose controller cannot be imported when the site migrates: every module
	of the app, controllers included, must import."""
	import importlib
	import pkgutil

	import party_building

	broken = []
	for module in pkgutil.walk_packages(party_building.__path__, "party_building."):
		try:
			importlib.import_module(module.name)
		except Exception as e:
			broken.append(f"{module.name}: {e!r}")
	assert not broken, "\n".join(broken)


def test_every_capabilitys_defaults_installer_resolves():
	from party_building.core.install import DEFAULTS

	for module in DEFAULTS.values():
		assert callable(frappe.get_attr(f"{module}.ensure_defaults")), module
