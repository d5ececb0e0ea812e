"""The layering rule of ARCHITECTURE.md, checked on the source (imports at any depth, inside functions too):

- a capability's rules.py imports nothing from Frappe and nothing of the app but other rules modules;
- nothing but reports themselves, the benchmark and the tests imports a report;
- no two app modules import each other, directly or round a longer loop.
"""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "party_building"
REPORTS = "party_building.party_building.report"


def module_name(path: Path) -> str:
	parts = path.relative_to(APP.parent).with_suffix("").parts
	return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in APP.rglob("*.py")}


def imports(path: Path) -> set[str]:
	"""The app modules a file imports, anywhere in it."""
	found = set()
	for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
		if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
			for alias in node.names:
				full = f"{node.module}.{alias.name}"
				found.add(full if full in MODULES else node.module)
		elif isinstance(node, ast.Import):
			found |= {a.name for a in node.names}
	return {m for m in found if m == "frappe" or m.startswith("frappe.") or m in MODULES}


GRAPH = {name: imports(path) for name, path in MODULES.items()}


def test_rules_modules_are_pure():
	rules = [m for m in MODULES if m.endswith(".rules")]
	assert len(rules) >= 7, rules
	bad = {
		m: sorted(i for i in GRAPH[m] if i.startswith("frappe") or not i.endswith(".rules")) for m in rules
	}
	assert not {m: b for m, b in bad.items() if b}


def test_nothing_imports_a_report():
	allowed = (REPORTS, "party_building.benchmark")
	bad = {
		m: sorted(i for i in deps if i.startswith(REPORTS))
		for m, deps in GRAPH.items()
		if not m.startswith(allowed)
	}
	assert not {m: b for m, b in bad.items() if b}


def test_no_import_cycles():
	app = {m: {d for d in deps if d in MODULES and d != m} for m, deps in GRAPH.items()}
	index, low, stack, on_stack, cycles, counter = {}, {}, [], set(), [], [0]

	def visit(v):  # Tarjan's strongly connected components
		index[v] = low[v] = counter[0]
		counter[0] += 1
		stack.append(v)
		on_stack.add(v)
		for w in app[v]:
			if w not in index:
				visit(w)
				low[v] = min(low[v], low[w])
			elif w in on_stack:
				low[v] = min(low[v], index[w])
		if low[v] == index[v]:
			component = []
			while True:
				w = stack.pop()
				on_stack.discard(w)
				component.append(w)
				if w == v:
					break
			if len(component) > 1:
				cycles.append(sorted(component))

	for v in sorted(app):
		if v not in index:
			visit(v)
	assert not cycles, cycles
