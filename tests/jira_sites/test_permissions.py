"""The server-side admin check (app/jira_sites/permissions.py) against a fake Jira that verifies every call's
credential: only Jira's clear "ADMINISTER" lets a user through; every failure is a refusal, never an error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.crypto import SecretBox
from app.jira.client import JiraClient
from app.jira_sites.access import FORGE_TOKEN_PURPOSE
from app.jira_sites.permissions import NOT_ADMIN, UNCONFIRMED, NotJiraAdmin, require_jira_admin
from app.jira_sites.tenants import SHARED_SECRET_PURPOSE
from app.settings import Settings
from models import Tenant
from tests.fakes.permission_site import PermissionSite

BOX = SecretBox("b" * 32)
SETTINGS = Settings.from_env({"SLEUTH_ENV": "test", "SLEUTH_SECRET_KEY": "s" * 32, "SLEUTH_ALLOW_PRIVATE_URLS": "1"})
SECRET = "shared-secret-of-the-site-0123456789abcdef"
ADMIN = "557058:admin-0001"
USER = "557058:user-0002"


@pytest.fixture
def site(permission_site: PermissionSite) -> PermissionSite:
    permission_site.shared_secret = SECRET
    permission_site.admins = {ADMIN}
    return permission_site


def connect_tenant(site: PermissionSite, secret: str = SECRET, **fields: object) -> Tenant:
    values: dict[str, object] = {
        "client_key": "site-client-key",
        "shared_secret": BOX.encrypt(secret, SHARED_SECRET_PURPOSE),
        "base_url": site.url,
        "installed": True,
    }
    return Tenant(**(values | fields))


async def check(jira: JiraClient, tenant: Tenant, account_id: str | None, timeout: float = 5.0) -> str | None:
    """None when the check lets the user through, else the refusal's sentence."""
    try:
        await require_jira_admin(tenant, account_id, jira=jira, settings=SETTINGS, secret_box=BOX, timeout=timeout)
    except NotJiraAdmin as refusal:
        return refusal.reason
    return None


async def test_an_administrator_is_let_through_with_a_jwt_jira_accepts(
    jira_client: JiraClient, site: PermissionSite
) -> None:
    assert await check(jira_client, connect_tenant(site), ADMIN) is None
    assert site.refusals == []
    assert site.checks == [{"accountId": ADMIN, "globalPermissions": ["ADMINISTER"]}]


async def test_a_user_without_administer_is_refused(jira_client: JiraClient, site: PermissionSite) -> None:
    assert await check(jira_client, connect_tenant(site), USER) == NOT_ADMIN
    assert site.refusals == [] and len(site.checks) == 1


async def test_without_an_account_id_nobody_is_asked_and_the_answer_is_no(
    jira_client: JiraClient, site: PermissionSite
) -> None:
    assert await check(jira_client, connect_tenant(site), None) == NOT_ADMIN
    assert await check(jira_client, connect_tenant(site), "") == NOT_ADMIN
    assert site.received == []


@pytest.mark.parametrize("status", [400, 401, 403, 404, 500, 503])
async def test_a_jira_error_is_a_refusal(jira_client: JiraClient, site: PermissionSite, status: int) -> None:
    site.status = status
    assert await check(jira_client, connect_tenant(site), ADMIN) == UNCONFIRMED


async def test_a_slow_jira_is_a_refusal(jira_client: JiraClient, site: PermissionSite) -> None:
    site.delay = 1.0
    assert await check(jira_client, connect_tenant(site), ADMIN, timeout=0.2) == UNCONFIRMED


async def test_an_unreachable_jira_is_a_refusal(jira_client: JiraClient, site: PermissionSite) -> None:
    tenant = connect_tenant(site, base_url="http://127.0.0.1:9")  # the discard port: nothing listens
    assert await check(jira_client, tenant, ADMIN) == UNCONFIRMED


async def test_jira_refuses_a_token_signed_with_another_secret(jira_client: JiraClient, site: PermissionSite) -> None:
    tenant = connect_tenant(site, secret="another-secret-0123456789abcdef0123456789")
    assert await check(jira_client, tenant, ADMIN) == UNCONFIRMED
    assert site.refusals == ["token refused: InvalidSignatureError"]


@pytest.mark.parametrize(
    "answer",
    ['{"globalPermissions": "ADMINISTER"}', '{"projectPermissions": []}', '["ADMINISTER"]', "<html>Log in</html>"],
    ids=["not a list", "no globalPermissions", "not an object", "not JSON"],
)
async def test_an_answer_that_is_not_a_clear_yes_is_a_no(
    jira_client: JiraClient, site: PermissionSite, answer: str
) -> None:
    site.raw_answer = answer
    assert await check(jira_client, connect_tenant(site), ADMIN) == NOT_ADMIN
    assert site.refusals == []


async def test_a_forge_installation_is_asked_with_its_system_token(
    jira_client: JiraClient, site: PermissionSite
) -> None:
    site.system_token = "forge-system-token"
    tenant = Tenant(
        base_url="https://acme.atlassian.net",
        installed=True,
        cloud_id="cloud-1",
        forge_api_base_url=f"{site.url}/ex/jira/cloud-1",
        forge_system_token=BOX.encrypt("forge-system-token", FORGE_TOKEN_PURPOSE),
        forge_token_expires_at=datetime.now(UTC) + timedelta(hours=2),
    )
    assert await check(jira_client, tenant, ADMIN) is None
    assert await check(jira_client, tenant, USER) == NOT_ADMIN
    assert site.refusals == [] and [request.path for request in site.received] == [
        "/ex/jira/cloud-1/rest/api/3/permissions/check"
    ] * 2


async def test_an_uninstalled_site_or_an_unreadable_secret_is_not_asked(
    jira_client: JiraClient, site: PermissionSite
) -> None:
    assert await check(jira_client, connect_tenant(site, installed=False), ADMIN) == UNCONFIRMED
    unreadable = connect_tenant(site, shared_secret=SecretBox("o" * 32).encrypt(SECRET, SHARED_SECRET_PURPOSE))
    assert await check(jira_client, unreadable, ADMIN) == UNCONFIRMED
    assert site.received == []
