"""The Jira client with Connect JWT auth against a fake Jira on 127.0.0.1 that checks every token the way
Jira does (tests/connect/atlassian.py `ConnectJira`, ref §5.1): HS256 with the tenant's shared secret,
`iss` = the app key, `qsh` of the request it actually received, and a lifetime of at most 180 s."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from app.jira.auth import ConnectJwtAuth
from app.jira.client import JiraClient, JiraRedirectRefused
from tests.fakes.atlassian import ConnectJira
from tests.fakes.servers import LocalServer, redirect

APP_KEY = "io.sleuth.jira"
SHARED_SECRET = "tenant-shared-secret-0123456789abcdef0123456789abcdef"
AUTH = ConnectJwtAuth(app_key=APP_KEY, shared_secret=SHARED_SECRET)


@pytest.fixture
async def fake_jira() -> AsyncIterator[ConnectJira]:
    server = ConnectJira(SHARED_SECRET)
    yield server
    await server.stop()


@pytest.fixture
def waits() -> list[float]:
    """The pauses the client took between retries (recorded instead of slept)."""
    return []


@pytest.fixture
async def jira_client(waits: list[float]) -> AsyncIterator[JiraClient]:
    async def record_wait(seconds: float) -> None:
        waits.append(seconds)

    client = JiraClient(allow_private_urls=True, user_agent="sleuth-jira/test", timeout=2, sleep=record_wait)
    await client.start()
    yield client
    await client.close()


async def echo(request: web.Request) -> web.Response:
    return web.json_response({"path": request.raw_path, "body": await request.text()})


async def test_every_call_carries_a_token_jira_accepts(jira_client: JiraClient, fake_jira: ConnectJira) -> None:
    fake_jira.router.add_get("/rest/api/3/search/jql", echo)
    fake_jira.router.add_post("/rest/deployments/0.1/bulk", echo)
    fake_jira.router.add_delete("/rest/deployments/0.1/pipelines/{pipeline}/environments/{env}/deployments/{n}", echo)
    site = await fake_jira.start()
    jql = {"jql": "project = DEP AND key in (DEP-1,DEP-2)", "fields": "summary,status", "maxResults": 50}
    calls = [
        ("GET", "/rest/api/3/search/jql", jql, None),
        ("POST", "/rest/deployments/0.1/bulk", None, {"deployments": []}),
        ("DELETE", "/rest/deployments/0.1/pipelines/pipe-1/environments/env-1/deployments/7", None, None),
    ]
    for method, path, params, body in calls:
        response = await jira_client.request(method, site, path, auth=AUTH, params=params, json=body)
        assert response.status == 200, response.text
    assert fake_jira.refusals == []
    assert len(fake_jira.received) == 3


async def test_a_429_is_retried_after_retry_after_with_a_fresh_token(
    jira_client: JiraClient, fake_jira: ConnectJira, waits: list[float]
) -> None:
    async def limited(request: web.Request) -> web.Response:
        if len(fake_jira.received) == 1:
            return web.json_response({}, status=429, headers={"Retry-After": "2"})
        return web.json_response({"accepted": True}, status=202)

    fake_jira.router.add_post("/rest/deployments/0.1/bulk", limited)
    site = await fake_jira.start()
    bulk = {"deployments": []}
    response = await jira_client.request("POST", site, "/rest/deployments/0.1/bulk", auth=AUTH, json=bulk)
    assert response.status == 202
    assert fake_jira.refusals == [] and len(fake_jira.received) == 2
    (wait,) = waits
    assert wait >= 2


async def test_a_same_origin_redirect_is_signed_for_its_new_path(
    jira_client: JiraClient, fake_jira: ConnectJira
) -> None:
    fake_jira.router.add_get("/rest/api/2/myself", redirect("/rest/api/3/myself?expand=groups", status=301))
    fake_jira.router.add_get("/rest/api/3/myself", echo)
    site = await fake_jira.start()
    response = await jira_client.request("GET", site, "/rest/api/2/myself", auth=AUTH)
    assert response.status == 200 and response.json()["path"] == "/rest/api/3/myself?expand=groups"
    assert fake_jira.refusals == []


async def test_a_redirect_to_another_origin_is_refused_and_the_token_stays_home(
    jira_client: JiraClient, fake_jira: ConnectJira
) -> None:
    elsewhere = LocalServer()
    elsewhere.router.add_get("/{tail:.*}", echo)
    other_origin = await elsewhere.start()
    try:
        fake_jira.router.add_get("/rest/api/3/myself", redirect(f"{other_origin}/steal"))
        site = await fake_jira.start()
        with pytest.raises(JiraRedirectRefused):
            await jira_client.request("GET", site, "/rest/api/3/myself", auth=AUTH)
        assert elsewhere.received == []
    finally:
        await elsewhere.stop()


@pytest.mark.parametrize(
    "auth",
    [
        ConnectJwtAuth(app_key=APP_KEY, shared_secret="another-secret-0123456789abcdef0123456789abcdef"),
        ConnectJwtAuth(app_key="a1b2c3d4-client-key", shared_secret=SHARED_SECRET),  # iss must be the app key
    ],
    ids=["wrong secret", "wrong iss"],
)
async def test_the_fake_refuses_what_jira_refuses(
    auth: ConnectJwtAuth, jira_client: JiraClient, fake_jira: ConnectJira
) -> None:
    fake_jira.router.add_get("/rest/api/3/myself", echo)
    site = await fake_jira.start()
    response = await jira_client.request("GET", site, "/rest/api/3/myself", auth=auth)
    assert response.status == 401 and len(fake_jira.refusals) == 1
