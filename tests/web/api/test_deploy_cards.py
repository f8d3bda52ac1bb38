"""Deploy cards through the REST API: issue links from the project's current connection, pages, filters."""

from __future__ import annotations

import base64

from urllib.parse import parse_qs, urlsplit

from quart.typing import TestClientProtocol as QuartClient

from app.web.application import SleuthJira
from models import IssueTracker
from tests.fakes.jira import FakeJira
from tests.web.api.conftest import Org, connect_jira, create_project

REGISTER = "/api/1/deployments/acme/web-app/register_deploy"
CARDS = "/api/1/orgs/acme/projects/web/deploys"


def _sha(n: int) -> str:
    return f"{n:040x}"


async def _deploy(client: QuartClient, org: Org, n: int, message: str = "", **fields: object) -> None:
    body = {
        "sha": _sha(n),
        "date": f"2024-05-01T12:{n:02d}:00Z",
        "commits": [{"revision": _sha(n), "message": message}],
    }
    response = await client.post(REGISTER, json=body | fields, headers=org.headers)
    assert response.status_code == 200, await response.get_json()


async def _use_new_connection(client: QuartClient, org: Org, url: str) -> int:
    connection_id = (await (await connect_jira(client, org, url)).get_json())["id"]
    response = await client.patch(
        "/api/1/orgs/acme/projects/web", json={"issue_tracker": connection_id}, headers=org.headers
    )
    assert response.status_code == 200
    return connection_id


async def test_cards_link_issues_through_the_current_connection(
    client: QuartClient, web_project: Org, fake_jira: FakeJira
) -> None:
    await _deploy(client, web_project, 1, "WEB-1 login")
    await _deploy(client, web_project, 2, "WEB-2 logout, see WEB-1", environment="Staging")
    response = await client.get(CARDS, headers=web_project.headers)
    assert response.status_code == 200
    cards = await response.get_json()
    assert [card["sha"] for card in cards] == [_sha(2), _sha(1)]
    assert cards[0]["issues"] == [{"key": "WEB-2", "url": None}, {"key": "WEB-1", "url": None}]  # no tracker yet
    assert {"sha", "environment", "date", "issues"} <= set(cards[0])
    assert (cards[0]["environment"], cards[0]["environment_name"]) == ("staging", "Staging")
    assert cards[1]["date"] == "2024-05-01T12:01:00Z"

    connection_id = await _use_new_connection(client, web_project, fake_jira.server.url)
    cards = await (await client.get(CARDS, headers=web_project.headers)).get_json()
    site = fake_jira.server.url
    assert cards[0]["issues"] == [{"key": key, "url": f"{site}/browse/{key}"} for key in ("WEB-2", "WEB-1")]

    # Removing the connection takes the links away; the deploys and their keys stay.
    removed = await client.delete(f"/api/1/orgs/acme/issue-trackers/{connection_id}", headers=web_project.headers)
    assert removed.status_code == 204
    cards = await (await client.get(CARDS, headers=web_project.headers)).get_json()
    assert cards[0]["issues"] == [{"key": "WEB-2", "url": None}, {"key": "WEB-1", "url": None}]
    project = await (await client.get("/api/1/orgs/acme/projects/web", headers=web_project.headers)).get_json()
    assert project["issue_tracker"] is None


async def test_links_follow_a_change_of_connection_and_survive_a_deleted_row(
    client: QuartClient, web_project: Org, fake_jira: FakeJira
) -> None:
    await _deploy(client, web_project, 1, "WEB-1")
    first = await _use_new_connection(client, web_project, fake_jira.server.url)
    other_site = FakeJira()
    other_url = await other_site.start()
    try:
        second = await _use_new_connection(client, web_project, other_url)
    finally:
        await other_site.stop()
    cards = await (await client.get(CARDS, headers=web_project.headers)).get_json()
    assert cards[0]["issues"][0]["url"] == f"{other_url}/browse/WEB-1"
    # A project pointing at a connection whose row goes away by any path (the FK is SET NULL).
    await IssueTracker.filter(id=second).delete()
    cards = await (await client.get(CARDS, headers=web_project.headers)).get_json()
    assert cards[0]["issues"][0]["url"] is None
    assert await IssueTracker.filter(id=first).count() == 1


