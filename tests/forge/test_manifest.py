"""forge/manifest.yml: accepted by Atlassian's own validator (@forge/manifest, run with node), true to
this backend (routes, Connect descriptor, app key), and its Custom UI builds small.

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


@pytest.fixture(scope="session")
def manifest(ui_build: str) -> dict[str, Any]:
    returncode, result = validate(FORGE_DIR / "manifest.yml")
    assert (returncode, result["errors"]) == (0, []), result["errors"]  # no warning either
    manifest: dict[str, Any] = result["manifest"]
    return manifest


def test_atlassians_validator_accepts_the_manifest(manifest: dict[str, Any]) -> None:
    assert manifest["remotes"] == [
        {"key": "sleuth", "baseUrl": BASE_URL, "operations": ["storage", "compute"], "storage": {"inScopeEUD": True}}
    ]
    assert manifest["app"]["connect"]["remote"] == "sleuth"


@pytest.mark.parametrize(
    ("original", "broken", "error"),
    [
        ("      remote: sleuth\n      route:\n        path: /forge/events/lifecycle", "      remote: elsewhere\n      route:\n        path: /forge/events/lifecycle", "'elsewhere' was not found"),
        ("route:\n        path: /forge/events/token-refresh", "route: /forge/events/token-refresh", "must be object"),
        ("jira:jiraIssueContexts:", "jira:jiraIssueContext:", "invalid value 'jira:jiraIssueContext'"),
        ("path: static/issue-context/build", "path: static/issue-context/src", "missing index.html"),
        ("- read:jira-work", "- read:jira-wrok", "read:jira-wrok"),
    ],
    ids=["endpoint on an unknown remote", "route as a string", "unknown Connect module", "UI without index.html", "unknown scope"],
)
def test_the_validator_refuses_a_broken_copy(ui_build: str, tmp_path: Path, original: str, broken: str, error: str) -> None:
    text = (FORGE_DIR / "manifest.yml").read_text()
    assert original in text
    (tmp_path / "manifest.yml").write_text(text.replace(original, broken))
    (tmp_path / "static").symlink_to(FORGE_DIR / "static")  # the resources, as beside the real manifest
    returncode, result = validate(tmp_path / "manifest.yml")
    assert returncode == 1 and result["success"] is False
    assert any(error in found["message"] for found in result["errors"]), result["errors"]


def test_the_connect_key_is_the_default_sleuth_app_key(manifest: dict[str, Any]) -> None:
    assert manifest["app"]["connect"]["key"] == SETTINGS.app_key == "io.sleuth.jira"


def test_every_forge_path_is_routed_or_coming(manifest: dict[str, Any]) -> None:
    """Triggers POST to `baseUrl + route.path`; the Custom UI POSTs to the paths in its source."""
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
    assert routed("/forge/events/token-refresh")


def test_connect_modules_mirror_the_connect_descriptor(manifest: dict[str, Any]) -> None:
    descriptor = pytest.importorskip("app.connect.descriptor").render_descriptor(SETTINGS)
    expected = {"jira:lifecycle": [{"key": "lifecycle-events", **descriptor["lifecycle"]}]}
    for module_type, modules in descriptor["modules"].items():
        expected[f"jira:{module_type}"] = modules if isinstance(modules, list) else [modules]
    assert manifest["connectModules"] == expected
    connect_scopes = {f"{scope.lower().replace('_', '-')}:connect-jira" for scope in descriptor["scopes"]}
    assert {scope for scope in manifest["permissions"]["scopes"] if scope.endswith(":connect-jira")} == connect_scopes
    assert manifest["app"]["connect"]["key"] == descriptor["key"]


def test_the_custom_ui_builds_small(manifest: dict[str, Any], ui_build: str) -> None:
    for resource in manifest["resources"]:
        build = FORGE_DIR / resource["path"]
        assert (build / "index.html").is_file() and (build / "index.js").is_file()
        assert 'src="index.js"' in (build / "index.html").read_text()
        size = sum(file.stat().st_size for file in build.iterdir())
        assert size <= MAX_UI_BYTES, f"{resource['key']}: {size} bytes"
        assert f"{build.parent.name}: {size} bytes" in ui_build
