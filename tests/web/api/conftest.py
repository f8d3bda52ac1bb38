"""Fixtures of the REST API tests: organizations with their keys, a project with a code deployment,
a fake Jira site, and helpers that call the API as a client would."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient

from models import IssueTracker, Organization, SiteConsent, Tenant, TrackerProvider
from tests.fakes.atlassian import install_site
from tests.fakes.deployments import DeploymentsJira
from tests.fakes.organizations import Org


async def create_project(client: QuartClient, org: Org, slug: str = "web", deployment: str | None = "web-app") -> None:
    """A project of `org`, with a code deployment unless `deployment` is None."""
    response = await client.post(
        f"/api/1/orgs/{org.slug}/projects", json={"slug": slug, "name": slug.title()}, headers=org.headers
    )
    assert response.status_code == 201, await response.get_data(as_text=True)
    if deployment:
        response = await client.post(
            f"/api/1/orgs/{org.slug}/projects/{slug}/deployments",
            json={"slug": deployment, "name": deployment},
            headers=org.headers,
        )
        assert response.status_code == 201, await response.get_data(as_text=True)


async def connect_jira(client: QuartClient, org: Org, url: str, **fields: Any) -> Any:
    """POST a Jira Cloud connection; returns the response."""
    body = {"provider": "jira", "url": url, "email": "admin@acme.test", "api_token": "secret-api-token", **fields}
    return await client.post(f"/api/1/orgs/{org.slug}/issue-trackers", json=body, headers=org.headers)


@pytest.fixture
async def web_project(client: QuartClient, acme: Org) -> Org:
    """acme with the project `web` and its code deployment `web-app`."""
    await create_project(client, acme)
    return acme


async def linked_site(
    client: QuartClient, org: Org, atlassian_key: rsa.RSAPrivateKey, site: DeploymentsJira, client_key: str = "site-a"
) -> IssueTracker:
    """`site` installed the way Jira installs it, linked to `org` as its admin page links it (a connection
    through the installed app), and chosen as the issue tracker of the project `web`."""
    site.shared_secret = await install_site(client, atlassian_key, client_key, baseUrl=site.url, displayUrl=None)
    tenant = await Tenant.get(client_key=client_key)
    organization = await Organization.get(slug=org.slug)
    tracker = await IssueTracker.create(site_consent=SiteConsent.GRANTED, organization=organization, provider=TrackerProvider.JIRA, url=site.url, tenant=tenant)
    response = await client.patch(f"/api/1/orgs/{org.slug}/projects/web", json={"issue_tracker": tracker.id}, headers=org.headers)
    assert response.status_code == 200, await response.get_json()
    return tracker
