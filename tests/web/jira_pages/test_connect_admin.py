"""The Connect admin page and its JSON routes (app/web/jira_pages/connect_admin.py), end to end: a site installed with
a signed install, its Jira a fake on loopback that verifies the app's JWT and answers the permission check,
and the REST API to see what linking changed on Sleuth's side."""

from __future__ import annotations

import json
import logging
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from quart import Response
from quart.typing import TestClientProtocol as QuartClient

from app.connect.jwt import CONTEXT_QSH
from app.jira_sites.permissions import NOT_ADMIN, UNCONFIRMED
from app.web.connect.auth import PAGE_SOURCES
from models import IssueTracker, Organization, Project
from tests.fakes.admin_pages import uses
from tests.fakes.atlassian import SignedInstall, jwt_header, tenant_token
from tests.fakes.deployments import DeploymentsJira, eventually
from tests.fakes.permission_site import PermissionSite

ADMIN = "557058:jira-admin"
USER = "557058:jira-user"
API = "/jira/admin/api"


class Site:
    """An installed Jira site whose tokens the test mints as Jira would."""

    def __init__(self, client: QuartClient, client_key: str, secret: str) -> None:
        self.client = client
        self.client_key = client_key
        self.secret = secret

    def context_token(self, account_id: str | None = ADMIN) -> str:
        return tenant_token(self.secret, client_key=self.client_key, qsh=CONTEXT_QSH, sub=account_id)

    def page_token(self, method: str, path_and_query: str, account_id: str | None = ADMIN) -> str:
        """A token as Jira mints it for loading one URL (a real qsh)."""
        return tenant_token(
            self.secret, client_key=self.client_key, method=method, path_and_query=path_and_query, sub=account_id
        )

    async def page(self, account_id: str | None = ADMIN, token: str | None = None) -> Response:
        """The admin page as Jira frames it: its URL with Jira's own parameters and the token."""
        page_token = token or self.page_token("GET", "/jira/admin?lic=none", account_id)
        return await self.client.get(f"/jira/admin?lic=none&jwt={page_token}")

    async def call(
        self, method: str, path: str, body: Any = None, account_id: str | None = ADMIN, token: str | None = None
    ) -> tuple[int, Any]:
        headers = jwt_header(token or self.context_token(account_id))
        response = await self.client.open(API + path, method=method, json=body, headers=headers)
        return response.status_code, await response.get_json()


@pytest.fixture
async def jira(permission_site: PermissionSite) -> PermissionSite:
    permission_site.admins = {ADMIN}
    return permission_site


async def install(
    client: QuartClient, signed_install: SignedInstall, jira: PermissionSite, client_key: str
) -> Site:
    """Install a site whose Jira is `jira` (one fake Jira may answer for several sites' secrets in turn)."""
    secret = await signed_install(client_key, baseUrl=jira.url, displayUrl=None)
    jira.shared_secret = secret
    return Site(client, client_key, secret)


@pytest.fixture
async def site(client: QuartClient, signed_install: SignedInstall, jira: PermissionSite) -> Site:
    return await install(client, signed_install, jira, "site-a")


def embedded_state(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="sleuth-admin-state">(.*?)</script>', html, re.S)
    assert match is not None, html
    state: dict[str, Any] = json.loads(match.group(1))
    return state


async def links_and_choices() -> tuple[list[tuple[int, int | None]], list[tuple[str, int | None]]]:
    connections = [(c.id, c.tenant_id) for c in await IssueTracker.all().order_by("id")]
    return connections, [(p.slug, p.issue_tracker_id) for p in await Project.all().order_by("slug")]


async def test_the_page_renders_for_an_administrator(site: Site, jira: PermissionSite, acme_key: str) -> None:
    assert (await site.call("POST", "/links", {"api_key": acme_key}))[0] == 201
    response = await site.page()
    html = await response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == f"{PAGE_SOURCES}; frame-ancestors 'self' {jira.url}"
    assert '<script src="https://connect-cdn.atl-paas.net/all.js">' in html
    assert 'src="/static/jira/admin.js"' in html and 'data-api="/jira/admin/api"' in html
    state = embedded_state(html)
    assert (state["base_url"], state["installed"], state["enabled"]) == (jira.url, True, True)
    assert state["platforms"] == ["connect"] and [org["name"] for org in state["organizations"]] == ["Acme Inc"]
    assert uses(state) == {"api": False, "web": False}
    assert jira.refusals == [] and jira.checks[-1] == {"accountId": ADMIN, "globalPermissions": ["ADMINISTER"]}


async def test_the_page_scripts_are_served(client: QuartClient) -> None:
    for name in ("admin.js", "admin-view.js", "admin.css"):
        response = await client.get(f"/static/jira/{name}")
        assert response.status_code == 200, name


@pytest.mark.parametrize(
    ("account_id", "status", "sentence"),
    [(USER, None, NOT_ADMIN), (None, None, NOT_ADMIN), (ADMIN, 500, UNCONFIRMED)],
    ids=["a user", "no user", "Jira fails"],
)
async def test_anyone_jira_does_not_confirm_as_administrator_gets_a_friendly_403_page(
    site: Site, jira: PermissionSite, acme_key: str, account_id: str | None, status: int | None, sentence: str
) -> None:
    assert (await site.call("POST", "/links", {"api_key": acme_key}))[0] == 201
    jira.status = status
    response = await site.page(account_id)
    html = await response.get_data(as_text=True)
    assert response.status_code == 403
    assert sentence.replace("'", "&#39;") in html and "all.js" in html
    assert "Acme" not in html and "sleuth-admin-state" not in html


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/state", None),
        ("POST", "/links", {"api_key": "KEY"}),
        ("POST", "/projects/acme/web", {"use_this_site": False}),
        ("DELETE", "/links/acme", None),
        ("POST", "/consents", {"connection": 1, "approve": True}),
    ],
)
async def test_every_route_asks_jira_and_refuses_a_non_administrator(
    site: Site, jira: PermissionSite, acme_key: str, method: str, path: str, body: Any
) -> None:
    assert (await site.call("POST", "/links", {"api_key": acme_key}))[0] == 201
    assert (await site.call("POST", "/projects/acme/web", {"use_this_site": True}))[0] == 200
    before = await links_and_choices()
    checks = len(jira.checks)
    if body == {"api_key": "KEY"}:
        body = {"api_key": acme_key}
    status, answer = await site.call(method, path, body, account_id=USER)
    assert (status, answer) == (403, {"error": NOT_ADMIN})
    assert len(jira.checks) == checks + 1 and jira.checks[-1]["accountId"] == USER
    assert await links_and_choices() == before


