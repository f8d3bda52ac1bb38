"""The commit-discovery worker (app/delivery/commit_discovery.py) on a real database with a fake code host
on loopback: several workers share the jobs, and each deploy's commits are read and recorded once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.code_hosts.registry import CodeHosts
from app.crypto import SecretBox
from app.delivery.commit_discovery import CommitDiscoveryWorker
from app.jira.client import JiraClient
from app.sleuth.code_sources import TOKEN_PURPOSE
from app.sleuth.deploys import DeployRegistration, register_deploy
from models import (
    CodeDeployment,
    CodeHostProvider,
    CodeSource,
    CommitDiscovery,
    Deploy,
    DeployCommit,
    DeployIssue,
    DiscoveryStatus,
    Organization,
    Project,
)
from tests.conftest import TEST_SECRET_KEY
from tests.fakes.code_hosts import TOKEN, FakeCodeHost

BOX = SecretBox(TEST_SECRET_KEY)
DEPLOYS = 12


@pytest.fixture
async def hosts(tmp_path: Path) -> AsyncIterator[list[CodeHosts]]:
    """Two apps' code hosts, each with its own client, as two processes would have."""
    clients = [JiraClient(allow_private_urls=True, user_agent="test", timeout=5, service="code host") for _ in range(2)]
    for client in clients:
        await client.start()
    yield [CodeHosts(client, data_dir=tmp_path / str(n), allow_private_urls=True) for n, client in enumerate(clients)]
    for client in clients:
        await client.close()


async def test_two_workers_on_one_database_read_each_deploy_once(
    database: str, fake_host: FakeCodeHost, hosts: list[CodeHosts]
) -> None:
    organization = await Organization.create(slug="acme", name="Acme")
    project = await Project.create(organization=organization, slug="web", name="Web")
    web_app = await CodeDeployment.create(organization=organization, project=project, slug="web-app", name="Web app")
    await CodeSource.create(
        code_deployment=web_app, provider=CodeHostProvider.GITHUB_ENTERPRISE, repository="acme/web",
        api_url=fake_host.server.url + "/api/v3", token=BOX.encrypt(TOKEN, TOKEN_PURPOSE),
    )  # fmt: skip
    for n in range(1, DEPLOYS + 1):
        sha = fake_host.commit(f"WEB-{n} change {n}")
        await register_deploy(organization, "web-app", DeployRegistration(sha=sha))

    delivered: list[int] = []
    workers = [
        CommitDiscoveryWorker(code_hosts, secret_box=BOX, delivered=lambda: delivered.append(1), batch_size=5)
        for code_hosts in hosts
    ]
    claimed = []
    while sum(counts := await asyncio.gather(*(worker.run_once() for worker in workers))):
        claimed.extend(counts)

    assert sum(claimed) == DEPLOYS  # no job was claimed twice
    assert all(counts for counts in claimed[:2])  # both workers took a share at once
    assert await CommitDiscovery.filter(status=DiscoveryStatus.DONE).count() == DEPLOYS
    assert await Deploy.filter(commits_status="found").count() == DEPLOYS
    assert await DeployCommit.all().count() == DEPLOYS  # one commit per deploy, recorded once
    assert sorted(await DeployIssue.all().values_list("issue_key", flat=True)) == sorted(
        f"WEB-{n}" for n in range(1, DEPLOYS + 1)
    )
