"""Forge Invocation Tokens (FIT): the RS256 JWT with which Forge signs every call it makes to this backend.

A FIT proves that Forge sent the call for our app (`aud`, `app.id`), from an environment this deployment
serves (`app.environment.id`), and carries where to call Jira back (`app.apiBaseUrl`) and which
installation, site and user the call is about. Every check follows forge.md §3.4 and §6: the audience is
our own full app ARI, never one read from the token; only RS256 is accepted, so a token cannot choose a
weaker algorithm or sign with our public key as an HMAC secret.

Forge rotates its signing keys; `ForgeKeys` keeps the key set (JWKS) and refetches it when a token names
a key it does not know, at most once a minute, so a rotated key works on its first call and a flood of
invented key ids costs one fetch a minute, never one per request.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import aiohttp
import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from app.net import literal_address

log = logging.getLogger(__name__)

FIT_ISSUER = "forge/invocation-token"
FIT_ALGORITHM = "RS256"
API_HOST = "api.atlassian.com"
INSTALLATION_ARI_PREFIX = "ari:cloud:ecosystem::installation/"
LEEWAY_SECONDS = 10  # FITs live ~25 s with nbf = iat, so any clock difference shows at once
# Forge issues FITs for ~25 s: `exp = iat + 25` in two independent samples (forge.md §3.3, §3.4; Forge's
# docs state no lifetime). A token claiming longer, or an `exp` further ahead than that from now, was not
# minted that way, so it is refused; the cap leaves room for Forge to double the lifetime without an outage.
MAX_LIFETIME_SECONDS = 60
MAX_TOKEN_LENGTH = 16 * 1024
MAX_KEY_ID_LENGTH = 256
REFETCH_INTERVAL_SECONDS = 60.0
KEY_SET_MAX_AGE_SECONDS = 3600.0  # a key Atlassian withdraws stops being trusted within the hour
JWKS_TIMEOUT_SECONDS = 5.0
MAX_JWKS_BYTES = 256 * 1024
MAX_KEYS = 64
MIN_RSA_KEY_BITS = 2048
JIRA_API_PATH = re.compile(r"/ex/jira/([^/]+)")

_DECODE_ERRORS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    (jwt.ExpiredSignatureError, "The Forge invocation token has expired."),
    (jwt.ImmatureSignatureError, "The Forge invocation token is not valid yet."),
    (jwt.InvalidAudienceError, "The Forge invocation token was issued for another app."),
    (jwt.InvalidIssuerError, "The token is not a Forge invocation token."),
    (jwt.MissingRequiredClaimError, "The Forge invocation token lacks a required claim."),
    (jwt.InvalidSignatureError, "The Forge invocation token's signature is not valid."),
)


class InvalidInvocation(Exception):
    """The call carries no valid FIT (HTTP 401); the message is one sentence and never holds the token."""


class KeysUnavailable(Exception):
    """Forge's signing keys could not be fetched, so the token could not be checked (HTTP 503, not 401)."""


@dataclass(frozen=True, slots=True)
class FitPolicy:
    """What this deployment of the backend accepts.

    `app_id` is the full app ARI. Every Forge environment of an app shares that id, so
    `environment_ids` (when not empty) is what keeps a development install away from production.
    `allow_loopback_api` lets `app.apiBaseUrl` be a loopback URL (local development and tests only).
    """

    app_id: str
    environment_ids: frozenset[str]
    allow_loopback_api: bool


@dataclass(frozen=True, slots=True)
class ForgeInvocation:
    """Who is calling, from verified claims only (the path and body of a UI call come from browser code)."""

    installation_id: str  # bare UUID: the FIT carries an ARI, Forge's events the bare form
    cloud_id: str | None
    environment_id: str
    api_base_url: str  # where to call Jira back: https://api.atlassian.com/ex/jira/<cloudId>
    account_id: str | None  # the user of a UI call; None for events and scheduled triggers
    context: Mapping[str, Any]  # the signed `context` claim, e.g. `extension.issue` of an issue panel
    system_token: str | None = field(default=None, repr=False)  # x-forge-oauth-system
    user_token: str | None = field(default=None, repr=False)  # x-forge-oauth-user


Clock = Callable[[], float]


