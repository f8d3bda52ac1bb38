"""A project's Settings > Code deployments: each code deployment's code source, set in a form that checks
it with the host before saving, never shows the token back, and keeps it when left empty."""

from __future__ import annotations

from quart.typing import TestClientProtocol as QuartClient

from app.sleuth.code_sources import TOKEN_PURPOSE
from app.web.application import SleuthJira
from models import CodeDeployment, CodeSource, Project, User
from tests.fakes.code_hosts import TOKEN, FakeCodeHost
from tests.web.sleuth_ui.pages import Org, post_form, sign_in, text

LIST = "/acme/web/settings/deployments"
FORM = "/acme/web/settings/deployments/web-app"


async def _web_app(org: Org) -> CodeDeployment:
    project = await Project.create(organization=org.organization, slug="web", name="Web")
    return await CodeDeployment.create(organization=org.organization, project=project, slug="web-app", name="Web app")


def _github(host: FakeCodeHost, **fields: str) -> dict[str, str]:
    return {
        "provider": "github_enterprise", "repository": "acme/web", "url": "", "api_url": host.server.url + "/api/v3",
        "branch": "", "token": TOKEN, "path_includes": "", "path_excludes": "",
    } | fields  # fmt: skip


async def test_a_code_source_is_checked_saved_and_its_token_never_shown(
    app: SleuthJira, client: QuartClient, acme: Org, acme_admin: User, fake_host: FakeCodeHost
) -> None:
    await _web_app(acme)
    await sign_in(client, acme_admin)
    listing = await text(await client.get(LIST))
    assert "No code source" in listing and f'href="{FORM}"' in listing

    response = await post_form(client, FORM, _github(fake_host, branch="main", path_includes="services/web/\n\n"))
    assert response.status_code == 302 and response.headers["Location"] == LIST  # type: ignore[attr-defined]
    stored = await CodeSource.get(code_deployment__slug="web-app")
    assert (stored.repository, stored.branch, stored.path_includes) == ("acme/web", "main", ["services/web/"])
    assert app.secret_box.decrypt(stored.token or "", TOKEN_PURPOSE) == TOKEN

    page = await text(await client.get(FORM))
    assert TOKEN not in page and "A token is stored: leave this empty to keep it" in page
    assert "Commits read from GitHub Enterprise Server: <code>acme/web</code>, branch <code>main</code>" in await text(
        await client.get(LIST)
    )

    kept = await post_form(client, FORM, _github(fake_host, token="", repository="acme/web"))  # token left empty
    assert kept.status_code == 302  # type: ignore[attr-defined]
    assert app.secret_box.decrypt((await CodeSource.get()).token or "", TOKEN_PURPOSE) == TOKEN


async def test_the_hosts_refusal_is_shown_and_nothing_is_saved(
    client: QuartClient, acme: Org, acme_admin: User, fake_host: FakeCodeHost
) -> None:
    await _web_app(acme)
    await sign_in(client, acme_admin)
    response = await post_form(client, FORM, _github(fake_host, token="wrong-token"))
    page = await text(response)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Not saved: The code host refused the token (401)" in page and "wrong-token" not in page
    assert 'value="acme/web"' in page  # what was typed stays, but the secret
    missing = await post_form(client, FORM, _github(fake_host, repository=""))
    assert missing.status_code == 400 and "needs its repository" in await text(missing)  # type: ignore[attr-defined]
    assert await CodeSource.all().count() == 0


async def test_removing_the_code_source(client: QuartClient, acme: Org, acme_admin: User, fake_host: FakeCodeHost) -> None:
    await _web_app(acme)
    await sign_in(client, acme_admin)
    await post_form(client, FORM, _github(fake_host))
    response = await post_form(client, FORM, {"action": "remove"})
    assert response.status_code == 302 and await CodeSource.all().count() == 0  # type: ignore[attr-defined]


async def test_only_admins_of_the_organization_reach_it(
    app: SleuthJira, client: QuartClient, acme: Org, acme_member: User, globex_admin: User
) -> None:
    await _web_app(acme)
    await sign_in(client, acme_member)
    assert (await client.get(FORM)).status_code == 403
    stranger = app.test_client()
    await sign_in(stranger, globex_admin)
    assert (await stranger.get(FORM)).status_code == 404
    assert (await stranger.get("/globex/web/settings/deployments/web-app")).status_code == 404


async def test_admins_create_a_code_deployment_then_set_its_code_source(
    client: QuartClient, acme: Org, acme_admin: User
) -> None:
    await Project.create(organization=acme.organization, slug="web", name="Web")
    await sign_in(client, acme_admin)
    assert "This project has no code deployment yet" in await text(await client.get(LIST))
    created = await post_form(client, LIST, {"name": "Web app", "slug": ""})
    assert created.status_code == 302 and created.headers["Location"] == FORM  # type: ignore[attr-defined]
    assert (await CodeDeployment.get(slug="web-app")).name == "Web app"
    refused = await post_form(client, LIST, {"name": "", "slug": ""})
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert 'role="alert"' in await text(refused)
