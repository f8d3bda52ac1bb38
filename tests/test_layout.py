"""The layout of app/ keeps its promises (CONTRIBUTING.md, "Map"): no import cycle, no import across a
forbidden boundary, and the domain loads no web framework. Read from the source with `ast`, so an
import inside a function counts as much as one at the top."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"

# Who may not import whom: a package (and everything below it) never imports any of the packages named.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    # The protocols: tokens, keys and URLs only; each could leave for a package of its own.
    "app.connect": ("app.forge", "app.sleuth", "app.jira_sites", "app.delivery", "app.web", "app.db", "app.jira"),
    "app.forge": ("app.connect", "app.sleuth", "app.jira_sites", "app.delivery", "app.web", "app.db", "app.jira"),
    # Outbound Jira REST: signs with Connect's JWT (app.connect.jwt), knows nothing of who calls it.
    "app.jira": ("app.forge", "app.sleuth", "app.jira_sites", "app.delivery", "app.web", "app.db"),
    # Outbound code-host APIs and git: the app's outbound client (app.jira.client) and nothing above.
    "app.code_hosts": ("app.connect", "app.forge", "app.sleuth", "app.jira_sites", "app.delivery", "app.web", "app.db"),
    "app.db": ("app.code_hosts", "app.connect", "app.forge", "app.jira", "app.sleuth", "app.jira_sites", "app.delivery", "app.web"),
    # Sleuth's model: calls Jira to check a connection, never a protocol, a site, the pipeline or the web.
    "app.sleuth": ("app.connect", "app.forge", "app.jira_sites", "app.delivery", "app.web"),
    "app.jira_sites": ("app.delivery", "app.web"),
    "app.delivery": ("app.web",),
    "app.web.connect": ("app.web.forge",),
    "app.web.forge": ("app.web.connect",),
}
# Packages whose modules must import without Quart (or any other web framework) being loaded.
FRAMEWORK_FREE = (
    "app.sleuth", "app.jira_sites", "app.connect", "app.forge", "app.jira", "app.code_hosts", "app.db", "app.delivery"
)  # fmt: skip
WEB_FRAMEWORKS = ("quart", "quart_schema", "werkzeug", "flask", "uvicorn")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(APP.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The modules of app/ that `name` imports, wherever in its source the import stands."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in MODULES)
    found.discard(name)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_every_module_is_found() -> None:
    assert {"app.sleuth.deploys", "app.web.jira_pages.panel", "app.connect.jwt", "app.main"} <= MODULES.keys()
    assert "app.sleuth.organizations" in GRAPH["app.cli"]


def test_no_module_imports_across_a_forbidden_boundary() -> None:
    crossings = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        for target in targets
        for package, forbidden in FORBIDDEN.items()
        if within(name, package) and any(within(target, other) for other in forbidden)
    )
    assert crossings == []


def test_only_the_package_and_the_command_line_reach_the_composition_root() -> None:
    assert sorted(name for name, targets in GRAPH.items() if "app.main" in targets) == ["app"]


def test_the_import_graph_has_no_cycle() -> None:
    # The package's own __init__ only names create_app lazily; every module implicitly imports it.
    graph = {name: targets - {"app"} for name, targets in GRAPH.items() if name != "app"}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_a_boundary_crossing_is_caught(tmp_path: Path) -> None:
    """The checks above can fail: a module of the domain that imported the web would be reported."""
    source = "from app.web.errors import APIError\n"
    tree = ast.parse(source)
    (node,) = tree.body
    assert isinstance(node, ast.ImportFrom) and node.module in MODULES
    assert any(within(node.module, other) for other in FORBIDDEN["app.sleuth"])


@pytest.mark.parametrize("package", FRAMEWORK_FREE)
def test_the_domain_and_the_protocols_load_no_web_framework(package: str) -> None:
    modules = [name for name in MODULES if within(name, package)]
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {WEB_FRAMEWORKS!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
