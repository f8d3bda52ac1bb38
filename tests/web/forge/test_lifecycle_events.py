"""`POST /forge/events/lifecycle` and `/forge/events/token-refresh` through the whole app: the tenant of a
Forge installation, its encrypted system token that never goes back in time, the site URL learned from
a local serverInfo, and one row for a site installed through Connect and Forge."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient

from app.jira_sites.access import FORGE_TOKEN_PURPOSE
from app.settings import Settings
from app.web.application import SleuthJira
from models import DeliveryKind, IssueTracker, JiraDelivery, Organization, Tenant, TrackerProvider
from tests.fakes.atlassian import SignedInstall, install_token, jwt_header, lifecycle_body, tenant_token
from tests.fakes.forge_installations import (
    LIFECYCLE,
    SITE_URL,
    TOKEN_REFRESH,
    ServerInfo,
    event_body,
    headers,
    panel_claims,
    system_token,
    trigger_claims,
)
from tests.fakes.forge_platform import CLOUD_ID, ENVIRONMENT_ID, INSTALLATION_ID

INSTALLATION_ARI = f"ari:cloud:ecosystem::installation/{INSTALLATION_ID}"
ENVIRONMENT_KEY = ENVIRONMENT_ID.rsplit("/", 1)[1]


@pytest.fixture
def settings(forge_and_connect_settings: Settings) -> Settings:
    return forge_and_connect_settings


async def send(
    client: QuartClient, key: rsa.RSAPrivateKey, api_base_url: str, body: object, token: str | None, path: str = LIFECYCLE
) -> int:
    response = await client.post(path, json=body, headers=headers(trigger_claims(api_base_url), key, token))
    assert "Location" not in response.headers
    if response.status_code != 204:
        assert response.mimetype == "application/json"
    return response.status_code


def expiry(token: str) -> datetime:
    return datetime.fromtimestamp(jwt.decode(token, options={"verify_signature": False})["exp"], UTC)


@pytest.mark.parametrize("wrapped", [False, True], ids=["flat", "wrapped in payload"])
async def test_an_install_event_creates_the_tenant_with_its_encrypted_token_and_site_url(
    app: SleuthJira, client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo, wrapped: bool
) -> None:
    token = system_token()
    api_base_url = server_info.api_base_url()
    assert await send(client, forge_key, api_base_url, event_body(wrapped=wrapped), token) == 204

    tenant = await Tenant.get(installation_id=INSTALLATION_ID)
    assert (tenant.cloud_id, tenant.forge_environment_id, tenant.forge_api_base_url) == (
        CLOUD_ID, ENVIRONMENT_KEY, api_base_url
    )  # fmt: skip
    assert (tenant.base_url, tenant.client_key, tenant.installed, tenant.enabled) == (SITE_URL, None, True, True)
    assert tenant.forge_system_token and token not in tenant.forge_system_token
    assert token.split(".")[1] not in tenant.forge_system_token
    assert app.secret_box.decrypt(tenant.forge_system_token, FORGE_TOKEN_PURPOSE) == token
    assert tenant.forge_token_expires_at == expiry(token)
    assert server_info.authorizations == [f"Bearer {token}"]


async def test_an_upgrade_updates_the_same_row_and_other_events_change_nothing(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    api_base_url = server_info.api_base_url()
    assert await send(client, forge_key, api_base_url, event_body("avi:forge:something:else"), system_token()) == 204
    assert await send(client, forge_key, api_base_url, {"payload": {"no": "type"}}, system_token()) == 204
    assert await Tenant.all().count() == 0 and server_info.authorizations == []

    assert await send(client, forge_key, api_base_url, event_body(), system_token()) == 204
    server_info.base_url = "https://acme.atlassian.net"  # the site was renamed
    newer = system_token(4 * 3600)
    assert await send(client, forge_key, api_base_url, event_body("avi:forge:upgraded:app", wrapped=True), newer) == 204
    (tenant,) = await Tenant.all()
    assert tenant.base_url == "https://acme.atlassian.net"
    assert tenant.forge_token_expires_at == expiry(newer)


@pytest.mark.parametrize("body", [[1, 2], "installed", None])
async def test_a_body_that_is_not_an_object_is_400(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo, body: object
) -> None:
    response = await client.post(
        LIFECYCLE, data="" if body is None else json.dumps(body),
        headers={**headers(trigger_claims(server_info.api_base_url()), forge_key, system_token()),
                 "Content-Type": "application/json"},
    )  # fmt: skip
    assert response.status_code == 400 and "JSON object" in (await response.get_json())["error"]
    assert await Tenant.all().count() == 0


async def test_a_replayed_older_install_never_rolls_the_token_back(
    app: SleuthJira, client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    api_base_url = server_info.api_base_url()
    older, newer = system_token(2 * 3600), system_token(4 * 3600)
    assert await send(client, forge_key, api_base_url, event_body(), newer) == 204
    assert await send(client, forge_key, api_base_url, event_body(), older) == 204  # Forge retried an old event
    assert await send(client, forge_key, api_base_url, {}, older, TOKEN_REFRESH) == 204
    tenant = await Tenant.get(installation_id=INSTALLATION_ID)
    assert app.secret_box.decrypt(str(tenant.forge_system_token), FORGE_TOKEN_PURPOSE) == newer
    assert tenant.forge_token_expires_at == expiry(newer)

    newest = system_token(5 * 3600)
    assert await send(client, forge_key, api_base_url, {}, newest, TOKEN_REFRESH) == 204
    tenant = await Tenant.get(installation_id=INSTALLATION_ID)
    assert app.secret_box.decrypt(str(tenant.forge_system_token), FORGE_TOKEN_PURPOSE) == newest


async def test_when_server_info_fails_the_tenant_is_kept_and_the_url_learned_later(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    api_base_url = server_info.api_base_url()
    server_info.status = 403  # right after install the app's account may lack permissions (forge.md §3.5)
    token = system_token()
    assert await send(client, forge_key, api_base_url, event_body(), token) == 204
    tenant = await Tenant.get(installation_id=INSTALLATION_ID)
    assert tenant.base_url == "" and tenant.forge_system_token is not None

    server_info.status = 200
    assert await send(client, forge_key, api_base_url, {}, token, TOKEN_REFRESH) == 204
    assert (await Tenant.get(installation_id=INSTALLATION_ID)).base_url == SITE_URL
    assert await send(client, forge_key, api_base_url, {}, token, TOKEN_REFRESH) == 204
    assert len(server_info.authorizations) == 2  # once the URL is known, the hourly trigger leaves serverInfo alone


async def test_a_slow_server_info_does_not_hold_the_answer_past_forges_budget(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    server_info.held = asyncio.Event()  # serverInfo never answers while the event is being handled
    # The bound only stops a hang from stalling the suite; the app's own 2 s limit (of Forge's 5) answers first.
    answer = await asyncio.wait_for(send(client, forge_key, server_info.api_base_url(), event_body(), system_token()), 60)
    assert answer == 204 and len(server_info.authorizations) == 1 and not server_info.held.is_set()
    server_info.held.set()
    assert (await Tenant.get(installation_id=INSTALLATION_ID)).forge_system_token is not None


async def test_a_token_refresh_for_an_unknown_installation_records_it(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    assert await send(client, forge_key, server_info.api_base_url(), {}, system_token(), TOKEN_REFRESH) == 204
    tenant = await Tenant.get(installation_id=INSTALLATION_ID)
    assert tenant.forge_system_token is not None and tenant.base_url == ""  # learned on the next event


async def test_a_reinstall_with_a_new_installation_id_keeps_the_row(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    api_base_url = server_info.api_base_url()
    assert await send(client, forge_key, api_base_url, event_body(), system_token()) == 204
    first = await Tenant.get(installation_id=INSTALLATION_ID)
    reinstalled = "aaaaaaaa-0000-0000-0000-000000000099"
    claims = trigger_claims(api_base_url, installation_id=reinstalled)
    response = await client.post(LIFECYCLE, json=event_body(id=reinstalled), headers=headers(claims, forge_key, system_token()))
    assert response.status_code == 204
    (tenant,) = await Tenant.all()
    assert (tenant.id, tenant.installation_id) == (first.id, reinstalled)


async def test_a_forge_install_of_a_connect_site_lands_on_its_row(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo, signed_install: SignedInstall
) -> None:
    """Connect first, with the installation id in its `installed` (Connect on Forge), then Forge's event."""
    await signed_install("acme-client-key", installationId=INSTALLATION_ARI)
    connect_row = await Tenant.get(client_key="acme-client-key")
    assert connect_row.installation_id == INSTALLATION_ID  # stored bare
    assert await send(client, forge_key, server_info.api_base_url(), event_body(), system_token()) == 204
    (tenant,) = await Tenant.all()
    assert (tenant.id, tenant.client_key, tenant.cloud_id) == (connect_row.id, "acme-client-key", CLOUD_ID)
    assert tenant.shared_secret == connect_row.shared_secret and tenant.forge_system_token is not None


