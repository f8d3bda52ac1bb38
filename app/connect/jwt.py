"""Connect JWTs: the query string hash (qsh) and the HS256 tokens the app signs for its calls to Jira."""

from __future__ import annotations

import time

import jwt
from atlassian_jwt.url_utils import hash_url

OUTBOUND_TOKEN_LIFETIME_SECONDS = 180  # what ACE uses; Jira expects short-lived app tokens


def query_string_hash(method: str, path_and_query: str) -> str:
    """The qsh of a request: `path_and_query` is relative to the base URL (its path prefix removed)."""
    return hash_url(method.upper(), path_and_query)


def sign_outbound(method: str, path_and_query: str, *, app_key: str, shared_secret: str, now: int | None = None) -> str:
    """A token for one call from the app to a tenant's Jira: `iss` is the app key, not the clientKey."""
    issued_at = int(time.time()) if now is None else now
    claims = {
        "iss": app_key,
        "iat": issued_at,
        "exp": issued_at + OUTBOUND_TOKEN_LIFETIME_SECONDS,
        "qsh": query_string_hash(method, path_and_query),
    }
    return jwt.encode(claims, shared_secret, algorithm="HS256")
