"""A project's deploys page and a deploy's page, at the public URLs of app/sleuth/urls.py: deploys registered
through the REST API, issue links to the project's Jira site, summaries from a fake Jira's search."""

from __future__ import annotations

import base64
import html
import re
from datetime import UTC, datetime
from typing import Any

from quart.typing import TestClientProtocol as QuartClient

from app.sleuth.urls import deploy_url, deploys_url
from app.web.application import SleuthJira
from models import DeliveryStatus, Deploy, IssueTracker, JiraDelivery, Project, Tenant, User
from tests.fakes.jira import FakeJira
from tests.web.sleuth_ui.pages import Org, sign_in, text

SHA = "9fceb02d0ae598e95dc970b74767f19372d61af8"
DEPLOYS = "/acme/web/deploys"


async def _project(client: QuartClient, org: Org, tracker: IssueTracker | None) -> Project:
    created = await client.post(
        f"/api/1/orgs/{org.slug}/projects", json={"slug": "web", "name": "Web"}, headers=org.headers
    )
    assert created.status_code == 201
    deployment = await client.post(
        f"/api/1/orgs/{org.slug}/projects/web/deployments",
        json={"slug": "web-app", "name": "Web app"},
        headers=org.headers,
    )
    assert deployment.status_code == 201
    project = await Project.get(organization=org.organization, slug="web")
    if tracker is not None:
        await client.patch(
            f"/api/1/orgs/{org.slug}/projects/web", json={"issue_tracker": tracker.id}, headers=org.headers
        )
    return project


async def _register(client: QuartClient, org: Org, **fields: Any) -> int:
    body = {
        "sha": SHA,
        "environment": "Staging",
        "tags": "#release",
        "links": {"CI run": "https://ci.acme.test/runs/42"},
        "commits": [
            {
                "revision": SHA,
                "message": "WEB-12 Fix the login page (refs WEB-7)",
                "author": {"name": "Dev", "email": "dev@acme.test"},
            }
        ],
    } | fields
    response = await client.post("/api/1/deployments/acme/web-app/register_deploy", json=body, headers=org.headers)
    assert response.status_code == 200, await text(response)
    return int((await response.get_json())["deploy"]["id"])


async def _connect(client: QuartClient, org: Org, fake_jira: FakeJira) -> IssueTracker:
    """A Jira Cloud connection to the fake site, made through the REST API."""
    body = {"provider": "jira", "url": fake_jira.server.url, "email": "admin@acme.test", "api_token": "token"}
    response = await client.post(f"/api/1/orgs/{org.slug}/issue-trackers", json=body, headers=org.headers)
    assert response.status_code == 201, await text(response)
    return await IssueTracker.get(id=(await response.get_json())["id"])


async def test_cards_show_the_deploy_and_direct_links_to_its_issues_with_summaries(
    client: QuartClient, app: SleuthJira, acme: Org, acme_member: User, fake_jira: FakeJira
) -> None:
    fake_jira.issues = {
        "WEB-12": ("Fix the login page", "Done", "done"),
        "WEB-7": ("Login is slow", "In Progress", "indeterminate"),
    }
    tracker = await _connect(client, acme, fake_jira)
    await _project(client, acme, tracker)
    deploy_id = await _register(client, acme)
    await sign_in(client, acme_member)

    response = await client.get(DEPLOYS)
    page = await text(response)
    assert response.status_code == 200
    assert '<span class="environment env-staging">Staging</span>' in page and "<code>9fceb02</code>" in page
    assert "by Dev" in page and '<time datetime="' in page and '<li class="tag">#release</li>' in page
    assert '<a href="https://ci.acme.test/runs/42" rel="noopener noreferrer nofollow">CI run</a>' in page
    site = fake_jira.server.url
    link = f'<a class="issue-key" href="{site}/browse/WEB-12" target="_blank" rel="noopener noreferrer">WEB-12</a>'
    assert link in page
    assert f'href="{site}/browse/WEB-7"' in page
    assert '<span class="issue-summary">Fix the login page</span>' in page
    assert '<span class="issue-status status-done">Done</span>' in page and 'status-indeterminate">In Progress' in page
    assert f'href="/acme/web/deploys/{deploy_id}"' in page
    [search] = fake_jira.searches
    assert search.query["jql"] == 'key in ("WEB-12", "WEB-7")'
    await client.get(DEPLOYS)
    assert len(fake_jira.searches) == 1  # the app's cache answered the second load


