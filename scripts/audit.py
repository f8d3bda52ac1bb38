"""The dependency audit `make test` runs first: pip-audit over every installed package but this project
(--skip-editable), against PyPI's advisories, and a verdict on its report.

- A known vulnerability with a fixed version fails the run: raise that package's lower bound in pyproject.toml.
- One with no fix yet is listed and let through: there is nothing to upgrade to.
- When the advisories cannot be read at all (PyPI's per-version JSON unreachable, as behind a registry mirror
  that serves only the package pages), the audit says loudly that it did not run, and does not fail the tests:
  it cannot tell anything here, and a red run would block every change for a reason no change can fix. Where
  some packages were checked, the unchecked ones are listed.

    .venv/bin/python scripts/audit.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report_path = Path(folder) / "pip-audit.json"
        command = [str(PIP_AUDIT), "--skip-editable", "--progress-spinner", "off", "--desc", "off", "--format", "json"]
        subprocess.run([*command, "--output", str(report_path)], check=False)
        try:
            dependencies: list[dict[str, Any]] = json.loads(report_path.read_text())["dependencies"]
        except (OSError, ValueError, KeyError):
            dependencies = []
    return verdict(dependencies)


def verdict(dependencies: list[dict[str, Any]]) -> int:
    unchecked = [d for d in dependencies if "skip_reason" in d and "editable" not in d["skip_reason"]]
    checked = [d for d in dependencies if "skip_reason" not in d]
    if not checked:
        print(
            "make audit: NOT RUN: pip-audit could read no advisory from PyPI here "
            f"({len(unchecked)} packages not found at https://pypi.org/pypi/NAME/VERSION/json); nothing was audited.",
            file=sys.stderr,
        )
        return 0
    vulnerabilities = [(d, v) for d in checked for v in d["vulns"]]
    for dependency, vulnerability in vulnerabilities:
        fixes = vulnerability["fix_versions"]
        fix = "fixed in " + ", ".join(fixes) if fixes else "no fixed version yet (not failing on it)"
        print(f"pip-audit: {dependency['name']} {dependency['version']} has {vulnerability['id']}: {fix}", file=sys.stderr)
    for dependency in unchecked:
        print(f"pip-audit could not check {dependency['name']}: {dependency['skip_reason']}", file=sys.stderr)
    fixable = [pair for pair in vulnerabilities if pair[1]["fix_versions"]]
    if fixable:
        print(f"make audit: failed: {len(fixable)} known vulnerabilities with a fix.", file=sys.stderr)
        return 1
    print(f"pip-audit: {len(checked)} packages checked, none with a fixable vulnerability.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
