"""Organization API keys and access tokens: made here, shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from models import ApiKey, ApiKeyKind, ApiKeyScope, Organization

_PREFIXES = {ApiKeyKind.ORG_KEY: "slk_", ApiKeyKind.ACCESS_TOKEN: "slt_"}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def issue_key(
    organization: Organization, kind: ApiKeyKind, scope: ApiKeyScope = ApiKeyScope.ALL, label: str = ""
) -> str:
    """Store a new key's hash and return the key itself: the only time anyone sees it."""
    key = _PREFIXES[kind] + secrets.token_urlsafe(32)
    await ApiKey.create(organization=organization, kind=kind, scope=scope, key_hash=hash_key(key), label=label)
    return key


async def find_key(key: str) -> ApiKey | None:
    """The live key whose hash is `key`'s, with its organization; None for an unknown or revoked key.

    The lookup goes through the unique index on the hash, so its timing says nothing about how much
    of a key was right; the final comparison is exact and constant-time whatever the database's
    collation."""
    digest = hash_key(key)
    stored = await ApiKey.get_or_none(key_hash=digest, revoked_at=None).select_related("organization")
    if stored is None or not hmac.compare_digest(stored.key_hash, digest):
        return None
    return stored
