"""Commit-discovery jobs (app/db/commit_discovery.py) on a real database: one per deploy that names only a
sha, an imported history's jobs claimed only after every live one."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from app.db.commit_discovery import claim_due
from app.sleuth.deploy_imports import import_deploys
from app.sleuth.deploys import DeployRegistration, register_deploy
from models import CodeDeployment, CodeHostProvider, CodeSource, CommitDiscovery, Organization, Project


async def test_an_imported_historys_jobs_wait_behind_a_live_deploys(database: str) -> None:
    organization = await Organization.create(slug="acme", name="Acme")
    project = await Project.create(organization=organization, slug="web", name="Web")
    web_app = await CodeDeployment.create(organization=organization, project=project, slug="web-app", name="Web app")
    await CodeSource.create(code_deployment=web_app, provider=CodeHostProvider.GITHUB, repository="acme/web")

    upload = io.BytesIO(b"sha,date\n" + b"".join(f"{n:040x},2025-01-{n:02d}\n".encode() for n in range(1, 6)))
    await import_deploys(organization, "web-app", None, upload)
    live = await register_deploy(organization, "web-app", DeployRegistration(sha="f" * 40))
    assert await CommitDiscovery.filter(backfill=True).count() == 5 and live.discovering

    first = await claim_due(now=datetime.now(UTC), limit=1)
    assert [job.deploy_id for job in first] == [live.deploy.id]
    assert len(await claim_due(now=datetime.now(UTC), limit=10)) == 5
