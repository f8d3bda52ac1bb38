"""Tenant rows: the Jira sites that installed the app, keyed by their Connect clientKey.

Lifecycle (ref §2.2, §2.3): a verified `installed` upserts by clientKey and may rotate the shared
secret; `uninstalled` only marks the row (installed=False, uninstalled_at set), so its tokens fail at
once while its data is kept: a later install of the same clientKey revives the same row. Nothing purges
uninstalled rows yet; a later clean-up job may drop those uninstalled for longer than a grace period.

Connect and Forge are one tenant (forge.md §2.6): the `installed` payload of a Connect-on-Forge install
carries the Forge installation id, stored bare. When a Forge event already made a row for that
installation, the Connect install lands on that row, or, when the clientKey has a row of its own, that
row absorbs the Forge one (`absorb_tenant`), so nothing linked to either is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from tortoise.transactions import in_transaction

from app.crypto import SecretBox
from app.db.statements import fetch_rows, placeholders, saved_model
from app.forge.fit import INSTALLATION_ARI_PREFIX
from models.tenant import Tenant

SHARED_SECRET_PURPOSE = "tenant.shared_secret"
# What a Forge installation adds to a tenant row; carried over when two rows of one site become one.
FORGE_FIELDS = (
    "cloud_id", "forge_environment_id", "forge_api_base_url", "forge_system_token", "forge_token_expires_at"
)  # fmt: skip


async def find_tenant(client_key: str) -> Tenant | None:
    """The tenant of a clientKey. Every Connect request starts here, so the statement is written out
    and cached rather than built by the ORM per call (the builder cost more than the query)."""
    rows = await fetch_rows(_tenant_by_client_key, [client_key])
    return saved_model(Tenant, rows[0]) if rows else None


@lru_cache(maxsize=4)
def _tenant_by_client_key(style: str) -> str:
    (mark,) = placeholders(style, 1)
    return f'SELECT * FROM "tenant" WHERE "client_key" = {mark}'


class TenantChanged(Exception):
    """The tenant row changed since a cached copy of it was read: uninstalled, disabled, a new secret or new URLs."""


UNCHANGED_PARAMETER_COUNT = 4


def unchanged_condition(marks: Sequence[str]) -> str:
    """SQL that holds while the tenant row still reads as the copy whose `unchanged_parameters` fill
    `marks`: installed, enabled, the same stored secret and the same URLs. A statement that carries it
    answers only for a copy that is still true, in the same round trip (app/web/jira_pages/tenant_cache.py)."""
    tenant_id, secret, base_url, display_url = marks
    return (
        f'EXISTS (SELECT 1 FROM "tenant" k WHERE k."id" = {tenant_id} AND k."installed" AND k."enabled" '
        f'AND k."shared_secret" = {secret} AND k."base_url" = {base_url} '
        f"AND COALESCE(k.\"display_url\", '') = {display_url})"
    )


def unchanged_parameters(tenant: Tenant) -> list[Any]:
    return [tenant.id, tenant.shared_secret, tenant.base_url, tenant.display_url or ""]


async def is_unchanged(tenant: Tenant) -> bool:
    """Whether the tenant row still reads as `tenant` (see `unchanged_condition`)."""
    rows = await fetch_rows(_unchanged, unchanged_parameters(tenant))
    return bool(rows[0]["unchanged"])


@lru_cache(maxsize=4)
def _unchanged(style: str) -> str:
    return f'SELECT {unchanged_condition(placeholders(style, UNCHANGED_PARAMETER_COUNT))} AS "unchanged"'


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
    installation_id = installation_uuid(installation_id)
    fields = {
        "shared_secret": secret_box.encrypt(shared_secret, SHARED_SECRET_PURPOSE),
        "base_url": base_url,
        "display_url": display_url,
        "product_type": product_type,
        "installation_id": installation_id,
        "installed": True,
        "enabled": True,
        "uninstalled_at": None,
    }
    async with in_transaction():
        tenant = await Tenant.get_or_none(client_key=client_key)
        holder = await Tenant.get_or_none(installation_id=installation_id) if installation_id else None
        if holder is not None and (tenant is None or holder.id != tenant.id):
            if holder.client_key is None:  # the row a Forge event made for this installation
                if tenant is None:
                    tenant = holder
                else:
                    await absorb_tenant(tenant, holder)
            else:  # recorded for another clientKey before: this install is the newer word
                await Tenant.filter(id=holder.id).update(installation_id=None)
        if tenant is None:
            return await Tenant.create(client_key=client_key, **fields)
        tenant.client_key = client_key
        tenant.update_from_dict(fields)
        await tenant.save()
    return tenant


def installation_uuid(value: str | None) -> str | None:
    """A Forge installation id as stored: the bare UUID of `ari:cloud:ecosystem::installation/<uuid>`."""
    bare = (value or "").strip().removeprefix(INSTALLATION_ARI_PREFIX)
    return bare or None


async def absorb_tenant(keep: Tenant, other: Tenant) -> None:
    """Make `keep` the one row of a site that has two (a Connect install and a Forge installation that
    met late): whatever references `other` now references `keep`, `keep` takes the Forge fields it lacks
    (and `other`'s system token when newer), and `other` is deleted. The caller saves `keep`, in the same
    transaction."""
    for name in Tenant._meta.backward_fk_fields | Tenant._meta.backward_o2o_fields:
        relation = Tenant._meta.fields_map[name]
        column = relation.relation_field  # type: ignore[attr-defined]
        await relation.related_model.filter(**{column: other.id}).update(**{column: keep.id})
    newer_token = other.forge_token_expires_at is not None and (
        keep.forge_token_expires_at is None or other.forge_token_expires_at > keep.forge_token_expires_at
    )
    for field in FORGE_FIELDS:
        if getattr(keep, field) is None or newer_token:
            setattr(keep, field, getattr(other, field))
    keep.installation_id = keep.installation_id or other.installation_id
    keep.base_url = keep.base_url or other.base_url
    keep.display_url = keep.display_url or other.display_url
    await other.delete()  # first: the installation id is unique


async def record_uninstall(client_key: str) -> None:
    """Mark the site uninstalled; idempotent (the first uninstall's time is kept), unknown keys are a no-op."""
    await Tenant.filter(client_key=client_key, installed=True).update(installed=False, uninstalled_at=datetime.now(UTC))


async def set_enabled(tenant: Tenant, enabled: bool) -> None:
    """Follow Jira's enabled/disabled callbacks; an uninstall that raced ahead wins (no update then)."""
    await Tenant.filter(id=tenant.id, installed=True).update(enabled=enabled)
