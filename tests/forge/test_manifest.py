"""forge/manifest.yml (fully adopted) and forge/manifest.hybrid.yml (the release before): accepted by
Atlassian's own validator (@forge/manifest, run with node), true to this backend (routes, Connect
descriptor, app key), and their Custom UI builds small.

`make test` installs the npm packages first (`npm ci` in forge/, from package-lock.json).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from werkzeug.exceptions import HTTPException

from app import create_app
from app.settings import Settings

FORGE_DIR = Path(__file__).resolve().parents[2] / "forge"
VALIDATOR = FORGE_DIR / "scripts" / "validate-manifest.mjs"
BASE_URL = "https://sleuth-jira.example.com"
SETTINGS = Settings.from_env({"SLEUTH_ENV": "test", "SLEUTH_SECRET_KEY": "s" * 32, "SLEUTH_BASE_URL": BASE_URL})
UI_PATH = re.compile(r"""callSleuth\(\s*['"]([^'"]+)['"]""")
MAX_UI_BYTES = 150 * 1024  # per page; @forge/bridge (with iframe-resizer) is most of it


def run(command: list[str], *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    if not (FORGE_DIR / "node_modules").is_dir():
        pytest.fail("forge/node_modules is missing: `make test` installs it (npm ci in forge/).")
    return subprocess.run(command, cwd=FORGE_DIR, env=env, capture_output=True, text=True, timeout=300)


def validate(manifest: Path) -> tuple[int, dict[str, Any]]:
    """Run the validator as `forge deploy` would, with SLEUTH_BASE_URL set and SLEUTH_APP_KEY at its default."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SLEUTH_", "FORGE_"))}
    result = run(["node", str(VALIDATOR), str(manifest)], env={**env, "SLEUTH_BASE_URL": BASE_URL})
    return result.returncode, json.loads(result.stdout)


@pytest.fixture(scope="session")
def ui_build() -> str:
    """`npm run build`: the Custom UI resources the manifest points at (the validator checks they exist)."""
    result = run(["npm", "run", "--silent", "build"])
    assert result.returncode == 0, result.stderr
    return result.stdout


# The one warning the fully adopted manifest gets, by design: without `app.connect.remote` (a field the
# fully adopted definition forbids) Forge does not carry a Connect data-residency region over, and this
# app's remote serves every region from one baseUrl.
CONNECT_REGION_WARNING = {
    "level": "warning",
    "message": "Warning: Previous connect region will not be persisted on connect to forge upgrades if "
    "connect.remote is not defined.",
    "line": 2,
}
REMOTES = [
    {"key": "sleuth", "baseUrl": BASE_URL, "operations": ["storage", "compute"], "storage": {"inScopeEUD": True}}
]


@pytest.fixture(scope="session")
def manifest(ui_build: str) -> dict[str, Any]:
    """forge/manifest.yml, the fully adopted app, as Forge reads it."""
    returncode, result = validate(FORGE_DIR / "manifest.yml")
    assert (returncode, result["errors"]) == (0, [CONNECT_REGION_WARNING]), result["errors"]
    manifest: dict[str, Any] = result["manifest"]
    return manifest


@pytest.fixture(scope="session")
def hybrid(ui_build: str) -> dict[str, Any]:
    """forge/manifest.hybrid.yml, the Connect-on-Forge release before it."""
    returncode, result = validate(FORGE_DIR / "manifest.hybrid.yml")
    assert (returncode, result["errors"]) == (0, []), result["errors"]  # no warning either
    manifest: dict[str, Any] = result["manifest"]
    return manifest


def test_atlassians_validator_accepts_both_releases(manifest: dict[str, Any], hybrid: dict[str, Any]) -> None:
    assert manifest["remotes"] == hybrid["remotes"] == REMOTES
    assert hybrid["app"]["connect"]["remote"] == "sleuth"


def test_the_manifest_is_fully_adopted_by_atlassians_definition(manifest: dict[str, Any]) -> None:
    """No Connect module, `app.connect` holding the key alone, no Connect scope (forge.md, update of
    2026-12-04)."""
    assert "connectModules" not in manifest
    assert manifest["app"]["connect"] == {"key": "io.sleuth.jira"}
    assert [scope for scope in manifest["permissions"]["scopes"] if "connect" in scope] == []


