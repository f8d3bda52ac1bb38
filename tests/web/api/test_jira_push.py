"""A deploy registered through the REST API reaches the Jira site that installed the app, pushed by the
app's own delivery worker (woken by the route), and a removed connection is deleted there: end to end,
with a signed install and a fake site that verifies every JWT (tests/fake_deployments.py)."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient

from tests.fakes.deployments import DeploymentsJira, eventually
from tests.web.api.conftest import Org, linked_site

BADGE = "com.atlassian.jira.issue:io.sleuth.jira:sleuth-deploys:status"
SHA = "9fceb02d0ae598e95dc970b74767f19372d61af8"


async def test_a_registered_deploy_reaches_the_installed_site_and_a_removal_deletes_it(
    client: QuartClient,
    web_project: Org,
    atlassian_key: rsa.RSAPrivateKey,
    deployments_jira: DeploymentsJira,
) -> None:
    site = deployments_jira
    tracker = await linked_site(client, web_project, atlassian_key, site)

    deploy = {"sha": SHA, "commits": [{"revision": SHA, "message": "ACME-12 fix login"}]}
    response = await client.post(
        "/api/1/deployments/acme/web-app/register_deploy", json=deploy, headers=web_project.headers
    )
    assert response.status_code == 200

    await eventually(lambda: "ACME-12" in site.properties)  # the badge comes after the deployment
    (sent,) = site.bulks[0]["deployments"]
    assert sent["associations"] == [{"associationType": "issueIdOrKeys", "values": ["ACME-12"]}]
    assert sent["label"] == SHA[:7]
    assert site.properties["ACME-12"] == {BADGE: {"type": "badge", "value": {"label": "1"}}}
    assert site.refusals == []

    response = await client.delete(f"/api/1/orgs/acme/issue-trackers/{tracker.id}", headers=web_project.headers)
    assert response.status_code == 204
    await eventually(lambda: site.deletes == [{"sleuthConnection": str(tracker.id)}])
    assert site.refusals == []
