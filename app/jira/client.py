"""The one client for every call to a Jira site: API-token, PAT, Connect JWT or Forge token alike.

It owns what every call needs and no caller should repeat: the shared aiohttp session, the address
policy (app/net.py, applied to the URL, the resolved addresses and each redirect), custom headers,
timeouts, and retries of 429/503 that honour `Retry-After` with capped exponential backoff and jitter
(connect-platform.md §5.3). Redirects to another origin are refused: they would carry credentials
(or a JWT minted for this site) somewhere else (CVE-2023-28155 in the reference).
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import logging
import random
import re
import ssl
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

import aiohttp
from yarl import URL

from app.jira.auth import JiraAuth
from app.net import (
    PublicOnlyResolver,
    UnsafeAddressError,
    UnsafeUrlError,
    check_url_allowed,
)

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 10 * 1024 * 1024
MAX_SAME_ORIGIN_REDIRECTS = 3
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


class JiraError(Exception):
    """A call to a Jira site failed before Jira could answer it; `reason` is one sentence for a user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class JiraUnreachable(JiraError):
    """No answer: connection refused, DNS failure and the like."""


class JiraTimeout(JiraUnreachable):
    pass


class JiraTlsError(JiraUnreachable):
    pass


class JiraAddressRefused(JiraError):
    """The site's URL or a resolved address is not one the app may call."""


class JiraRedirectRefused(JiraError):
    pass


class JiraResponseTooLarge(JiraError):
    pass


