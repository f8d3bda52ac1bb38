"""What the Connect admin page (app/web/jira_pages/connect_admin.py) and the Forge admin page (app/web/jira_pages/forge_admin.py)
share once their platform has verified the caller: the server-side admin check, the request bodies, the
JSON state both pages render, and the domain's refusals as status codes.

Each platform hands over the verified tenant and account id; nothing here reads a token.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from quart import Blueprint, Response, jsonify, request
from quart_schema import RequestSchemaValidationError

from app.jira_sites.permissions import NotJiraAdmin, require_jira_admin
from app.jira_sites.site_links import (
    ConsentAnswer,
    LinkRequest,
    answer_consent,
    choose_for_project,
    link_organization,
    site_state,
    unlink_organization,
)
from app.sleuth.errors import DomainError, NotFound
from app.web.application import sleuth_app
from app.web.errors import APIError, error_response
from models import Tenant

M = TypeVar("M", bound=BaseModel)


async def _domain_refusal(error: DomainError) -> tuple[Response, int]:
    """404 for a link or project this site does not have; 400 for anything else it cannot do (a wrong key)."""
    return error_response(404 if isinstance(error, NotFound) else 400, error.message)


def admin_blueprint(name: str, import_name: str, url_prefix: str) -> Blueprint:
    """A blueprint of admin routes whose domain refusals are one sentence with their status."""
    blueprint = Blueprint(name, import_name, url_prefix=url_prefix)
    blueprint.register_error_handler(DomainError, _domain_refusal)
    return blueprint


async def require_admin(tenant: Tenant, account_id: str | None) -> None:
    """403 unless the site's Jira says the user is one of its administrators (asked on every request)."""
    app = sleuth_app()
    try:
        await require_jira_admin(tenant, account_id, jira=app.jira, settings=app.settings, secret_box=app.secret_box)
    except NotJiraAdmin as refusal:
        raise APIError(403, refusal.reason) from None


async def parse_body(model: type[M]) -> M:
    """The JSON body as `model`, or 400 saying which field is wrong (never echoing what was sent)."""
    try:
        return model.model_validate_json(await request.get_data())
    except ValidationError as error:
        raise RequestSchemaValidationError(error) from None


async def state_response(tenant: Tenant, status: int = 200) -> tuple[Response, int]:
    """The admin page's state as JSON: every change answers with it, so the page redraws from one source."""
    return jsonify(asdict(await site_state(tenant))), status


async def link_from_body(tenant: Tenant) -> tuple[Response, int]:
    """Link the organization whose API key the body carries; 201 when the link is new, 200 when it existed."""
    data = await parse_body(LinkRequest)
    allow_private_urls = sleuth_app().settings.allow_private_urls
    _, created = await link_organization(tenant, data.api_key, allow_private_urls=allow_private_urls)
    return await state_response(tenant, 201 if created else 200)


async def choose_response(
    tenant: Tenant, organization: str, project: str, *, use_this_site: bool
) -> tuple[Response, int]:
    """Make this site the project's issue tracker, or stop using it; the new state."""
    await choose_for_project(tenant, organization, project, use_this_site=use_this_site)
    return await state_response(tenant)


async def consent_response(tenant: Tenant) -> tuple[Response, int]:
    """Approve or refuse an organization's connection to this site; the new state."""
    if await answer_consent(tenant, await parse_body(ConsentAnswer)):
        sleuth_app().delivery.wake()  # a refused connection's deploys are to be deleted from Jira
    return await state_response(tenant)


async def unlink_response(tenant: Tenant, organization: str) -> tuple[Response, int]:
    """Remove this site's link to the organization; the new state."""
    if await unlink_organization(tenant, organization):
        sleuth_app().delivery.wake()  # after the commit: the site is to delete the deploys it was sent
    return await state_response(tenant)