async def test_a_connect_install_of_a_forge_only_row_merges_into_it(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo, signed_install: SignedInstall
) -> None:
    """Forge's event first (serverInfo not answering yet), then the Connect `installed` naming the installation."""
    server_info.status = 500
    assert await send(client, forge_key, server_info.api_base_url(), event_body(), system_token()) == 204
    forge_row = await Tenant.get(installation_id=INSTALLATION_ID)
    await signed_install("acme-client-key", installationId=INSTALLATION_ARI)
    (tenant,) = await Tenant.all()
    assert (tenant.id, tenant.client_key, tenant.base_url) == (forge_row.id, "acme-client-key", SITE_URL)
    assert tenant.forge_system_token == forge_row.forge_system_token and tenant.cloud_id == CLOUD_ID


async def test_two_rows_of_one_site_become_one_and_keep_what_pointed_at_either(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo, signed_install: SignedInstall
) -> None:
    """A Connect-only row (installed before Forge) and a Forge-only row (made while serverInfo failed) meet
    when the Connect `installed` names the installation: the Connect row absorbs the Forge one."""
    await signed_install("acme-client-key")
    connect_row = await Tenant.get(client_key="acme-client-key")
    server_info.status = 500
    assert await send(client, forge_key, server_info.api_base_url(), event_body(), system_token()) == 204
    forge_row = await Tenant.get(installation_id=INSTALLATION_ID)
    assert forge_row.id != connect_row.id
    organization = await Organization.create(slug="acme", name="Acme")
    via_connect = await IssueTracker.create(organization=organization, provider=TrackerProvider.JIRA, url=SITE_URL, tenant=connect_row)
    via_forge = await IssueTracker.create(organization=organization, provider=TrackerProvider.JIRA, url=SITE_URL, tenant=forge_row)

    await signed_install("acme-client-key", installationId=INSTALLATION_ARI)
    (tenant,) = await Tenant.all()
    assert (tenant.id, tenant.installation_id, tenant.cloud_id) == (connect_row.id, INSTALLATION_ID, CLOUD_ID)
    assert tenant.forge_system_token == forge_row.forge_system_token
    for tracker in (via_connect, via_forge):
        assert (await IssueTracker.get(id=tracker.id)).tenant_id == connect_row.id  # type: ignore[attr-defined]


