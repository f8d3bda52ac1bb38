"""A code deployment's code source through the API: checked with the host before it is saved, its token
encrypted at rest and never shown back, kept when a change does not send it, and refused (400, one
sentence, nothing stored) when the host or the address policy says no."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from quart.typing import TestClientProtocol as QuartClient

from app import create_app
from app.settings import Settings
from app.sleuth.code_sources import TOKEN_PURPOSE
from app.web.application import SleuthJira
from models import CodeDeployment, CodeSource
from tests.fakes.code_hosts import TOKEN, FakeCodeHost
from tests.fakes.organizations import Org, make_org

DEPLOYMENTS = "/api/1/orgs/acme/projects/web/deployments"


def gitlab(host: FakeCodeHost, **fields: Any) -> dict[str, Any]:
    return {"provider": "gitlab", "repository": "acme/platform/web", "api_url": host.server.url + "/api/v4", "token": TOKEN} | fields


async def test_a_new_code_deployment_with_its_code_source(
    app: SleuthJira, client: QuartClient, web_project: Org, fake_host: FakeCodeHost
) -> None:
    body = {"name": "API", "slug": "api", "code_source": gitlab(fake_host)}
    response = await client.post(DEPLOYMENTS, json=body, headers=web_project.headers)
    answer = await response.get_json()
    assert response.status_code == 201, answer
    assert answer["code_source"] == {
        "provider": "gitlab", "repository": "acme/platform/web", "url": "", "api_url": fake_host.server.url + "/api/v4",
        "branch": "", "has_token": True, "path_includes": [], "path_excludes": [],
    }  # fmt: skip
    stored = await CodeSource.get(code_deployment__slug="api")
    assert stored.token != TOKEN and app.secret_box.decrypt(stored.token or "", TOKEN_PURPOSE) == TOKEN
    listed = await (await client.get(DEPLOYMENTS, headers=web_project.headers)).get_data(as_text=True)
    assert TOKEN not in listed and '"has_token": true' in listed.replace('":true', '": true')


async def test_a_change_without_a_token_keeps_it_and_null_removes_the_source(
    app: SleuthJira, client: QuartClient, web_project: Org, fake_host: FakeCodeHost
) -> None:
    path = f"{DEPLOYMENTS}/web-app"
    assert (await client.patch(path, json={"code_source": gitlab(fake_host)}, headers=web_project.headers)).status_code == 200
    renamed = gitlab(fake_host, token=None, path_includes=["services/web/"])
    response = await client.patch(path, json={"name": "Web app", "code_source": renamed}, headers=web_project.headers)
    answer = await response.get_json()
    assert response.status_code == 200 and answer["code_source"]["has_token"] and answer["name"] == "Web app"
    assert answer["code_source"]["path_includes"] == ["services/web/"]
    response = await client.patch(path, json={"code_source": None}, headers=web_project.headers)
    assert (await response.get_json())["code_source"] is None and await CodeSource.all().count() == 0


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"token": "wrong"}, "refused the token"),
        ({"repository": ""}, "needs its repository"),
        ({"token": "tok\r\nX-Injected: 1"}, "control characters"),
        ({"branch": "--upload-pack=touch /tmp/x"}, "git branch name"),
        ({"branch": "main\nX"}, "control characters"),
        ({"provider": "github_enterprise", "api_url": ""}, "needs its api_url"),
        ({"provider": "custom_git", "url": ""}, "needs its url"),
        ({"api_url": "ftp://gitlab.example/api/v4"}, "api_url"),
        ({"provider": "svn"}, "provider"),
    ],
)
async def test_a_refused_code_source_stores_nothing(
    client: QuartClient, web_project: Org, fake_host: FakeCodeHost, change: dict[str, Any], sentence: str
) -> None:
    body = {"name": "API", "slug": "api", "code_source": gitlab(fake_host, **change)}
    response = await client.post(DEPLOYMENTS, json=body, headers=web_project.headers)
    assert response.status_code == 400
    assert sentence in str(await response.get_json())
    assert await CodeDeployment.filter(slug="api").count() == 0 and await CodeSource.all().count() == 0


async def test_private_addresses_are_refused_in_production_rules(
    database: str, make_settings: Callable[..., Settings], fake_host: FakeCodeHost
) -> None:
    """Without SLEUTH_ALLOW_PRIVATE_URLS, a code source on loopback (here the fake host) is refused
    before any call: the SSRF rule of Jira connections."""
    app = create_app(make_settings(SLEUTH_ALLOW_PRIVATE_URLS=""))
    async with app.test_app():
        client = app.test_client()
        org = await make_org("acme")
        await client.post("/api/1/orgs/acme/projects", json={"slug": "web", "name": "Web"}, headers=org.headers)
        for source in (
            gitlab(fake_host),
            {"provider": "custom_git", "url": fake_host.server.url + "/repo.git", "token": TOKEN},
            {"provider": "custom_git", "url": "https://10.0.0.8/repo.git"},
        ):
            body = {"name": "API", "slug": "api", "code_source": source}
            response = await client.post(DEPLOYMENTS, json=body, headers=org.headers)
            assert response.status_code == 400, source
        assert fake_host.server.received == []


async def test_a_refused_change_leaves_the_name_and_the_source_as_they_were(
    client: QuartClient, web_project: Org, fake_host: FakeCodeHost
) -> None:
    path = f"{DEPLOYMENTS}/web-app"
    assert (await client.patch(path, json={"code_source": gitlab(fake_host)}, headers=web_project.headers)).status_code == 200
    change = {"name": "Renamed", "code_source": gitlab(fake_host, token="wrong")}
    response = await client.patch(path, json=change, headers=web_project.headers)
    assert response.status_code == 400 and "refused the token" in (await response.get_json())["error"]
    stored = await CodeDeployment.get(slug="web-app")
    assert stored.name == "web-app" and (await CodeSource.get(code_deployment=stored)).provider == "gitlab"
    blank = await client.patch(path, json={"name": "  "}, headers=web_project.headers)
    assert blank.status_code == 400