def test_forge_modules_do_every_job_the_connect_modules_did(manifest: dict[str, Any]) -> None:
    modules = manifest["modules"]
    (panel,) = modules["jira:issueContext"]
    assert panel["resolver"] == {"endpoint": "ui"}
    functions = {function["key"]: function["handler"] for function in modules["function"]}
    assert functions[panel["dynamicProperties"]["function"]] == "index.deploysBadge"  # the badge
    assert "export async function deploysBadge(" in (FORGE_DIR / "src" / "index.js").read_text()
    (admin,) = modules["jira:adminPage"]
    assert admin["useAsConfig"] is True
    assert [provider["key"] for provider in modules["devops:deploymentInfoProvider"]] == ["forge-deployments"]
    assert set(manifest["permissions"]["scopes"]) >= {
        "read:deployment-info:jira", "write:deployment-info:jira", "delete:deployment-info:jira",
        "read:app-system-token", "read:jira-work", "write:jira-work",
    }  # fmt: skip
    (lifecycle,) = modules["trigger"]
    assert set(lifecycle["events"]) == {"avi:forge:installed:app", "avi:forge:upgraded:app"}
    assert [trigger["interval"] for trigger in modules["scheduledTrigger"]] == ["hour"]
    endpoints = {endpoint["key"]: endpoint.get("route", {}).get("path") for endpoint in modules["endpoint"]}
    assert [endpoints[trigger["endpoint"]] for trigger in modules["preUninstall"]] == ["/forge/events/uninstalled"]
    (statement,) = modules["connectToForgeMigration"]
    assert statement["willMigrateToForgeBeforeEOS"] == "YES"
    assert statement["migrationGuideUrl"] == f"{BASE_URL}/jira/forge-migration"


async def test_the_migration_statement_is_served(manifest: dict[str, Any]) -> None:
    app = create_app(SETTINGS)
    async with app.test_app():
        response = await app.test_client().get("/jira/forge-migration")
        page = await response.get_data(as_text=True)
    assert response.status_code == 200 and "31 January 2027" in page and "What stays as it is" in page


@pytest.mark.parametrize(
    ("file", "original", "broken", "error"),
    [
        ("manifest.yml", "      remote: sleuth\n      route:\n        path: /forge/events/lifecycle", "      remote: elsewhere\n      route:\n        path: /forge/events/lifecycle", "'elsewhere' was not found"),
        ("manifest.yml", "route:\n        path: /forge/events/token-refresh", "route: /forge/events/token-refresh", "must be object"),
        ("manifest.hybrid.yml", "jira:jiraIssueContexts:", "jira:jiraIssueContext:", "invalid value 'jira:jiraIssueContext'"),
        ("manifest.yml", "path: static/issue-context/build", "path: static/issue-context/src", "missing index.html"),
        ("manifest.yml", "- read:jira-work", "- read:jira-wrok", "read:jira-wrok"),
        ("manifest.yml", "handler: index.deploysBadge", "handler: badges.deploysBadge", "cannot find associated file"),
        ("manifest.yml", "function: deploys-badge", "function: deploy-badge", "undefined function module"),
        ("manifest.yml", "willMigrateToForgeBeforeEOS: 'YES'", "willMigrateToForgeBeforeEOS: 'SOON'", "allowed values"),
    ],
    ids=[
        "endpoint on an unknown remote", "route as a string", "unknown Connect module", "UI without index.html",
        "unknown scope", "badge function without its file", "badge of an unknown function", "statement of no kind",
    ],
)  # fmt: skip
def test_the_validator_refuses_a_broken_copy(
    ui_build: str, tmp_path: Path, file: str, original: str, broken: str, error: str
) -> None:
    text = (FORGE_DIR / file).read_text()
    assert original in text
    (tmp_path / "manifest.yml").write_text(text.replace(original, broken))
    for resources in ("static", "src"):  # as beside the real manifest
        (tmp_path / resources).symlink_to(FORGE_DIR / resources)
    returncode, result = validate(tmp_path / "manifest.yml")
    assert returncode == 1 and result["success"] is False
    assert any(error in found["message"] for found in result["errors"]), result["errors"]


def test_the_connect_key_is_the_default_sleuth_app_key(manifest: dict[str, Any], hybrid: dict[str, Any]) -> None:
    assert manifest["app"]["connect"]["key"] == hybrid["app"]["connect"]["key"] == SETTINGS.app_key == "io.sleuth.jira"


