"""Terraform Cloud's run notifications, pointed at `register_deploy` (Sleuth's docs:
integrations-1/code-deployment/terraform-cloud.md) with `api_key` and `environment` in the query string.

The payload names a run, never a sha. Only a run that completed by applying is a deploy, and what it
deployed is taken to be the last known change of the code source's branch: its tip, asked of the code
host when the notification arrives (as Sleuth registers "the latest known change"). Every other trigger,
including the verification Terraform sends when the notification is saved, is answered 200 and ignored.

Payload: https://developer.hashicorp.com/terraform/cloud-docs/workspaces/settings/notifications#notification-payload
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from app.code_hosts.hosts import CodeHostError
from app.code_hosts.registry import CodeHosts
from app.crypto import SecretBox
from app.sleuth.code_sources import repository_of
from app.sleuth.deploys import (
    DeployRegistration,
    IsoDate,
    RegisteredDeploy,
    UnknownDeployment,
    blank_is_none,
    register_deploy,
)
from app.sleuth.errors import InvalidInput, NotFound, Unavailable
from app.sleuth.projects import get_code_deployment
from models import CodeSource, Organization

COMPLETED, APPLIED = "run:completed", "applied"
NO_CODE_SOURCE = (
    "A Terraform Cloud notification names no sha: give the code deployment a code source, whose branch's "
    "latest commit is then registered as the deploy."
)


class RunNotification(BaseModel):
    model_config = ConfigDict(extra="ignore")

    trigger: str = ""
    run_status: str = ""
    run_updated_at: Annotated[IsoDate | None, BeforeValidator(blank_is_none)] = None


class TerraformNotification(BaseModel):
    """The fields of Terraform Cloud's payload this app reads."""

    model_config = ConfigDict(extra="ignore")

    payload_version: int
    run_url: str = ""
    notifications: Annotated[list[RunNotification], Field(max_length=100)] = []

    def applied(self) -> RunNotification | None:
        """The notification of a run that completed by applying, if this is one."""
        applied = (item for item in self.notifications if (item.trigger, item.run_status) == (COMPLETED, APPLIED))
        return next(applied, None)


def is_terraform_notification(payload: Mapping[str, Any]) -> bool:
    """A body without a sha that carries Terraform Cloud's `payload_version` and `notifications`."""
    return "sha" not in payload and "payload_version" in payload and "notifications" in payload


@dataclass(frozen=True, slots=True)
class Ignored:
    reason: str


async def register_terraform_run(
    organization: Organization,
    deployment_slug: str,
    payload: Mapping[str, Any],
    *,
    hosts: CodeHosts,
    secret_box: SecretBox,
) -> RegisteredDeploy | Ignored:
    """The deploy of an applied run (ignore_if_duplicate: a second apply of the same tip is one deploy),
    or why the notification was ignored."""
    try:
        notification = TerraformNotification.model_validate(payload)
    except ValidationError:
        raise InvalidInput("This is not a Terraform Cloud notification payload (version 1).") from None
    applied = notification.applied()
    if applied is None:
        triggers = ", ".join(sorted({item.trigger or "none" for item in notification.notifications})) or "none"
        return Ignored(f"Only a run that completed by applying is a deploy; this notification was {triggers}.")
    try:
        code_deployment = await get_code_deployment(organization, deployment_slug)
    except NotFound as error:
        raise UnknownDeployment(error.message) from None
    source = await CodeSource.get_or_none(code_deployment=code_deployment)
    if source is None:
        raise InvalidInput(NO_CODE_SOURCE)
    try:
        sha = await hosts.host(repository_of(source, secret_box)).head(source.branch)
    except CodeHostError as error:
        if error.permanent:
            raise InvalidInput(f"The code source's latest commit could not be read: {error.reason}") from None
        raise Unavailable(f"The code source's latest commit could not be read: {error.reason}") from None
    fields: dict[str, Any] = {"sha": sha, "environment": payload.get("environment"), "ignore_if_duplicate": True}
    fields["date"] = applied.run_updated_at
    if notification.run_url.startswith("https://"):
        fields["links"] = {"Terraform run": notification.run_url}
    try:
        registration = DeployRegistration.model_validate(fields)
    except ValidationError as error:
        raise InvalidInput(f"The notification could not be registered: {error.errors()[0]['msg']}.") from None
    return await register_deploy(organization, deployment_slug, registration)
