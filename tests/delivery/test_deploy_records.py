"""The delivery worker's read of a batch of deploys (app/delivery/deploy_records.py), on a real database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.delivery.deploy_records import deployment_records
from app.sleuth.deploys import DeployRegistration, register_deploy
from models import CodeDeployment, Organization, Project
from tests.fakes.querycount import count_statements


@pytest.fixture
async def deploy_ids(database: str) -> list[int]:
    organization = await Organization.create(slug="acme", name="Acme")
    project = await Project.create(organization=organization, slug="web", name="Web")
    await CodeDeployment.create(organization=organization, project=project, slug="web-app", name="Web app")
    ids = []
    for n in range(1, 4):
        registration = DeployRegistration.from_payload({
            "sha": f"{n:040x}",
            "environment": "Staging EU",
            "date": f"2024-05-0{n}T12:00:00+02:00",
            "email": "dev@acme.test",
            "commits": [{"revision": f"{n:040x}", "message": f"ACME-{n} then ACME-{n + 10}"}],
        })
        ids.append((await register_deploy(organization, "web-app", registration)).deploy.id)
    return ids


@pytest.mark.parametrize("asked", [1, 3, 5, 9])  # batch sizes on either side of the padding's powers of two
async def test_each_existing_deploy_comes_back_whole_in_two_statements(deploy_ids: list[int], asked: int) -> None:
    wanted = (deploy_ids * 3)[:asked] + [10**6]  # repeats and a deploy that no longer exists
    with count_statements() as statements:
        records = await deployment_records(wanted, base_url="https://sleuth.example")
    assert len(statements) == 2
    assert sorted(records) == sorted(set(wanted) - {10**6})
    first = records[deploy_ids[0]]
    assert first.issue_keys == ["ACME-1", "ACME-11"]
    assert first.date == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert (first.sha, first.author_email) == (f"{1:040x}", "dev@acme.test")
    assert (first.environment_slug, first.environment_name, first.environment_type) == ("staging-eu", "Staging EU", "staging")
    assert (first.organization_slug, first.project_slug, first.code_deployment_slug) == ("acme", "web", "web-app")
    assert first.code_deployment_name == "Web app"
    assert first.deploy_url.startswith("https://sleuth.example/") and first.deploy_url.endswith(f"/{deploy_ids[0]}")


async def test_no_ids_no_statement(database: str) -> None:
    with count_statements() as statements:
        assert await deployment_records([], base_url="https://sleuth.example") == {}
    assert statements == []