async def test_a_forge_event_for_a_connect_site_that_named_no_installation_lands_on_its_row(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo, signed_install: SignedInstall
) -> None:
    """The Connect app installed before the Forge one, and no Connect `installed` names the installation:
    the site URL from serverInfo finds the Connect row."""
    await signed_install("acme-client-key")
    connect_row = await Tenant.get(client_key="acme-client-key")
    assert await send(client, forge_key, server_info.api_base_url(), event_body(), system_token()) == 204
    (tenant,) = await Tenant.all()
    assert (tenant.id, tenant.installation_id, tenant.client_key) == (connect_row.id, INSTALLATION_ID, "acme-client-key")


async def test_a_forge_install_never_revives_an_uninstalled_connect_sites_secret(
    client: QuartClient,
    forge_key: rsa.RSAPrivateKey,
    atlassian_key: rsa.RSAPrivateKey,
    server_info: ServerInfo,
    signed_install: SignedInstall,
) -> None:
    secret = await signed_install("acme-client-key")
    uninstall = install_token(atlassian_key, client_key="acme-client-key", path="/connect/uninstalled")
    response = await client.post(
        "/connect/uninstalled", json=lifecycle_body("acme-client-key", "uninstalled"), headers=jwt_header(uninstall)
    )
    assert response.status_code == 204
    assert await send(client, forge_key, server_info.api_base_url(), event_body(), system_token()) == 204

    (tenant,) = await Tenant.all()
    assert tenant.installed and tenant.installation_id == INSTALLATION_ID
    assert (tenant.client_key, tenant.shared_secret) == (None, None)
    page = "/jira/panel?issueKey=DEP-42"
    token = tenant_token(secret, client_key="acme-client-key", path_and_query=page)
    assert (await client.get(f"{page}&jwt={token}")).status_code == 401


