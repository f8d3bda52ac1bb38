"""The install key store against a real key server: kid shapes, PEM parsing, a bounded cache, failures."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

from app.connect.install_keys import InstallKeyError, InstallKeys, valid_key_id
from tests.fakes.atlassian import KID, KeyServer, new_rsa_key, public_pem
from tests.fakes.servers import LocalServer

SMALL_RSA_KEY = public_pem(new_rsa_key(1024))


@pytest.fixture
async def key_store(key_server: KeyServer) -> AsyncIterator[InstallKeys]:
    store = InstallKeys(key_server.server.url, cache_size=2, timeout=0.5)
    await store.open()
    yield store
    await store.close()


@pytest.mark.parametrize("kid", [KID, "connect/prod/key-1", "a.b_c-d", "k" * 200])
def test_plain_key_ids_are_valid(kid: str) -> None:
    assert valid_key_id(kid)


@pytest.mark.parametrize(
    "kid",
    ["", "..", "../x", "a/../b", "a/./b", "/a", "a/", "a//b", ".hidden", "a?b", "a#b", "%2e", "a b", "é", "k" * 201],
)
def test_key_ids_that_could_leave_the_key_folder_are_invalid(kid: str) -> None:
    assert not valid_key_id(kid)


async def test_a_published_key_is_parsed_and_cached(
    key_store: InstallKeys, key_server: KeyServer, atlassian_key: rsa.RSAPrivateKey
) -> None:
    first = await key_store.public_key(KID)
    assert first.public_numbers() == atlassian_key.public_key().public_numbers()
    assert await key_store.public_key(KID) is first
    assert key_server.requests == [KID]


async def test_the_cache_is_bounded_least_recently_used_first(key_store: InstallKeys, key_server: KeyServer) -> None:
    for kid in ("k1", "k2", "k3"):
        key_server.keys[kid] = key_server.keys[KID]
    await key_store.public_key("k1")
    await key_store.public_key("k2")
    await key_store.public_key("k1")  # k1 is now the most recently used
    await key_store.public_key("k3")  # evicts k2
    await key_store.public_key("k1")
    await key_store.public_key("k2")
    assert key_server.requests == ["k1", "k2", "k3", "k2"]


@pytest.mark.parametrize(
    "body",
    [b"not a key", b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", b"x" * 20000, SMALL_RSA_KEY],
    ids=["text", "bad PEM", "too large", "RSA-1024"],
)
async def test_an_answer_that_is_not_a_usable_rsa_key_is_refused(
    body: bytes, key_store: InstallKeys, key_server: KeyServer
) -> None:
    key_server.keys["odd"] = body
    with pytest.raises(InstallKeyError):
        await key_store.public_key("odd")
    with pytest.raises(InstallKeyError):  # failures are not cached: asked again
        await key_store.public_key("odd")
    assert key_server.requests == ["odd", "odd"]


async def test_a_slow_key_server_times_out() -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(1)
        return web.Response(text="late")

    server = LocalServer()
    server.router.add_get("/{kid}", slow)
    store = InstallKeys(await server.start(), timeout=0.2)
    await store.open()
    try:
        with pytest.raises(InstallKeyError):
            await store.public_key("k")
    finally:
        await store.close()
        await server.stop()
