"""Forge installations as tenant rows: the same `Tenant` table as Connect, one row per site and app.

A Forge installation is found by its installation id (a bare UUID), else by the site's cloud id with the
app's Forge environment (the installation id changes on a reinstall, sometimes with no event at all,
forge.md §2.6). A site that installed the Connect app first keeps its row: the Connect `installed` of a
Connect-on-Forge install names the installation (app/jira_sites/tenants.py), and a Forge event whose site
URL is that of a Connect row not yet tied to an installation lands on that row too.

The app system token arrives with invocations (`x-forge-oauth-system`); it is stored encrypted with its
expiry, read from the token's `exp` without verification (Forge says to treat it as opaque and to read
`exp` only for scheduling). A token is stored only when it expires later than the stored one, in one
conditional UPDATE, so a replayed or retried older event never rolls the token back.

Knows installations, tokens and URLs; nothing of Sleuth's deploys or projects.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import jwt
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from app.crypto import SecretBox
from app.forge.fit import ForgeInvocation
from app.jira_sites.access import FORGE_TOKEN_PURPOSE
from app.jira_sites.tenants import absorb_tenant
from app.net import UnsafeUrlError, normalize_site_url
from models.tenant import Tenant

log = logging.getLogger(__name__)

# A token whose `exp` cannot be read is taken to live an hour: Forge guarantees at least two hours on
# delivery, and the hourly scheduled trigger brings the next one. No token lives longer than four hours
# (forge.md §3.5), so a later `exp` is read as four hours: a token can never hold its place for longer.
UNREADABLE_EXPIRY_LIFETIME = timedelta(hours=1)
MAX_TOKEN_LIFETIME = timedelta(hours=4)
MAX_TOKEN_LENGTH = 16 * 1024


def token_expiry(token: str, now: datetime | None = None) -> datetime:
    """When the system token expires, from its unverified `exp` (for scheduling and comparing only),
    at most MAX_TOKEN_LIFETIME from now."""
    now = now or datetime.now(UTC)
    try:
        claims = jwt.decode(token[:MAX_TOKEN_LENGTH], options={"verify_signature": False})
        exp = claims.get("exp")
        if isinstance(exp, int | float) and not isinstance(exp, bool):
            return min(datetime.fromtimestamp(exp, UTC), now + MAX_TOKEN_LIFETIME)
    except (jwt.PyJWTError, ValueError, OverflowError, OSError):
        pass
    return now + UNREADABLE_EXPIRY_LIFETIME


def environment_key(environment_id: str) -> str:
    """How a Forge environment is stored: the last segment of its ARI
    (`ari:cloud:ecosystem::environment/<app>/<environment>`), since one backend serves one app and the
    column holds 64 characters."""
    return environment_id.rstrip("/").rsplit("/", 1)[-1][:64]


async def find_installation(installation_id: str, cloud_id: str | None, environment_id: str) -> Tenant | None:
    """The row of an installation: by its id, else by (cloud id, Forge environment), installed or not."""
    tenant = await Tenant.get_or_none(installation_id=installation_id)
    if tenant is None and cloud_id:
        environment = environment_key(environment_id)
        tenant = await Tenant.filter(cloud_id=cloud_id, forge_environment_id=environment).order_by("-id").first()
    return tenant


async def record_forge_install(
    *,
    installation_id: str,
    cloud_id: str | None,
    environment_id: str,
    api_base_url: str,
    site_url: str | None,
) -> Tenant:
    """Upsert the tenant of an installed or upgraded Forge app.

    `site_url` is the normalized site URL learned from Jira's serverInfo, or None when it could not be
    learned: a new row then gets an empty base URL (the column is NOT NULL), which no issue tracker URL
    equals, so the site sees no deploy until the URL is learned, by the next lifecycle or token-refresh
    event, or from the signed `siteUrl` of the first panel call (`tenant_for_invocation`)."""
    try:
        return await _record_forge_install(installation_id, cloud_id, environment_id, api_base_url, site_url)
    except IntegrityError:  # a concurrent event of the same installation made the row first: update it
        return await _record_forge_install(installation_id, cloud_id, environment_id, api_base_url, site_url)


async def _record_forge_install(
    installation_id: str, cloud_id: str | None, environment_id: str, api_base_url: str, site_url: str | None
) -> Tenant:
    async with in_transaction():
        tenant = await find_installation(installation_id, cloud_id, environment_id)
        connect_row = await _connect_row_of(site_url, environment_id, tenant) if site_url else None
        if connect_row is not None:
            if not connect_row.installed:
                # The Connect app was uninstalled: its secret must not come back to life with the Forge
                # install (a page token signed with it would load again). The row keeps its links.
                connect_row.client_key, connect_row.shared_secret = None, None
            if tenant is not None:  # a Forge-only row of this site: the Connect row absorbs it
                await absorb_tenant(connect_row, tenant)
            tenant = connect_row
        if tenant is None:
            tenant = Tenant(base_url=site_url or "")
        tenant.installation_id = installation_id
        tenant.cloud_id = cloud_id or tenant.cloud_id
        tenant.forge_environment_id = environment_key(environment_id)
        tenant.forge_api_base_url = api_base_url
        if site_url and site_url not in (tenant.base_url, tenant.display_url):
            tenant.base_url = site_url
        tenant.installed, tenant.enabled, tenant.uninstalled_at = True, True, None
        await tenant.save()
    return tenant


async def record_forge_uninstall(installation_id: str, cloud_id: str | None, environment_id: str) -> Tenant | None:
    """Mark the installation's site uninstalled (Forge's preUninstall) and drop its app token; its links
    stay, as on a Connect uninstall, for a reinstall to find. Idempotent; None for an unknown installation."""
    tenant = await find_installation(installation_id, cloud_id, environment_id)
    if tenant is None:
        return None
    await Tenant.filter(id=tenant.id, installed=True).update(
        installed=False, uninstalled_at=datetime.now(UTC), forge_system_token=None, forge_token_expires_at=None
    )
    return tenant


async def _connect_row_of(site_url: str, environment_id: str, found: Tenant | None) -> Tenant | None:
    """A Connect tenant of the same site that no Forge installation claimed yet (a site moving from the
    Connect install to the Forge one, whose Connect `installed` has not named the installation)."""
    if found is not None and found.client_key is not None:
        return None
    query = Tenant.filter(
        Q(base_url=site_url) | Q(display_url=site_url),
        Q(forge_environment_id__isnull=True) | Q(forge_environment_id=environment_key(environment_id)),
        client_key__not_isnull=True,
        installation_id__isnull=True,
    )
    if found is not None:
        query = query.exclude(id=found.id)
    return await query.order_by("-installed", "-updated_at").first()


async def store_system_token(
    tenant: Tenant, token: str, *, api_base_url: str, secret_box: SecretBox, now: datetime | None = None
) -> bool:
    """Keep `token` (encrypted) as the tenant's system token if it expires later than the stored one;
    True when stored. The comparison is in the UPDATE itself, so concurrent events cannot roll it back."""
    expires_at = token_expiry(token, now)
    stored = tenant.forge_token_expires_at
    if stored is not None and expires_at <= stored and tenant.forge_api_base_url == api_base_url:
        return False  # the common case on UI calls: Forge hands out the same cached token again
    updated = await Tenant.filter(
        Q(forge_token_expires_at__isnull=True) | Q(forge_token_expires_at__lt=expires_at), id=tenant.id
    ).update(
        forge_system_token=secret_box.encrypt(token, FORGE_TOKEN_PURPOSE),
        forge_token_expires_at=expires_at,
        forge_api_base_url=api_base_url,
    )
    if updated:
        tenant.forge_token_expires_at, tenant.forge_api_base_url = expires_at, api_base_url
    return bool(updated)


async def tenant_for_invocation(invocation: ForgeInvocation, *, allow_private_urls: bool = False) -> Tenant | None:
    """The installed tenant a verified Forge call comes from, or None when the backend does not know it.

    A tenant found by (cloud id, environment) under another installation id was reinstalled and its
    event has not arrived (events may lag by minutes): the signed token's installation id is recorded.
    A tenant without a site URL learns it from the signed `context.siteUrl` of a UI call."""
    tenant = await find_installation(invocation.installation_id, invocation.cloud_id, invocation.environment_id)
    if tenant is None or not tenant.installed:
        return None
    changes: dict[str, str] = {}
    if tenant.installation_id != invocation.installation_id:
        changes["installation_id"] = invocation.installation_id
    if not tenant.base_url:
        site_url = _signed_site_url(invocation, allow_private_urls)
        if site_url:
            changes["base_url"] = site_url
    if changes:
        try:
            await Tenant.filter(id=tenant.id).update(**changes)
        except IntegrityError:  # another row holds the installation id meanwhile; the next call sorts it out
            return tenant
        tenant.update_from_dict(changes)
    return tenant


def _signed_site_url(invocation: ForgeInvocation, allow_private_urls: bool) -> str | None:
    value = invocation.context.get("siteUrl")
    if not isinstance(value, str) or not value:
        return None
    try:
        return normalize_site_url(value, allow_private=allow_private_urls)
    except UnsafeUrlError:
        log.warning("A Forge call carried a site URL that is not allowed; ignored")
        return None
