"""Connect JWT primitives: the qsh against the worked vectors of ref §4.6 (each canonical request written
out by hand), outbound tokens, and tenant tokens read once and verified once."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Callable

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from app.connect.jwt import (
    MAX_LIFETIME_SECONDS,
    OUTBOUND_TOKEN_LIFETIME_SECONDS,
    ConnectTokenError,
    parse_tenant_token,
    query_string_hash,
    request_token,
    sign_outbound,
    verify_install_token,
    verify_tenant_token,
)
from tests.fakes.atlassian import BASE_URL

SECRET = "test-shared-secret-0123456789abcdef0123456789"

# (method, URL relative to the base URL, canonical request by hand, qsh from the reference)
VECTORS = [
    (
        "GET",
        "/rest/api/3/myself",
        "GET&/rest/api/3/myself&",
        "c790e863cecddbf1369d5e058d5f71d9d19741a497a6e4681351909109759513",
    ),
    (
        "POST",
        "/rest/deployments/0.1/bulk",
        "POST&/rest/deployments/0.1/bulk&",
        "e50a1fc975925dfc3652c2ea120c1d37f5581e16d5a167a5adbeda3bda7ab589",
    ),
    (
        "GET",
        "/path/to/service?zee_last=param&repeated=parameter%201&first=param&repeated=parameter%202",
        "GET&/path/to/service&first=param&repeated=parameter%201,parameter%202&zee_last=param",
        "e52bb281606c3bd9ca16cfe96fe2df78f5d9ffa126f06befd750dfa10fa1a897",
    ),
    (
        "GET",
        "/glance?xdm_e=https%3A%2F%2Fexample.atlassian.net&xdm_c=channel-1&cp=&xdm_deprecated_addon_key_do_not_use="
        "deploy-panel&lic=none&cv=1001.0.0-SNAPSHOT&issueKey=DEP-42&projectKey=DEP&jwt=eyJhbGciOiJIUzI1NiJ9.e30.sig",
        "GET&/glance&cp=&cv=1001.0.0-SNAPSHOT&issueKey=DEP-42&lic=none&projectKey=DEP&xdm_c=channel-1"
        "&xdm_deprecated_addon_key_do_not_use=deploy-panel&xdm_e=https%3A%2F%2Fexample.atlassian.net",
        "5700ce6c540798bc5e585afefdba369a5d5048be44634ffdd08871f85ef1c3b2",
    ),
    (
        "GET",
        "/rest/api/3/search/jql?jql=project%20%3D%20DEP%20AND%20key%20in%20(DEP-1%2CDEP-2)&fields=summary,status"
        "&maxResults=50",
        "GET&/rest/api/3/search/jql&fields=summary%2Cstatus&jql=project%20%3D%20DEP%20AND%20key%20in%20%28DEP-1%2CDEP-2"
        "%29&maxResults=50",
        "194b27a6611d09df202f5ed39b440afc442f5716cf8b35cb016a11fb4e0d076c",
    ),
    (
        "get",
        "/rest/api/3/issue/DEP-1/",
        "GET&/rest/api/3/issue/DEP-1&",
        "a591ba72a8a596a0ed97864905acf0601526ea39c0d3d5fd7cb5435ca799cbf3",
    ),
    (
        "GET",
        "/a&b?b=2&a=1&A=0&a=0",
        "GET&/a%26b&A=0&a=0,1&b=2",
        "9081b6fee2b35d8d5a57ef3889a9a6ab1cefe00a9869123a361523492808db32",
    ),
    (
        "GET",
        "/search?q=a+b&q=a%2Bb&empty=",
        "GET&/search&empty=&q=a%20b,a%2Bb",
        "187d1ba3dfe86f9f33dd30ac89ca9914d5b154023c6422eb3813514ae9a00506",
    ),
    (
        "DELETE",
        "/rest/deployments/0.1/pipelines/pipe-1/environments/env-1/deployments/7",
        "DELETE&/rest/deployments/0.1/pipelines/pipe-1/environments/env-1/deployments/7&",
        "5a836a1c26e7d457d4d3b301ba857daa03d58a7f331caadd8602eb9901174b9e",
    ),
]


@pytest.mark.parametrize(("method", "url", "canonical", "qsh"), VECTORS, ids=[f"vector {n}" for n in range(1, 10)])
def test_qsh_matches_the_reference_vectors(method: str, url: str, canonical: str, qsh: str) -> None:
    assert hashlib.sha256(canonical.encode()).hexdigest() == qsh
    assert query_string_hash(method, url) == qsh


def test_an_outbound_token_is_short_lived_and_names_the_app() -> None:
    token = sign_outbound(
        "POST", "/rest/deployments/0.1/bulk", app_key="io.sleuth.jira", shared_secret=SECRET, now=1700000000
    )
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_exp": False, "verify_iat": False})
    assert claims == {
        "iss": "io.sleuth.jira",
        "iat": 1700000000,
        "exp": 1700000000 + OUTBOUND_TOKEN_LIFETIME_SECONDS,
        "qsh": VECTORS[1][3],
    }


NOW = 1_800_000_000


def tenant_token(claims: dict[str, object], secret: str = SECRET, headers: dict[str, object] | None = None) -> str:
    return jwt.encode(claims, secret, algorithm="HS256", headers=headers)


def good_claims(**changes: object) -> dict[str, object]:
    claims: dict[str, object] = {"iss": "site-a", "iat": NOW, "exp": NOW + 180, "qsh": "context-qsh"}
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def verify(token: str, secret: str = SECRET, expected_qsh: str = "context-qsh") -> dict[str, object]:
    return verify_tenant_token(parse_tenant_token(token), secret, expected_qsh=expected_qsh, now=NOW)


def test_a_good_token_is_read_once_and_verified() -> None:
    token = tenant_token(good_claims())
    assert parse_tenant_token(token).issuer == "site-a"
    assert verify(token)["iss"] == "site-a"


def test_the_leeway_is_thirty_seconds_each_way() -> None:
    assert verify(tenant_token(good_claims(iat=NOW - 209, exp=NOW - 29)))
    assert verify(tenant_token(good_claims(iat=NOW + 29)))


def _swap_payload(token: str, claims: dict[str, object]) -> str:
    header, _, signature = token.split(".")
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"{header}.{payload}.{signature}"


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(tenant_token(good_claims(), secret="another-secret-0123456789abcdef0123"), id="wrong secret"),
        pytest.param(_swap_payload(tenant_token(good_claims()), good_claims(iss="site-b")), id="payload swapped"),
        pytest.param(tenant_token(good_claims(iat=NOW - 211, exp=NOW - 31)), id="expired"),
        pytest.param(tenant_token(good_claims(iat=NOW + 31)), id="issued in the future"),
        pytest.param(tenant_token(good_claims(nbf=NOW + 31)), id="not valid yet"),
        pytest.param(tenant_token(good_claims(exp=None)), id="no exp"),
        pytest.param(tenant_token(good_claims(iat=None)), id="no iat"),
        pytest.param(tenant_token(good_claims(qsh=None)), id="no qsh"),
        pytest.param(tenant_token(good_claims(exp=str(NOW + 180))), id="exp not a number"),
        pytest.param(tenant_token(good_claims(exp=True)), id="exp a boolean"),
        pytest.param(tenant_token(good_claims(exp=float("nan"))), id="exp NaN"),
        pytest.param(tenant_token(good_claims(exp=float("inf"))), id="exp Infinity"),
        pytest.param(tenant_token(good_claims(iat=float("-inf"))), id="iat minus Infinity"),
        pytest.param(tenant_token(good_claims(exp=10**400)), id="exp an integer beyond any float"),
        pytest.param(tenant_token(good_claims(exp=NOW + 365 * 86400)), id="exp a year ahead"),
        pytest.param(tenant_token(good_claims(iat=NOW - 7200, exp=NOW + 60)), id="a two-hour lifetime"),
        pytest.param(tenant_token(good_claims(iat=NOW + 20, exp=NOW + 10)), id="exp before iat"),
        pytest.param(tenant_token(good_claims(iat=str(NOW))), id="iat not a number"),
        pytest.param(tenant_token(good_claims(iat=True)), id="iat a boolean"),
        pytest.param(tenant_token(good_claims(iat=float("nan"))), id="iat NaN"),
        pytest.param(tenant_token(good_claims(nbf=float("nan"))), id="nbf NaN"),
        pytest.param(tenant_token(good_claims(nbf=str(NOW))), id="nbf not a number"),
        pytest.param(tenant_token({**good_claims(), "nbf": None}), id="nbf null"),
        pytest.param(tenant_token(good_claims(qsh="a" * 64)), id="another request's qsh"),
        pytest.param(jwt.encode(good_claims(), SECRET * 2, algorithm="HS512"), id="HS512"),
        pytest.param(jwt.encode(good_claims(), None, algorithm="none"), id="alg none"),
        pytest.param(tenant_token(good_claims(), headers={"crit": ["exp"]}), id="critical header"),
        pytest.param(tenant_token(good_claims()).replace(".", ".*", 1), id="characters outside base64url"),
    ],
)
def test_a_forged_or_stale_token_is_refused(token: str) -> None:
    with pytest.raises(ConnectTokenError):
        verify(token)


@pytest.mark.parametrize("token", ["", "abc", "a.b", "a.b.c", "a.!!!.c", "a.W10.c", "a.e30.c", "a.eyJpc3MiOjF9.c"])
def test_a_token_without_a_readable_issuer_is_refused(token: str) -> None:
    with pytest.raises(ConnectTokenError):
        parse_tenant_token(token)


def test_a_requests_token_is_its_one_query_token_or_its_jwt_header() -> None:
    assert request_token(["abc"], "") == "abc"
    assert request_token([], "JWT abc") == request_token([], "jwt  abc ") == "abc"
    assert request_token(["abc"], "JWT abc") == "abc"
    assert request_token([], "Bearer abc") is None and request_token([""], "") is None


@pytest.mark.parametrize(("query", "header"), [(["a", "b"], ""), (["a", "a"], ""), (["a"], "JWT b")])
def test_two_tokens_in_one_request_are_refused(query: list[str], header: str) -> None:
    with pytest.raises(ConnectTokenError):
        request_token(query, header)


def test_a_token_living_as_long_as_jiras_is_accepted() -> None:
    assert verify(tenant_token(good_claims(exp=NOW + 900)))  # Jira's 15 minutes


def test_a_token_living_up_to_twice_jiras_lifetime_is_accepted_and_no_longer() -> None:
    assert MAX_LIFETIME_SECONDS == 1800
    assert verify(tenant_token(good_claims(iat=NOW - 1000, exp=NOW + 800)))
    with pytest.raises(ConnectTokenError, match="lives longer"):
        verify(tenant_token(good_claims(iat=NOW - 1000, exp=NOW + 801)))


# Signed installs (ref §3): RS256 with Atlassian's key, checked against the clock, so their times are
# written relative to the moment the test runs.
INSTALL_QSH = query_string_hash("POST", "/connect/installed")
Changes = Callable[[int], dict[str, object]]


def install_token(key: rsa.RSAPrivateKey, changes: Changes = lambda now: {}) -> str:
    """A signed install as Atlassian mints it, issued now for 15 minutes; a change to None drops the claim."""
    now = int(time.time())
    claims: dict[str, object] = {"iss": "site-a", "aud": BASE_URL, "qsh": INSTALL_QSH, "iat": now, "exp": now + 900}
    claims.update(changes(now))
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "install-key"})


def verify_install(token: str, key: rsa.RSAPrivateKey) -> dict[str, object]:
    return verify_install_token(token, key.public_key(), audience=BASE_URL, expected_qsh=INSTALL_QSH)


@pytest.mark.parametrize(
    "aud", [BASE_URL, BASE_URL + "/", [BASE_URL], [BASE_URL + "/"]], ids=["ours", "ours/", "[ours]", "[ours/]"]
)
def test_an_install_token_for_our_base_url_alone_is_accepted(atlassian_key: rsa.RSAPrivateKey, aud: object) -> None:
    assert verify_install(install_token(atlassian_key, lambda now: {"aud": aud}), atlassian_key)["iss"] == "site-a"


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param(lambda now: {"aud": [BASE_URL, "https://evil.example"]}, id="aud ours and another"),
        pytest.param(lambda now: {"aud": ["https://evil.example", BASE_URL]}, id="aud another and ours"),
        pytest.param(lambda now: {"aud": [BASE_URL, BASE_URL + "/"]}, id="aud a list of two"),
        pytest.param(lambda now: {"aud": "https://evil.example"}, id="aud another app"),
        pytest.param(lambda now: {"exp": float("nan")}, id="exp NaN"),
        pytest.param(lambda now: {"exp": float("inf")}, id="exp Infinity"),
        pytest.param(lambda now: {"exp": str(now + 900)}, id="exp a string"),
        pytest.param(lambda now: {"exp": True}, id="exp a boolean"),
        pytest.param(lambda now: {"exp": 10**400}, id="exp an integer beyond any float"),
        pytest.param(lambda now: {"exp": now + 365 * 86400}, id="exp a year ahead"),
        pytest.param(lambda now: {"iat": now - 7200}, id="iat two hours ago"),
        pytest.param(lambda now: {"iat": now + 120}, id="iat in the future"),
        pytest.param(lambda now: {"iat": None}, id="no iat"),
        pytest.param(lambda now: {"iat": str(now)}, id="iat a string"),
        pytest.param(lambda now: {"nbf": str(now)}, id="nbf a string"),
        pytest.param(lambda now: {"nbf": True}, id="nbf a boolean"),
    ],
)
def test_an_install_token_for_other_apps_or_with_impossible_times_is_refused(
    atlassian_key: rsa.RSAPrivateKey, changes: Changes
) -> None:
    with pytest.raises(ConnectTokenError):
        verify_install(install_token(atlassian_key, changes), atlassian_key)
