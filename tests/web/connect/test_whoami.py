"""`GET /connect/whoami` behind `@connect_context`: context tokens (qsh "context-qsh") only."""

from __future__ import annotations

from quart.typing import TestClientProtocol as QuartClient

from app.connect.jwt import CONTEXT_QSH
from models.tenant import Tenant
from tests.fakes.atlassian import SITE_URL, SignedInstall, jwt_header, tenant_token

CLIENT_KEY = "site-a-client-key"


async def whoami(client: QuartClient, token: str | None) -> tuple[int, dict[str, object]]:
    response = await client.get("/connect/whoami", headers=jwt_header(token))
    return response.status_code, await response.get_json()


async def test_a_context_token_tells_the_site_and_the_user(client: QuartClient, signed_install: SignedInstall) -> None:
    secret = await signed_install(CLIENT_KEY, displayUrl=None)
    status, body = await whoami(client, tenant_token(secret, client_key=CLIENT_KEY, qsh=CONTEXT_QSH, sub="557058:u-1"))
    assert status == 200
    assert body == {"baseUrl": SITE_URL, "displayUrl": None, "accountId": "557058:u-1"}


async def test_a_context_token_without_a_user_has_no_account_id(
    client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY)
    status, body = await whoami(client, tenant_token(secret, client_key=CLIENT_KEY, qsh=CONTEXT_QSH, sub=None))
    assert status == 200 and body["accountId"] is None


async def test_a_token_with_a_real_qsh_is_refused_even_for_this_very_request(
    client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY)
    token = tenant_token(secret, client_key=CLIENT_KEY, path_and_query="/connect/whoami")
    assert (await whoami(client, token))[0] == 401


async def test_no_token_401_and_a_disabled_site_403(client: QuartClient, signed_install: SignedInstall) -> None:
    secret = await signed_install(CLIENT_KEY)
    assert (await whoami(client, None))[0] == 401
    await Tenant.filter(client_key=CLIENT_KEY).update(enabled=False)
    assert (await whoami(client, tenant_token(secret, client_key=CLIENT_KEY, qsh=CONTEXT_QSH)))[0] == 403
