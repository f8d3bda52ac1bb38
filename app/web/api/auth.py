"""Who calls the REST API: a key of one organization, sent the ways Sleuth's own clients send it.

`Authorization: Bearer <access token>`, `Authorization: apikey <organization API key>`, or (for
register_deploy only) an `api_key` field in the body or the query string. Any live key of the
organization is accepted in any of these places; its hash identifies it. A key of another
organization is refused exactly like a wrong key (401), so the answer says nothing about which
organizations exist. Admin routes need the `all` scope: a `register_deploy` token gets 403.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, TypeVar

from quart import request

from app.sleuth.api_keys import find_key
from app.web.errors import APIError
from models import ApiKey, ApiKeyScope, Organization

R = TypeVar("R")

_SCHEMES = ("bearer", "apikey")


def _key_from_header() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, key = header.strip().partition(" ")
    if scheme.lower() not in _SCHEMES or not key.strip():
        raise APIError(
            401, "The Authorization header must be 'Bearer <access token>' or 'apikey <organization API key>'."
        )
    return key.strip()


async def _stored_key(payload_key: str | None = None) -> ApiKey | None:
    key = _key_from_header() or payload_key
    if not key:
        raise APIError(
            401,
            "An API key is required: send 'Authorization: Bearer <access token>' "
            "or 'Authorization: apikey <organization API key>'.",
        )
    return await find_key(key)


async def key_organization() -> Organization:
    """The organization of the request's key, whatever its scope (GraphQL checks each field's organization)."""
    stored = await _stored_key()
    if stored is None:
        raise APIError(401, "The API key is not valid.")
    return stored.organization


async def authenticate(org: str, scope: ApiKeyScope, *, payload_key: str | None = None) -> Organization:
    """The organization `org`, if the request carries a live key of it with `scope` (or `all`)."""
    stored = await _stored_key(payload_key)
    if stored is None or stored.organization.slug != org:
        raise APIError(401, "The API key is not valid for this organization.")
    if scope is ApiKeyScope.ALL and stored.scope is not ApiKeyScope.ALL:
        raise APIError(403, "This access token may only register deploys; use a token with the 'all' scope.")
    return stored.organization


def require_org_key(
    scope: ApiKeyScope = ApiKeyScope.ALL,
) -> Callable[[Callable[..., Awaitable[R]]], Callable[..., Awaitable[R]]]:
    """Authenticate before anything else runs; the view gets `organization` instead of the `org` slug."""

    def decorator(view: Callable[..., Awaitable[R]]) -> Callable[..., Awaitable[R]]:
        @wraps(view)
        async def wrapper(*args: Any, org: str, **kwargs: Any) -> R:
            organization = await authenticate(org, scope)
            return await view(*args, organization=organization, **kwargs)

        return wrapper

    return decorator
