"""Signed install tokens are good for one callback: Atlassian's token binds the method and path (its qsh)
but not the body, so a token seen once could otherwise carry another body, another shared secret, until
it expires. Each accepted token's hash is kept in the database (every worker sees it) until its `exp`."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from models import UsedInstallToken


async def first_use(token: str, expires_at: datetime, *, now: datetime | None = None) -> bool:
    """Record `token` as used; False when it was used before (a replay). Expired records are dropped."""
    await UsedInstallToken.filter(expires_at__lt=now or datetime.now(UTC)).delete()
    try:
        await UsedInstallToken.create(token_hash=hashlib.sha256(token.encode()).hexdigest(), expires_at=expires_at)
    except IntegrityError:
        return False
    return True
