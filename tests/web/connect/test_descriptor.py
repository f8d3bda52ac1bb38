"""`GET /atlassian-connect.json`: complete (ref §1), filled from the settings, and every URL it names is
a route of this app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from quart.typing import TestClientProtocol as QuartClient

from app import create_app
from app.settings import Settings
from app.web.application import SleuthJira


async def get_descriptor(client: QuartClient, path: str = "/atlassian-connect.json") -> dict[str, Any]:
    response = await client.get(path)
    assert response.status_code == 200 and response.content_type == "application/json"
    descriptor: dict[str, Any] = await response.get_json()
    return descriptor


async def test_the_descriptor_declares_the_connect_contract(client: QuartClient) -> None:
    descriptor = await get_descriptor(client)
    assert descriptor["baseUrl"] == "http://127.0.0.1:8000"
    assert descriptor["key"] == "io.sleuth.jira"
    assert descriptor["authentication"] == {"type": "jwt"}
    assert descriptor["apiMigrations"] == {"signed-install": True, "context-qsh": True}
    assert set(descriptor["lifecycle"]) == {"installed", "uninstalled", "enabled", "disabled"}
    assert descriptor["scopes"] == ["READ", "WRITE", "DELETE"]
    modules = descriptor["modules"]
    (context,) = modules["jiraIssueContexts"]
    assert "{issue.key}" in context["target"]["url"]
    (admin,) = modules["adminPages"]
    assert {"condition": "user_is_admin"} in admin["conditions"]
    provider = modules["jiraDeploymentInfoProvider"]
    assert {"key", "name", "homeUrl", "logoUrl"} <= set(provider)
    assert provider["logoUrl"] == "http://127.0.0.1:8000/static/sleuth-logo.svg"
    assert "jiraIssueGlances" not in modules  # deprecated (ref §1.4)


def _relative_urls(descriptor: dict[str, Any]) -> list[str]:
    modules = descriptor["modules"]
    return [
        *descriptor["lifecycle"].values(),
        modules["jiraIssueContexts"][0]["target"]["url"],
        modules["jiraIssueContexts"][0]["icon"]["url"],
        *(page["url"] for page in modules["adminPages"]),
    ]


async def test_every_url_of_the_descriptor_is_a_route(app: SleuthJira, client: QuartClient) -> None:
    descriptor = await get_descriptor(client)
    adapter = app.url_map.bind("127.0.0.1:8000")
    for url in _relative_urls(descriptor):
        path = urlsplit(url).path
        method = "POST" if url in descriptor["lifecycle"].values() else "GET"
        adapter.match(path, method=method)  # raises NotFound / MethodNotAllowed


async def test_the_logo_is_served_as_svg(client: QuartClient) -> None:
    response = await client.get("/static/sleuth-logo.svg")
    assert response.status_code == 200 and response.content_type.startswith("image/svg+xml")
    assert (await client.get("/static/../atlassian-connect.json")).status_code == 404


async def test_key_and_base_url_with_a_path_come_from_the_settings(
    database: str, make_settings: Callable[..., Settings]
) -> None:
    app = create_app(make_settings(SLEUTH_BASE_URL="https://x.example/sleuth", SLEUTH_APP_KEY="io.sleuth.jira.staging"))
    async with app.test_app():
        client = app.test_client()
        descriptor = await get_descriptor(client, "/sleuth/atlassian-connect.json")
        assert descriptor["baseUrl"] == "https://x.example/sleuth"
        assert descriptor["key"] == "io.sleuth.jira.staging"
        logo_url = descriptor["modules"]["jiraDeploymentInfoProvider"]["logoUrl"]
        assert logo_url == "https://x.example/sleuth/static/sleuth-logo.svg"
        assert (await client.get("/sleuth/static/sleuth-logo.svg")).status_code == 200
