"""How the app calls the Jira of a site that installed it: the Connect JWT for Connect installs, the
app system token for Forge installations. Background work (the Deployments push, issue properties,
permission checks) asks here and never chooses a credential itself.

A site installed through both (Connect-on-Forge) is called with its Forge token while that token is
valid: Connect ends in December 2026, and the Forge token is what keeps working after it.
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
    """The way to call `tenant`'s Jira, or None when the app holds no usable credential for it."""
    if not tenant.installed:
        return None
    if _forge_token_usable(tenant, now or datetime.now(UTC)):
        api_base_url = str(tenant.forge_api_base_url)
        token = BearerAuth(secret_box.decrypt(str(tenant.forge_system_token), FORGE_TOKEN_PURPOSE))
        if settings.forge_deployments_api == "gateway" and tenant.cloud_id:
            return TenantAccess(api_base_url, token, FORGE_GATEWAY, f"/jira/deployments/0.1/cloud/{tenant.cloud_id}")
        return TenantAccess(api_base_url, token, api_base_url, DEPLOYMENTS_PATH)
    if tenant.client_key and tenant.shared_secret:
        auth = ConnectJwtAuth(settings.app_key, shared_secret(tenant, secret_box))
        return TenantAccess(tenant.base_url, auth, tenant.base_url, DEPLOYMENTS_PATH)
    return None


def _forge_token_usable(tenant: Tenant, now: datetime) -> bool:
    return bool(
        tenant.forge_system_token
        and tenant.forge_api_base_url
        and tenant.forge_token_expires_at is not None
        and tenant.forge_token_expires_at - TOKEN_EXPIRY_MARGIN > now
    )
