"""The verdict of `make audit` (scripts/audit.py) on pip-audit's JSON report: a fixable vulnerability fails."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest


def _audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit", Path(__file__).parents[1] / "scripts" / "audit.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _package(name: str, *vulns: tuple[str, list[str]]) -> dict[str, object]:
    return {"name": name, "version": "1.0", "vulns": [{"id": id_, "fix_versions": fixes} for id_, fixes in vulns]}


def test_a_vulnerability_with_a_fix_fails_the_audit(capsys: pytest.CaptureFixture[str]) -> None:
    report = [_package("quart"), _package("jinja2", ("CVE-2099-1", ["3.2.0"]))]
    assert _audit().verdict(report) == 1
    assert "jinja2 1.0 has CVE-2099-1: fixed in 3.2.0" in capsys.readouterr().err


def test_one_without_a_fix_is_listed_and_let_through(capsys: pytest.CaptureFixture[str]) -> None:
    assert _audit().verdict([_package("aiohttp", ("GHSA-x", []))]) == 0
    assert "no fixed version yet" in capsys.readouterr().err


def test_no_advisory_readable_says_not_run(capsys: pytest.CaptureFixture[str]) -> None:
    report = [{"name": "quart", "version": "1.0", "skip_reason": "Dependency not found on PyPI"}]
    assert _audit().verdict(report) == 0
    assert "NOT RUN" in capsys.readouterr().err
