"""Organization API keys and access tokens: made here, shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
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