async def test_a_system_token_is_kept_only_from_calls_without_a_user(
    app: SleuthJira, client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    """A user holds the token of their own UI calls (it lives in the browser): replayed against the event
    routes with a system token of their choosing, it must not pin that token on the site."""
    api_base_url = server_info.api_base_url()
    bogus = system_token(30 * 24 * 3600, subject="attacker")
    for path, body in ((LIFECYCLE, event_body()), (TOKEN_REFRESH, {})):
        response = await client.post(path, json=body, headers=headers(panel_claims(api_base_url), forge_key, bogus))
        assert response.status_code == 204
    tenant = await Tenant.get(installation_id=INSTALLATION_ID)
    assert tenant.forge_system_token is None and server_info.authorizations == []

    token = system_token()
    assert await send(client, forge_key, api_base_url, event_body(), token) == 204
    tenant = await Tenant.get(installation_id=INSTALLATION_ID)
    assert app.secret_box.decrypt(str(tenant.forge_system_token), FORGE_TOKEN_PURPOSE) == token


async def test_no_token_holds_its_place_for_more_than_four_hours(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    started = datetime.now(UTC)
    assert await send(client, forge_key, server_info.api_base_url(), event_body(), system_token(30 * 24 * 3600)) == 204
    expires_at = (await Tenant.get(installation_id=INSTALLATION_ID)).forge_token_expires_at
    assert expires_at is not None and expires_at <= datetime.now(UTC) + timedelta(hours=4)
    assert expires_at >= started + timedelta(hours=4) - timedelta(seconds=5)


UNINSTALLED = "/forge/events/uninstalled"


def uninstall_body() -> dict[str, object]:
    """What Forge's preUninstall trigger sends (its context token means nothing to the app)."""
    return {"context": {"cloudId": CLOUD_ID, "moduleKey": "forge-uninstall"}, "contextToken": "opaque"}


async def test_the_pre_uninstall_trigger_marks_the_site_uninstalled_and_drops_its_token(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    api_base_url = server_info.api_base_url()
    assert await send(client, forge_key, api_base_url, event_body(), system_token()) == 204
    assert await send(client, forge_key, api_base_url, uninstall_body(), None, UNINSTALLED) == 204
    tenant = await Tenant.get(installation_id=INSTALLATION_ID)
    assert (tenant.installed, tenant.forge_system_token, tenant.forge_token_expires_at) == (False, None, None)
    assert tenant.uninstalled_at is not None
    assert await send(client, forge_key, api_base_url, uninstall_body(), None, UNINSTALLED) == 204  # idempotent

    assert await send(client, forge_key, api_base_url, event_body(), system_token()) == 204  # installed again
    assert (await Tenant.get(installation_id=INSTALLATION_ID)).installed


async def test_a_users_token_replayed_as_an_uninstall_is_refused_and_changes_nothing(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    api_base_url = server_info.api_base_url()
    assert await send(client, forge_key, api_base_url, event_body(), system_token()) == 204
    user_call = headers(panel_claims(api_base_url), forge_key)
    response = await client.post(UNINSTALLED, json=uninstall_body(), headers=user_call)
    assert response.status_code == 403 and "preUninstall" in (await response.get_json())["error"]
    tenant = await Tenant.get(installation_id=INSTALLATION_ID)
    assert tenant.installed and tenant.forge_system_token is not None


async def test_a_new_token_makes_the_deliveries_that_waited_for_one_due_at_once(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    api_base_url = server_info.api_base_url()
    assert await send(client, forge_key, api_base_url, event_body(), system_token(2 * 3600)) == 204
    tenant = await Tenant.get(installation_id=INSTALLATION_ID)
    later = datetime.now(UTC) + timedelta(minutes=10)
    waiting = await JiraDelivery.create(tenant=tenant, kind=DeliveryKind.REMOVE_CONNECTION, connection_id=1,
                                        next_attempt_at=later)  # fmt: skip
    leased = await JiraDelivery.create(tenant=tenant, kind=DeliveryKind.REMOVE_CONNECTION, connection_id=2,
                                       next_attempt_at=later, claimed_until=later)  # fmt: skip

    assert await send(client, forge_key, api_base_url, {}, system_token(3 * 3600), TOKEN_REFRESH) == 204
    assert (await JiraDelivery.get(id=waiting.id)).next_attempt_at <= datetime.now(UTC)
    assert (await JiraDelivery.get(id=leased.id)).next_attempt_at == later  # a worker holds it: left to it
