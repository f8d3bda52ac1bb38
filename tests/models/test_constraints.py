"""The constraints that protect the data, each tried and refused by the database itself."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tortoise.exceptions import IntegrityError

from models import (
    ApiKey,
    ApiKeyKind,
    CodeDeployment,
    Deploy,
    DeployIssue,
    Environment,
    IssueTracker,
    Organization,
    Project,
    Tenant,
    TrackerProvider,
)


@pytest.fixture
async def project(database: str) -> Project:
    organization = await Organization.create(slug="acme", name="Acme")
    return await Project.create(organization=organization, slug="web", name="Web")


async def test_organization_slug_is_unique(database: str) -> None:
    await Organization.create(slug="acme", name="Acme")
    with pytest.raises(IntegrityError):
        await Organization.create(slug="acme", name="Other")


async def test_project_slug_is_unique_per_organization(project: Project) -> None:
    with pytest.raises(IntegrityError):
        await Project.create(organization_id=project.organization_id, slug="web", name="Again")
    other = await Organization.create(slug="other", name="Other")
    await Project.create(organization=other, slug="web", name="Same slug elsewhere is fine")


async def test_code_deployment_slug_is_unique_in_its_organization(project: Project) -> None:
    second = await Project.create(organization_id=project.organization_id, slug="api", name="API")
    await CodeDeployment.create(organization_id=project.organization_id, project=project, slug="repo", name="Repo")
    with pytest.raises(IntegrityError):
        await CodeDeployment.create(organization_id=project.organization_id, project=second, slug="repo", name="R")


async def test_environment_slug_is_unique_per_project(project: Project) -> None:
    await Environment.create(project=project, slug="production", name="Production")
    with pytest.raises(IntegrityError):
        await Environment.create(project=project, slug="production", name="Production again")


async def test_one_deploy_per_code_deployment_environment_and_sha(project: Project) -> None:
    environment = await Environment.create(project=project, slug="production", name="Production")
    code = await CodeDeployment.create(organization_id=project.organization_id, project=project, slug="r", name="R")
    when = datetime.now(UTC)
    await Deploy.create(code_deployment=code, environment=environment, sha="a" * 40, date=when)
    with pytest.raises(IntegrityError):
        await Deploy.create(code_deployment=code, environment=environment, sha="a" * 40, date=when)
    staging = await Environment.create(project=project, slug="staging", name="Staging")
    await Deploy.create(code_deployment=code, environment=staging, sha="a" * 40, date=when)


async def test_a_deploy_links_an_issue_key_once(project: Project) -> None:
    environment = await Environment.create(project=project, slug="production", name="Production")
    code = await CodeDeployment.create(organization_id=project.organization_id, project=project, slug="r", name="R")
    deploy = await Deploy.create(code_deployment=code, environment=environment, sha="b" * 40, date=datetime.now(UTC))
    await DeployIssue.create(deploy=deploy, issue_key="ACME-1")
    with pytest.raises(IntegrityError):
        await DeployIssue.create(deploy=deploy, issue_key="ACME-1")


async def test_deploy_issue_key_leads_an_index_that_holds_the_deploy_too() -> None:
    """The panel finds an issue's deploys from this index alone (app/jira_sites/issue_deploys.py)."""
    assert ("issue_key", "deploy_id") in DeployIssue._meta.indexes


async def test_removing_an_issue_tracker_leaves_its_projects_without_one(project: Project) -> None:
    tracker = await IssueTracker.create(
        organization_id=project.organization_id, provider=TrackerProvider.JIRA, url="https://acme.atlassian.net"
    )
    project.issue_tracker = tracker
    await project.save()
    await tracker.delete()
    await project.refresh_from_db()
    assert project.issue_tracker_id is None


async def test_api_key_hashes_are_unique(database: str) -> None:
    organization = await Organization.create(slug="acme", name="Acme")
    await ApiKey.create(organization=organization, kind=ApiKeyKind.ORG_KEY, key_hash="h" * 64)
    with pytest.raises(IntegrityError):
        await ApiKey.create(organization=organization, kind=ApiKeyKind.ACCESS_TOKEN, key_hash="h" * 64)


async def test_tenant_client_key_is_unique(database: str) -> None:
    await Tenant.create(client_key="client-1", shared_secret="x", base_url="https://a.atlassian.net")
    with pytest.raises(IntegrityError):
        await Tenant.create(client_key="client-1", shared_secret="y", base_url="https://b.atlassian.net")
