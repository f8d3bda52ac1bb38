"""Which credential the app uses to call a site: the Forge app token for a site on Forge (none while it has no
valid one), the Connect JWT for a site only ever heard from through Connect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt

from app.crypto import SecretBox
from app.jira.auth import BearerAuth, ConnectJwtAuth
from app.jira_sites.access import FORGE_TOKEN_PURPOSE, tenant_access, waiting_reason
from app.jira_sites.tenants import SHARED_SECRET_PURPOSE
from app.settings import Settings
from models import Tenant

BOX = SecretBox("t" * 32)
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
SECRET = "shared-secret-0123456789abcdef0123456789"
API_BASE = "https://api.atlassian.com/ex/jira/cloud-1"


def settings(**environ: str) -> Settings:
    return Settings.from_env({"SLEUTH_SECRET_KEY": "s" * 32, **environ})


def tenant(**fields: object) -> Tenant:
    values: dict[str, object] = {"base_url": "https://acme.atlassian.net", "installed": True}
    values.update(fields)
    return Tenant(**values)


def connect_fields() -> dict[str, object]:
    return {"client_key": "ck-1", "shared_secret": BOX.encrypt(SECRET, SHARED_SECRET_PURPOSE)}


def forge_fields(expires_in: timedelta = timedelta(hours=2)) -> dict[str, object]:
    return {
        "cloud_id": "cloud-1",
        "forge_api_base_url": API_BASE,
        "forge_system_token": BOX.encrypt("system-token", FORGE_TOKEN_PURPOSE),
        "forge_token_expires_at": NOW + expires_in,
    }


def test_a_connect_install_is_called_with_a_jwt_at_its_base_url() -> None:
    access = tenant_access(tenant(**connect_fields()), settings=settings(), secret_box=BOX, now=NOW)
    assert access is not None and isinstance(access.auth, ConnectJwtAuth)
    assert access.site_url == access.deployments_site_url == "https://acme.atlassian.net"
    assert access.deployments_path == "/rest/deployments/0.1"
    token = access.auth.headers("POST", "/rest/deployments/0.1/bulk")["Authorization"].removeprefix("JWT ")
    assert jwt.decode(token, SECRET, algorithms=["HS256"])["iss"] == "io.sleuth.jira"


def test_a_forge_installation_is_called_with_its_system_token_at_the_api_base_url() -> None:
    access = tenant_access(tenant(**connect_fields(), **forge_fields()), settings=settings(), secret_box=BOX, now=NOW)
    assert access is not None and access.auth == BearerAuth("system-token")
    assert access.site_url == access.deployments_site_url == API_BASE


def test_the_gateway_setting_moves_only_the_deployments_api() -> None:
    access = tenant_access(
        tenant(**forge_fields()), settings=settings(FORGE_DEPLOYMENTS_API="gateway"), secret_box=BOX, now=NOW
    )
    assert access is not None and access.site_url == API_BASE
    assert access.deployments_site_url == "https://api.atlassian.com"
    assert access.deployments_path == "/jira/deployments/0.1/cloud/cloud-1"


def test_a_forge_site_without_a_valid_token_waits_even_with_a_connect_secret() -> None:
    expired = forge_fields(expires_in=timedelta(seconds=30))  # inside the margin: a push could outlive it
    for fields in (expired, {**expired, **connect_fields()}):
        site = tenant(**fields)
        assert tenant_access(site, settings=settings(), secret_box=BOX, now=NOW) is None
        assert waiting_reason(site) == (
            "The site's Forge app token is good only until 2026-11-27 12:00 UTC; "
            "waiting for the next one, which Forge brings every hour."
        )


def test_a_connect_on_forge_install_not_yet_heard_from_through_forge_uses_its_jwt() -> None:
    """The Connect `installed` of a Connect-on-Forge install names its installation; until Forge itself
    calls (with the API base URL and a token) the site is a Connect site."""
    site = tenant(installation_id="5c6d7e8f-0000-4000-8000-000000000001", **connect_fields())
    access = tenant_access(site, settings=settings(), secret_box=BOX, now=NOW)
    assert access is not None and isinstance(access.auth, ConnectJwtAuth)


def test_an_uninstalled_site_is_not_called() -> None:
    assert tenant_access(tenant(installed=False, **connect_fields()), settings=settings(), secret_box=BOX, now=NOW) is None