class ForgeKeys:
    """Forge's signing keys by key id, fetched from the JWKS URL with aiohttp and cached, one per app.

    A token whose key id is not cached triggers a refetch before its answer. Every fetch after the
    first counts against one per REFETCH_INTERVAL_SECONDS (successful or not), and a lock makes
    concurrent callers share one fetch. Each fetch replaces the whole set, and a set older than
    KEY_SET_MAX_AGE_SECONDS is refreshed on use; when that refresh fails the cached keys stay in use.
    `clock` is injectable so tests can step over the minute.
    """

    def __init__(self, jwks_url: str, *, clock: Clock = time.monotonic, timeout: float = JWKS_TIMEOUT_SECONDS) -> None:
        self.jwks_url = jwks_url
        self._clock = clock
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._lock = asyncio.Lock()
        self._keys: dict[str, RSAPublicKey] = {}
        self._loaded_at: float | None = None
        self._last_counted_fetch: float | None = None
        self._fetches = 0
        self._last_fetch_failed = False

    async def open(self) -> None:
        self._session = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def signing_key(self, key_id: str) -> RSAPublicKey:
        key = self._keys.get(key_id)
        if key is not None and not self._is_stale():
            return key
        fetches_seen = self._fetches
        async with self._lock:
            # A caller that waited here while another fetched uses that fetch instead of starting one.
            if self._fetches == fetches_seen and self._may_fetch():
                await self._fetch()
            key, fetch_failed = self._keys.get(key_id), self._last_fetch_failed
        if key is not None:
            return key
        if fetch_failed:
            raise KeysUnavailable("Forge's signing keys could not be fetched; please try again shortly.")
        raise InvalidInvocation("The Forge invocation token is signed with an unknown key.")

    def _is_stale(self) -> bool:
        return self._loaded_at is None or self._clock() - self._loaded_at >= KEY_SET_MAX_AGE_SECONDS

    def _may_fetch(self) -> bool:
        last = self._last_counted_fetch
        return last is None or self._clock() - last >= REFETCH_INTERVAL_SECONDS

    async def _fetch(self) -> None:
        """One fetch, under the lock. It is counted when it ends, so a caller that started waiting while
        it ran sees it and uses its result."""
        now = self._clock()
        if self._fetches:  # the first load does not count against the rate
            self._last_counted_fetch = now
        self._last_fetch_failed = True  # until it succeeds: a cancelled fetch counts as a failed one
        try:
            keys = parse_jwks(await self._download())
        except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as error:
            log.warning("Fetching Forge's signing keys failed: %s: %s", type(error).__name__, error)
        else:
            self._keys, self._loaded_at, self._last_fetch_failed = keys, now, False
        finally:
            self._fetches += 1

    async def _download(self) -> bytes:
        if self._session is None:
            raise RuntimeError("ForgeKeys.open() was not called (the app's before_serving hook opens it).")
        async with self._session.get(
            self.jwks_url,
            allow_redirects=False,
            headers={"Accept": "application/json"},
            timeout=aiohttp.ClientTimeout(total=self._timeout),
        ) as response:
            if response.status != 200:
                raise ValueError(f"the key set answered {response.status}")
            body = await response.content.read(MAX_JWKS_BYTES + 1)
        if len(body) > MAX_JWKS_BYTES:
            raise ValueError("the key set is too large")
        return body


def parse_jwks(body: bytes) -> dict[str, RSAPublicKey]:
    """The RS256 signing keys of a JWKS document by key id; raises ValueError when it holds none."""
    document = json.loads(body)
    entries = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ValueError("the key set has no keys")
    keys: dict[str, RSAPublicKey] = {}
    for entry in entries[:MAX_KEYS]:
        if not isinstance(entry, dict) or entry.get("use", "sig") != "sig":
            continue
        key_id = entry.get("kid")
        try:
            key = jwt.PyJWK(entry, algorithm=FIT_ALGORITHM).key
        except jwt.PyJWTError:  # PyJWK reports every malformed entry this way; it does not spoil the set
            continue
        if isinstance(key_id, str) and isinstance(key, RSAPublicKey) and key.key_size >= MIN_RSA_KEY_BITS:
            keys[key_id] = key
    if not keys:
        raise ValueError("the key set has no usable RS256 key")
    return keys


class RequestHeaders(Protocol):
    """A request's headers, looked up without regard to case (what every web framework hands over)."""

    def get(self, key: str, default: str = ..., /) -> str | None: ...


async def verify_invocation(headers: RequestHeaders, *, keys: ForgeKeys, policy: FitPolicy) -> ForgeInvocation:
    """The verified invocation of a request, from its `Authorization: Bearer <FIT>` and token headers."""
    token = _bearer_token(headers.get("Authorization", ""))
    claims = _decode(token, await keys.signing_key(_key_id(token)), policy)
    app = claims.get("app")
    if not isinstance(app, dict) or app.get("id") != policy.app_id:
        raise InvalidInvocation("The Forge invocation token's app id does not match its audience.")
    api_base_url = _api_base_url(app.get("apiBaseUrl"), policy)
    context = claims.get("context")
    context = context if isinstance(context, dict) else {}
    principal = claims.get("principal")
    return ForgeInvocation(
        installation_id=_installation_id(app),
        cloud_id=_cloud_id(context, api_base_url),
        environment_id=_environment_id(app, policy),
        api_base_url=api_base_url,
        account_id=principal if isinstance(principal, str) and principal else None,
        context=context,
        system_token=headers.get("x-forge-oauth-system") or None,
        user_token=headers.get("x-forge-oauth-user") or None,
    )


def _bearer_token(authorization: str) -> str:
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise InvalidInvocation("The request carries no Forge invocation token.")
    if len(token) > MAX_TOKEN_LENGTH:
        raise InvalidInvocation("The Forge invocation token is too long.")
    return token