async def test_the_public_urls_of_app_links_are_these_pages(
    client: QuartClient, app: SleuthJira, acme: Org, acme_member: User, fake_jira: FakeJira
) -> None:
    await _project(client, acme, None)
    deploy_id = await _register(client, acme, commits=[{"revision": SHA, "message": "WEB-1 first line\n\nbody"}])
    await sign_in(client, acme_member)
    base = app.settings.base_url
    for url in (deploys_url(base, "acme", "web"), deploy_url(base, "acme", "web", deploy_id)):
        assert (await client.get(url.removeprefix(base))).status_code == 200, url


async def test_a_failing_site_leaves_plain_links_and_a_working_page(
    client: QuartClient, acme: Org, acme_member: User, fake_jira: FakeJira
) -> None:
    tracker = await _connect(client, acme, fake_jira)
    await _project(client, acme, tracker)
    await _register(client, acme)
    fake_jira.search_status = 500
    await sign_in(client, acme_member)
    response = await client.get(DEPLOYS)
    page = await text(response)
    assert response.status_code == 200
    assert f'href="{fake_jira.server.url}/browse/WEB-12"' in page and "issue-summary" not in page
    await fake_jira.stop()
    assert (await client.get(DEPLOYS)).status_code == 200


async def test_without_a_tracker_keys_are_text_and_the_project_asks_for_one(
    client: QuartClient, acme: Org, acme_admin: User
) -> None:
    await _project(client, acme, None)
    await _register(client, acme)
    await sign_in(client, acme_admin)
    page = await text(await client.get(DEPLOYS))
    assert '<span class="issue-key">WEB-12</span>' in page and "/browse/" not in page
    assert "This project has no issue tracker connection" in page
    # acme has no connection at all: Settings > Details would offer nothing, so the way is Integrations.
    assert '<a href="/acme/settings/integrations">connect Jira in Integrations</a> first.' in page
    await IssueTracker.create(organization=acme.organization, provider="jira", url="https://acme.atlassian.net")
    page = await text(await client.get(DEPLOYS))
    assert '<a href="/acme/web/settings/details">choose one in Settings &gt; Details</a>' in page


async def test_pages_of_cards_and_the_issue_filter(client: QuartClient, acme: Org, acme_member: User) -> None:
    await _project(client, acme, None)
    for number in range(22):
        await _register(client, acme, sha=f"{number:07x}" + "a" * 33, commits=[], branch=f"feature/web-{number + 1}")
    await sign_in(client, acme_member)
    first = await text(await client.get(DEPLOYS))
    assert first.count('<li class="card"') == 20
    older = re.search(r'href="(/acme/web/deploys\?cursor=[^"]+)">Older deploys', first)
    assert older
    second = await text(await client.get(older.group(1).replace("&amp;", "&")))
    assert second.count('<li class="card"') == 2 and "Older deploys" not in second
    filtered = await text(await client.get(DEPLOYS, query_string={"issue": "web-3"}))
    assert filtered.count('<li class="card"') == 1 and "WEB-3" in filtered
    past_64_bits = base64.urlsafe_b64encode(f"2026-01-01T00:00:00+00:00|{2**64}".encode()).decode()
    for cursor in ("not-a-cursor", past_64_bits):
        bad = await client.get(DEPLOYS, query_string={"cursor": cursor})
        assert bad.status_code == 400 and "The cursor is not one that this API gave out" in await text(bad)


async def test_a_deploys_page_shows_its_commits_and_escapes_what_ci_sent(
    client: QuartClient, acme: Org, acme_member: User
) -> None:
    await _project(client, acme, None)
    deploy_id = await _register(
        client,
        acme,
        links={"<b>CI</b>": "https://ci.acme.test/1"},
        commits=[
            {"revision": SHA, "message": "WEB-1 <script>alert(1)</script>", "url": "javascript:alert(1)"},
            {"revision": "a" * 40, "message": "second", "url": "https://git.acme.test/c/aaaa"},
        ],
    )
    await sign_in(client, acme_member)
    page = await text(await client.get(f"/acme/web/deploys/{deploy_id}"))
    assert "Deploy <code>9fceb02</code>" in page and f"Code deploy: <code>{SHA}</code>" in page
    assert (
        "Commits (2)" in page
        and '<a href="https://git.acme.test/c/aaaa" rel="noopener noreferrer nofollow">aaaaaaa</a>' in page
    )
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "&lt;b&gt;CI&lt;/b&gt;" in page
    assert "javascript:" not in page


