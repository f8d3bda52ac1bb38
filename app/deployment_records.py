"""Deploys as the Deployments API transform wants them (app/jira/deployments.py `DeploymentRecord`),
read for a whole batch at once: two queries whatever the number of deploys (the deploys joined to
their environment, code deployment, project and organization; then all their issue keys)."""

from __future__ import annotations

from collections.abc import Collection

from tortoise.query_utils import Prefetch

from app.jira.deployments import DeploymentRecord
from app.links import deploy_url, project_url
from models import Deploy, DeployIssue


async def deployment_records(deploy_ids: Collection[int], *, base_url: str) -> dict[int, DeploymentRecord]:
    """The records of the deploys that still exist, by deploy id; links point at Sleuth at `base_url`."""
    if not deploy_ids:
        return {}
    deploys = await (
        Deploy.filter(id__in=list(deploy_ids))
        .select_related("environment", "code_deployment__project__organization")
        .prefetch_related(Prefetch("issues", queryset=DeployIssue.all().order_by("id")))
    )
    return {deploy.id: _record(deploy, base_url) for deploy in deploys}


def _record(deploy: Deploy, base_url: str) -> DeploymentRecord:
    code_deployment = deploy.code_deployment
    project = code_deployment.project
    organization_slug = project.organization.slug
    return DeploymentRecord(
        deploy_id=deploy.id,
        sha=deploy.sha,
        date=deploy.date,
        author_email=deploy.author_email,
        issue_keys=[issue.issue_key for issue in deploy.issues],
        organization_slug=organization_slug,
        project_slug=project.slug,
        code_deployment_slug=code_deployment.slug,
        code_deployment_name=code_deployment.name,
        environment_slug=deploy.environment.slug,
        environment_name=deploy.environment.name,
        environment_type=deploy.environment.jira_type,
        deploy_url=deploy_url(base_url, organization_slug, project.slug, deploy.id),
        pipeline_url=project_url(base_url, organization_slug, project.slug),
    )