def _key_id(token: str) -> str:
    """The token's key id, once its header says RS256: other algorithms are refused before any fetch."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise InvalidInvocation("The Forge invocation token is malformed.") from None
    if header.get("alg") != FIT_ALGORITHM:
        raise InvalidInvocation("The Forge invocation token is not signed with RS256.")
    key_id = header.get("kid")
    if not isinstance(key_id, str) or not 0 < len(key_id) <= MAX_KEY_ID_LENGTH:
        raise InvalidInvocation("The Forge invocation token names no signing key.")
    return key_id


def _decode(token: str, key: RSAPublicKey, policy: FitPolicy) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[FIT_ALGORITHM],
            audience=policy.app_id,
            issuer=FIT_ISSUER,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "app"], "strict_aud": True},
        )
    except (jwt.PyJWTError, OverflowError, ValueError) as error:  # OverflowError: an `exp` of Infinity
        message = next((text for kind, text in _DECODE_ERRORS if isinstance(error, kind)), None)
        raise InvalidInvocation(message or "The Forge invocation token is not valid.") from None
    _check_times(claims, time.time())
    return claims


def _check_times(claims: Mapping[str, Any], moment: float) -> None:
    """What PyJWT leaves open once it has checked `exp`, `iat` and `nbf` against the clock: it int()s them,
    so "123", true or an integer beyond any float pass it. `exp` and `iat` (required) and `nbf` (when
    present) must be finite numbers, and the token must live no longer than MAX_LIFETIME_SECONDS."""
    expires, issued = _seconds(claims["exp"]), _seconds(claims["iat"])
    if "nbf" in claims:
        _seconds(claims["nbf"])
    if expires <= issued:
        raise InvalidInvocation("The Forge invocation token expires before it was issued.")
    if expires - issued > MAX_LIFETIME_SECONDS or expires > moment + MAX_LIFETIME_SECONDS + LEEWAY_SECONDS:
        raise InvalidInvocation("The Forge invocation token lives longer than Forge issues them.")


def _seconds(value: object) -> float:
    """A time claim as seconds; a bool is an int to Python, and json reads NaN, Infinity and huge integers."""
    refusal = InvalidInvocation("The Forge invocation token's times are not numbers.")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise refusal
    try:
        seconds = float(value)
    except OverflowError:  # an integer beyond any float: as meaningless as Infinity
        raise refusal from None
    if not math.isfinite(seconds):
        raise refusal
    return seconds


def _environment_id(app: Mapping[str, Any], policy: FitPolicy) -> str:
    environment = app.get("environment")
    environment_id = environment.get("id") if isinstance(environment, dict) else None
    if not isinstance(environment_id, str) or not environment_id:
        raise InvalidInvocation("The Forge invocation token names no environment.")
    if policy.environment_ids and environment_id not in policy.environment_ids:
        # Signed by Forge by now, so worth naming: it is the value an operator adds to FORGE_ENVIRONMENT_IDS.
        log.warning("Refused a Forge call from environment %s, which is not in FORGE_ENVIRONMENT_IDS", environment_id)
        raise InvalidInvocation("This backend does not serve the Forge environment of the token.")
    return environment_id


def _api_base_url(value: object, policy: FitPolicy) -> str:
    """`app.apiBaseUrl` must be https://api.atlassian.com/...: it is where Jira is called with our tokens."""
    refusal = InvalidInvocation("The Forge invocation token's API base URL is not on api.atlassian.com.")
    if not isinstance(value, str):
        raise refusal
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise refusal from None
    if parts.username or parts.password or parts.query or parts.fragment:
        raise refusal
    host = parts.hostname or ""
    atlassian = parts.scheme == "https" and host == API_HOST and port in (None, 443)
    address = literal_address(host)
    loopback = host == "localhost" or (address is not None and address.is_loopback)
    if not (atlassian or (policy.allow_loopback_api and parts.scheme in ("http", "https") and loopback)):
        raise refusal
    return value.rstrip("/")


def _installation_id(app: Mapping[str, Any]) -> str:
    installation = app.get("installation")
    value = app.get("installationId") or (installation.get("id") if isinstance(installation, dict) else None)
    if not isinstance(value, str) or not value.removeprefix(INSTALLATION_ARI_PREFIX):
        raise InvalidInvocation("The Forge invocation token names no installation.")
    return value.removeprefix(INSTALLATION_ARI_PREFIX)


def _cloud_id(context: Mapping[str, Any], api_base_url: str) -> str | None:
    """The site's cloud id: `context.cloudId` when Forge sends it, else from `/ex/jira/<cloudId>`."""
    cloud_id = context.get("cloudId")
    if isinstance(cloud_id, str) and cloud_id:
        return cloud_id
    match = JIRA_API_PATH.fullmatch(urlsplit(api_base_url).path)
    return match.group(1) if match else None
