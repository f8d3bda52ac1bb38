"""The one Jira client against real local HTTP servers: auth, custom headers, retries, redirects, limits."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from app.jira.auth import BasicAuth, BearerAuth
from app.jira.client import (
    JiraAddressRefused,
    JiraClient,
    JiraRedirectRefused,
    JiraResponseTooLarge,
    JiraTimeout,
    JiraUnreachable,
    RetryPolicy,
    parse_retry_after,
)
from tests.fakes.servers import LocalServer, answer, redirect

BASIC = BasicAuth("admin@acme.test", "api-token-1")


@pytest.fixture
async def strict_client() -> AsyncIterator[JiraClient]:
    client = JiraClient(allow_private_urls=False, user_agent="sleuth-jira/test", timeout=2)
    await client.start()
    yield client
    await client.close()


@pytest.fixture
async def fake_jira() -> AsyncIterator[LocalServer]:
    server = LocalServer()
    yield server
    await server.stop()


async def test_sends_basic_auth_custom_headers_and_returns_json(jira_client: JiraClient, fake_jira: LocalServer) -> None:
    app, received = fake_jira.app, fake_jira.received

    async def myself(request: web.Request) -> web.Response:
        return web.json_response({"accountId": "a-1", "emailAddress": "admin@acme.test"})

    app.router.add_get("/rest/api/3/myself", myself)
    url = await fake_jira.start()
    response = await jira_client.request(
        "GET", url, "/rest/api/3/myself", auth=BASIC, custom_headers={"CF-Access-Client-Id": "abc"}
    )
    assert response.status == 200 and response.json()["accountId"] == "a-1"
    headers = received[0].headers
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"admin@acme.test:api-token-1").decode()
    assert headers["CF-Access-Client-Id"] == "abc"
    assert headers["User-Agent"].startswith("sleuth-jira/")


async def test_query_parameters_arrive_exactly(jira_client: JiraClient, fake_jira: LocalServer) -> None:
    app, received = fake_jira.app, fake_jira.received
    app.router.add_get("/rest/api/3/search/jql", answer())
    url = await fake_jira.start()
    await jira_client.request(
        "GET", url, "/rest/api/3/search/jql", auth=BearerAuth("pat"), params={"jql": "key in (A-1,B-2)", "maxResults": 50}
    )
    assert received[0].query["jql"] == "key in (A-1,B-2)"
    assert received[0].headers["Authorization"] == "Bearer pat"


async def test_429_with_retry_after_is_retried_after_waiting(jira_client: JiraClient, fake_jira: LocalServer) -> None:
    app, received = fake_jira.app, fake_jira.received

    async def limited(request: web.Request) -> web.Response:
        if len(received) == 1:
            return web.json_response({}, status=429, headers={"Retry-After": "1"})
        return web.json_response({"ok": True})

    app.router.add_get("/rest/api/3/myself", limited)
    url = await fake_jira.start()
    started = asyncio.get_running_loop().time()
    response = await jira_client.request("GET", url, "/rest/api/3/myself", auth=BASIC)
    assert response.status == 200 and len(received) == 2
    assert asyncio.get_running_loop().time() - started >= 1.0


async def test_503_backs_off_exponentially_with_jitter_then_succeeds(fake_jira: LocalServer) -> None:
    app, received = fake_jira.app, fake_jira.received
    waits: list[float] = []

    async def record_wait(seconds: float) -> None:
        waits.append(seconds)

    async def flaky(request: web.Request) -> web.Response:
        return web.json_response({}, status=503 if len(received) <= 3 else 200)

    app.router.add_get("/rest/api/3/myself", flaky)
    url = await fake_jira.start()
    client = JiraClient(allow_private_urls=True, user_agent="t", sleep=record_wait)
    await client.start()
    try:
        response = await client.request("GET", url, "/rest/api/3/myself", auth=BASIC)
    finally:
        await client.close()
    assert response.status == 200 and len(received) == 4
    for wait, base in zip(waits, (5, 10, 20), strict=True):
        assert base * 0.7 <= wait <= base * 1.3


async def test_gives_up_after_the_retry_budget_and_returns_the_last_answer(fake_jira: LocalServer) -> None:
    app, received = fake_jira.app, fake_jira.received
    app.router.add_get("/x", answer(status=429))
    url = await fake_jira.start()

    async def no_wait(seconds: float) -> None:
        return None

    client = JiraClient(allow_private_urls=True, user_agent="t", sleep=no_wait, retry=RetryPolicy(max_retries=2))
    await client.start()
    try:
        response = await client.request("GET", url, "/x", auth=BASIC)
    finally:
        await client.close()
    assert response.status == 429 and len(received) == 3


async def test_a_long_retry_after_is_handed_back_instead_of_waited_for(jira_client: JiraClient, fake_jira: LocalServer) -> None:
    app, received = fake_jira.app, fake_jira.received
    app.router.add_get("/x", answer(status=429, headers={"Retry-After": "3600"}))
    url = await fake_jira.start()
    response = await jira_client.request("GET", url, "/x", auth=BASIC)
    assert response.status == 429 and len(received) == 1


async def test_a_non_idempotent_call_is_not_retried_on_503(jira_client: JiraClient, fake_jira: LocalServer) -> None:
    app, received = fake_jira.app, fake_jira.received
    app.router.add_post("/x", answer(status=503))
    url = await fake_jira.start()
    response = await jira_client.request("POST", url, "/x", auth=BASIC, json={"a": 1})
    assert response.status == 503 and len(received) == 1


async def test_a_redirect_to_another_origin_is_refused(jira_client: JiraClient, fake_jira: LocalServer) -> None:
    app, received = fake_jira.app, fake_jira.received
    app.router.add_get("/x", redirect("http://169.254.169.254/latest/meta-data/"))
    url = await fake_jira.start()
    with pytest.raises(JiraRedirectRefused):
        await jira_client.request("GET", url, "/x", auth=BASIC)
    assert len(received) == 1


async def test_a_same_origin_redirect_is_followed_with_fresh_auth(jira_client: JiraClient, fake_jira: LocalServer) -> None:
    app, received = fake_jira.app, fake_jira.received
    app.router.add_get("/old", redirect("/new?a=1", status=301))
    app.router.add_get("/new", answer({"moved": True}))
    url = await fake_jira.start()
    response = await jira_client.request("GET", url, "/old", auth=BASIC)
    assert response.json() == {"moved": True}
    assert received[1].path_qs == "/new?a=1" and "Authorization" in received[1].headers


async def test_a_slow_site_times_out(fake_jira: LocalServer) -> None:
    app = fake_jira.app

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.json_response({})

    app.router.add_get("/x", slow)
    url = await fake_jira.start()
    client = JiraClient(allow_private_urls=True, user_agent="t", timeout=0.2)
    await client.start()
    try:
        with pytest.raises(JiraTimeout):
            await client.request("GET", url, "/x", auth=BASIC)
    finally:
        await client.close()


async def test_a_closed_port_is_unreachable(jira_client: JiraClient) -> None:
    with pytest.raises(JiraUnreachable):
        await jira_client.request("GET", "http://127.0.0.1:9", "/x", auth=BASIC)


@pytest.mark.parametrize(
    "site",
    [
        "https://127.0.0.1",
        "https://10.0.0.1",
        "https://169.254.169.254",
        "https://[::1]",
        "https://[::ffff:127.0.0.1]",
        "https://localhost",  # a name that resolves to loopback: refused by the resolver
        "http://example.com",  # plain http
    ],
)
async def test_private_addresses_are_refused_without_the_development_flag(strict_client: JiraClient, site: str) -> None:
    with pytest.raises(JiraAddressRefused):
        await strict_client.request("GET", site, "/rest/api/3/myself", auth=BASIC)


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Fri, 27 Nov 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


async def test_parameters_join_a_path_that_already_has_a_query(jira_client: JiraClient, fake_jira: LocalServer) -> None:
    fake_jira.router.add_get("/x", answer())
    url = await fake_jira.start()
    await jira_client.request("GET", url, "/x?a=1", auth=BASIC, params={"b": "2"})
    assert fake_jira.received[0].path_qs == "/x?a=1&b=2"


async def test_a_get_with_a_body_is_refused_before_it_is_sent(jira_client: JiraClient) -> None:
    with pytest.raises(ValueError):
        await jira_client.request("GET", "http://127.0.0.1:9", "/x", auth=BASIC, json={"a": 1})


async def test_a_large_answer_arrives_whole_and_one_over_10_mb_is_refused(
    jira_client: JiraClient, fake_jira: LocalServer
) -> None:
    issues = [{"key": f"WEB-{number}", "fields": {"summary": "x" * 200}} for number in range(5000)]  # about 1 MB
    fake_jira.app.router.add_get("/large", answer({"issues": issues}))
    fake_jira.app.router.add_get("/huge", answer({"blob": "x" * (10 * 1024 * 1024 + 1)}))
    await fake_jira.start()
    response = await jira_client.request("GET", fake_jira.url, "/large", auth=BasicAuth("a", "b"))
    assert response.json() == {"issues": issues}
    with pytest.raises(JiraResponseTooLarge):
        await jira_client.request("GET", fake_jira.url, "/huge", auth=BasicAuth("a", "b"))