async def test_a_manual_change_shows_its_name_and_description_not_a_sha(
    client: QuartClient, acme: Org, acme_member: User
) -> None:
    await _project(client, acme, None)
    body = {"name": "WEB-12 <b>checkout</b> flag on", "description": "for 10% of users"}
    response = await client.post("/api/1/deployments/acme/web/register_manual_deploy", json=body, headers=acme.headers)
    change_id = (await response.get_json())["id"]
    await sign_in(client, acme_member)
    listed = await text(await client.get(DEPLOYS))
    assert "WEB-12 &lt;b&gt;checkout&lt;/b&gt; flag on</a>" in listed and "Manual change" in listed
    page = await text(await client.get(f"/acme/web/deploys/{change_id}"))
    assert "Manual change: WEB-12 &lt;b&gt;checkout&lt;/b&gt; flag on" in page and "for 10% of users" in page
    assert "Commits (" not in page and "Code deploy:" not in page


async def test_deploys_are_seen_only_inside_their_organization_and_project(
    app: SleuthJira, client: QuartClient, acme: Org, globex: Org, globex_admin: User
) -> None:
    await _project(client, acme, None)
    deploy_id = await _register(client, acme)
    await Project.create(organization=globex.organization, slug="web", name="Web")
    await sign_in(client, globex_admin)
    for path in (DEPLOYS, f"/acme/web/deploys/{deploy_id}"):
        assert (await client.get(path)).status_code == 404
    assert (await client.get(f"/globex/web/deploys/{deploy_id}")).status_code == 404  # acme's deploy, globex's URL
    assert (await client.get(f"/globex/web/deploys/{2**40}")).status_code == 404
    assert await Deploy.filter(id=deploy_id).exists()


async def test_a_key_jira_does_not_know_is_marked_not_found(
    client: QuartClient, acme: Org, acme_member: User, fake_jira: FakeJira
) -> None:
    fake_jira.issues = {"WEB-12": ("Fix the login page", "Done", "done")}  # WEB-7 does not exist there
    await _project(client, acme, await _connect(client, acme, fake_jira))
    await _register(client, acme)
    await sign_in(client, acme_member)
    page = await text(await client.get(DEPLOYS))
    web_7 = page[page.index(">WEB-7</a>") : page.index("</li>", page.index(">WEB-7</a>"))]
    assert '<span class="issue-not-found">not found in Jira</span>' in web_7
    assert "not found in Jira" not in page[page.index(">WEB-12</a>") : page.index(">WEB-7</a>")]


async def test_each_card_says_whether_its_deploy_reached_jiras_deployments_panel(
    client: QuartClient, acme: Org, acme_member: User, fake_jira: FakeJira
) -> None:
    fake_jira.search_status = 500  # no summaries: what Jira knows of the keys comes from the Deployments API
    tracker = await _connect(client, acme, fake_jira)
    await _project(client, acme, tracker)
    deploy_id = await _register(client, acme)
    await sign_in(client, acme_member)
    page = html.unescape(await text(await client.get(DEPLOYS)))
    assert "Not sent to Jira's Deployments panel: no Jira site that installed the Sleuth app" in page  # no tenant

    tenant = await Tenant.create(client_key="acme-site", base_url="https://acme.atlassian.net", installed=True)
    states = [
        (DeliveryStatus.PENDING, "Jira limited the rate of the app's requests (429, jira-burst-based).", None),
        (DeliveryStatus.DELIVERED, None, {"unknownIssueKeys": ["WEB-7"]}),
        (DeliveryStatus.DELIVERED, None, {"rejected": ["The environment type is not valid."]}),
        (DeliveryStatus.FAILED, "Jira refused access (403).", None),
    ]
    said = [
        "On its way to Jira's Deployments panel of acme.atlassian.net: Jira limited the rate of the app's requests "
        "(429, jira-burst-based).",
        "In Jira's Deployments panel of acme.atlassian.net.",
        "Rejected by Jira's Deployments panel of acme.atlassian.net: The environment type is not valid.",
        "Not in Jira's Deployments panel of acme.atlassian.net: Jira refused access (403).",
    ]
    for (status, error, result), sentence in zip(states, said, strict=True):
        await JiraDelivery.filter(deploy_id=deploy_id).delete()
        await JiraDelivery.create(tenant=tenant, deploy_id=deploy_id, connection_id=tracker.id, status=status,
                                  last_error=error, result=result, next_attempt_at=datetime.now(UTC))  # fmt: skip
        for path in (DEPLOYS, f"{DEPLOYS}/{deploy_id}"):
            page = html.unescape(" ".join((await text(await client.get(path))).split()))
            assert sentence in page, path
            assert ("not found in Jira" in page) is (result == {"unknownIssueKeys": ["WEB-7"]}), path
