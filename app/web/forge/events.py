"""The endpoints of Forge's triggers (manifest `endpoint` entries with a `route`): always POST, 5 s budget.

- `POST /forge/events/lifecycle`: `avi:forge:installed:app` and `avi:forge:upgraded:app`. The tenant is
  upserted (app/jira_sites/forge_installations.py) from the verified token, never from the body (the body only says which
  event it is; it may come flat or wrapped in `payload`, forge.md §3.2): installation id, cloud id, Forge
  environment and API base URL. The app system token (`x-forge-oauth-system`) is stored encrypted, and
  the site's URL is learned from `GET {apiBaseUrl}/rest/api/3/serverInfo` with that token, through the one
  Jira client, with a 2 s timeout and no retry so the answer stays inside Forge's 5 s. When serverInfo
  fails, the tenant and token are stored all the same and the URL is learned later (see
  `record_forge_install`). Other event types answer 204 and change nothing.
- `POST /forge/events/uninstalled`: the `preUninstall` module, the only word of an uninstall once the app has
  no Connect lifecycle. The site's tenant is marked uninstalled (its deliveries end without a call, its
  panel and admin page answer as for an unknown site) and its app token dropped. Only from a call
  without a user, like a stored token: a user's UI token replayed here is 403 and changes nothing.
- `POST /forge/events/token-refresh`: the hourly `scheduledTrigger`. Forge delivers the app system token
  only with invocations (there is no refresh endpoint); this keeps the newest one, so the backend holds a
  fresh token for every installation when CI reports a deploy; deliveries that were waiting for a token
  (app/jira_sites/access.py) become due at once and the delivery worker is woken. An installation the
  backend does not know (its install event was lost) is recorded from the token alone; one whose site URL
  is still unknown asks serverInfo again, once an hour.

Each answers 204. The token is never logged; its presence is.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from quart import Blueprint, Response, request

from app.db.outbox import due_now
from app.forge.fit import ForgeInvocation
from app.jira.auth import BearerAuth
from app.jira.client import JiraError, RetryPolicy
from app.jira_sites.forge_installations import (
    find_installation,
    record_forge_install,
    record_forge_uninstall,
    store_system_token,
)
from app.net import UnsafeUrlError, normalize_site_url
from app.web.application import sleuth_app
from app.web.errors import APIError
from app.web.forge.auth import current_invocation, forge_invocation
from models.tenant import Tenant

log = logging.getLogger(__name__)
blueprint = Blueprint("forge_events", __name__, url_prefix="/forge/events")

INSTALL_EVENTS = frozenset({"avi:forge:installed:app", "avi:forge:upgraded:app"})
SERVER_INFO_PATH = "/rest/api/3/serverInfo"
SERVER_INFO_TIMEOUT_SECONDS = 2.0
NO_RETRY = RetryPolicy(max_retries=0)


@blueprint.post("/lifecycle")
@forge_invocation
async def lifecycle() -> Response:
    invocation = current_invocation()
    event_type = _event_type(await request.get_json(force=True, silent=True))
    if event_type not in INSTALL_EVENTS:
        log.info("Forge event %r for installation %s ignored", (event_type or "")[:100], invocation.installation_id)
        return Response(status=204)
    await _record(invocation)
    log.info(
        "Forge %s for installation %s (system token %s)",
        event_type,
        invocation.installation_id,
        "present" if invocation.system_token else "absent",
    )
    return Response(status=204)


@blueprint.post("/token-refresh")
@forge_invocation
async def token_refresh() -> Response:
    invocation = current_invocation()
    # Whether the token came, never the token: a missing one means the manifest lost the endpoint's auth.
    log.info(
        "Forge token refresh for installation %s (system token %s)",
        invocation.installation_id,
        "present" if invocation.system_token else "absent",
    )
    tenant = await find_installation(invocation.installation_id, invocation.cloud_id, invocation.environment_id)
    if tenant is not None and tenant.installed and tenant.base_url:
        await _store_token(tenant, invocation)
    else:  # a lost install event, or a site URL still to learn: catch up as an install would
        await _record(invocation, learn_site_url=tenant is not None)
    return Response(status=204)


@blueprint.post("/uninstalled")
@forge_invocation
async def uninstalled() -> Response:
    invocation = current_invocation()
    if invocation.account_id is not None:
        raise APIError(403, "An uninstall comes from Forge's preUninstall trigger, never from a user's call.")
    tenant = await record_forge_uninstall(invocation.installation_id, invocation.cloud_id, invocation.environment_id)
    log.info("Forge uninstall of installation %s (%s)", invocation.installation_id, "known" if tenant else "unknown")
    return Response(status=204)


def _event_type(body: Any) -> str | None:
    """The event's type, from a flat body or one wrapped in `payload`."""
    if not isinstance(body, dict):
        raise APIError(400, "The event body must be a JSON object.")
    payload = body.get("payload")
    for source in (body, payload if isinstance(payload, dict) else {}):
        event_type = source.get("eventType")
        if isinstance(event_type, str) and event_type:
            return event_type
    return None


async def _record(invocation: ForgeInvocation, *, learn_site_url: bool = True) -> None:
    """Upsert the installation's tenant with what the verified token says, and keep its system token."""
    tenant = await record_forge_install(
        installation_id=invocation.installation_id,
        cloud_id=invocation.cloud_id,
        environment_id=invocation.environment_id,
        api_base_url=invocation.api_base_url,
        site_url=await _site_url(invocation) if learn_site_url else None,
    )
    await _store_token(tenant, invocation)


async def _store_token(tenant: Tenant, invocation: ForgeInvocation) -> None:
    """Keep the call's app system token. Only from a call without a user: triggers run with none, while a
    user who holds the token of a UI call of this app (it lives in their browser) could replay it here
    with a system token header of their own choosing and pin a bogus token on their site."""
    if not invocation.system_token:
        return
    if invocation.account_id is not None:
        log.warning("Ignored the system token of a call for a user to %s (installation %s)", request.path,
                    invocation.installation_id)  # fmt: skip
        return
    app = sleuth_app()
    if await store_system_token(tenant, invocation.system_token, api_base_url=invocation.api_base_url,
                                secret_box=app.secret_box):  # fmt: skip
        # Deliveries that waited for a token go now rather than at the end of their backoff.
        if await due_now(tenant.id, now=datetime.now(UTC)):
            app.delivery.wake()


async def _site_url(invocation: ForgeInvocation) -> str | None:
    """The site's URL from Jira's serverInfo (`baseUrl`), normalized; None when it cannot be learned now.
    Asked with Forge's token only: not on a call for a user (see `_store_token`)."""
    if not invocation.system_token or invocation.account_id is not None:
        return None
    app = sleuth_app()
    try:
        response = await app.jira.request(
            "GET",
            invocation.api_base_url,
            SERVER_INFO_PATH,
            auth=BearerAuth(invocation.system_token),
            timeout=SERVER_INFO_TIMEOUT_SECONDS,
            retry=NO_RETRY,
        )
    except JiraError as error:
        log.warning("serverInfo of installation %s failed: %s", invocation.installation_id, error.reason)
        return None
    body = response.json() if response.ok else None
    base_url = body.get("baseUrl") if isinstance(body, dict) else None
    if not isinstance(base_url, str):
        log.warning(
            "serverInfo of installation %s answered %s without a baseUrl", invocation.installation_id, response.status
        )
        return None
    try:
        return normalize_site_url(base_url, allow_private=app.settings.allow_private_urls)
    except UnsafeUrlError as error:
        log.warning("serverInfo of installation %s named a URL that is not allowed: %s", invocation.installation_id, error)
        return None
