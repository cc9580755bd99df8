"""The layers of the code, checked on every file (docs/architecture.md).

core <- contracts <- kpis, imt_projects <- minutes <- procurement <- dashboards <- packs
<- demo; config above
them all. An app may depend only on the apps below it: import them, reverse their URLs,
load their template tags, include their templates. kpis and imt_projects are siblings
and do not depend on each other. Inside an app, no two modules import each other, even
through others, even from inside a function.
"""

import ast
import re
from pathlib import Path

import pytest
from django.template.backends.django import get_installed_libraries
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {
    "core": 0,
    "contracts": 1,
    "kpis": 2,
    "imt_projects": 2,
    "minutes": 3,
    "procurement": 4,
    "dashboards": 5,
    "packs": 6,
    "demo": 7,
    "config": 8,
}
APPS = [app for app in LAYERS if (ROOT / app).is_dir()]
URL_FUNCTIONS = {"reverse", "reverse_lazy", "redirect", "resolve_url"}
TEMPLATE_NAME = re.compile(r"^([a-z_]+)/[\w./-]+\.(?:html|txt)$")
TEMPLATE_LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
TEMPLATE_URL = re.compile(r"{%\s*url\s+['\"]([^'\"]+)['\"]")
TEMPLATE_INCLUDE = re.compile(r"{%\s*(?:include|extends)\s+['\"]([^'\"]+)['\"]")

# Dependencies another change removes; each entry names it. The lead removes it at merge.
KNOWN: set[tuple[str, str]] = set()


def _allowed(source: str, target: str) -> bool:
    if source == target or target not in LAYERS:
        return True  # Django, a library, or the app itself
    if source == "config":
        return True
    return LAYERS[target] < LAYERS[source]


# Python: imports, URL names and template names --------------------------------------


def _python_files(app: str):
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(node: ast.ImportFrom, path: Path) -> str:
    """The module an import names, relative imports resolved against `path`."""
    if not node.level:
        return node.module or ""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(tree: ast.AST, path: Path):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, _absolute(node, path)


def _called_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _url_names(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) in URL_FUNCTIONS and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield node.lineno, first.value


def _template_names(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = TEMPLATE_NAME.match(node.value)
            if match:
                yield node.lineno, match.group(1)


def _url_owners() -> dict[str, str]:
    """Every URL name (with its namespace) -> the top package of the view it serves."""
    owners = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                module = getattr(pattern.callback, "__module__", "") or ""
                owners[f"{namespace}{pattern.name}"] = module.split(".")[0]

    walk(get_resolver().url_patterns, "")
    return owners


def _python_dependencies(app: str, url_owners: dict):
    for path in _python_files(app):
        where = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(), filename=where)
        for line, module in _imports(tree, path):
            yield where, line, module.split(".")[0], module
        for line, name in _url_names(tree):
            # A name no URL has is a path or a model: redirect("/…"), redirect(obj).
            if name in url_owners:
                yield where, line, url_owners[name], f"URL {name!r}"
        for line, owner in _template_names(tree):
            yield where, line, owner, f"template of {owner}"


# Templates: {% load %}, {% url %}, {% include %} and {% extends %} -------------------


def _library_owners() -> dict[str, str]:
    return {name: module.split(".")[0] for name, module in get_installed_libraries().items()}


def _loaded_libraries(statement: str) -> list[str]:
    words = statement.split()
    if "from" in words:  # {% load tag1 tag2 from library %}
        return [words[-1]]
    return words


def _template_dependencies(app: str, url_owners: dict, library_owners: dict):
    for path in sorted((ROOT / "templates" / app).rglob("*")):
        if path.suffix not in (".html", ".txt"):
            continue
        where = str(path.relative_to(ROOT))
        for line, text in enumerate(path.read_text().splitlines(), start=1):
            for statement in TEMPLATE_LOAD.findall(text):
                for library in _loaded_libraries(statement):
                    owner = library_owners.get(library, "")
                    yield where, line, owner, f"{{% load {library} %}}"
            for name in TEMPLATE_URL.findall(text):
                yield where, line, url_owners.get(name, ""), f"{{% url {name!r} %}}"
            for name in TEMPLATE_INCLUDE.findall(text):
                match = TEMPLATE_NAME.match(name)
                if match:
                    yield where, line, match.group(1), f"template {name}"


def _violations(app: str, dependencies) -> list[str]:
    return [
        f"{where}:{line}: {app} depends on {target} ({what})"
        for where, line, target, what in dependencies
        if not _allowed(app, target) and (where, what) not in KNOWN
    ]


@pytest.mark.parametrize("app", APPS)
def test_layers_no_app_imports_an_app_above_it(app):
    found = _violations(app, _python_dependencies(app, _url_owners()))
    assert not found, "\n".join(found)


@pytest.mark.parametrize("app", APPS)
def test_layers_no_template_uses_an_app_above_its_own(app):
    dependencies = _template_dependencies(app, _url_owners(), _library_owners())
    found = _violations(app, dependencies)
    assert not found, "\n".join(found)


def test_layers_every_url_and_template_library_has_an_owner():
    """The checks above map names to apps: a name they cannot map would go unchecked."""
    owners = {**_url_owners(), **_library_owners()}
    assert {"contract_dashboard", "kpis:list", "minutes:meeting_list", "panels"} <= set(owners)
    assert owners["contract_dashboard"] == "dashboards"
    assert owners["minutes:meeting_list"] == "minutes"


def test_layers_the_check_sees_each_kind_of_dependency(tmp_path):
    """The walk finds an import, a reversed URL, a template name and a template tag."""
    source = (
        "from minutes.models import Meeting\n"
        "from django.urls import reverse\n"
        "def page(request):\n"
        "    reverse('minutes:meeting_list')\n"
        "    return render(request, 'dashboards/home.html')\n"
    )
    path = ROOT / "contracts" / "example.py"
    tree = ast.parse(source)
    targets = {module.split(".")[0] for _, module in _imports(tree, path)}
    assert "minutes" in targets
    assert [name for _, name in _url_names(tree)] == ["minutes:meeting_list"]
    assert [owner for _, owner in _template_names(tree)] == ["dashboards"]
    assert _loaded_libraries("render_table from django_tables2") == ["django_tables2"]
    assert not _allowed("contracts", "minutes")
    assert not _allowed("kpis", "imt_projects")
    assert _allowed("minutes", "kpis")


# No import cycle inside an app -------------------------------------------------------


def _imported_modules(tree: ast.Module, path: Path):
    """Every module the file imports, at its top or inside a function: an import put in a
    function to dodge a cycle still makes one (`from pkg import name`: pkg and pkg.name)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, path)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _import_graph(app: str) -> dict[str, set[str]]:
    paths = {_module_name(path): path for path in _python_files(app)}
    graph = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text())
        imported = set(_imported_modules(tree, path)) & set(paths)
        # A module imports its parent packages first; that is no edge of a cycle.
        graph[name] = {m for m in imported if m != name and not name.startswith(f"{m}.")}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module."""
    reach = {}
    for start in graph:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        reach[start] = seen
    components = {frozenset(m for m in graph if m in reach[n] and n in reach[m]) for n in graph}
    return [set(c) for c in components if len(c) > 1]


@pytest.mark.parametrize("app", APPS)
def test_layers_no_import_cycle_inside_an_app(app):
    cycles = _cycles(_import_graph(app))
    assert not cycles, f"import cycles in {app}: {cycles}"


def test_layers_the_cycle_check_finds_a_cycle():
    graph = {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": {"a.x"}}
    assert _cycles(graph) == [{"a.x", "a.y", "a.z"}]
