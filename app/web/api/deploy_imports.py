"""Deploy history: `import_deploys`, as Sleuth's docs describe it (a multipart form with `csv_file`)."""

from __future__ import annotations

from pydantic import BaseModel, Field
from quart import request
from quart_schema import validate_response

from app.sleuth.deploy_imports import HEADER, import_deploys
from app.sleuth.deploys import UnknownDeployment
from app.sleuth.errors import InvalidInput
from app.web.api import api_blueprint
from app.web.api.client_payloads import client_organization, client_payload
from app.web.application import sleuth_app
from app.web.errors import APIError

blueprint = api_blueprint("api_deploy_imports", __name__, "Deploys")


class Imported(BaseModel):
    imported: int = Field(description="deploys stored from the file")
    replaced: int = Field(description="the environment's deploys of that code deployment before the import")
    environment: str = Field(description="the environment's slug")


@blueprint.post("/deployments/<org>/<deployment>/import_deploys")
@validate_response(Imported)
async def post_import_deploys(org: str, deployment: str) -> Imported:
    """Replace the code deployment's deploys in one environment with a history (Sleuth's deploy import).

    A multipart form: `csv_file`, a CSV whose first line is `sha,date` (full shas, ISO 8601 dates),
    optional `environment` (default: the project's default one), the key as for register_deploy. All
    rows are checked first: a bad one is a 400 naming its line, and nothing is stored. The deploys'
    commits are read from the code source, and the history is pushed to Jira behind live deploys."""
    payload = await client_payload()
    organization = await client_organization(org, payload)
    upload = (await request.files).get("csv_file")
    if upload is None:
        raise InvalidInput(f"Send the history as the multipart form field csv_file, a CSV with the header {HEADER}.")
    environment = payload.get("environment")
    try:
        result = await import_deploys(
            organization, deployment, environment if isinstance(environment, str) and environment.strip() else None,
            upload.stream,
        )  # fmt: skip
    except UnknownDeployment as error:  # as register_deploy: Sleuth answers 401
        raise APIError(401, error.message) from None
    app = sleuth_app()
    if result.discovering:
        app.commit_discovery.wake()
    if result.deliveries:
        app.delivery.wake()
    return Imported(imported=result.imported, replaced=result.replaced, environment=result.environment)
