"""`@forge_invocation`: the guard of every route that Forge calls.

Forge Remote reserves 401 for a token it cannot trust (the UI then says the remote could not verify the
token and events are retried), rejects any non-JSON error body and never follows a redirect
(forge.md §3.2, §6.5-6). So: no FORGE_APP_ID, 404 as if the route did not exist; a missing or invalid
token, 401; keys that cannot be fetched, 503 (nothing is wrong with the token); every answer JSON.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import ParamSpec, TypeVar, cast

from quart import abort, g, request

from app.forge.fit import FitPolicy, ForgeInvocation, InvalidInvocation, KeysUnavailable, verify_invocation
from app.web.application import sleuth_app
from app.web.errors import APIError

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def forge_invocation(view: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Verify the request's Forge Invocation Token before `view`; the view reads it with `current_invocation()`."""

    @wraps(view)
    async def verified(*args: P.args, **kwargs: P.kwargs) -> R:
        app = sleuth_app()
        settings = app.settings
        if settings.forge_app_id is None:
            abort(404)
        policy = FitPolicy(
            app_id=settings.forge_app_id,
            environment_ids=settings.forge_environment_ids,
            allow_loopback_api=settings.allow_private_urls,
        )
        try:
            g.forge_invocation = await verify_invocation(request.headers, keys=app.forge_keys, policy=policy)
        except InvalidInvocation as error:
            log.info("Refused a Forge call to %s: %s", request.path, error)
            raise APIError(401, str(error)) from None
        except KeysUnavailable as error:
            raise APIError(503, str(error)) from None
        return await view(*args, **kwargs)

    return verified


def current_invocation() -> ForgeInvocation:
    """The verified invocation of the request being served by a `@forge_invocation` view."""
    return cast(ForgeInvocation, g.forge_invocation)