async def test_a_token_connection_to_the_site_waits_for_an_administrators_answer(
    site: Site, jira: PermissionSite, acme_key: str
) -> None:
    acme = await Organization.get(slug="acme")
    token_connection = await IssueTracker.create(
        organization=acme, provider="jira", url=jira.url, label="Acme CI", credentials="stored-elsewhere"
    )
    status, state = await site.call("GET", "/state")
    assert status == 200 and state["organizations"] == []
    assert state["consent_requests"] == [
        {"connection": token_connection.id, "organization_slug": "acme", "organization_name": "Acme Inc",
         "label": "Acme CI", "consent": "pending", "consent_source": ""}
    ]  # fmt: skip
    status, state = await site.call("POST", "/consents", {"connection": token_connection.id, "approve": True})
    assert status == 200 and state["consent_requests"][0]["consent"] == "granted"
    assert (await IssueTracker.get(id=token_connection.id)).consent_source == "admin_approval"
    bitbucket = await IssueTracker.create(
        organization=acme, provider="bitbucket", url=jira.url, workspace="acme-team", credentials="stored-elsewhere"
    )  # a Bitbucket workspace linked to this site sends its deploys here too
    status, state = await site.call("GET", "/state")
    assert [request["connection"] for request in state["consent_requests"]] == [token_connection.id, bitbucket.id]
    status, answer = await site.call("POST", "/consents", {"connection": 999_999, "approve": True})
    assert status == 404 and answer["error"].startswith("No connection")
    status, answer = await site.call("POST", "/consents", {"connection": "1; DROP", "approve": "yes"})
    assert status == 400


async def test_linking_choosing_and_unlinking_end_to_end(site: Site, jira: PermissionSite, acme_key: str) -> None:
    status, state = await site.call("GET", "/state")
    assert (status, state["organizations"]) == (200, [])

    status, state = await site.call("POST", "/links", {"api_key": acme_key})
    assert status == 201 and [org["slug"] for org in state["organizations"]] == ["acme"]
    assert (await site.call("POST", "/links", {"api_key": acme_key}))[0] == 200  # the same link again
    connection = await IssueTracker.get()
    assert (connection.url, connection.credentials) == (jira.url, None)
    assert connection.label == f"Installed app ({urlsplit(jira.url).netloc})"

    status, state = await site.call("POST", "/projects/acme/web", {"use_this_site": True})
    assert status == 200 and uses(state) == {"api": False, "web": True}
    acme_api = {"Authorization": f"apikey {acme_key}"}
    project = await (await site.client.get("/api/1/orgs/acme/projects/web", headers=acme_api)).get_json()
    assert project["issue_tracker"] == connection.id  # Sleuth's side sees the choice

    status, state = await site.call("DELETE", "/links/acme")
    assert (status, state["organizations"]) == (200, [])
    project = await (await site.client.get("/api/1/orgs/acme/projects/web", headers=acme_api)).get_json()
    assert project["issue_tracker"] is None
    assert await (await site.client.get("/api/1/orgs/acme/issue-trackers", headers=acme_api)).get_json() == []
    assert jira.refusals == []