async def test_cards_come_in_pages_with_a_next_link(client: QuartClient, web_project: Org) -> None:
    for n in range(1, 6):
        await _deploy(client, web_project, n)
    seen: list[str] = []
    url = f"{CARDS}?limit=2"
    while url:
        response = await client.get(url, headers=web_project.headers)
        assert response.status_code == 200
        seen += [card["sha"] for card in await response.get_json()]
        link = response.headers.get("Link")
        if link is None:
            assert "X-Next-Cursor" not in response.headers
            break
        assert link.endswith('>; rel="next"')
        parts = urlsplit(link[1 : link.index(">")])
        assert parse_qs(parts.query)["cursor"] == [response.headers["X-Next-Cursor"]]
        url = f"{parts.path}?{parts.query}"
    assert seen == [_sha(n) for n in range(5, 0, -1)]


async def test_the_next_link_is_built_from_the_base_url_never_the_host_header(
    app: SleuthJira, client: QuartClient, web_project: Org
) -> None:
    for n in range(1, 3):
        await _deploy(client, web_project, n)
    headers = web_project.headers | {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    response = await client.get(f"{CARDS}?limit=1", headers=headers)
    link = response.headers["Link"]
    assert "evil.example" not in link
    assert link.startswith(f"<{app.settings.base_url}/api/1/orgs/acme/projects/web/deploys?limit=1&cursor=")


async def test_cards_filter_by_environment_and_issue(client: QuartClient, web_project: Org) -> None:
    await _deploy(client, web_project, 1, "WEB-1", environment="production")
    await _deploy(client, web_project, 2, "WEB-2", environment="Staging")
    await _deploy(client, web_project, 3, "WEB-1 again", environment="staging")
    staging = await (await client.get(f"{CARDS}?environment=Staging", headers=web_project.headers)).get_json()
    assert [card["sha"] for card in staging] == [_sha(3), _sha(2)]
    web_1 = await (await client.get(f"{CARDS}?issue=web-1", headers=web_project.headers)).get_json()
    assert [card["sha"] for card in web_1] == [_sha(3), _sha(1)]
    both = await (
        await client.get(f"{CARDS}?issue=WEB-1&environment=production", headers=web_project.headers)
    ).get_json()
    assert [card["sha"] for card in both] == [_sha(1)]


def _cursor(raw: str) -> str:
    return "cursor=" + base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


async def test_bad_paging_is_400(client: QuartClient, web_project: Org) -> None:
    hostile_cursors = (
        _cursor("2026-01-01T00:00:00+00:00|2147483648"),  # past PostgreSQL's integer
        _cursor("2026-01-01T00:00:00+00:00|" + "9" * 30),  # past 64 bits
        _cursor("2026-01-01T00:00:00+00:00|-1"),
        _cursor("9999-12-31T23:59:59-14:00|1"),  # no UTC for it
        _cursor("0001-01-01T00:00:00+14:00|1"),
    )
    for query in ("limit=0", "limit=201", "limit=ten", "cursor=garbage", *hostile_cursors):
        response = await client.get(f"{CARDS}?{query}", headers=web_project.headers)
        assert response.status_code == 400, query
        assert (await response.get_json())["error"].endswith(".")
    assert (await client.get(f"{CARDS}?limit=200", headers=web_project.headers)).status_code == 200


async def test_cards_of_an_unknown_or_foreign_project(client: QuartClient, web_project: Org, globex: Org) -> None:
    await create_project(client, globex, slug="web", deployment="globex-web")
    await _deploy(client, web_project, 1, "WEB-1")
    assert (await client.get("/api/1/orgs/acme/projects/nope/deploys", headers=web_project.headers)).status_code == 404
    assert (await client.get(CARDS, headers=globex.headers)).status_code == 401
    assert await (await client.get("/api/1/orgs/globex/projects/web/deploys", headers=globex.headers)).get_json() == []
