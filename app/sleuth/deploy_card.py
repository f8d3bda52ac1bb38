"""A deploy as Sleuth's deploy card shows it, in the REST API and in the Sleuth UI alike: its environment,
code deployment, author and links, and its Jira issues, each linked through the project's current
issue-tracker connection."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from app.sleuth.issue_trackers import browse_url
from models import ChangeSourceKind, Deploy, IssueTracker


class IssueLink(BaseModel):
    key: str
    url: str | None = Field(description="{connection url}/browse/{key}; null when the project has no issue tracker")


class Author(BaseModel):
    email: str
    name: str


class DeployCard(BaseModel):
    """A deploy as Sleuth's deploy card shows it, with links to its Jira issues through the
    project's current issue-tracker connection."""

    id: int
    kind: str = Field(description="deploy (of a code deployment) or manual (register_manual_deploy)")
    name: str | None = Field(description="a manual change's name")
    description: str | None = Field(description="a manual change's description")
    sha: str
    short_sha: str
    environment: str = Field(description="the environment's slug")
    environment_name: str
    environment_type: str = Field(description="Jira's type: production, staging, testing, development or unmapped")
    code_deployment: str | None = Field(description="the code deployment's slug; null for a manual change")
    date: datetime
    author: Author
    branch: str | None
    tags: list[str]
    links: dict[str, str]
    issues: list[IssueLink]
    commits_status: str = Field(
        description="given (sent with the deploy), pending (being read from the code source), found, or failed"
    )
    commits_error: str | None = Field(description="why the commits could not be read (yet)")
    commits_note: str | None = Field(description="e.g. a range cut to its newest 1,000 commits")

    @classmethod
    def of(cls, deploy: Deploy, issue_keys: list[str], tracker: IssueTracker | None) -> DeployCard:
        """`deploy` with its environment and code deployment loaded."""
        manual = deploy.code_deployment.kind == ChangeSourceKind.MANUAL
        return cls(
            id=deploy.id,
            kind="manual" if manual else "deploy",
            name=deploy.name if manual else None,
            description=deploy.description if manual else None,
            sha=deploy.sha,
            short_sha=deploy.sha[:7],
            environment=deploy.environment.slug,
            environment_name=deploy.environment.name,
            environment_type=deploy.environment.jira_type,
            code_deployment=None if manual else deploy.code_deployment.slug,
            date=deploy.date,
            author=Author(email=deploy.author_email, name=deploy.author_name),
            branch=deploy.branch or None,
            tags=deploy.tags,
            links=deploy.links,
            issues=[IssueLink(key=key, url=browse_url(tracker, key)) for key in issue_keys],
            commits_status=deploy.commits_status,
            commits_error=deploy.commits_error,
            commits_note=deploy.commits_note,
        )
