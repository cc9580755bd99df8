"""kpis' rooms, checked on the source: the tasks are the outer layer, no import cycle
(and no import hidden in a function to dodge one), no module over 400 lines or function
over 50, and no template deciding on a state's spelling."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = "kpis"
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 50
# `{% if upload.state == "ready" %}`: a rule about a state, spelt in a template.
LITERAL_COMPARISON = re.compile(r"{%\s*(?:el)?if\b[^%]*(?:==|!=)\s*[\"']")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted((ROOT / APP).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _package(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _targets(node, name: str, path: Path) -> list[str]:
    """The kpis modules one import statement runs (with the packages above them)."""
    if isinstance(node, ast.Import):
        wanted = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = _package(name, path)
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        wanted = [base, *(f"{base}.{alias.name}" for alias in node.names)]
    targets = set(wanted)
    for module in wanted:  # and the packages above it, unless they hold this module
        parts = module.split(".")
        parents = (".".join(parts[:i]) for i in range(1, len(parts)))
        targets.update(p for p in parents if not name.startswith(p + "."))
    return sorted(t for t in targets if t == APP or t.startswith(APP + "."))


def import_graph() -> dict[str, set[str]]:
    found = modules()
    graph = {}
    for name, path in found.items():
        edges = set()
        # Every import, a function's too: one there still closes a cycle when it runs.
        for node in ast.walk(ast.parse(path.read_text())):
            if _is_import(node):
                edges.update(t for t in _targets(node, name, path) if t in found)
        edges.discard(name)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def reachable(graph, start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph[node])
    return seen


def _is_function(node) -> bool:
    return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)


def _is_import(node) -> bool:
    return isinstance(node, ast.Import | ast.ImportFrom)


def test_kpis_has_no_import_cycle():
    assert find_cycle(import_graph()) is None


def test_a_cycle_is_found_when_there_is_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_kpis_function_imports_a_module():
    hidden = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if _is_function(node) and any(_is_import(n) for n in ast.walk(node)):
                hidden.append(f"{name}.{node.name}")
    assert hidden == []


def test_only_the_tasks_import_the_tasks():
    graph = import_graph()
    importers = {
        name
        for name, edges in graph.items()
        if not name.startswith("kpis.tasks") and any(e.startswith("kpis.tasks") for e in edges)
    }
    assert importers == set()


def test_the_worker_does_not_load_the_views():
    assert {
        m for m in reachable(import_graph(), "kpis.tasks") if m.startswith("kpis.views")
    } == set()


def test_no_kpis_module_is_over_400_lines():
    long = {
        name: lines
        for name, path in modules().items()
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_kpis_function_is_over_50_lines():
    long = {}
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            lines = node.end_lineno - node.lineno + 1 if _is_function(node) else 0
            if lines > MAX_FUNCTION_LINES:
                long[f"{name}.{node.name}"] = lines
    assert long == {}


def test_no_kpis_template_compares_with_a_spelt_out_value():
    found = [
        f"{path.name}: {match.group(0)}"
        for path in sorted((ROOT / "templates" / APP).rglob("*.html"))
        for match in LITERAL_COMPARISON.finditer(path.read_text())
    ]
    assert found == []
