"""Deploys: `register_deploy` as Sleuth's clients call it, and the deploy cards of a project."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from pydantic import BaseModel, Field, ValidationError
from quart import request
from quart_schema import (
    RequestSchemaValidationError,
    document_request,
    document_response,
    validate_querystring,
    validate_response,
)

from app.net import origin
from app.sleuth.deploy_card import DeployCard
from app.sleuth.deploys import (
    MAX_CARDS_PER_PAGE,
    DeployRegistration,
    UnknownDeployment,
    deploy_cards,
    register_deploy,
)
from app.sleuth.projects import get_project
from app.sleuth.terraform_cloud import Ignored, is_terraform_notification, register_terraform_run
from app.web.api import api_blueprint
from app.web.api.auth import require_org_key
from app.web.api.client_payloads import client_organization, client_payload
from app.web.application import sleuth_app
from app.web.errors import APIError
from models import Organization

blueprint = api_blueprint("api_deploys", __name__, "Deploys")


class RegisterDeployBody(DeployRegistration):
    """`register_deploy`'s body as Sleuth's clients send it: the deploy's fields, and the legacy key."""

    api_key: str | None = Field(default=None, description="the organization API key or an access token (legacy)")


class Registered(BaseModel):
    deploy: DeployCard
    created: bool = Field(description="false when the sha was already registered (ignore_if_duplicate)")


class IgnoredNotification(BaseModel):
    """A Terraform Cloud notification that registered nothing (any trigger but an applied run)."""

    ignored: str = Field(description="why")


class CardQuery(BaseModel):
    limit: Annotated[int, Field(ge=1, le=MAX_CARDS_PER_PAGE)] = 50
    cursor: str | None = None
    environment: str | None = Field(default=None, description="an environment's slug or name")
    issue: str | None = Field(default=None, description="only deploys linked to this issue key")


@blueprint.post("/deployments/<org>/<deployment>/register_deploy")
@blueprint.post("/deployments/<org>/<deployment>/register-deploy")  # Sleuth's PowerShell example
@blueprint.post("/<org>/<deployment>/register_deploy")  # the legacy path of Sleuth's older docs and clients
@document_request(RegisterDeployBody)
@document_response(Registered)  # or IgnoredNotification: validate_response takes one model per status
async def post_register_deploy(org: str, deployment: str) -> dict[str, Any]:
    """Register a deploy of the code deployment `deployment`, as Sleuth's clients do.

    JSON or form-encoded, the key in the Authorization header (Bearer or apikey) or as `api_key` in
    the body or query. 200 with the deploy card; 400 for bad input or a sha already registered in that
    environment (unless `ignore_if_duplicate`), 401 for a bad key or a deployment not in the
    organization, 413 over 10 MB or 5,000 commits.

    A Terraform Cloud run notification (no sha; `api_key` and `environment` in the query string)
    registers the tip of the code source's branch when the run completed by applying, and answers
    `{"ignored": ...}` for every other trigger; 400 when the code deployment has no code source."""
    payload = await client_payload()
    organization = await client_organization(org, payload)
    try:
        if is_terraform_notification(payload):
            app = sleuth_app()
            answer = await register_terraform_run(
                organization, deployment, payload, hosts=app.code_hosts, secret_box=app.secret_box
            )
            if isinstance(answer, Ignored):
                return IgnoredNotification(ignored=answer.reason).model_dump()  # 200: Terraform expects a success
            registered = answer
        else:
            registered = await register_deploy(organization, deployment, _registration(payload))
    except UnknownDeployment as error:  # Sleuth answers 401 for a deployment that is not the key's
        raise APIError(401, error.message) from None
    if registered.deliveries:
        sleuth_app().delivery.wake()  # committed: push it to the Jira sites now, not at the next poll
    if registered.discovering:
        sleuth_app().commit_discovery.wake()  # its commits are read from the code source now
    card = DeployCard.of(registered.deploy, registered.issue_keys, registered.tracker)
    return Registered(deploy=card, created=registered.created).model_dump(mode="json")


def _registration(payload: dict[str, Any]) -> DeployRegistration:
    try:
        return DeployRegistration.from_payload(payload)
    except ValidationError as error:
        raise RequestSchemaValidationError(error) from None


@blueprint.get("/orgs/<org>/projects/<project>/deploys")
@require_org_key()
@validate_querystring(CardQuery)
@validate_response(list[DeployCard])
async def get_deploy_cards(
    organization: Organization, project: str, query_args: CardQuery
) -> tuple[list[DeployCard], int, dict[str, str]]:
    """The project's deploy cards, newest first.

    `limit` per page (50 by default, at most 200). When there are more, the `Link` header holds the
    next page's URL (rel="next") and `X-Next-Cursor` its cursor."""
    stored = await get_project(organization, project)
    page = await deploy_cards(
        stored,
        limit=query_args.limit,
        cursor=query_args.cursor,
        environment=query_args.environment,
        issue=query_args.issue,
    )
    cards = [
        DeployCard.of(deploy, [issue.issue_key for issue in deploy.issues], page.tracker) for deploy in page.deploys
    ]
    headers: dict[str, str] = {}
    if page.next_cursor:
        following = query_args.model_dump(exclude_none=True) | {"cursor": page.next_cursor}
        # From SLEUTH_BASE_URL, never the request's Host header, which the client chooses.
        next_url = f"{origin(sleuth_app().settings.base_url)}{request.path}?{urlencode(following)}"
        headers = {"Link": f'<{next_url}>; rel="next"', "X-Next-Cursor": page.next_cursor}
    return cards, 200, headers
