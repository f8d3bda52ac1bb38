"""How the app calls the Jira of a site that installed it: the app system token for a site the Forge app is
installed on, the Connect JWT for a site only ever heard from through Connect. Background work (the
Deployments push, issue properties, permission checks) asks here and never chooses a credential itself.

A site the backend has heard from through Forge (it holds the site's API base URL) is called with its
Forge token only, even when a Connect shared secret is stored beside it: once the site runs the fully
adopted app (forge/manifest.yml) Connect's JWT is not a credential it honours, and a refused call would
end every delivery in hand. A token too close to its expiry is never sent: the work waits for the next
one, which the hourly trigger brings (`waiting_reason` says so in `last_error`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.crypto import SecretBox
from app.jira.auth import BearerAuth, ConnectJwtAuth, JiraAuth
from app.jira_sites.tenants import shared_secret
from app.settings import Settings
from models import Tenant

FORGE_TOKEN_PURPOSE = "tenant.forge_system_token"
FORGE_GATEWAY = "https://api.atlassian.com"
TOKEN_EXPIRY_MARGIN = timedelta(minutes=1)  # never start a call with a token about to expire
DEPLOYMENTS_PATH = "/rest/deployments/0.1"


@dataclass(frozen=True, slots=True)
class TenantAccess:
    """Where and how to call one site: REST paths (`/rest/api/3/...`) go to `site_url`; the
    Deployments API's paths (`/bulk`, `/bulkByProperties`) go under `deployments_site_url` +
    `deployments_path`."""

    site_url: str
    auth: JiraAuth
    deployments_site_url: str
    deployments_path: str


def tenant_access(
    tenant: Tenant, *, settings: Settings, secret_box: SecretBox, now: datetime | None = None
) -> TenantAccess | None:
    """The way to call `tenant`'s Jira, or None when the app holds no usable credential for it now."""
    if not tenant.installed:
        return None
    if tenant.forge_api_base_url:
        usable = _forge_token_usable(tenant, now or datetime.now(UTC))
        return _forge_access(tenant, settings, secret_box) if usable else None
    if tenant.client_key and tenant.shared_secret:
        auth = ConnectJwtAuth(settings.app_key, shared_secret(tenant, secret_box))
        return TenantAccess(tenant.base_url, auth, tenant.base_url, DEPLOYMENTS_PATH)
    return None


def waiting_reason(tenant: Tenant) -> str:
    """Why `tenant_access` found no credential for an installed site, in one sentence for `last_error`."""
    if tenant.forge_api_base_url and tenant.forge_token_expires_at is not None:
        return (
            f"The site's Forge app token is good only until {tenant.forge_token_expires_at:%Y-%m-%d %H:%M} UTC; "
            "waiting for the next one, which Forge brings every hour."
        )
    if tenant.forge_api_base_url:
        return "The site has no Forge app token yet; waiting for the next one, which Forge brings every hour."
    return "The app holds no credential for the Jira site."


def _forge_access(tenant: Tenant, settings: Settings, secret_box: SecretBox) -> TenantAccess:
    api_base_url = str(tenant.forge_api_base_url)
    token = BearerAuth(secret_box.decrypt(str(tenant.forge_system_token), FORGE_TOKEN_PURPOSE))
    if settings.forge_deployments_api == "gateway" and tenant.cloud_id:
        return TenantAccess(api_base_url, token, FORGE_GATEWAY, f"/jira/deployments/0.1/cloud/{tenant.cloud_id}")
    return TenantAccess(api_base_url, token, api_base_url, DEPLOYMENTS_PATH)


def _forge_token_usable(tenant: Tenant, now: datetime) -> bool:
    return bool(
        tenant.forge_system_token
        and tenant.forge_token_expires_at is not None
        and tenant.forge_token_expires_at - TOKEN_EXPIRY_MARGIN > now
    )
