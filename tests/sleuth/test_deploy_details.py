"""One deploy's page data (app/sleuth/deploy_details.py): found only in its own project, commits bounded."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.sleuth.deploy_details import deploy_commits, get_deploy
from app.sleuth.errors import NotFound
from models import CodeDeployment, Deploy, DeployCommit, DeployIssue, Environment, Organization, Project


async def _deploy(organization: Organization, project_slug: str) -> tuple[Project, Deploy]:
    project = await Project.create(organization=organization, slug=project_slug, name=project_slug)
    environment = await Environment.create(project=project, slug="production", name="Production")
    code = await CodeDeployment.create(
        organization=organization, project=project, slug=f"{project_slug}-app", name="App"
    )
    deploy = await Deploy.create(code_deployment=code, environment=environment, sha="a" * 40, date=datetime.now(UTC))
    return project, deploy


async def test_a_deploy_is_found_only_in_its_own_project(database: str) -> None:
    acme = await Organization.create(slug="acme", name="Acme")
    web, deploy = await _deploy(acme, "web")
    api, _ = await _deploy(acme, "api")
    await DeployIssue.create(deploy=deploy, issue_key="WEB-2")
    await DeployIssue.create(deploy=deploy, issue_key="WEB-1")
    found = await get_deploy(web, deploy.id)
    assert (found.environment.slug, found.code_deployment.slug) == ("production", "web-app")
    assert [issue.issue_key for issue in found.issues] == ["WEB-2", "WEB-1"]
    for project, deploy_id in ((api, deploy.id), (web, 0), (web, 2**40)):
        with pytest.raises(NotFound):
            await get_deploy(project, deploy_id)


async def test_commits_are_bounded_and_counted(database: str) -> None:
    acme = await Organization.create(slug="acme", name="Acme")
    _, deploy = await _deploy(acme, "web")
    assert await deploy_commits(deploy, 3) == ([], 0)
    await DeployCommit.bulk_create(
        [DeployCommit(deploy=deploy, revision=f"{n:040x}", message=f"c{n}") for n in range(5)]
    )
    commits, total = await deploy_commits(deploy, 3)
    assert [commit.message for commit in commits] == ["c0", "c1", "c2"] and total == 5
