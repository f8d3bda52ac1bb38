"""Manual changes (Sleuth's `register_manual_deploy`): a change made by hand, a feature flag flipped or a
config edited, recorded against a project rather than a repository.

It is stored as a deploy of the project's manual change source (a code deployment of kind `manual`,
made on the first manual change, whose slug no URL can name), with a generated sha: so it shows in the
deploy list, and when its name or description names Jira issue keys it is linked and pushed to Jira
like any deploy, through the same tables and the same outbox.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from tortoise.transactions import in_transaction

from app.db.outbox import enqueue_deploy
from app.sleuth.deploys import (
    CommitsAtRegistration,
    DeployRegistration,
    Email,
    RegisteredDeploy,
    Text,
    blank_is_none,
    store_deploy,
    tag_list,
)
from app.sleuth.environments import environment_slug, find_or_create_environment
from app.sleuth.errors import NotFound, Unprocessable
from app.sleuth.issue_keys import find_issue_keys
from models import ChangeSourceKind, CodeDeployment, CommitsStatus, Organization, Project

MANUAL_SOURCE_NAME = "Manual changes"


def manual_source_slug(project: Project) -> str:
    """Unique in the organization, and never a valid slug ('~'), so register_deploy cannot name it."""
    return f"~manual-{project.id}"


class ManualChange(BaseModel):
    """A manual change, in the fields of Sleuth's `register_manual_deploy` (JSON or form-encoded):
    `name` is required; `environment` a slug or a name (default: the project's default environment);
    `tags` as for a deploy; `author` the email of who made it (else `email`)."""

    model_config = ConfigDict(extra="ignore")

    name: Annotated[str, Field(min_length=1, max_length=255)]
    description: Annotated[str, Field(max_length=10_000)] = ""
    environment: Annotated[Text | None, BeforeValidator(blank_is_none)] = None
    tags: Annotated[list[str], BeforeValidator(tag_list)] = []
    author: Annotated[Email | None, BeforeValidator(blank_is_none)] = None
    email: Annotated[Email | None, BeforeValidator(blank_is_none)] = None

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> ManualChange:
        """Validate a parsed body; a missing or blank name is Sleuth's 422 `Name is required.`"""
        name = payload.get("name")
        if not isinstance(name, str) or not name.strip():
            raise Unprocessable("Name is required.")
        change = cls.model_validate(payload)
        change.name = change.name.strip()
        if change.environment is not None:
            environment_slug(change.environment)
        return change


async def register_manual_deploy(
    organization: Organization, project_slug: str, change: ManualChange, *, now: datetime | None = None
) -> RegisteredDeploy:
    """Store a manual change of the project `project_slug`, linked to the issue keys its name and
    description mention, and queued for the Jira sites that see the project's issue tracker."""
    project = await Project.get_or_none(organization=organization, slug=project_slug).select_related("issue_tracker")
    if project is None:
        raise NotFound(f"Project not found: organization {organization.slug!r} has no project {project_slug!r}.")
    keys = find_issue_keys([change.name, change.description])
    when = now or datetime.now(UTC)
    registration = DeployRegistration(
        sha=secrets.token_hex(20), tags=change.tags, email=change.author or change.email, date=when
    )
    async with in_transaction() as connection:
        source, _ = await CodeDeployment.get_or_create(
            organization_id=organization.id,
            slug=manual_source_slug(project),
            defaults={"project": project, "name": MANUAL_SOURCE_NAME, "kind": ChangeSourceKind.MANUAL},
        )
        source.project = project
        environment = await find_or_create_environment(project, change.environment or project.default_environment)
        given = CommitsAtRegistration(CommitsStatus.GIVEN)  # a manual change has no commits to look for
        deploy = await store_deploy(
            connection, source, environment, registration, keys, given, when,
            name=change.name, description=change.description,
        )  # fmt: skip
        deliveries = await enqueue_deploy(deploy, project.issue_tracker)
    return RegisteredDeploy(deploy, keys, project.issue_tracker, created=True, deliveries=deliveries)