@dataclass(frozen=True, slots=True)
class JiraResponse:
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The JSON body, or None when the body is not JSON (a login page, a proxy's error page)."""
        try:
            return jsonlib.loads(self.body)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Atlassian's published advice: at most 4 retries, delays from 5 s doubling to 30 s, jitter x0.7-1.3."""

    max_retries: int = 4
    first_delay: float = 5.0
    max_delay: float = 30.0
    max_retry_after: float = 60.0  # a longer Retry-After is handed back to the caller (e.g. the outbox)

    def delay(self, attempt: int, retry_after: float | None) -> float | None:
        """Seconds to wait before retry number `attempt` (0-based), or None to stop retrying."""
        if attempt >= self.max_retries:
            return None
        if retry_after is not None:
            # Retrying before Retry-After has passed fails again; jitter only ever adds to it.
            return None if retry_after > self.max_retry_after else retry_after * random.uniform(1.0, 1.3)
        return min(self.max_delay, self.first_delay * 2**attempt) * random.uniform(0.7, 1.3)


# A person is waiting for the answer (saving a connection, loading a page): retry once, briefly.
INTERACTIVE_RETRY = RetryPolicy(max_retries=1, first_delay=1.0, max_delay=2.0, max_retry_after=5.0)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


RATE_LIMIT_REASON = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
PER_ISSUE_WRITE_LIMIT = "jira-per-issue-on-write"  # one issue written too often: other issues are fine


def rate_limit_reason(headers: Mapping[str, str]) -> str | None:
    """Which of Jira's limits a 429 hit (`RateLimit-Reason`, e.g. `jira-burst-based`), when it says so in
    the form Atlassian documents; anything else is None, so it is safe to store and show."""
    value = (headers.get("RateLimit-Reason") or "").strip().lower()
    return value if RATE_LIMIT_REASON.fullmatch(value) else None


def _relative_to_site(site_url: str, url: str) -> str:
    """The path and query of `url` below the site URL's path: what a Connect qsh is computed over."""
    parts = urlsplit(url)
    path = parts.path.removeprefix(urlsplit(site_url).path) or "/"
    return path + (f"?{parts.query}" if parts.query else "")


def _same_origin(first: str, second: str) -> bool:
    a, b = urlsplit(first), urlsplit(second)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


class JiraClient:
    def __init__(
        self,
        *,
        allow_private_urls: bool,
        user_agent: str,
        timeout: float = 10.0,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        service: str = "Jira site",
    ) -> None:
        self.service = service  # who is called, in the sentences of its errors (the code hosts use this client too)
        self.allow_private_urls = allow_private_urls
        self.user_agent = user_agent
        self.timeout = timeout
        self.retry = retry
        self._sleep = sleep
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        resolver = None if self.allow_private_urls else PublicOnlyResolver()
        connector = aiohttp.TCPConnector(resolver=resolver, limit=200, limit_per_host=20, ttl_dns_cache=60)
        self._session = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def request(
        self,
        method: str,
        site_url: str,
        path: str,
        *,
        auth: JiraAuth,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
        custom_headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        idempotent: bool | None = None,
        retry: RetryPolicy | None = None,
    ) -> JiraResponse:
        """Call `site_url` + `path` (+ `params`). Returns Jira's answer whatever its status, after
        retrying 429 (and 503 for idempotent calls) as `retry` (default: the client's policy) allows;
        raises JiraError when there is no answer to return."""
        method = method.upper()
        if json is not None and method in ("GET", "HEAD"):
            raise ValueError("Jira refuses a GET with a body (403); send parameters in `params`")
        retry_503 = method in IDEMPOTENT_METHODS if idempotent is None else idempotent
        separator = "&" if "?" in path else "?"
        path_and_query = path + (f"{separator}{urlencode(params, quote_via=quote)}" if params else "")
        attempt = 0
        while True:
            response = await self._follow(method, site_url, path_and_query, auth, json, custom_headers, timeout)
            if response.status != 429 and not (response.status == 503 and retry_503):
                return response
            delay = (retry or self.retry).delay(attempt, parse_retry_after(response.headers.get("Retry-After")))
            if delay is None:
                return response
            log.info("Jira answered %s; retrying in %.1f s", response.status, delay)
            await self._sleep(delay)
            attempt += 1

    async def _follow(
        self,
        method: str,
        site_url: str,
        path_and_query: str,
        auth: JiraAuth,
        json: Any,
        custom_headers: Mapping[str, str] | None,
        timeout: float | None,
    ) -> JiraResponse:
        """One logical call: same-origin redirects are followed (re-signed for their new path)."""
        url = site_url + path_and_query
        for _ in range(MAX_SAME_ORIGIN_REDIRECTS + 1):
            headers = {**(custom_headers or {}), "User-Agent": self.user_agent, "Accept": "application/json"}
            headers.update(auth.headers(method, _relative_to_site(site_url, url)))
            response = await self._send(method, url, headers, json, timeout)
            location = response.headers.get("Location")
            if response.status not in (301, 302, 303, 307, 308) or not location:
                return response
            target = urljoin(url, location)
            if not _same_origin(url, target):
                raise JiraRedirectRefused(
                    f"The {self.service} redirected to another address ({urlsplit(target).netloc or target}); "
                    "use the site's final URL."
                )
            url = target
        raise JiraRedirectRefused(f"The {self.service} redirected too many times.")

    async def _send(
        self, method: str, url: str, headers: dict[str, str], json: Any, timeout: float | None
    ) -> JiraResponse:
        if self._session is None:
            raise RuntimeError("JiraClient.start() was not called")
        try:
            check_url_allowed(url, allow_private=self.allow_private_urls)
        except UnsafeUrlError as error:
            raise JiraAddressRefused(str(error)) from None
        client_timeout = aiohttp.ClientTimeout(total=timeout or self.timeout)
        try:
            async with self._session.request(
                method,
                URL(url, encoded=True),
                headers=headers,
                json=json,
                allow_redirects=False,
                timeout=client_timeout,
            ) as response:
                # The whole body, chunk by chunk: one read() answers only what has arrived so far.
                body = bytearray()
                async for chunk in response.content.iter_chunked(64 * 1024):
                    body += chunk
                    if len(body) > MAX_RESPONSE_BYTES:
                        raise JiraResponseTooLarge(f"The {self.service} sent a response larger than 10 MB.")
                return JiraResponse(response.status, response.headers, bytes(body))
        except TimeoutError:
            raise JiraTimeout(f"The {self.service} did not answer in time.") from None
        except aiohttp.ClientConnectorCertificateError:
            raise JiraTlsError(f"The {self.service}'s TLS certificate is not valid.") from None
        except aiohttp.ClientConnectorSSLError:
            raise JiraTlsError(f"A TLS connection to the {self.service} could not be established.") from None
        except aiohttp.ClientConnectorError as error:
            if isinstance(error.os_error, UnsafeAddressError):
                raise JiraAddressRefused(
                    f"The {self.service}'s address is private, loopback or link-local, which is not allowed."
                ) from None
            raise JiraUnreachable(f"The {self.service} could not be reached.") from None
        except (aiohttp.ClientError, ssl.SSLError):
            raise JiraUnreachable(f"The connection to the {self.service} failed.") from None
