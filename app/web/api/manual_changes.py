"""Manual changes: `register_manual_deploy`, as Sleuth's docs describe it."""

from __future__ import annotations

from pydantic import ValidationError
from quart_schema import RequestSchemaValidationError, document_request, validate_response

from app.sleuth.deploy_card import DeployCard
from app.sleuth.manual_changes import ManualChange, register_manual_deploy
from app.web.api import api_blueprint
from app.web.api.client_payloads import client_organization, client_payload
from app.web.application import sleuth_app

blueprint = api_blueprint("api_manual_changes", __name__, "Deploys")


@blueprint.post("/deployments/<org>/<project>/register_manual_deploy")
@document_request(ManualChange)
@validate_response(DeployCard)
async def post_register_manual_deploy(org: str, project: str) -> DeployCard:
    """Register a manual change of the project `project` (a flag flipped, a config edited by hand).

    JSON or form-encoded, the key as for register_deploy. 200 with its card (kind `manual`); 422
    `Name is required.`; 400 for other bad input; 401 for a bad key; 404 `Project not found`. Issue keys
    in its name or description link it to those Jira issues, and it is pushed to Jira like a deploy."""
    payload = await client_payload()
    organization = await client_organization(org, payload)
    try:
        change = ManualChange.from_payload(payload)
    except ValidationError as error:
        raise RequestSchemaValidationError(error) from None
    registered = await register_manual_deploy(organization, project, change)
    if registered.deliveries:
        sleuth_app().delivery.wake()
    return DeployCard.of(registered.deploy, registered.issue_keys, registered.tracker)
