"""Tenant rows: the Jira sites that installed the app, keyed by their Connect clientKey.

Lifecycle (ref §2.2, §2.3): a verified `installed` upserts by clientKey and may rotate the shared
secret; `uninstalled` only marks the row (installed=False, uninstalled_at set), so its tokens fail at
once while its data is kept: a later install of the same clientKey revives the same row. Nothing purges
uninstalled rows yet; a later clean-up job may drop those uninstalled for longer than a grace period.
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.crypto import SecretBox
from models.tenant import Tenant

SHARED_SECRET_PURPOSE = "tenant.shared_secret"


async def find_tenant(client_key: str) -> Tenant | None:
    return await Tenant.get_or_none(client_key=client_key)


def shared_secret(tenant: Tenant, secret_box: SecretBox) -> str:
    """The tenant's HS256 secret, decrypted; raises `SecretDecryptionError` if the stored value is unreadable."""
    return secret_box.decrypt(tenant.shared_secret, SHARED_SECRET_PURPOSE)


async def record_install(
    *,
    client_key: str,
    shared_secret: str,
    base_url: str,
    display_url: str | None,
    product_type: str,
    installation_id: str | None,
    secret_box: SecretBox,
) -> Tenant:
    """Upsert a verified install: a new site, a reinstall, an upgrade or a secret rotation (ref §3.5).

    It always leaves the tenant enabled: Connect-on-Forge apps get no `enabled` callback (ref §2.3), so
    a revived row that kept `enabled=False` from before its uninstall would lock the site out, while a
    row marked enabled for an app Jira keeps disabled is harmless (Jira renders no module of a disabled
    app and mints no token for it).
    """
    tenant, _ = await Tenant.update_or_create(
        defaults={
            "shared_secret": secret_box.encrypt(shared_secret, SHARED_SECRET_PURPOSE),
            "base_url": base_url,
            "display_url": display_url,
            "product_type": product_type,
            "installation_id": installation_id,
            "installed": True,
            "enabled": True,
            "uninstalled_at": None,
        },
        client_key=client_key,
    )
    return tenant


async def record_uninstall(client_key: str) -> None:
    """Mark the site uninstalled; idempotent (the first uninstall's time is kept), unknown keys are a no-op."""
    await Tenant.filter(client_key=client_key, installed=True).update(installed=False, uninstalled_at=datetime.now(UTC))


async def set_enabled(tenant: Tenant, enabled: bool) -> None:
    """Follow Jira's enabled/disabled callbacks; an uninstall that raced ahead wins (no update then)."""
    await Tenant.filter(id=tenant.id, installed=True).update(enabled=enabled)
