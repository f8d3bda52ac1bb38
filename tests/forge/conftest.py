"""Fixtures of the Forge tests: signing keys, a running JWKS that publishes the first one, a clock."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.forge.forge_platform import KID, FakeClock, Jwks, new_rsa_key


@pytest.fixture(scope="session")
def forge_key() -> rsa.RSAPrivateKey:
    return new_rsa_key()


@pytest.fixture(scope="session")
def rotated_key() -> rsa.RSAPrivateKey:
    return new_rsa_key()


@pytest.fixture(scope="session")
def stranger_key() -> rsa.RSAPrivateKey:
    """A key Forge never published."""
    return new_rsa_key()


@pytest.fixture
async def jwks(forge_key: rsa.RSAPrivateKey) -> AsyncIterator[Jwks]:
    server = Jwks(keys={KID: forge_key})
    await server.start()
    yield server
    await server.server.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