async def test_a_wrong_key_is_refused_and_never_echoed_or_logged(
    site: Site, acme_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = acme_key[:-4] + "abcd"
    status, answer = await site.call("POST", "/links", {"api_key": wrong})
    assert (status, answer) == (400, {"error": "This API key is not a valid key of any Sleuth organization."})
    assert await IssueTracker.all().count() == 0
    assert wrong not in caplog.text and acme_key not in caplog.text


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "error"),
    [
        ("POST", "/links", "not json", 400, "Invalid JSON"),
        ("POST", "/links", {"key": "x"}, 400, "'api_key'"),
        ("POST", "/projects/acme/web", {"use_this_site": "maybe"}, 400, "'use_this_site'"),
        ("POST", "/projects/acme/nope", {"use_this_site": True}, 404, "no project 'nope'"),
        ("POST", "/projects/globex/web", {"use_this_site": True}, 404, "not linked to a Sleuth organization 'globex'"),
        ("DELETE", "/links/globex", None, 404, "not linked"),
    ],
)
async def test_bad_requests_get_one_sentence(
    site: Site, acme_key: str, method: str, path: str, body: Any, status: int, error: str
) -> None:
    assert (await site.call("POST", "/links", {"api_key": acme_key}))[0] == 201
    response = await site.client.open(
        API + path,
        method=method,
        headers=jwt_header(site.context_token()),
        **({"data": body} if isinstance(body, str) else {"json": body}),
    )
    answer = await response.get_json()
    assert response.status_code == status and error in answer["error"], answer


async def test_a_page_token_is_refused_by_the_json_routes_and_a_context_token_by_the_page(
    site: Site, acme_key: str
) -> None:
    page_kind = site.page_token("GET", API + "/state")
    assert (await site.call("GET", "/state", token=page_kind))[0] == 401
    page_kind = site.page_token("POST", API + "/links")
    assert (await site.call("POST", "/links", {"api_key": acme_key}, token=page_kind))[0] == 401
    assert (await site.page(token=site.context_token())).status_code == 401
    response = await site.client.get(API + "/state")
    assert response.status_code == 401
    assert await IssueTracker.all().count() == 0


async def test_another_site_never_sees_or_changes_this_sites_links(
    client: QuartClient, signed_install: SignedInstall, jira: PermissionSite, acme_key: str
) -> None:
    site_a = await install(client, signed_install, jira, "site-a")
    assert (await site_a.call("POST", "/links", {"api_key": acme_key}))[0] == 201
    assert (await site_a.call("POST", "/projects/acme/web", {"use_this_site": True}))[0] == 200
    other_jira = PermissionSite(admins={ADMIN})
    await other_jira.start()
    try:
        site_b = await install(client, signed_install, other_jira, "site-b")
        assert (await site_b.call("GET", "/state"))[1]["organizations"] == []
        assert (await site_b.call("POST", "/projects/acme/web", {"use_this_site": False}))[0] == 404
        assert (await site_b.call("POST", "/projects/acme/web", {"use_this_site": True}))[0] == 404
        assert (await site_b.call("DELETE", "/links/acme"))[0] == 404
        assert other_jira.refusals == [] and len(other_jira.checks) == 4
    finally:
        await other_jira.stop()
    connection = await IssueTracker.get()
    assert (connection.url, (await Project.get(slug="web")).issue_tracker_id) == (jira.url, connection.id)


class DeployingSite(PermissionSite, DeploymentsJira):
    """A site that answers the admin page's permission check and takes the deploys the app pushes to it."""


async def test_unlinking_asks_the_site_to_delete_the_deploys_it_was_sent(
    client: QuartClient, signed_install: SignedInstall, acme_key: str
) -> None:
    jira = DeployingSite(admins={ADMIN})
    await jira.start()
    try:
        site = await install(client, signed_install, jira, "site-a")
        assert (await site.call("POST", "/links", {"api_key": acme_key}))[0] == 201
        assert (await site.call("POST", "/projects/acme/web", {"use_this_site": True}))[0] == 200
        acme = {"Authorization": f"apikey {acme_key}"}
        deployment = {"slug": "web-app", "name": "Web app"}
        response = await client.post("/api/1/orgs/acme/projects/web/deployments", json=deployment, headers=acme)
        assert response.status_code == 201
        sha = "9fceb02d0ae598e95dc970b74767f19372d61af8"
        deploy = {"sha": sha, "commits": [{"revision": sha, "message": "ACME-12 Fix the login page"}]}
        response = await client.post("/api/1/deployments/acme/web-app/register_deploy", json=deploy, headers=acme)
        assert response.status_code == 200
        await eventually(lambda: len(jira.bulks) == 1)
        connection = await IssueTracker.get()

        assert (await site.call("DELETE", "/links/acme"))[0] == 200
        await eventually(lambda: len(jira.deletes) == 1, seconds=2)  # woken at once, not at the next poll
        assert jira.deletes[0]["sleuthConnection"] == str(connection.id)
        assert jira.refusals == []
    finally:
        jira.release_all()
        await jira.stop()
