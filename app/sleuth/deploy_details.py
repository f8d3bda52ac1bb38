"""One deploy, as its own page shows it: the card's data and the commits it carried.

The deploy is looked up inside its project only, so an id of another project (or organization) is
simply not found.
"""

from __future__ import annotations

from tortoise.query_utils import Prefetch

from app.sleuth.errors import NotFound
from app.sleuth.issue_trackers import MAX_ID
from models import Deploy, DeployCommit, DeployIssue, Project


async def get_deploy(project: Project, deploy_id: int) -> Deploy:
    """One deploy of the project, loaded as a card is (environment, code deployment, issues in
    first-seen order)."""
    deploy = None
    if 1 <= deploy_id <= MAX_ID:
        deploy = (
            await Deploy.get_or_none(id=deploy_id, environment__project_id=project.id)
            .select_related("environment", "code_deployment")
            .prefetch_related(Prefetch("issues", queryset=DeployIssue.all().order_by("id")))
        )
    if deploy is None:
        raise NotFound(f"Project {project.slug!r} has no deploy {deploy_id}.")
    return deploy


async def deploy_commits(deploy: Deploy, limit: int) -> tuple[list[DeployCommit], int]:
    """The deploy's first `limit` commits in the order they were sent, and how many it has in all
    (a deploy may carry 5,000: the page shows the first ones)."""
    commits = await DeployCommit.filter(deploy=deploy).order_by("id").limit(limit)
    total = len(commits) if len(commits) < limit else await DeployCommit.filter(deploy=deploy).count()
    return commits, total
