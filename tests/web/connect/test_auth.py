"""`@connect_page` on the real iframe routes (the deploy panel, the admin page): a token is accepted only
for this tenant, this request (qsh), in its lifetime; refusals are 401, a disabled site 403."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient

from app.connect.jwt import CONTEXT_QSH
from app.web.application import SleuthJira
from app.web.connect.auth import PAGE_SOURCES
from models.tenant import Tenant
from tests.fakes.atlassian import (
    SLEUTH_UNDER_A_PATH,
    SignedInstall,
    install_site,
    install_token,
    jwt_header,
    lifecycle_body,
    tenant_token,
)
from tests.fakes.hostile import nested_jwt

CLIENT_KEY = "site-a-client-key"
OTHER_CLIENT_KEY = "site-b-client-key"
# An iframe load as Jira makes it (ref §4.6 vector 4): the standard parameters are part of the qsh.
PANEL = (
    "/jira/panel?issueKey=DEP-42&projectKey=DEP&xdm_e=https%3A%2F%2Fexample.atlassian.net&xdm_c=channel-1&cp="
    "&xdm_deprecated_addon_key_do_not_use=io.sleuth.jira&lic=none&cv=1001.0.0-SNAPSHOT"
)


def page_token(secret: str, path_and_query: str = PANEL, **options: Any) -> str:
    return tenant_token(secret, client_key=CLIENT_KEY, path_and_query=path_and_query, **options)


async def get_page(client: QuartClient, token: str | None, path_and_query: str = PANEL) -> tuple[int, str]:
    url = f"{path_and_query}&jwt={token}" if token is not None else path_and_query
    response = await client.get(url)
    return response.status_code, await response.get_data(as_text=True)


async def test_a_valid_page_token_opens_the_panel_with_framing_headers(
    client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY, displayUrl="http://jira.acme.test:8080")
    response = await client.get(f"{PANEL}&jwt={page_token(secret)}")
    assert response.status_code == 200
    assert response.content_type.startswith("text/html")
    assert response.headers["Content-Security-Policy"] == (
        f"{PAGE_SOURCES}; frame-ancestors 'self' http://127.0.0.1:8765 http://jira.acme.test:8080"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


async def test_the_admin_page_is_behind_the_same_check(client: QuartClient, signed_install: SignedInstall) -> None:
    secret = await signed_install(CLIENT_KEY)
    # The token passes; then the page asks the site's Jira (not running here) whether the user is an admin.
    assert (await get_page(client, page_token(secret, "/jira/admin?lic=none"), "/jira/admin?lic=none"))[0] == 403
    assert (await get_page(client, page_token(secret), "/jira/admin?lic=none"))[0] == 401


async def test_the_token_may_come_in_the_authorization_header(
    client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY)
    token = page_token(secret)
    assert (await client.get(PANEL, headers=jwt_header(token))).status_code == 200
    # In both places it must be the same token.
    assert (await client.get(f"{PANEL}&jwt={token}", headers=jwt_header(token))).status_code == 200
    other = page_token(secret, sub="557058:someone-else")
    assert (await client.get(f"{PANEL}&jwt={token}", headers=jwt_header(other))).status_code == 401
    assert (await client.get(f"{PANEL}&jwt={token}&jwt={token}")).status_code == 401


def _refused_tokens(secret: str, other_secret: str) -> dict[str, str | None]:
    now = int(time.time())
    return {
        "no token": None,
        "wrong secret": page_token("not-the-secret-0123456789abcdef0123456789abcdef"),
        "alg none": jwt.encode(
            {"iss": CLIENT_KEY, "qsh": CONTEXT_QSH, "iat": now, "exp": now + 900}, None, algorithm="none"
        ),
        "HS512": jwt.encode({"iss": CLIENT_KEY, "iat": now, "exp": now + 900, "qsh": "x"}, secret, algorithm="HS512"),
        "expired": page_token(secret, iat=now - 1000, lifetime=900),
        "expired beyond the leeway": page_token(secret, iat=now - 931, lifetime=900),
        "iat in the future": page_token(secret, iat=now + 120),
        "no exp": page_token(secret, drop=("exp",)),
        "no iat": page_token(secret, drop=("iat",)),
        "no qsh": page_token(secret, drop=("qsh",)),
        "qsh of another path": page_token(secret, PANEL.replace("/jira/panel", "/jira/admin")),
        "qsh of another query value": page_token(secret, PANEL.replace("DEP-42", "DEP-43")),
        "qsh of another method": tenant_token(secret, client_key=CLIENT_KEY, method="POST", path_and_query=PANEL),
        "context qsh on a page": page_token(secret, qsh=CONTEXT_QSH),
        "unknown iss": tenant_token(secret, client_key="nobody", path_and_query=PANEL),
        "tenant B's token with tenant A's iss": page_token(other_secret),
        "not a JWT": "garbage",
        "header nested past the parser": nested_jwt("header"),
        "payload nested past the parser": nested_jwt("payload"),
        "too long": page_token(secret, sub="x" * 9000),
    }


REFUSALS = list(_refused_tokens("s" * 64, "o" * 64))  # the case names


@pytest.mark.parametrize("case", REFUSALS)
async def test_a_bad_page_token_is_a_401(case: str, client: QuartClient, signed_install: SignedInstall) -> None:
    secret = await signed_install(CLIENT_KEY)
    other_secret = await signed_install(OTHER_CLIENT_KEY)
    status, body = await get_page(client, _refused_tokens(secret, other_secret)[case])
    assert status == 401
    assert secret not in body and "eyJ" not in body  # never echo a secret or a token


async def test_a_token_within_the_clock_leeway_is_accepted(client: QuartClient, signed_install: SignedInstall) -> None:
    secret = await signed_install(CLIENT_KEY)
    now = int(time.time())
    assert (await get_page(client, page_token(secret, iat=now - 920, lifetime=900)))[0] == 200  # expired 20 s ago
    assert (await get_page(client, page_token(secret, iat=now + 20)))[0] == 200  # issued 20 s ahead


async def test_a_disabled_site_gets_403_and_an_uninstalled_one_401(
    client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY)
    await Tenant.filter(client_key=CLIENT_KEY).update(enabled=False)
    assert (await get_page(client, page_token(secret)))[0] == 403
    await Tenant.filter(client_key=CLIENT_KEY).update(enabled=True, installed=False)
    assert (await get_page(client, page_token(secret)))[0] == 401


async def test_tokens_fail_as_soon_as_the_uninstall_returned(
    client: QuartClient, signed_install: SignedInstall, atlassian_key: rsa.RSAPrivateKey
) -> None:
    secret = await signed_install(CLIENT_KEY)
    token = page_token(secret)
    assert (await get_page(client, token))[0] == 200
    uninstall = install_token(atlassian_key, client_key=CLIENT_KEY, path="/connect/uninstalled")
    response = await client.post(
        "/connect/uninstalled", json=lifecycle_body(CLIENT_KEY, "uninstalled"), headers=jwt_header(uninstall)
    )
    assert response.status_code == 204
    assert (await get_page(client, token))[0] == 401


async def test_the_old_secret_fails_after_a_rotation(client: QuartClient, signed_install: SignedInstall) -> None:
    old = await signed_install(CLIENT_KEY)
    new = await signed_install(CLIENT_KEY, sharedSecret="rotated-secret-0123456789abcdef0123456789abcdef")
    assert (await get_page(client, page_token(old)))[0] == 401
    assert (await get_page(client, page_token(new)))[0] == 200


async def test_pages_under_a_base_url_with_a_path_hash_the_path_relative_to_it(
    app_under_a_path: SleuthJira, atlassian_key: rsa.RSAPrivateKey
) -> None:
    client = app_under_a_path.test_client()
    secret = await install_site(client, atlassian_key, CLIENT_KEY, base_url=SLEUTH_UNDER_A_PATH)
    # Jira hashes the module URL relative to baseUrl: /jira/panel?..., not /sleuth/jira/panel?...
    assert (await get_page(client, page_token(secret), "/sleuth" + PANEL))[0] == 200
    assert (await get_page(client, page_token(secret, "/sleuth" + PANEL), "/sleuth" + PANEL))[0] == 401


@pytest.mark.parametrize("path", [PANEL, "/jira/admin?lic=none"], ids=["panel", "admin page"])
async def test_a_refused_page_token_gets_a_page_saying_to_reload_never_json(
    client: QuartClient, signed_install: SignedInstall, path: str
) -> None:
    """Jira shows the iframe's answer as it is: JSON there reads as raw text where the panel should be."""
    secret = await signed_install(CLIENT_KEY)
    expired = page_token(secret, path, iat=int(time.time()) - 4000, lifetime=300)
    for token in (expired, "not-a-token", None):
        response = await client.get(f"{path}&jwt={token}" if token else path)
        page = await response.get_data(as_text=True)
        assert response.status_code == 401 and response.content_type.startswith("text/html")
        assert "Reload the issue (or this page) to try again." in page and secret not in page
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
