"""The lifecycle callbacks against a real key server: signed installs accepted exactly as ref §3.3 says,
every forgery refused with 401 and no change, enabled/disabled in any order."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient

from app import create_app
from app.connect.jwt import CONTEXT_QSH, query_string_hash
from app.jira_sites.tenants import SHARED_SECRET_PURPOSE
from app.settings import Settings
from app.web.application import SleuthJira
from models.tenant import Tenant
from tests.fakes.atlassian import (
    BASE_URL,
    KID,
    SITE_URL,
    KeyServer,
    SignedInstall,
    install_site,
    install_token,
    jwt_header,
    lifecycle_body,
    new_rsa_key,
    public_pem,
    tenant_token,
)
from tests.fakes.hostile import nested_jwt

CLIENT_KEY = "a1b2c3d4-0000-1111-2222-333344445555"


def snapshot(tenant: Tenant) -> dict[str, Any]:
    return {name: getattr(tenant, name) for name in tenant._meta.fields_db_projection}


async def post(client: QuartClient, event: str, body: dict[str, Any], token: str | None) -> tuple[int, Any]:
    response = await client.post(f"/connect/{event}", json=body, headers=jwt_header(token))
    return response.status_code, await response.get_json()


# --- installed ------------------------------------------------------------------------------------------


async def test_a_signed_install_creates_the_tenant(app: SleuthJira, signed_install: SignedInstall) -> None:
    secret = await signed_install(
        CLIENT_KEY, baseUrl="HTTP://127.0.0.1:8765/", displayUrl="http://Jira.Acme.test:8080", installationId="ari:1"
    )
    tenant = await Tenant.get(client_key=CLIENT_KEY)
    assert (tenant.base_url, tenant.display_url) == (SITE_URL, "http://jira.acme.test:8080")
    assert (tenant.product_type, tenant.installation_id) == ("jira", "ari:1")
    assert tenant.installed and tenant.enabled and tenant.uninstalled_at is None
    assert secret not in tenant.shared_secret
    assert app.secret_box.decrypt(tenant.shared_secret, SHARED_SECRET_PURPOSE) == secret


async def test_a_reinstall_rotates_the_secret_and_keeps_the_row(app: SleuthJira, signed_install: SignedInstall) -> None:
    await signed_install(CLIENT_KEY)
    first = await Tenant.get(client_key=CLIENT_KEY)
    await signed_install(CLIENT_KEY, sharedSecret="rotated-secret-0123456789abcdef0123456789abcdef", displayUrl=None)
    second = await Tenant.get(client_key=CLIENT_KEY)
    assert second.id == first.id and second.display_url is None
    assert app.secret_box.decrypt(second.shared_secret, SHARED_SECRET_PURPOSE).startswith("rotated-secret-")


async def test_the_install_key_is_fetched_once_per_kid(signed_install: SignedInstall, key_server: KeyServer) -> None:
    await signed_install(CLIENT_KEY)
    await signed_install("another-client-key")
    assert key_server.requests == [KID]


def _install(key: rsa.RSAPrivateKey, path: str, **options: Any) -> str:
    return install_token(key, **{"client_key": CLIENT_KEY, "path": path, **options})


def _hs256(path: str) -> str:
    current = lifecycle_body(CLIENT_KEY, "installed")["sharedSecret"]  # the secret the tenant holds now
    return tenant_token(current, client_key=CLIENT_KEY, method="POST", path_and_query=path)


def _alg_none(path: str) -> str:
    now = int(time.time())
    claims = {"iss": CLIENT_KEY, "aud": BASE_URL, "qsh": query_string_hash("POST", path), "iat": now, "exp": now + 900}
    return jwt.encode(claims, None, algorithm="none", headers={"kid": KID})


Forger = Callable[[rsa.RSAPrivateKey, rsa.RSAPrivateKey, str], str | None]
# (Atlassian's key, an attacker's key, the callback path) -> a token Atlassian would never send there
FORGED: dict[str, Forger] = {
    "no token": lambda real, attacker, path: None,
    "unknown kid (key server 404)": lambda real, attacker, path: _install(real, path, kid="1111-2222-3333"),
    "known kid, another key": lambda real, attacker, path: _install(attacker, path),
    "no kid": lambda real, attacker, path: _install(real, path, kid=None),
    "wrong aud": lambda real, attacker, path: _install(real, path, aud="https://evil.example"),
    "aud extending ours": lambda real, attacker, path: _install(real, path, aud=BASE_URL + ".evil.example"),
    "aud a list holding ours and another": lambda real, attacker, path: _install(real, path, aud=[BASE_URL, "https://evil.example"]),  # noqa: E501
    "exp NaN": lambda real, attacker, path: _install(real, path, lifetime=float("nan")),  # type: ignore[arg-type]
    "exp Infinity": lambda real, attacker, path: _install(real, path, lifetime=float("inf")),  # type: ignore[arg-type]
    "a two-hour lifetime": lambda real, attacker, path: _install(real, path, lifetime=7200),
    "qsh of another path": lambda real, attacker, path: _install(real, path, qsh=query_string_hash("POST", "/x")),
    "context qsh": lambda real, attacker, path: _install(real, path, qsh=CONTEXT_QSH),
    "iss not the body's clientKey": lambda real, attacker, path: _install(real, path, client_key="someone-else"),
    "expired": lambda real, attacker, path: _install(real, path, iat=int(time.time()) - 1000, lifetime=900),
    "iat in the future": lambda real, attacker, path: _install(real, path, iat=int(time.time()) + 300),
    "HS256 with the tenant's secret": lambda real, attacker, path: _hs256(path),
    "alg none": lambda real, attacker, path: _alg_none(path),
    "not a JWT": lambda real, attacker, path: "not-a-token",
    "header nested past the parser": lambda real, attacker, path: nested_jwt("header"),
}


@pytest.mark.parametrize("event", ["installed", "uninstalled"])
@pytest.mark.parametrize("case", FORGED)
async def test_a_forged_install_or_uninstall_is_refused_and_changes_nothing(
    event: str,
    case: str,
    client: QuartClient,
    signed_install: SignedInstall,
    atlassian_key: rsa.RSAPrivateKey,
    attacker_key: rsa.RSAPrivateKey,
) -> None:
    await signed_install(CLIENT_KEY)
    before = snapshot(await Tenant.get(client_key=CLIENT_KEY))
    hijack = lifecycle_body(CLIENT_KEY, event, sharedSecret="attacker-secret-" + "x" * 48, baseUrl="http://127.0.0.2")
    token = FORGED[case](atlassian_key, attacker_key, f"/connect/{event}")
    status, body = await post(client, event, hijack, token)
    assert status == 401 and body["error"].endswith(".")
    assert snapshot(await Tenant.get(client_key=CLIENT_KEY)) == before


@pytest.mark.parametrize(
    "kid", ["../../etc/passwd", "a/../b", "/absolute", "a//b", "a?b=c", "a#b", "%2e%2e/x", "a\\b", "a b", "k" * 201]
)
async def test_a_kid_that_is_not_a_plain_key_id_is_refused_without_a_fetch(
    kid: str, client: QuartClient, atlassian_key: rsa.RSAPrivateKey, key_server: KeyServer
) -> None:
    token = install_token(atlassian_key, client_key=CLIENT_KEY, path="/connect/installed", kid=kid)
    status, _ = await post(client, "installed", lifecycle_body(CLIENT_KEY, "installed"), token)
    assert status == 401
    assert key_server.requests == []
    assert await Tenant.filter(client_key=CLIENT_KEY).count() == 0


@pytest.mark.parametrize("answer", [404, 500, 302])
async def test_a_key_server_that_does_not_answer_with_a_key_refuses_the_install(
    answer: int, client: QuartClient, atlassian_key: rsa.RSAPrivateKey, key_server: KeyServer
) -> None:
    key_server.status = answer
    token = install_token(atlassian_key, client_key=CLIENT_KEY, path="/connect/installed")
    status, _ = await post(client, "installed", lifecycle_body(CLIENT_KEY, "installed"), token)
    assert status == 401
    assert await Tenant.filter(client_key=CLIENT_KEY).count() == 0


async def test_a_key_server_that_is_down_refuses_the_install(
    database: str, make_settings: Callable[..., Settings], atlassian_key: rsa.RSAPrivateKey
) -> None:
    app = create_app(make_settings(CONNECT_INSTALL_KEYS_URL="http://127.0.0.1:9"))  # nothing listens on port 9
    async with app.test_app():
        token = install_token(atlassian_key, client_key=CLIENT_KEY, path="/connect/installed")
        status, _ = await post(app.test_client(), "installed", lifecycle_body(CLIENT_KEY, "installed"), token)
        assert status == 401
        assert await Tenant.filter(client_key=CLIENT_KEY).count() == 0


async def test_a_rotated_atlassian_key_is_fetched_under_its_new_kid(client: QuartClient, key_server: KeyServer) -> None:
    new_key = new_rsa_key()
    key_server.keys["rotated-kid"] = public_pem(new_key)
    token = install_token(new_key, client_key=CLIENT_KEY, path="/connect/installed", kid="rotated-kid")
    status, _ = await post(client, "installed", lifecycle_body(CLIENT_KEY, "installed"), token)
    assert status == 204


# --- body validation: 401 comes first, then 400 --------------------------------------------------------


async def _signed_post(
    client: QuartClient, key: rsa.RSAPrivateKey, body: Any, event: str = "installed"
) -> tuple[int, Any]:
    token = install_token(key, client_key=CLIENT_KEY, path=f"/connect/{event}")
    raw = body if isinstance(body, str) else json.dumps(body)
    headers = {**jwt_header(token), "Content-Type": "application/json"}
    response = await client.post(f"/connect/{event}", data=raw, headers=headers)
    return response.status_code, await response.get_json()


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[]",
        {key: value for key, value in lifecycle_body(CLIENT_KEY, "installed").items() if key != "baseUrl"},
        lifecycle_body(CLIENT_KEY, "installed", sharedSecret=None),
        lifecycle_body(CLIENT_KEY, "installed", clientKey=42),
        lifecycle_body(CLIENT_KEY, "installed", key="com.someone.else"),
        lifecycle_body(CLIENT_KEY, "installed", baseUrl="ftp://acme.atlassian.net"),
        lifecycle_body(CLIENT_KEY, "installed", baseUrl="x" * 300),
    ],
)
async def test_a_malformed_body_with_a_valid_token_is_a_400(
    body: Any, client: QuartClient, atlassian_key: rsa.RSAPrivateKey
) -> None:
    status, answer = await _signed_post(client, atlassian_key, body)
    assert status == 400
    assert answer["error"].endswith(".") and "shared-secret" not in answer["error"]
    assert await Tenant.all().count() == 0


async def test_a_malformed_body_with_a_bad_token_is_a_401(client: QuartClient, attacker_key: rsa.RSAPrivateKey) -> None:
    status, _ = await _signed_post(client, attacker_key, "{not json")
    assert status == 401


@pytest.mark.parametrize(
    ("site", "accepted"),
    [("https://acme.atlassian.net", True), ("http://acme.atlassian.net", False), ("https://10.1.2.3", False)],
)
async def test_tenant_urls_must_be_public_https_without_the_development_flag(
    site: str, accepted: bool, database: str, make_settings: Callable[..., Settings], key_server: KeyServer,
    atlassian_key: rsa.RSAPrivateKey,
) -> None:
    settings = make_settings(CONNECT_INSTALL_KEYS_URL=key_server.server.url, SLEUTH_ALLOW_PRIVATE_URLS="0")
    app = create_app(settings)
    async with app.test_app():
        body = lifecycle_body(CLIENT_KEY, "installed", baseUrl=site, displayUrl=None)
        status, _ = await _signed_post(app.test_client(), atlassian_key, body)
        assert status == (204 if accepted else 400)
        assert await Tenant.filter(client_key=CLIENT_KEY).count() == (1 if accepted else 0)


async def test_install_under_a_base_url_with_a_path(
    database: str, make_settings: Callable[..., Settings], key_server: KeyServer, atlassian_key: rsa.RSAPrivateKey
) -> None:
    base_url = "http://127.0.0.1:8000/sleuth"
    app = create_app(make_settings(CONNECT_INSTALL_KEYS_URL=key_server.server.url, SLEUTH_BASE_URL=base_url))
    body = lifecycle_body(CLIENT_KEY, "installed")
    async with app.test_app():
        client = app.test_client()
        refused = [
            install_token(atlassian_key, client_key=CLIENT_KEY, path="/sleuth/connect/installed", aud=base_url),
            install_token(atlassian_key, client_key=CLIENT_KEY, path="/connect/installed", aud=BASE_URL),  # another app
        ]
        for token in refused:
            response = await client.post("/sleuth/connect/installed", json=body, headers=jwt_header(token))
            assert response.status_code == 401
        # The qsh is of the path relative to the base URL, and aud is the base URL with its path.
        await install_site(client, atlassian_key, CLIENT_KEY, base_url=base_url)


# --- uninstalled ----------------------------------------------------------------------------------------


async def test_uninstalled_marks_the_tenant_and_keeps_its_row(
    client: QuartClient, signed_install: SignedInstall, atlassian_key: rsa.RSAPrivateKey
) -> None:
    await signed_install(CLIENT_KEY)
    token = install_token(atlassian_key, client_key=CLIENT_KEY, path="/connect/uninstalled")
    status, _ = await post(client, "uninstalled", lifecycle_body(CLIENT_KEY, "uninstalled"), token)
    assert status == 204
    tenant = await Tenant.get(client_key=CLIENT_KEY)
    assert not tenant.installed and tenant.uninstalled_at is not None
    # Idempotent: a repeat (with its own token, as Jira signs each callback) keeps the first time.
    again = install_token(atlassian_key, client_key=CLIENT_KEY, path="/connect/uninstalled")
    status, _ = await post(client, "uninstalled", lifecycle_body(CLIENT_KEY, "uninstalled"), again)
    assert status == 204
    assert (await Tenant.get(client_key=CLIENT_KEY)).uninstalled_at == tenant.uninstalled_at


async def test_an_install_token_replayed_with_another_body_is_refused(
    app: SleuthJira, client: QuartClient, atlassian_key: rsa.RSAPrivateKey
) -> None:
    token = install_token(atlassian_key, client_key=CLIENT_KEY, path="/connect/installed")
    status, _ = await post(client, "installed", lifecycle_body(CLIENT_KEY, "installed"), token)
    assert status == 204
    stolen = lifecycle_body(CLIENT_KEY, "installed", sharedSecret="attacker-secret-0123456789abcdef0123456789ab")
    status, answer = await post(client, "installed", stolen, token)
    assert status == 401 and "already used" in answer["error"]
    tenant = await Tenant.get(client_key=CLIENT_KEY)
    assert app.secret_box.decrypt(tenant.shared_secret or "", SHARED_SECRET_PURPOSE) != stolen["sharedSecret"]


async def test_a_reinstall_revives_the_uninstalled_row(
    client: QuartClient, signed_install: SignedInstall, atlassian_key: rsa.RSAPrivateKey
) -> None:
    await signed_install(CLIENT_KEY)
    original = await Tenant.get(client_key=CLIENT_KEY)
    token = install_token(atlassian_key, client_key=CLIENT_KEY, path="/connect/uninstalled")
    await post(client, "uninstalled", lifecycle_body(CLIENT_KEY, "uninstalled"), token)
    await signed_install(CLIENT_KEY)
    revived = await Tenant.get(client_key=CLIENT_KEY)
    assert revived.id == original.id
    assert revived.installed and revived.enabled and revived.uninstalled_at is None


# --- enabled / disabled ---------------------------------------------------------------------------------


def _toggle_token(secret: str, event: str, client_key: str = CLIENT_KEY) -> str:
    return tenant_token(secret, client_key=client_key, method="POST", path_and_query=f"/connect/{event}", sub=None)


async def test_disabled_then_enabled_with_the_tenants_token(client: QuartClient, signed_install: SignedInstall) -> None:
    secret = await signed_install(CLIENT_KEY)
    disable = _toggle_token(secret, "disabled")
    status, _ = await post(client, "disabled", lifecycle_body(CLIENT_KEY, "disabled"), disable)
    assert status == 204 and not (await Tenant.get(client_key=CLIENT_KEY)).enabled
    status, _ = await post(client, "enabled", lifecycle_body(CLIENT_KEY, "enabled"), _toggle_token(secret, "enabled"))
    assert status == 204 and (await Tenant.get(client_key=CLIENT_KEY)).enabled


@pytest.mark.parametrize("event", ["enabled", "disabled"])
@pytest.mark.parametrize(
    "case", ["no token", "wrong secret", "qsh of the other event", "context qsh", "iss is another tenant's"]
)
async def test_a_bad_toggle_is_refused_and_changes_nothing(
    event: str, case: str, client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY)
    other_secret = await signed_install("other-client-key")
    if event == "enabled":  # start from the state the callback would change
        await Tenant.filter(client_key=CLIENT_KEY).update(enabled=False)
    before = snapshot(await Tenant.get(client_key=CLIENT_KEY))
    other_event = "enabled" if event == "disabled" else "disabled"
    token = {
        "no token": None,
        "wrong secret": _toggle_token("not-the-secret-0123456789abcdef0123456789", event),
        "qsh of the other event": _toggle_token(secret, other_event),
        "context qsh": tenant_token(secret, client_key=CLIENT_KEY, qsh=CONTEXT_QSH),
        "iss is another tenant's": _toggle_token(other_secret, event, client_key="other-client-key"),
    }[case]
    status, _ = await post(client, event, lifecycle_body(CLIENT_KEY, event), token)
    assert status == 401
    assert snapshot(await Tenant.get(client_key=CLIENT_KEY)) == before


async def test_disabled_after_uninstalled_is_harmless(
    client: QuartClient, signed_install: SignedInstall, atlassian_key: rsa.RSAPrivateKey
) -> None:
    secret = await signed_install(CLIENT_KEY)
    token = install_token(atlassian_key, client_key=CLIENT_KEY, path="/connect/uninstalled")
    await post(client, "uninstalled", lifecycle_body(CLIENT_KEY, "uninstalled"), token)
    before = snapshot(await Tenant.get(client_key=CLIENT_KEY))
    for late_token in (None, _toggle_token(secret, "disabled")):  # AC-2561: sometimes without a JWT
        status, _ = await post(client, "disabled", lifecycle_body(CLIENT_KEY, "disabled"), late_token)
        assert status == 204
    assert snapshot(await Tenant.get(client_key=CLIENT_KEY)) == before
    # enabled is no such quirk: an uninstalled tenant's token is refused.
    status, _ = await post(client, "enabled", lifecycle_body(CLIENT_KEY, "enabled"), _toggle_token(secret, "enabled"))
    assert status == 401


async def test_disabled_for_an_unknown_site_without_a_token_is_a_no_op(client: QuartClient) -> None:
    status, _ = await post(client, "disabled", lifecycle_body("never-installed", "disabled"), None)
    assert status == 204
    assert await Tenant.all().count() == 0


async def test_a_toggle_with_a_valid_token_and_a_malformed_body_is_a_400(
    client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY)
    response = await client.post("/connect/disabled", data="{", headers=jwt_header(_toggle_token(secret, "disabled")))
    assert response.status_code == 400
    assert (await Tenant.get(client_key=CLIENT_KEY)).enabled


async def test_an_aud_list_of_exactly_our_base_url_is_accepted(client: QuartClient, atlassian_key: rsa.RSAPrivateKey) -> None:
    token = _install(atlassian_key, "/connect/installed", aud=[BASE_URL])
    status, _ = await post(client, "installed", lifecycle_body(CLIENT_KEY, "installed"), token)
    assert status == 204
