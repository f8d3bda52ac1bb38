"""`POST /forge/events/token-refresh` through the whole app: every Forge route's guard answers in JSON,
401 for any token it cannot trust, 503 when Forge's keys cannot be fetched, 404 when Forge is off."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app import create_app
from app.settings import Settings
from app.web.application import SleuthJira
from tests.fakes.forge_platform import (
    APP_UUID,
    ENVIRONMENT_ID,
    INSTALLATION_ID,
    KID,
    OTHER_ENVIRONMENT_ID,
    Jwks,
    app_claims,
    bearer,
    fit_claims,
    forge_token,
    sign,
)
from tests.fakes.hostile import nested_jwt

TOKEN_REFRESH = "/forge/events/token-refresh"
OTHER_APP_ID = "ari:cloud:ecosystem::app/99999999-2222-3333-4444-555555555555"


def forge_settings(make_settings: Callable[..., Settings], jwks: Jwks, **overrides: str) -> Settings:
    return make_settings(
        FORGE_APP_ID=APP_UUID,  # the bare UUID: settings turn it into the ARI that `aud` must equal
        FORGE_JWKS_URL=jwks.url,
        FORGE_ENVIRONMENT_IDS=f"{ENVIRONMENT_ID},another-environment",
        **overrides,
    )


@pytest.fixture
async def forge_app(make_settings: Callable[..., Settings], jwks: Jwks) -> AsyncIterator[SleuthJira]:
    app = create_app(forge_settings(make_settings, jwks))
    async with app.test_app():
        yield app


async def post(app: SleuthJira, headers: dict[str, str], path: str = TOKEN_REFRESH) -> tuple[int, dict[str, str] | None]:
    response = await app.test_client().post(path, headers=headers, json={})
    assert response.status_code < 300 or response.mimetype == "application/json"
    assert "Location" not in response.headers
    return response.status_code, await response.get_json() if response.status_code >= 300 else None


async def test_a_valid_token_answers_204_and_logs_no_token(
    forge_app: SleuthJira, forge_key: rsa.RSAPrivateKey, caplog: pytest.LogCaptureFixture
) -> None:
    token = sign(fit_claims(), forge_key)
    caplog.set_level(logging.INFO, logger="app.web.forge")
    assert await post(forge_app, bearer(token, **{"X-Forge-OAuth-System": "system-token-value"})) == (204, None)
    assert f"installation {INSTALLATION_ID} (system token present)" in caplog.text
    assert "system-token-value" not in caplog.text and token not in caplog.text


@dataclass(frozen=True)
class Keys:
    forge: rsa.RSAPrivateKey
    stranger: rsa.RSAPrivateKey


def without(claims: dict[str, Any], name: str) -> dict[str, Any]:
    return {key: value for key, value in claims.items() if key != name}


def public_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


REFUSALS: dict[str, tuple[Callable[[Keys], dict[str, str]], str]] = {
    "no token": (lambda keys: {}, "carries no Forge invocation token"),
    "another scheme": (lambda keys: {"Authorization": "JWT " + sign(fit_claims(), keys.forge)}, "carries no"),
    "garbage": (lambda keys: bearer("not-a-token"), "malformed"),
    "header nested past the parser": (lambda keys: bearer(nested_jwt("header")), "malformed"),
    "wrong aud": (lambda keys: bearer(sign(fit_claims(aud=OTHER_APP_ID), keys.forge)), "another app"),
    "bare UUID aud": (lambda keys: bearer(sign(fit_claims(aud=APP_UUID), keys.forge)), "another app"),
    "aud list": (lambda keys: bearer(sign(fit_claims(aud=[fit_claims()["aud"]]), keys.forge)), "another app"),
    "wrong iss": (lambda keys: bearer(sign(fit_claims(iss="forge/context-token"), keys.forge)), "not a Forge"),
    "expired": (
        lambda keys: bearer(sign(fit_claims(exp=fit_claims()["iat"] - 30), keys.forge)),
        "expired",
    ),
    "nbf in the future": (
        lambda keys: bearer(sign(fit_claims(nbf=fit_claims()["iat"] + 60), keys.forge)),
        "not valid yet",
    ),
    "no exp": (lambda keys: bearer(sign(without(fit_claims(), "exp"), keys.forge)), "lacks a required claim"),
    "another key under a known kid": (lambda keys: bearer(sign(fit_claims(), keys.stranger)), "signature"),
    "HS256 keyed with the public key": (
        lambda keys: bearer(forge_token({"alg": "HS256", "kid": KID}, fit_claims(), public_pem(keys.forge))),
        "RS256",
    ),
    "alg none": (lambda keys: bearer(forge_token({"alg": "none", "kid": KID}, fit_claims())), "RS256"),
    "app.id differs from aud": (lambda keys: bearer(sign(app_claims(id=OTHER_APP_ID), keys.forge)), "app id does not match"),
    "app not an object": (lambda keys: bearer(sign(fit_claims(app="forge"), keys.forge)), "app id does not match"),
    "environment not served": (
        lambda keys: bearer(sign(app_claims(environment={"id": OTHER_ENVIRONMENT_ID}), keys.forge)),
        "environment",
    ),
    "no environment": (lambda keys: bearer(sign(app_claims(environment=None), keys.forge)), "environment"),
    "apiBaseUrl on another host": (
        lambda keys: bearer(sign(app_claims(apiBaseUrl="https://evil.example/ex/jira/x"), keys.forge)),
        "API base URL",
    ),
    "no installation": (lambda keys: bearer(sign(app_claims(installationId=None), keys.forge)), "installation"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
async def test_untrusted_tokens_get_401_with_one_sentence(
    forge_app: SleuthJira, forge_key: rsa.RSAPrivateKey, stranger_key: rsa.RSAPrivateKey, case: str
) -> None:
    make_headers, expected = REFUSALS[case]
    headers = make_headers(Keys(forge_key, stranger_key))
    status, body = await post(forge_app, headers)
    assert status == 401
    assert body is not None and list(body) == ["error"]
    assert expected in body["error"] and body["error"].endswith(".")
    token = headers.get("Authorization", " ").split(" ", 1)[1]
    assert not token or token not in body["error"]


async def test_an_unknown_kid_is_refused_after_the_one_refetch(
    forge_app: SleuthJira, jwks: Jwks, forge_key: rsa.RSAPrivateKey, stranger_key: rsa.RSAPrivateKey
) -> None:
    assert (await post(forge_app, bearer(sign(fit_claims(), forge_key))))[0] == 204
    status, body = await post(forge_app, bearer(sign(fit_claims(), stranger_key, KID + "-new")))
    assert status == 401 and body is not None and "unknown key" in body["error"]
    assert jwks.fetches == 2


async def test_a_loopback_api_base_url_needs_sleuth_allow_private_urls(
    make_settings: Callable[..., Settings], jwks: Jwks, forge_key: rsa.RSAPrivateKey
) -> None:
    headers = bearer(sign(app_claims(apiBaseUrl="http://127.0.0.1:8765/ex/jira/x"), forge_key))
    for flag, expected in (("1", 204), ("0", 401)):
        app = create_app(forge_settings(make_settings, jwks, SLEUTH_ALLOW_PRIVATE_URLS=flag))
        async with app.test_app():
            assert (await post(app, headers))[0] == expected


async def test_an_unreachable_key_set_answers_503(
    forge_app: SleuthJira, jwks: Jwks, forge_key: rsa.RSAPrivateKey
) -> None:
    jwks.status = 500
    status, body = await post(forge_app, bearer(sign(fit_claims(), forge_key)))
    assert status == 503 and body is not None and "could not be fetched" in body["error"]


async def test_a_key_set_server_that_is_down_answers_503(
    forge_app: SleuthJira, jwks: Jwks, forge_key: rsa.RSAPrivateKey
) -> None:
    await jwks.server.stop()
    status, body = await post(forge_app, bearer(sign(fit_claims(), forge_key)))
    assert status == 503 and body is not None and body["error"]


async def test_forge_routes_answer_404_without_forge_app_id(
    make_settings: Callable[..., Settings], jwks: Jwks, forge_key: rsa.RSAPrivateKey
) -> None:
    app = create_app(make_settings(FORGE_JWKS_URL=jwks.url))
    async with app.test_app():
        status, body = await post(app, bearer(sign(fit_claims(), forge_key)))
    assert status == 404 and body is not None and body["error"]
    assert jwks.fetches == 0


async def test_no_forge_route_redirects(forge_app: SleuthJira, forge_key: rsa.RSAPrivateKey) -> None:
    headers = bearer(sign(fit_claims(), forge_key))
    assert (await post(forge_app, headers, TOKEN_REFRESH + "/"))[0] == 404
    response = await forge_app.test_client().get(TOKEN_REFRESH, headers=headers)
    assert response.status_code == 405 and response.mimetype == "application/json"
