"""Organization API keys and access tokens: made here, shown once, stored only as a SHA-256 hash. When each
last authenticated a request is kept to the hour (a write at most once an hour per key, so nearly every
request stays one read), and a revoked key is refused from the next request on."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from app.db.statements import columns_of, fetch_rows, model_from_row, placeholders
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
    rows = await fetch_rows(_live_key_by_hash, [digest])
    stored = model_from_row(rows[0], "k", ApiKey) if rows else None
    if stored is None or not hmac.compare_digest(stored.key_hash, digest):
        return None
    stored.organization = model_from_row(rows[0], "o", Organization)
    await _note_use(stored)
    return stored


LAST_USE_PRECISION = timedelta(hours=1)


async def _note_use(key: ApiKey) -> None:
    now = datetime.now(UTC)
    if key.last_used_at is None or now - key.last_used_at >= LAST_USE_PRECISION:
        await ApiKey.filter(id=key.id).update(last_used_at=now)


async def list_keys(organization: Organization) -> list[ApiKey]:
    """The organization's live keys and tokens, newest first."""
    return await ApiKey.filter(organization=organization, revoked_at__isnull=True).order_by("-id")


async def revoke_key(organization: Organization, key_id: int) -> ApiKey | None:
    """Revoke one of the organization's keys; it stops working at once. None when it has no such live key."""
    key = await ApiKey.get_or_none(id=key_id, organization=organization, revoked_at__isnull=True)
    if key is not None:
        key.revoked_at = datetime.now(UTC)
        await key.save(update_fields=["revoked_at"])
    return key


@lru_cache(maxsize=4)
def _live_key_by_hash(style: str) -> str:
    """Every API call starts here, so the statement is written out once rather than built by the ORM per
    call (with its join, the builder cost more than the query)."""
    (mark,) = placeholders(style, 1)
    return (
        f'SELECT {columns_of("k", ApiKey)}, {columns_of("o", Organization)} FROM "api_key" k '
        f'JOIN "organization" o ON o."id" = k."organization_id" WHERE k."key_hash" = {mark} AND k."revoked_at" IS NULL'
    )
