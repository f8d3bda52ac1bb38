"""Forge Invocation Token verification and the key set, against a real JWKS server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from app.forge.fit import (
    MAX_LIFETIME_SECONDS,
    FitPolicy,
    ForgeInvocation,
    ForgeKeys,
    InvalidInvocation,
    KeysUnavailable,
    parse_jwks,
    verify_invocation,
)
from tests.fakes.atlassian import new_rsa_key
from tests.fakes.clock import FakeClock
from tests.fakes.forge_platform import (
    ACCOUNT_ID,
    API_BASE_URL,
    APP_ID,
    CLOUD_ID,
    ENVIRONMENT_ID,
    INSTALLATION_ID,
    KID,
    OTHER_ENVIRONMENT_ID,
    ROTATED_KID,
    Jwks,
    app_claims,
    bearer,
    fit_claims,
    forge_token,
    public_jwk,
    sign,
)

POLICY = FitPolicy(app_id=APP_ID, environment_ids=frozenset({ENVIRONMENT_ID}), allow_loopback_api=False)


@pytest.fixture
async def keys(jwks: Jwks, clock: FakeClock) -> AsyncIterator[ForgeKeys]:
    forge_keys = ForgeKeys(jwks.url, clock=clock, timeout=2)
    await forge_keys.open()
    yield forge_keys
    await forge_keys.close()


async def verify(
    keys: ForgeKeys, token: str, policy: FitPolicy = POLICY, headers: dict[str, str] | None = None
) -> ForgeInvocation:
    return await verify_invocation(bearer(token, **(headers or {})), keys=keys, policy=policy)


async def test_a_valid_token_says_who_is_calling(keys: ForgeKeys, forge_key: rsa.RSAPrivateKey) -> None:
    invocation = await verify(
        keys, sign(fit_claims(), forge_key), headers={"x-forge-oauth-system": "system-token", "x-forge-oauth-user": "user-token"}
    )
    assert invocation.installation_id == INSTALLATION_ID  # the ARI prefix removed
    assert invocation.cloud_id == CLOUD_ID
    assert invocation.environment_id == ENVIRONMENT_ID
    assert invocation.api_base_url == API_BASE_URL
    assert invocation.account_id == ACCOUNT_ID
    assert invocation.context["extension"]["issue"]["key"] == "ABC-1"
    assert (invocation.system_token, invocation.user_token) == ("system-token", "user-token")
    assert "system-token" not in repr(invocation) and "user-token" not in repr(invocation)


async def test_an_event_token_without_context_or_user(keys: ForgeKeys, forge_key: rsa.RSAPrivateKey) -> None:
    claims = fit_claims()
    del claims["context"], claims["principal"]
    installation = {"id": f"ari:cloud:ecosystem::installation/{INSTALLATION_ID}"}
    claims["app"] = {**claims["app"], "installation": installation}
    del claims["app"]["installationId"]
    invocation = await verify(keys, sign(claims, forge_key))
    assert invocation.installation_id == INSTALLATION_ID
    assert invocation.cloud_id == CLOUD_ID  # from apiBaseUrl .../ex/jira/<cloudId>
    assert invocation.account_id is None and invocation.context == {}
    assert invocation.system_token is None and invocation.user_token is None


async def test_every_environment_passes_when_none_is_listed(keys: ForgeKeys, forge_key: rsa.RSAPrivateKey) -> None:
    token = sign(app_claims(environment={"type": "DEVELOPMENT", "id": OTHER_ENVIRONMENT_ID}), forge_key)
    with pytest.raises(InvalidInvocation, match="environment"):
        await verify(keys, token)
    open_policy = FitPolicy(app_id=APP_ID, environment_ids=frozenset(), allow_loopback_api=False)
    assert (await verify(keys, token, open_policy)).environment_id == OTHER_ENVIRONMENT_ID


@pytest.mark.parametrize(
    ("api_base_url", "allowed"),
    [
        (API_BASE_URL + "/", True),
        ("https://api.atlassian.com:443/ex/jira/x", True),
        ("http://api.atlassian.com/ex/jira/x", False),
        ("https://api.atlassian.com.evil.example/ex/jira/x", False),
        ("https://evil.example/ex/jira/x", False),
        ("https://user@api.atlassian.com/ex/jira/x", False),
        ("https://api.atlassian.com:8443/ex/jira/x", False),
        ("https://api.atlassian.com/ex/jira/x?next=https://evil.example", False),
        ("http://127.0.0.1:9/ex/jira/x", False),
    ],
)
async def test_the_api_base_url_must_be_atlassians(
    keys: ForgeKeys, forge_key: rsa.RSAPrivateKey, api_base_url: str, allowed: bool
) -> None:
    token = sign(app_claims(apiBaseUrl=api_base_url), forge_key)
    if allowed:
        assert (await verify(keys, token)).api_base_url == api_base_url.rstrip("/")
    else:
        with pytest.raises(InvalidInvocation, match="API base URL"):
            await verify(keys, token)


async def test_a_loopback_api_base_url_passes_only_with_the_flag(keys: ForgeKeys, forge_key: rsa.RSAPrivateKey) -> None:
    local = FitPolicy(app_id=APP_ID, environment_ids=frozenset({ENVIRONMENT_ID}), allow_loopback_api=True)
    for url in ("http://127.0.0.1:8765/ex/jira/x", "http://localhost:8765", "http://[::1]:8765"):
        assert (await verify(keys, sign(app_claims(apiBaseUrl=url), forge_key), local)).api_base_url == url
    with pytest.raises(InvalidInvocation, match="API base URL"):
        await verify(keys, sign(app_claims(apiBaseUrl="http://10.0.0.1/ex/jira/x"), forge_key), local)


async def test_the_key_set_is_fetched_once_then_cached(keys: ForgeKeys, jwks: Jwks, forge_key: rsa.RSAPrivateKey) -> None:
    for _ in range(5):
        await verify(keys, sign(fit_claims(), forge_key))
    assert jwks.fetches == 1


async def test_concurrent_first_calls_share_one_fetch(keys: ForgeKeys, jwks: Jwks, forge_key: rsa.RSAPrivateKey) -> None:
    token = sign(fit_claims(), forge_key)
    await asyncio.gather(*(verify(keys, token) for _ in range(20)))
    assert jwks.fetches == 1


async def test_a_rotated_key_works_on_its_first_call_and_unknown_kids_refetch_once_a_minute(
    keys: ForgeKeys,
    jwks: Jwks,
    clock: FakeClock,
    forge_key: rsa.RSAPrivateKey,
    rotated_key: rsa.RSAPrivateKey,
    stranger_key: rsa.RSAPrivateKey,
) -> None:
    await verify(keys, sign(fit_claims(), forge_key))
    assert jwks.fetches == 1  # the first load

    jwks.keys[ROTATED_KID] = rotated_key  # Forge rotates its keys
    await verify(keys, sign(fit_claims(), rotated_key, ROTATED_KID))
    assert jwks.fetches == 2  # exactly one refetch, before the answer

    for number in range(50):
        clock.advance(1.0)  # all within the minute
        with pytest.raises(InvalidInvocation, match="unknown key"):
            await verify(keys, sign(fit_claims(), stranger_key, f"{KID}-made-up-{number}"))
    assert jwks.fetches == 2
    await verify(keys, sign(fit_claims(), forge_key))  # known keys still pass meanwhile

    clock.advance(10.0)  # 60 s after the refetch
    with pytest.raises(InvalidInvocation, match="unknown key"):
        await verify(keys, sign(fit_claims(), stranger_key, f"{KID}-made-up-again"))
    assert jwks.fetches == 3


async def test_concurrent_calls_with_a_new_kid_share_one_refetch(
    keys: ForgeKeys, jwks: Jwks, forge_key: rsa.RSAPrivateKey, rotated_key: rsa.RSAPrivateKey
) -> None:
    await verify(keys, sign(fit_claims(), forge_key))
    jwks.keys[ROTATED_KID] = rotated_key
    token = sign(fit_claims(), rotated_key, ROTATED_KID)
    await asyncio.gather(*(verify(keys, token) for _ in range(20)))
    assert jwks.fetches == 2


async def test_tokens_of_another_algorithm_are_refused_before_any_fetch(
    keys: ForgeKeys, jwks: Jwks, forge_key: rsa.RSAPrivateKey
) -> None:
    for header in ({"alg": "none", "kid": KID}, {"alg": "HS256", "kid": KID}, {"alg": "RS512", "kid": KID}):
        with pytest.raises(InvalidInvocation, match="RS256"):
            await verify(keys, forge_token(header, fit_claims(), b"secret"))
    with pytest.raises(InvalidInvocation, match="no signing key"):
        await verify(keys, jwt.encode(fit_claims(), forge_key, algorithm="RS256"))
    assert jwks.fetches == 0


async def test_an_unreachable_key_set_is_not_a_token_failure(
    keys: ForgeKeys, jwks: Jwks, clock: FakeClock, forge_key: rsa.RSAPrivateKey
) -> None:
    token = sign(fit_claims(), forge_key)
    jwks.status = 500
    for _ in range(3):
        with pytest.raises(KeysUnavailable):
            await verify(keys, token)
    assert jwks.fetches == 2  # the first load, then one retry a minute

    jwks.status = None
    clock.advance(60.0)
    await verify(keys, token)
    assert jwks.fetches == 3


async def test_a_key_set_older_than_an_hour_is_refreshed_on_use(
    keys: ForgeKeys, jwks: Jwks, clock: FakeClock, forge_key: rsa.RSAPrivateKey, rotated_key: rsa.RSAPrivateKey
) -> None:
    await verify(keys, sign(fit_claims(), forge_key))
    jwks.keys = {ROTATED_KID: rotated_key}  # Forge withdrew the old key
    clock.advance(3599.0)
    await verify(keys, sign(fit_claims(), forge_key))
    assert jwks.fetches == 1

    clock.advance(1.0)
    with pytest.raises(InvalidInvocation, match="unknown key"):
        await verify(keys, sign(fit_claims(), forge_key))
    assert jwks.fetches == 2


async def test_a_failed_refresh_keeps_the_cached_keys(
    keys: ForgeKeys, jwks: Jwks, clock: FakeClock, forge_key: rsa.RSAPrivateKey
) -> None:
    await verify(keys, sign(fit_claims(), forge_key))
    clock.advance(3600.0)
    jwks.status = 503
    for _ in range(3):
        await verify(keys, sign(fit_claims(), forge_key))
    assert jwks.fetches == 2  # one failed refresh, then none until a minute has passed


def test_the_key_set_keeps_only_usable_rs256_signing_keys(forge_key: rsa.RSAPrivateKey) -> None:
    private = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(forge_key))
    elliptic = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(ec.generate_private_key(ec.SECP256R1()).public_key()))
    document = {
        "keys": [
            public_jwk(forge_key, KID),
            public_jwk(new_rsa_key(1024), "short"),
            {**public_jwk(forge_key, "encryption"), "use": "enc"},
            {**private, "kid": "private"},
            {**elliptic, "kid": "elliptic"},
            {"kid": "garbage", "kty": "RSA", "n": 5},
            "not a key",
        ]
    }
    assert list(parse_jwks(json.dumps(document).encode())) == [KID]
    for body in (b'{"keys": []}', b"[]", b"<html>", b'{"keys": [{"kid": "garbage"}]}', b"\xff"):
        with pytest.raises(ValueError):
            parse_jwks(body)


@pytest.mark.parametrize(
    "changes",
    [
        {"exp": int(time.time()) + 365 * 86400},
        {"iat": int(time.time()) - 3600, "nbf": int(time.time()) - 3600},
        {"exp": float("inf")},
        {"exp": float("nan")},
    ],
    ids=["exp a year ahead", "an hour-long lifetime", "exp Infinity", "exp NaN"],
)
async def test_a_token_living_longer_than_forge_issues_them_is_refused(
    keys: ForgeKeys, forge_key: rsa.RSAPrivateKey, changes: dict[str, object]
) -> None:
    with pytest.raises(InvalidInvocation):
        await verify(keys, sign(fit_claims(**changes), forge_key))


# Times relative to the moment the test runs: a token made at collection could be stale by then.
Changes = Callable[[int], dict[str, object]]


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param(lambda now: {"exp": str(now + 25)}, id="exp a string"),
        pytest.param(lambda now: {"exp": True}, id="exp a boolean"),
        pytest.param(lambda now: {"exp": 10**400}, id="exp an integer beyond any float"),
        pytest.param(lambda now: {"exp": float("-inf")}, id="exp minus Infinity"),
        pytest.param(lambda now: {"iat": now - 7200, "nbf": now - 7200, "exp": now + 25}, id="iat two hours ago"),
        pytest.param(lambda now: {"iat": now + 60, "nbf": now, "exp": now + 70}, id="iat in the future"),
        pytest.param(lambda now: {"iat": float("nan")}, id="iat NaN"),
        pytest.param(lambda now: {"iat": str(now)}, id="iat a string"),
        pytest.param(lambda now: {"iat": False}, id="iat a boolean"),
        pytest.param(lambda now: {"nbf": str(now)}, id="nbf a string"),
        pytest.param(lambda now: {"nbf": True}, id="nbf a boolean"),
        pytest.param(lambda now: {"nbf": None}, id="nbf null"),
        pytest.param(lambda now: {"iat": now + 5, "nbf": now, "exp": now}, id="exp before iat"),
    ],
)
async def test_a_token_whose_times_are_not_numbers_or_not_forges_is_refused(
    keys: ForgeKeys, forge_key: rsa.RSAPrivateKey, changes: Changes
) -> None:
    with pytest.raises(InvalidInvocation):
        await verify(keys, sign(fit_claims(**changes(int(time.time()))), forge_key))


async def test_a_token_without_iat_is_refused(keys: ForgeKeys, forge_key: rsa.RSAPrivateKey) -> None:
    claims = fit_claims()
    del claims["iat"]
    with pytest.raises(InvalidInvocation, match="required claim"):
        await verify(keys, sign(claims, forge_key))


async def test_a_token_living_up_to_sixty_seconds_is_accepted_and_no_longer(
    keys: ForgeKeys, forge_key: rsa.RSAPrivateKey
) -> None:
    assert MAX_LIFETIME_SECONDS == 60  # Forge's 25 s (forge.md §3.3), with room to double
    now = int(time.time())
    assert await verify(keys, sign(fit_claims(iat=now, nbf=now, exp=now + 60), forge_key))
    with pytest.raises(InvalidInvocation, match="lives longer"):
        await verify(keys, sign(fit_claims(iat=now, nbf=now, exp=now + 61), forge_key))
