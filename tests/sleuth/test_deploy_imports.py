"""Importing deploy history in the domain (app/sleuth/deploy_imports.py), on a real database: a large file
is streamed in batches, with bounded memory and a progress line per 1,000 rows."""

from __future__ import annotations

import logging
import tempfile
import tracemalloc

import pytest

from app.sleuth.deploy_imports import import_deploys
from models import CodeDeployment, Deploy, Organization, Project

ROWS = 10_000
MEMORY_BOUND = 8 * 1024 * 1024  # what an import may hold at once, whatever the file's size


@pytest.fixture
async def acme(database: str) -> Organization:
    organization = await Organization.create(slug="acme", name="Acme")
    project = await Project.create(organization=organization, slug="web", name="Web")
    await CodeDeployment.create(organization=organization, project=project, slug="web-app", name="Web app")
    return organization


async def test_ten_thousand_rows_in_bounded_memory_with_a_progress_line_per_thousand(
    acme: Organization, caplog: pytest.LogCaptureFixture
) -> None:
    with tempfile.TemporaryFile() as upload:  # as the form parser hands it over: a file, not bytes in memory
        upload.write(b"sha,date\n")
        for n in range(ROWS):
            upload.write(f"{n:040x},2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}T{n % 24:02d}:00:00Z\n".encode())
        caplog.set_level(logging.INFO, logger="app.sleuth.deploy_imports")
        tracemalloc.start()
        try:
            result = await import_deploys(acme, "web-app", "production", upload)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

    assert result.imported == ROWS and await Deploy.filter(imported=True).count() == ROWS
    assert peak < MEMORY_BOUND, f"the import held {peak / 2**20:.1f} MiB at its peak"
    progress = [record.getMessage() for record in caplog.records if "Importing deploys" in record.getMessage()]
    assert len(progress) == ROWS // 1_000 and progress[-1].endswith("10000 of 10000.")
