"""The organization's projects and a project's Settings > Details: the Issue Integration Provider."""

from __future__ import annotations

import html

from quart.typing import TestClientProtocol as QuartClient

from app.web.application import SleuthJira
from models import IssueTracker, Project, User
from tests.web.sleuth_ui.pages import Org, post_form, sign_in, text

DETAILS = "/acme/web/settings/details"


async def _web(acme: Org, tracker: IssueTracker | None = None) -> Project:
    return await Project.create(organization=acme.organization, slug="web", name="Web", issue_tracker=tracker)


async def _jira(org: Org, label: str) -> IssueTracker:
    return await IssueTracker.create(
        organization=org.organization, provider="jira", label=label, url=f"https://{label.lower()}.atlassian.net"
    )


async def test_members_see_their_organizations_projects(client: QuartClient, acme: Org, acme_member: User) -> None:
    await _web(acme, await _jira(acme, "Prod"))
    await Project.create(organization=acme.organization, slug="api", name="Api")
    await sign_in(client, acme_member)
    page = await text(await client.get("/acme"))
    assert '<a class="project-name" href="/acme/web/deploys">Web</a>' in page and "Issues: Jira Cloud (Prod)" in page
    assert '<a class="project-name" href="/acme/api/deploys">Api</a>' in page and "No issue tracker" in page
    response = await client.get("/acme/web")
    assert response.status_code == 302 and response.headers["Location"] == "/acme/web/deploys"
    assert (await client.get("/acme/nothing")).status_code == 404
    assert (await client.get("/globex")).status_code == 404


async def test_the_details_tab_offers_this_organizations_connections(
    client: QuartClient, acme: Org, globex: Org, acme_admin: User
) -> None:
    prod = await _jira(acme, "Prod")
    await _jira(globex, "Theirs")
    await _web(acme)
    await sign_in(client, acme_admin)
    assert (await client.get("/acme/web/settings")).headers["Location"] == DETAILS
    page = await text(await client.get(DETAILS))
    assert '<label for="issue_tracker">Issue Integration Provider</label>' in page
    assert '<option value="" selected>None</option>' in page
    assert f'<option value="{prod.id}">Jira Cloud (Prod)</option>' in page and "Theirs" not in page
    assert "set per\n        project: set it on each project individually" in page
    assert "Connections are set up at the organization level" in page and 'href="/acme/settings/integrations"' in page
    sidebar = page[page.index('<nav class="sidebar"') : page.index("</nav>", page.index('<nav class="sidebar"'))]
    assert 'href="/acme/web/deploys"' in sidebar and 'href="/acme/web/settings/details"' in sidebar
    assert "This project has no issue tracker connection" in page and "it needs a new one" in page


async def test_with_no_connection_the_tab_points_to_integrations(
    client: QuartClient, acme: Org, acme_admin: User
) -> None:
    await _web(acme)
    await sign_in(client, acme_admin)
    page = await text(await client.get(DETAILS))
    assert "An integration must first be set up at the organization level before it can be chosen here" in page
    assert '<a href="/acme/settings/integrations">set one up in Integrations</a>' in page


async def test_saving_chooses_the_projects_one_tracker(client: QuartClient, acme: Org, acme_admin: User) -> None:
    prod = await _jira(acme, "Prod")
    web = await _web(acme)
    await sign_in(client, acme_admin)
    saved = await post_form(client, DETAILS, {"issue_tracker": str(prod.id)})
    assert saved.status_code == 302 and saved.headers["Location"] == DETAILS  # type: ignore[attr-defined]
    assert (await Project.get(id=web.id)).issue_tracker_id == prod.id
    page = await text(await client.get(DETAILS))
    assert "Saved: Web uses Jira Cloud (Prod) as its issue tracker." in page
    assert f'<option value="{prod.id}" selected>Jira Cloud (Prod)</option>' in page
    assert "This project has no issue tracker connection" not in page
    await post_form(client, DETAILS, {"issue_tracker": ""})
    assert (await Project.get(id=web.id)).issue_tracker_id is None


async def test_another_organizations_connection_or_garbage_is_refused_next_to_the_field(
    client: QuartClient, acme: Org, globex: Org, acme_admin: User
) -> None:
    theirs = await _jira(globex, "Theirs")
    web = await _web(acme)
    await sign_in(client, acme_admin)
    for value, message in (
        (str(theirs.id), f"Issue tracker {theirs.id} is not a connection of this organization."),
        ("abc", "Choose one of the listed connections, or none."),
        (str(2**40), "Choose one of the listed connections, or none."),
    ):
        response = await post_form(client, DETAILS, {"issue_tracker": value})
        assert response.status_code == 400  # type: ignore[attr-defined]
        assert f'<p class="field-error" id="issue_tracker-error">{message}</p>' in await text(response)
    assert (await Project.get(id=web.id)).issue_tracker_id is None


async def test_settings_are_for_admins_of_this_organization_only(
    app: SleuthJira, client: QuartClient, acme: Org, acme_member: User, globex_admin: User
) -> None:
    prod = await _jira(acme, "Prod")
    web = await _web(acme)
    await sign_in(client, acme_member)
    deploys = await text(await client.get("/acme/web/deploys"))
    assert "/settings/details" not in deploys.split("<main")[0] and "ask an admin of Acme" in deploys
    assert (await client.get(DETAILS)).status_code == 403
    refused = await post_form(client, DETAILS, {"issue_tracker": str(prod.id)}, token_from="/acme")
    assert refused.status_code == 403  # type: ignore[attr-defined]

    stranger = app.test_client()
    await sign_in(stranger, globex_admin)
    assert (await stranger.get(DETAILS)).status_code == 404
    refused = await post_form(stranger, DETAILS, {"issue_tracker": str(prod.id)}, token_from="/globex")
    assert refused.status_code == 404  # type: ignore[attr-defined]
    assert (await Project.get(id=web.id)).issue_tracker_id is None


async def test_saving_needs_the_sessions_token(client: QuartClient, acme: Org, acme_admin: User) -> None:
    prod = await _jira(acme, "Prod")
    web = await _web(acme)
    await sign_in(client, acme_admin)
    assert (await client.post(DETAILS, form={"issue_tracker": str(prod.id), "csrf_token": "forged"})).status_code == 403
    assert (await Project.get(id=web.id)).issue_tracker_id is None


async def test_admins_create_a_project_on_the_projects_page(
    client: QuartClient, acme: Org, acme_admin: User, acme_member: User
) -> None:
    await sign_in(client, acme_admin)
    page = await text(await client.get("/acme"))
    assert "This organization has no project yet." in page and '<h2 id="new-project">New project</h2>' in page
    created = await post_form(client, "/acme", {"name": "Web Shop", "slug": ""})
    assert created.status_code == 302  # type: ignore[attr-defined]
    assert created.headers["Location"] == "/acme/web-shop/settings/deployments"  # type: ignore[attr-defined]
    assert (await Project.get(organization=acme.organization, slug="web-shop")).name == "Web Shop"
    twice = await post_form(client, "/acme", {"name": "Web Shop", "slug": "web-shop"})
    assert twice.status_code == 409  # type: ignore[attr-defined]
    assert "already has a project 'web-shop'" in html.unescape(await text(twice))
    assert 'value="Web Shop"' in await text(twice)  # what was typed stays


async def test_members_may_not_create_projects(client: QuartClient, acme: Org, acme_member: User) -> None:
    await sign_in(client, acme_member)
    assert "New project" not in await text(await client.get("/acme"))
    refused = await post_form(client, "/acme", {"name": "Web"}, token_from="/acme")
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert await Project.filter(organization=acme.organization).count() == 0
