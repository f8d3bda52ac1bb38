"""The Connect admin page (`adminPages`, in Jira settings): link this Jira site to Sleuth organizations.

`GET /jira/admin` is the iframe page Jira loads with a page token (`@connect_page`, real qsh). Its script
(static/jira/admin.js) then calls the JSON routes below with context tokens from
`AP.context.getToken()` (`@connect_context`, qsh "context-qsh"), so a token Jira minted for the page is
never accepted by them, nor a context token by the page.

The descriptor shows the page to administrators only (`user_is_admin`), which is a hint for Jira's menu
and nothing more: the page and every route ask the site's Jira whether the token's account is an
administrator (app/jira_sites/permissions.py) before they show or change anything.
"""

from __future__ import annotations

from dataclasses import asdict

from quart import Response, render_template, url_for

from app.jira_sites.site_links import ProjectChoiceRequest, site_state
from app.web.application import sleuth_app
from app.web.connect.auth import connect_caller, connect_context, connect_page
from app.web.errors import APIError
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

blueprint = admin_blueprint("jira_admin", __name__, "/jira/admin")


async def _admin_tenant() -> Tenant:
    """The verified site of this context-token request, once its Jira confirms the user is an admin."""
    caller = connect_caller()
    await require_admin(caller.tenant, caller.account_id)
    return caller.tenant


@blueprint.get("")
@connect_page
async def page() -> tuple[str, int]:
    caller = connect_caller()
    try:
        await require_admin(caller.tenant, caller.account_id)
    except APIError as refusal:
        return await render_template("jira/admin.html", refusal=refusal.message, all_js=_all_js()), 403
    site = asdict(await site_state(caller.tenant))
    api = url_for("jira_admin.page") + "/api"
    return await render_template("jira/admin.html", state=site, api=api, all_js=_all_js()), 200


def _all_js() -> str:
    return sleuth_app().settings.connect_all_js_url


@blueprint.get("/api/state")
@connect_context
async def state() -> tuple[Response, int]:
    return await state_response(await _admin_tenant())


@blueprint.post("/api/links")
@connect_context
async def link() -> tuple[Response, int]:
    return await link_from_body(await _admin_tenant())


@blueprint.delete("/api/links/<organization>")
@connect_context
async def unlink(organization: str) -> tuple[Response, int]:
    return await unlink_response(await _admin_tenant(), organization)


@blueprint.post("/api/projects/<organization>/<project>")
@connect_context
async def choose(organization: str, project: str) -> tuple[Response, int]:
    tenant = await _admin_tenant()
    data = await parse_body(ProjectChoiceRequest)
    return await choose_response(tenant, organization, project, use_this_site=data.use_this_site)


@blueprint.post("/api/consents")
@connect_context
async def consent() -> tuple[Response, int]:
    return await consent_response(await _admin_tenant())
