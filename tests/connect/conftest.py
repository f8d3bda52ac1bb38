"""Fixtures of the Connect tests: Atlassian's key server on 127.0.0.1, the app pointed at it, and a
`signed_install` helper that installs a site the way Jira does."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient

from app import create_app
from app.application import SleuthJira
from app.settings import Settings
from tests.connect.atlassian import KID, KeyServer, install_site, new_rsa_key, public_pem

SignedInstall = Callable[..., Awaitable[str]]


@pytest.fixture(scope="session")
def atlassian_key() -> rsa.RSAPrivateKey:
    """The key Atlassian signs installs with; the key server publishes it under KID."""
    return new_rsa_key()


@pytest.fixture(scope="session")
def attacker_key() -> rsa.RSAPrivateKey:
    return new_rsa_key()


@pytest.fixture
async def key_server(atlassian_key: rsa.RSAPrivateKey) -> AsyncIterator[KeyServer]:
    server = KeyServer(keys={KID: public_pem(atlassian_key)})
    await server.start()
    yield server
    await server.server.stop()


@pytest.fixture
def settings(make_settings: Callable[..., Settings], key_server: KeyServer) -> Settings:
    return make_settings(CONNECT_INSTALL_KEYS_URL=key_server.server.url)


SLEUTH_UNDER_A_PATH = "http://127.0.0.1:8000/sleuth"


@pytest.fixture
async def app_under_a_path(
    database: str, make_settings: Callable[..., Settings], key_server: KeyServer
) -> AsyncIterator[SleuthJira]:
    """The app served under a base URL with a path (SLEUTH_UNDER_A_PATH): every route lives below /sleuth."""
    app = create_app(make_settings(CONNECT_INSTALL_KEYS_URL=key_server.server.url, SLEUTH_BASE_URL=SLEUTH_UNDER_A_PATH))
    async with app.test_app():
        yield app


@pytest.fixture
def signed_install(client: QuartClient, atlassian_key: rsa.RSAPrivateKey) -> SignedInstall:
    """`await signed_install(client_key, **body)`: install a site on the test app; returns its shared secret."""

    async def install(client_key: str, **body: Any) -> str:
        return await install_site(client, atlassian_key, client_key, **body)

    return install
