"""A Jira site shows and receives only the deploys of organizations it consented to (issue "Security"):
an organization that connects to an installed site's URL with any user's API token gets its issue links on
Sleuth's side, but the site's panel and Deployments API get its deploys only once a Jira administrator
approved it on the app's admin page, or when the token is a Jira administrator's. End to end: REST API,
a signed install, the Connect panel, the outbox."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from quart.typing import TestClientProtocol as QuartClient

from app.jira_sites.site_links import ConsentAnswer, answer_consent
from models import DeliveryKind, IssueTracker, JiraDelivery, Tenant
from tests.fakes.atlassian import SignedInstall, tenant_token
from tests.fakes.jira import FakeJira
from tests.fakes.organizations import Org
from tests.web.api.conftest import connect_jira, create_project

CLIENT_KEY = "acme-site"


async def register(client: QuartClient, org: Org, deployment: str, sha: str, key: str) -> dict[str, Any]:
    body = {"sha": sha, "commits": [{"revision": sha, "message": f"{key} a change"}]}
    response = await client.post(f"/api/1/deployments/{org.slug}/{deployment}/register_deploy", json=body, headers=org.headers)
    assert response.status_code == 200, await response.get_json()
    return (await response.get_json())["deploy"]  # type: ignore[no-any-return]


async def panel(client: QuartClient, secret: str, issue_key: str) -> str:
    path = f"/jira/panel?issueKey={quote(issue_key)}&projectKey=ACME"
    response = await client.get(f"{path}&jwt={tenant_token(secret, client_key=CLIENT_KEY, path_and_query=path)}")
    assert response.status_code == 200
    return await response.get_data(as_text=True)


async def connected_project(client: QuartClient, org: Org, site: FakeJira, deployment: str) -> dict[str, Any]:
    await create_project(client, org, deployment=deployment)
    response = await connect_jira(client, org, site.server.url)
    assert response.status_code == 201, await response.get_json()
    connection = await response.get_json()
    choose = await client.patch(
        f"/api/1/orgs/{org.slug}/projects/web", json={"issue_tracker": connection["id"]}, headers=org.headers
    )
    assert choose.status_code == 200
    return connection  # type: ignore[no-any-return]


async def test_an_organization_cannot_put_deploys_into_a_site_that_did_not_consent(
    client: QuartClient, acme: Org, globex: Org, fake_jira: FakeJira, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY, baseUrl=fake_jira.server.url)
    tenant = await Tenant.get(client_key=CLIENT_KEY)

    # acme's token is an ordinary user's: saved, links work on Sleuth's side, nothing reaches the site.
    connection = await connected_project(client, acme, fake_jira, "acme-web")
    assert connection["site_consent"] == "pending"
    card = await register(client, acme, "acme-web", "a" * 40, "XYZ-1")
    assert card["issues"] == [{"key": "XYZ-1", "url": f"{fake_jira.server.url}/browse/XYZ-1"}]
    assert await JiraDelivery.all().count() == 0
    assert "aaaaaaa" not in await panel(client, secret, "XYZ-1")

    # globex's token is a Jira administrator's: that is the site's consent, given on save.
    fake_jira.administer = True
    assert (await connected_project(client, globex, fake_jira, "globex-web"))["site_consent"] == "granted"
    await register(client, globex, "globex-web", "b" * 40, "XYZ-1")
    assert await JiraDelivery.filter(kind=DeliveryKind.DEPLOY).count() == 1
    page = await panel(client, secret, "XYZ-1")
    assert "bbbbbbb" in page and "aaaaaaa" not in page

    # A Jira administrator approves acme on the admin page: its deploys show, and new ones are sent.
    await answer_consent(tenant, ConsentAnswer(connection=connection["id"], approve=True))
    assert "aaaaaaa" in await panel(client, secret, "XYZ-1")
    await register(client, acme, "acme-web", "c" * 40, "XYZ-1")
    assert await JiraDelivery.filter(kind=DeliveryKind.DEPLOY).count() == 2
    listed = await (await client.get("/api/1/orgs/acme/issue-trackers", headers=acme.headers)).get_json()
    assert listed[0]["site_consent"] == "granted"

    # ... and then refuses it: hidden again, and the site is asked to delete what it was sent.
    assert await answer_consent(tenant, ConsentAnswer(connection=connection["id"], approve=False)) == 1
    assert await JiraDelivery.filter(kind=DeliveryKind.REMOVE_CONNECTION, connection_id=connection["id"]).count() == 1
    page = await panel(client, secret, "XYZ-1")
    assert "ccccccc" not in page and "bbbbbbb" in page
    assert (await IssueTracker.get(id=connection["id"])).site_consent == "refused"


async def test_a_site_answers_only_for_connections_to_its_own_urls(
    client: QuartClient, acme: Org, fake_jira: FakeJira, signed_install: SignedInstall
) -> None:
    await signed_install(CLIENT_KEY, baseUrl="http://127.0.0.2:9")  # another site than the one acme connected to
    connection = await connected_project(client, acme, fake_jira, "acme-web")
    other_site = await Tenant.get(client_key=CLIENT_KEY)
    try:
        await answer_consent(other_site, ConsentAnswer(connection=connection["id"], approve=True))
    except Exception as error:  # noqa: BLE001 - the refusal's type is the domain's NotFound
        assert "No connection" in str(error)
    else:
        raise AssertionError("a site approved a connection to another site")
    assert (await IssueTracker.get(id=connection["id"])).site_consent == "pending"
