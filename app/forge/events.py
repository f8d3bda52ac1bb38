"""The endpoints of Forge's triggers (manifest `endpoint` entries with a `route`): always POST, 5 s budget.

`POST /forge/events/token-refresh` is the hourly `scheduledTrigger`. Forge delivers the app system token
only with invocations (there is no refresh endpoint), and this one exists so the backend holds a fresh
token for every installation when CI reports a deploy. It verifies the call and answers 204; keeping the
token needs the installation/token tables of the tenant model, which come with the lifecycle event.
"""

from __future__ import annotations

import logging

from quart import Blueprint, Response

from app.forge.auth import current_invocation, forge_invocation

log = logging.getLogger(__name__)
blueprint = Blueprint("forge_events", __name__, url_prefix="/forge/events")


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
    return Response(status=204)