@pytest.mark.parametrize("release", ["manifest", "hybrid"])
def test_every_forge_path_is_routed(release: str, request: pytest.FixtureRequest) -> None:
    """Triggers POST to `baseUrl + route.path`; the Custom UI POSTs to the paths in its source."""
    manifest = request.getfixturevalue(release)
    routes = [endpoint["route"]["path"] for endpoint in manifest["modules"]["endpoint"] if "route" in endpoint]
    sources = (FORGE_DIR / "static").glob("*/src/*.js")
    ui_paths = [path for source in sources for path in UI_PATH.findall(source.read_text())]
    assert {"/forge/events/lifecycle", "/forge/events/token-refresh"} <= set(routes)
    assert {"/forge/ui/deployments", "/forge/ui/admin/state"} <= set(ui_paths)
    adapter = create_app(SETTINGS).url_map.bind("localhost")

    def routed(path: str) -> bool:
        try:
            adapter.match(path, method="POST")
        except HTTPException:
            return False
        return True

    assert [path for path in routes + ui_paths if not routed(path)] == []
    assert not routed("/forge/events/no-such-event")  # the check can fail


def test_the_hybrids_connect_modules_mirror_the_connect_descriptor(hybrid: dict[str, Any]) -> None:
    descriptor = pytest.importorskip("app.connect.descriptor").render_descriptor(SETTINGS)
    expected = {"jira:lifecycle": [{"key": "lifecycle-events", **descriptor["lifecycle"]}]}
    for module_type, modules in descriptor["modules"].items():
        expected[f"jira:{module_type}"] = modules if isinstance(modules, list) else [modules]
    assert hybrid["connectModules"] == expected
    connect_scopes = {f"{scope.lower().replace('_', '-')}:connect-jira" for scope in descriptor["scopes"]}
    assert {scope for scope in hybrid["permissions"]["scopes"] if scope.endswith(":connect-jira")} == connect_scopes
    assert hybrid["app"]["connect"]["key"] == descriptor["key"]


def test_the_custom_ui_builds_small(manifest: dict[str, Any], hybrid: dict[str, Any], ui_build: str) -> None:
    assert manifest["resources"] == hybrid["resources"]
    for resource in manifest["resources"]:
        build = FORGE_DIR / resource["path"]
        assert (build / "index.html").is_file() and (build / "index.js").is_file()
        assert 'src="index.js"' in (build / "index.html").read_text()
        size = sum(file.stat().st_size for file in build.iterdir())
        assert size <= MAX_UI_BYTES, f"{resource['key']}: {size} bytes"
        assert f"{build.parent.name}: {size} bytes" in ui_build


LINT = FORGE_DIR / "scripts" / "lint.mjs"


def forge_lint(folder: Path) -> dict[str, Any]:
    """Atlassian's Forge linter (@forge/lint, as `forge lint`) on the app in `folder`, offline."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SLEUTH_", "FORGE_"))}
    result = run(["node", str(LINT), str(folder)], env={**env, "SLEUTH_BASE_URL": BASE_URL})
    assert result.returncode in (0, 1), result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_atlassians_linter_finds_nothing_but_the_expected_warning(ui_build: str) -> None:
    """Every client-side linter but the one that downloads Atlassian's scope definitions (PermissionLinter)."""
    result = forge_lint(FORGE_DIR)
    assert result["skipped"] == ["PermissionLinter"]
    assert [(problem["level"], problem["message"]) for problem in result["problems"]] == [
        ("warning", CONNECT_REGION_WARNING["message"])
    ]


def test_the_linter_notices_a_badge_function_that_is_not_exported(ui_build: str, tmp_path: Path) -> None:
    (tmp_path / "manifest.yml").write_text((FORGE_DIR / "manifest.yml").read_text())
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "badge.js").write_text((FORGE_DIR / "src" / "badge.js").read_text())
    source = (FORGE_DIR / "src" / "index.js").read_text()
    (tmp_path / "src" / "index.js").write_text(source.replace("function deploysBadge(", "function badge("))
    for shared in ("static", "node_modules"):
        (tmp_path / shared).symlink_to(FORGE_DIR / shared)
    messages = [problem["message"] for problem in forge_lint(tmp_path)["problems"]]
    assert any('Cannot find exported function "deploysBadge"' in message for message in messages), messages
