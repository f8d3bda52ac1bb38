"""The Forge admin page's endpoints (`jira:adminPage`, Custom UI in forge/static/admin-page): the same
links, choices and admin check as the Connect admin page (app/web/jira_pages/connect_admin.py), reached with a Forge
Invocation Token.

The site is the tenant of the verified installation (an installation this backend does not know is a
404, never a 401, which Forge reserves for tokens it cannot trust; a disabled site is a 403, as on the
issue panel); the user is the token's `principal`, whom the site's Jira must confirm as an administrator
on every call. The Custom UI chooses the bodies, so they only ever name an organization or a project,
which the domain then looks up among this site's own links.
"""

from __future__ import annotations

from pydantic import BaseModel
from quart import Response

from app.jira_sites.forge_installations import tenant_for_invocation
from app.jira_sites.site_links import Slug
from app.web.application import sleuth_app
from app.web.errors import APIError
from app.web.forge.auth import current_invocation, forge_invocation
from app.web.jira_pages.site_admin import (
    admin_blueprint,
    choose_response,
    consent_response,
    link_from_body,
    parse_body,
    require_admin,
    state_response,
    unlink_response,
)
from models import Tenant

blueprint = admin_blueprint("forge_admin", __name__, "/forge/ui/admin")


class OrganizationRequest(BaseModel):
    organization: Slug


class ForgeProjectChoice(BaseModel):
    organization: Slug
    project: Slug
    use_this_site: bool


async def _admin_tenant() -> Tenant:
    """The installation's site, once its Jira confirms the invoking user is an administrator."""
    invocation = current_invocation()
    tenant = await tenant_for_invocation(invocation, allow_private_urls=sleuth_app().settings.allow_private_urls)
    if tenant is None:
        raise APIError(404, "Sleuth does not know this Jira site's installation yet; try again in a few minutes.")
    if not tenant.enabled:
        raise APIError(403, "The app is disabled on this Jira site.")
    await require_admin(tenant, invocation.account_id)
    return tenant


@blueprint.post("/state")
@forge_invocation
async def state() -> tuple[Response, int]:
    return await state_response(await _admin_tenant())


@blueprint.post("/link")
@forge_invocation
async def link() -> tuple[Response, int]:
    return await link_from_body(await _admin_tenant())


@blueprint.post("/unlink")
@forge_invocation
async def unlink() -> tuple[Response, int]:
    tenant = await _admin_tenant()
    data = await parse_body(OrganizationRequest)
    return await unlink_response(tenant, data.organization)


@blueprint.post("/projects")
@forge_invocation
async def choose() -> tuple[Response, int]:
    tenant = await _admin_tenant()
    data = await parse_body(ForgeProjectChoice)
    return await choose_response(tenant, data.organization, data.project, use_this_site=data.use_this_site)


@blueprint.post("/consent")
@forge_invocation
async def consent() -> tuple[Response, int]:
    return await consent_response(await _admin_tenant())
