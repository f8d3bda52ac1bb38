"""Issue-tracker connections through the REST API, checked against a real local fake Jira site."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp import web
from quart.typing import TestClientProtocol as QuartClient

from app import create_app
from app.crypto import SecretBox, SecretDecryptionError
from app.settings import Settings
from app.sleuth.issue_trackers import CREDENTIALS_PURPOSE, CUSTOM_HEADERS_PURPOSE
from app.web.application import SleuthJira
from models import IssueTracker, Project
from tests.conftest import TEST_SECRET_KEY
from tests.fakes.jira import FakeJira
from tests.fakes.servers import LocalServer
from tests.web.api.conftest import Org, connect_jira, create_project

TOKEN = "secret-api-token"


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


async def _error(response: object) -> str:
    return (await response.get_json())["error"]  # type: ignore[attr-defined]


async def test_a_jira_cloud_connection_is_checked_then_stored_encrypted(
    client: QuartClient, acme: Org, fake_jira: FakeJira
) -> None:
    response = await connect_jira(
        client, acme, fake_jira.server.url.upper() + "/",  # HTTP://127.0.0.1:PORT/
        label="For QA", custom_headers="CF-Access-Client-Id=abc.access, CF-Access-Client-Secret=s3cr=t",
    )
    assert response.status_code == 201, await response.get_json()
    created = await response.get_json()
    assert created["url"] == fake_jira.server.url  # lowercase scheme and host, no trailing slash
    assert created["provider"] == "jira" and created["label"] == "For QA" and created["workspace"] is None
    assert created["custom_headers"] == ["CF-Access-Client-Id", "CF-Access-Client-Secret"]
    text = await response.get_data(as_text=True)
    assert TOKEN not in text and "admin@acme.test" not in text and "s3cr=t" not in text

    request, permissions = fake_jira.received
    assert request.path == "/rest/api/3/myself"
    assert (permissions.path, permissions.query["permissions"]) == ("/rest/api/3/mypermissions", "ADMINISTER")
    for sent in (request, permissions):
        assert sent.headers["Authorization"] == _basic("admin@acme.test", TOKEN)
        assert sent.headers["CF-Access-Client-Id"] == "abc.access"
        assert sent.headers["CF-Access-Client-Secret"] == "s3cr=t"
    assert created["site_consent"] == "pending"  # the account is not a Jira administrator of the site

    stored = await IssueTracker.get(id=created["id"])
    assert stored.credentials and TOKEN not in stored.credentials
    assert stored.custom_headers and "s3cr=t" not in stored.custom_headers
    box = SecretBox(TEST_SECRET_KEY)
    assert json.loads(box.decrypt(stored.credentials, CREDENTIALS_PURPOSE)) == {
        "kind": "basic", "username": "admin@acme.test", "password": TOKEN
    }
    assert json.loads(box.decrypt(stored.custom_headers, CUSTOM_HEADERS_PURPOSE)) == {
        "CF-Access-Client-Id": "abc.access", "CF-Access-Client-Secret": "s3cr=t"
    }
    with pytest.raises(SecretDecryptionError):
        box.decrypt(stored.credentials, CUSTOM_HEADERS_PURPOSE)


async def test_the_list_never_shows_a_secret(client: QuartClient, acme: Org, fake_jira: FakeJira) -> None:
    await connect_jira(client, acme, fake_jira.server.url, custom_headers="X-Proxy-Key=hidden-value")
    await connect_jira(client, acme, fake_jira.server.url, label="second")
    response = await client.get("/api/1/orgs/acme/issue-trackers", headers=acme.headers)
    assert response.status_code == 200
    connections = await response.get_json()
    assert [connection["label"] for connection in connections] == ["", "second"]
    assert connections[0]["custom_headers"] == ["X-Proxy-Key"]
    text = await response.get_data(as_text=True)
    assert TOKEN not in text and "hidden-value" not in text and "admin@acme.test" not in text


@pytest.mark.parametrize(
    ("status", "body", "content_type", "expected"),
    [
        (401, "{}", "application/json", "Jira refused the credentials (401): check the email and API token."),
        (403, "Forbidden", "text/plain", "Jira refused access (403)"),
        (404, "<html>Not found</html>", "text/html", "There is no Jira site at this URL (404)"),
        (500, "boom", "text/plain", "server error (500)"),
        (502, "bad gateway", "text/plain", "server error (502)"),
        (200, "<html>login</html>", "text/html", "not as Jira does"),
        (200, "[1, 2]", "application/json", "not as Jira does"),
        (302, "", "text/plain", "answered 302 instead of 200"),
    ],
)
async def test_a_site_that_does_not_say_yes_is_400_and_nothing_is_stored(
    client: QuartClient,
    acme: Org,
    fake_jira: FakeJira,
    caplog: pytest.LogCaptureFixture,
    status: int,
    body: str,
    content_type: str,
    expected: str,
) -> None:
    fake_jira.status, fake_jira.body, fake_jira.content_type = status, body, content_type
    with caplog.at_level(logging.DEBUG):
        response = await connect_jira(client, acme, fake_jira.server.url, custom_headers="X-Proxy=hidden-value")
    assert response.status_code == 400
    assert expected in await _error(response)
    assert await IssueTracker.all().count() == 0
    assert TOKEN not in caplog.text and "hidden-value" not in caplog.text
    assert TOKEN not in await response.get_data(as_text=True)


async def test_a_slow_site_times_out_with_a_sentence(
    app: SleuthJira, client: QuartClient, acme: Org, fake_jira: FakeJira
) -> None:
    app.jira.timeout = 0.3  # the client's timeout is configurable; the test need not wait 10 s
    fake_jira.delay = 3
    response = await connect_jira(client, acme, fake_jira.server.url)
    assert response.status_code == 400
    assert await _error(response) == "The Jira site did not answer in time."
    assert await IssueTracker.all().count() == 0


async def test_a_refused_connection_and_a_tls_failure_are_sentences(
    client: QuartClient, acme: Org, fake_jira: FakeJira
) -> None:
    response = await connect_jira(client, acme, "http://127.0.0.1:1")
    assert response.status_code == 400 and await _error(response) == "The Jira site could not be reached."
    # https to a server that speaks plain http: the TLS handshake fails.
    response = await connect_jira(client, acme, fake_jira.server.url.replace("http://", "https://"))
    assert response.status_code == 400 and "TLS" in await _error(response)
    assert await IssueTracker.all().count() == 0


async def test_a_redirect_to_another_address_is_refused(client: QuartClient, acme: Org) -> None:
    site = LocalServer()

    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound("http://10.0.0.1/rest/api/3/myself")

    site.router.add_get("/rest/api/3/myself", redirect)
    url = await site.start()
    try:
        response = await connect_jira(client, acme, url)
    finally:
        await site.stop()
    assert response.status_code == 400
    assert "redirected to another address" in await _error(response)
    assert await IssueTracker.all().count() == 0


async def test_data_center_with_a_personal_access_token_or_a_password(
    client: QuartClient, acme: Org, fake_jira: FakeJira
) -> None:
    path = "/api/1/orgs/acme/issue-trackers"
    url = fake_jira.server.url
    response = await client.post(
        path, json={"provider": "jira_dc", "url": url, "personal_access_token": "pat-1"}, headers=acme.headers
    )
    assert response.status_code == 201
    response = await client.post(
        path, json={"provider": "jira_dc", "url": url, "username": "jdoe", "password": "pw"}, headers=acme.headers
    )
    assert response.status_code == 201
    first, second = (request for request in fake_jira.received if request.path.endswith("/myself"))
    assert first.path == second.path == "/rest/api/2/myself"
    assert first.headers["Authorization"] == "Bearer pat-1"
    assert second.headers["Authorization"] == _basic("jdoe", "pw")
    fake_jira.status = 401
    response = await client.post(
        path, json={"provider": "jira_dc", "url": url, "personal_access_token": "bad"}, headers=acme.headers
    )
    assert response.status_code == 400 and "personal access token" in await _error(response)
    response = await client.post(path, json={"provider": "jira_dc", "url": url, "username": "x"}, headers=acme.headers)
    assert response.status_code == 400 and "personal_access_token" in await _error(response)
    assert len(fake_jira.received) == 5  # two checks each for the first two; the incomplete one never reached the site


async def test_bitbucket_links_a_workspace_to_a_jira_site(client: QuartClient, acme: Org, fake_jira: FakeJira) -> None:
    response = await connect_jira(client, acme, fake_jira.server.url, provider="bitbucket")
    assert response.status_code == 400 and "workspace" in await _error(response)
    response = await connect_jira(client, acme, fake_jira.server.url, provider="bitbucket", workspace="acme-team")
    assert response.status_code == 201
    created = await response.get_json()
    assert created["provider"] == "bitbucket" and created["workspace"] == "acme-team"
    assert fake_jira.received[0].path == "/rest/api/3/myself"


@pytest.mark.parametrize(
    "body",
    [
        {"url": "http://x", "api_token": TOKEN},
        {"url": "http://x", "email": "a@b.c"},
        {"provider": "linear", "url": "http://x", "email": "a@b.c", "api_token": TOKEN},
        {"email": "a@b.c", "api_token": TOKEN},
        {"url": "ftp://acme.example", "email": "a@b.c", "api_token": TOKEN},
        {"url": "acme.atlassian.net", "email": "a@b.c", "api_token": TOKEN},
        {"url": "https://user:pw@acme.atlassian.net", "email": "a@b.c", "api_token": TOKEN},
        {"url": "https://acme.atlassian.net/?q=1", "email": "a@b.c", "api_token": TOKEN},
        {"url": "https://a..b", "email": "a@b.c", "api_token": TOKEN},  # each of these three was a 500
        {"url": "https://.example.com", "email": "a@b.c", "api_token": TOKEN},
        {"url": "https://" + "a" * 64 + ".example.com", "email": "a@b.c", "api_token": TOKEN},
        {"url": "https://" + "a." * 127 + "com", "email": "a@b.c", "api_token": TOKEN},
        {"url": "https://xn--a.example", "email": "a@b.c", "api_token": TOKEN},  # refused before any call
        {"url": "https://exa mple.com", "email": "a@b.c", "api_token": TOKEN},
    ],
)
async def test_incomplete_or_malformed_connections_are_400(
    client: QuartClient, acme: Org, body: dict[str, str]
) -> None:
    response = await client.post("/api/1/orgs/acme/issue-trackers", json=body, headers=acme.headers)
    assert response.status_code == 400
    assert (await _error(response)).endswith(".")
    assert await IssueTracker.all().count() == 0


@pytest.mark.parametrize(
    ("custom_headers", "expected"),
    [
        ("X-Evil=a\r\nHost: evil.example", "control character"),
        ("X-Evil=a\nb", "control character"),
        ("X-Evil=a\x00b", "NUL character"),  # refused by the request guard before the header parser
        ("X-Evil=tab\there", "control character"),
        ("X-Evil=bell\x07", "control character"),
        ("X-Evil=del\x7f", "control character"),
        ("X-Evil=a\r\n", "control character"),
        ("X-Evil\r\nHost=a", "not a valid HTTP header name"),
        ("X Evil=a", "not a valid HTTP header name"),
        ("X:Evil=a", "not a valid HTTP header name"),
        ("Ünicode=a", "not a valid HTTP header name"),
        ("novalue", "not in the form name=value"),
        ("=value", "not in the form name=value"),
        ("X-A=1,,X-B=2", "not in the form name=value"),
        ("X-A=", "has no value"),
        ("X-A=1,x-a=2", "given twice"),
        ("Host=evil.example", "sends it itself"),
        ("Authorization=Basic abc", "sends it itself"),
        ("content-length=0", "sends it itself"),
        ("Transfer-Encoding=chunked", "sends it itself"),
        ("Connection=close", "sends it itself"),
    ],
)
async def test_bad_custom_headers_are_400_and_never_sent(
    client: QuartClient, acme: Org, fake_jira: FakeJira, custom_headers: str, expected: str
) -> None:
    response = await connect_jira(client, acme, fake_jira.server.url, custom_headers=custom_headers)
    assert response.status_code == 400
    message = await _error(response)
    assert expected in message
    assert "evil.example" not in message  # values are secrets: never echoed
    assert fake_jira.received == []
    assert await IssueTracker.all().count() == 0


@pytest.fixture
async def strict_client(database: str, make_settings: Callable[..., Settings]) -> AsyncIterator[QuartClient]:
    """The app as in production: only https to public addresses."""
    application = create_app(make_settings(SLEUTH_ALLOW_PRIVATE_URLS="0"))
    async with application.test_app():
        yield application.test_client()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://127.0.0.1", "not allowed"),
        ("https://10.0.0.1", "not allowed"),
        ("https://192.168.1.10", "not allowed"),
        ("https://169.254.169.254", "not allowed"),
        ("https://[::1]", "not allowed"),
        ("https://[::ffff:127.0.0.1]", "not allowed"),
        ("https://localhost", "not allowed"),
        ("http://acme.atlassian.net", "Only https"),
    ],
)
async def test_private_addresses_and_plain_http_are_refused_in_production_mode(
    strict_client: QuartClient, acme: Org, url: str, expected: str
) -> None:
    response = await connect_jira(strict_client, acme, url)
    assert response.status_code == 400
    assert expected in await _error(response)
    assert await IssueTracker.all().count() == 0


async def test_a_name_that_resolves_to_loopback_is_refused_when_resolved(
    strict_client: QuartClient, acme: Org, fake_jira: FakeJira
) -> None:
    port = fake_jira.server.url.rsplit(":", 1)[1]
    response = await connect_jira(strict_client, acme, f"https://localhost:{port}")
    assert response.status_code == 400
    assert "not allowed" in await _error(response)
    assert fake_jira.received == []


async def test_removing_a_connection_leaves_its_projects_without_a_tracker(
    client: QuartClient, acme: Org, fake_jira: FakeJira
) -> None:
    await create_project(client, acme, slug="web", deployment=None)
    await create_project(client, acme, slug="api", deployment=None)
    first = (await (await connect_jira(client, acme, fake_jira.server.url)).get_json())["id"]
    second = (await (await connect_jira(client, acme, fake_jira.server.url, label="two")).get_json())["id"]
    await client.patch("/api/1/orgs/acme/projects/web", json={"issue_tracker": first}, headers=acme.headers)
    await client.patch("/api/1/orgs/acme/projects/api", json={"issue_tracker": second}, headers=acme.headers)

    response = await client.delete(f"/api/1/orgs/acme/issue-trackers/{first}", headers=acme.headers)
    assert response.status_code == 204
    web_project = await (await client.get("/api/1/orgs/acme/projects/web", headers=acme.headers)).get_json()
    api_project = await (await client.get("/api/1/orgs/acme/projects/api", headers=acme.headers)).get_json()
    assert web_project["issue_tracker"] is None and api_project["issue_tracker"] == second
    assert await IssueTracker.filter(id=first).count() == 0  # the row, and with it its secrets, is gone
    status = await (await client.get("/api/1/orgs/acme/integrations", headers=acme.headers)).get_json()
    assert status == {"jira": "connected", "jira_dc": "disconnected", "bitbucket": "disconnected"}

    assert (await client.delete(f"/api/1/orgs/acme/issue-trackers/{second}", headers=acme.headers)).status_code == 204
    status = await (await client.get("/api/1/orgs/acme/integrations", headers=acme.headers)).get_json()
    assert status["jira"] == "disconnected"
    assert await (await client.get("/api/1/orgs/acme/issue-trackers", headers=acme.headers)).get_json() == []
    assert await Project.filter(issue_tracker_id__isnull=False).count() == 0


async def test_removing_an_unknown_or_foreign_connection_is_404(
    client: QuartClient, acme: Org, globex: Org, fake_jira: FakeJira
) -> None:
    theirs = (await (await connect_jira(client, globex, fake_jira.server.url)).get_json())["id"]
    for connection_id in (str(theirs), "999999", "abc", "99999999999999999999", "-1"):
        response = await client.delete(f"/api/1/orgs/acme/issue-trackers/{connection_id}", headers=acme.headers)
        assert response.status_code == 404, connection_id
    assert await IssueTracker.filter(id=theirs).count() == 1


async def test_an_edit_rotates_the_token_checks_it_and_keeps_the_projects(
    app: SleuthJira, client: QuartClient, acme: Org, fake_jira: FakeJira
) -> None:
    fake_jira.api_token = TOKEN
    created = await (await connect_jira(client, acme, fake_jira.server.url, custom_headers="X-Proxy=one")).get_json()
    path = f"/api/1/orgs/acme/issue-trackers/{created['id']}"
    await client.post("/api/1/orgs/acme/projects", json={"slug": "web", "name": "Web"}, headers=acme.headers)
    await client.patch("/api/1/orgs/acme/projects/web", json={"issue_tracker": created["id"]}, headers=acme.headers)

    refused = await client.patch(path, json={"api_token": "wrong-token"}, headers=acme.headers)
    assert refused.status_code == 400 and "401" in await _error(refused)
    stored = await IssueTracker.get(id=created["id"])
    assert json.loads(app.secret_box.decrypt(stored.credentials or "", CREDENTIALS_PURPOSE))["password"] == TOKEN

    fake_jira.api_token = "rotated-token-0123456789"
    fake_jira.administer = True  # the new token is a Jira administrator's: the site's consent
    response = await client.patch(path, json={"api_token": "rotated-token-0123456789", "label": "Rotated"}, headers=acme.headers)
    edited = await response.get_json()
    assert response.status_code == 200, edited
    assert (edited["label"], edited["site_consent"], edited["custom_headers"]) == ("Rotated", "granted", ["X-Proxy"])
    assert "rotated-token" not in await response.get_data(as_text=True)
    assert fake_jira.received[-1].headers["X-Proxy"] == "one"  # the stored header went with the check
    project = await (await client.get("/api/1/orgs/acme/projects/web", headers=acme.headers)).get_json()
    assert project["issue_tracker"] == created["id"]  # the project keeps it

    fake_jira.administer = False  # a token without ADMINISTER takes that consent away again
    response = await client.patch(path, json={"custom_headers": ""}, headers=acme.headers)
    edited = await response.get_json()
    assert (edited["site_consent"], edited["custom_headers"]) == ("pending", [])


async def test_an_edit_of_another_organizations_or_an_unknown_connection_is_404(
    client: QuartClient, acme: Org, globex: Org, fake_jira: FakeJira
) -> None:
    created = await (await connect_jira(client, acme, fake_jira.server.url)).get_json()
    for org, connection in ((globex, created["id"]), (acme, 999_999), (acme, "x1")):
        response = await client.patch(
            f"/api/1/orgs/{org.slug}/issue-trackers/{connection}", json={"label": "x"}, headers=org.headers
        )
        assert response.status_code == 404


async def test_a_check_asks_the_site_again_and_records_its_answer(
    client: QuartClient, acme: Org, globex: Org, fake_jira: FakeJira
) -> None:
    fake_jira.api_token = TOKEN
    created = await (await connect_jira(client, acme, fake_jira.server.url, api_token=TOKEN)).get_json()
    assert (created["healthy"], created["last_error"]) == (True, None) and created["checked_at"]
    check = f"/api/1/orgs/acme/issue-trackers/{created['id']}/check"

    fake_jira.api_token = "revoked"
    failing = await (await client.post(check, headers=acme.headers)).get_json()
    assert failing["healthy"] is False and failing["checked_at"] > created["checked_at"]
    assert failing["last_error"] == "Jira refused the credentials (401): check the email and API token."
    fake_jira.api_token = TOKEN
    assert (await (await client.post(check, headers=acme.headers)).get_json())["healthy"] is True
    foreign = await client.post(f"/api/1/orgs/globex/issue-trackers/{created['id']}/check", headers=globex.headers)
    assert foreign.status_code == 404
