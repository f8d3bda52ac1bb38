"""The lock files (requirements/run.txt, requirements/test.txt) that `make run` and `make test` install from
agree with pyproject.toml: every dependency it declares is pinned to a version it allows, every pin carries
hashes (pip refuses the file under --require-hashes otherwise), and the run lock holds nothing of the
tests. A change to pyproject.toml without `make lock` fails here instead of installing something else."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)")


def pins(lock: Path) -> dict[str, tuple[Version, int]]:
    """Each pinned package of a lock file: its version and how many hashes follow it."""
    found: dict[str, tuple[Version, int]] = {}
    name = None
    for line in lock.read_text().splitlines():
        if match := PIN.match(line):
            name = canonicalize_name(match[1])
            found[name] = (Version(match[2]), 0)
        elif name and line.strip().startswith("--hash=sha256:"):
            version, hashes = found[name]
            found[name] = (version, hashes + 1)
    return found


def declared(extra: str | None = None) -> list[Requirement]:
    """pyproject.toml's dependencies, with those of `extra` when given."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return [Requirement(text) for text in requirements]


def names(requirements: list[Requirement]) -> set[str]:
    return {canonicalize_name(requirement.name) for requirement in requirements}


@pytest.mark.parametrize(("lock", "extra"), [("run.txt", None), ("test.txt", "test")])
def test_every_declared_dependency_is_pinned_to_an_allowed_version_with_hashes(lock: str, extra: str | None) -> None:
    pinned = pins(ROOT / "requirements" / lock)
    assert pinned, f"requirements/{lock} pins nothing"
    for requirement in declared(extra):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is not in requirements/{lock}: run `make lock`"
        version, _ = pinned[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements/{lock} pins {name} {version}, which pyproject.toml's {requirement} refuses: run `make lock`"
        )
    assert [name for name, (_, hashes) in pinned.items() if hashes == 0] == []


def test_the_run_lock_holds_nothing_only_the_tests_need() -> None:
    run = pins(ROOT / "requirements" / "run.txt")
    only_tests = names(declared("test")) - names(declared()) - {"setuptools"}  # setuptools: see pyproject.toml
    assert only_tests >= {"pytest", "schemathesis", "playwright"} and only_tests & run.keys() == set()
    test = pins(ROOT / "requirements" / "test.txt")
    assert {name: version for name, (version, _) in run.items()} == {
        name: version for name, (version, _) in test.items() if name in run
    }  # the app runs in tests on the very versions it runs with
