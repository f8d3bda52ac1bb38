"""`POST /forge/ui/deployments` through the whole app: the Forge issue panel gets the same deploys as the
Connect panel for the same site and issue, nothing of another site, and the issue only from the signed
token; a Connect site upgraded to Forge keeps its deploys in both panels."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient

from app.jira_sites.issue_deploys import deploys_for_issue
from app.settings import Settings
from app.web.application import SleuthJira
from models import (
    CodeDeployment,
    Deploy,
    DeployIssue,
    Environment,
    IssueTracker,
    Organization,
    Project,
    SiteConsent,
    Tenant,
)
from tests.fakes.atlassian import SignedInstall, tenant_token
from tests.fakes.forge_installations import (
    DEPLOYMENTS,
    LIFECYCLE,
    SITE_URL,
    ServerInfo,
    event_body,
    headers,
    panel_claims,
    system_token,
    trigger_claims,
)
from tests.fakes.forge_platform import CLOUD_ID, INSTALLATION_ID, bearer, sign
from tests.fakes.querycount import count_statements

OTHER_SITE_URL = "http://127.0.0.2:8765"
OTHER_INSTALLATION_ID = "bbbbbbbb-0000-0000-0000-000000000002"
OTHER_CLOUD_ID = "dddddddd-0000-0000-0000-000000000004"
BASE_URL = "http://127.0.0.1:8000"
NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def settings(forge_and_connect_settings: Settings) -> Settings:
    return forge_and_connect_settings


async def install_forge(
    client: QuartClient, key: rsa.RSAPrivateKey, info: ServerInfo, installation_id: str = INSTALLATION_ID,
    cloud_id: str = CLOUD_ID,
) -> None:  # fmt: skip
    claims = trigger_claims(info.api_base_url(cloud_id), installation_id=installation_id, cloud_id=cloud_id)
    response = await client.post(LIFECYCLE, json=event_body(id=installation_id), headers=headers(claims, key, system_token()))
    assert response.status_code == 204


async def forge_panel(
    client: QuartClient, key: rsa.RSAPrivateKey, info: ServerInfo, issue_key: str | None = "ACME-12", *,
    body: dict[str, Any] | None = None, path: str = DEPLOYMENTS, cloud_id: str = CLOUD_ID, **claims: Any,
) -> tuple[int, dict[str, Any]]:  # fmt: skip
    """The issue panel's `invokeRemote` on `issue_key`, with the installation's token; (status, JSON)."""
    token = sign(panel_claims(info.api_base_url(cloud_id), issue_key, cloud_id=cloud_id, **claims), key)
    response = await client.post(path, json=body or {}, headers=bearer(token))
    assert response.mimetype == "application/json" and "Location" not in response.headers
    return response.status_code, await response.get_json()


async def connect_panel_shas(client: QuartClient, secret: str, client_key: str, issue_key: str = "ACME-12") -> list[str]:
    path = f"/jira/panel?issueKey={issue_key}"
    response = await client.get(f"{path}&jwt={tenant_token(secret, client_key=client_key, path_and_query=path)}")
    assert response.status_code == 200
    return re.findall(r'title="([0-9a-f]{40})">[0-9a-f]{7}</a>', await response.get_data(as_text=True))


async def seed(org: str, site_url: str) -> list[Deploy]:
    """A project on `site_url` with deploys to three environments, linked to ACME-12 (and one to ACME-13)."""
    organization = await Organization.create(slug=org, name=org.title())
    tracker = await IssueTracker.create(site_consent=SiteConsent.GRANTED, organization=organization, provider="jira", url=site_url)
    project = await Project.create(organization=organization, slug="web", name="Web", issue_tracker=tracker)
    deployment = await CodeDeployment.create(organization=organization, project=project, slug=f"{org}-web", name="Web app")
    environments = [
        await Environment.create(project=project, slug=slug, name=slug.title(), jira_type=kind)
        for slug, kind in (("staging", "staging"), ("production", "production"), ("qa", "testing"))
    ]
    deploys = []
    for n in range(7):
        deploy = await Deploy.create(
            code_deployment=deployment, environment=environments[n % 3], sha=f"{org[0]}{n:039x}",
            date=NOW - timedelta(hours=n), author_name="Dev", author_email="dev@acme.test", tags=["#web"],
        )  # fmt: skip
        await DeployIssue.create(deploy=deploy, issue_key="ACME-13" if n == 6 else "ACME-12")
        deploys.append(deploy)
    return deploys


async def test_the_forge_panel_shows_what_the_connect_panel_shows(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo, signed_install: SignedInstall
) -> None:
    secret = await signed_install("acme-client-key", installationId=f"ari:cloud:ecosystem::installation/{INSTALLATION_ID}")
    await install_forge(client, forge_key, server_info)
    await seed("acme", SITE_URL)
    status, body = await forge_panel(client, forge_key, server_info)
    assert status == 200
    shas = [deploy["sha"] for deploy in body["deploys"]]
    assert shas == await connect_panel_shas(client, secret, "acme-client-key")
    assert shas == [d.sha for d in (await deploys_for_issue([SITE_URL], "ACME-12")).deploys] and len(shas) == 6
    assert [deploy["environment_type"] for deploy in body["deploys"]] == ["production"] * 2 + ["staging"] * 2 + ["testing"] * 2
    first = body["deploys"][0]
    assert first["environment"] == "production" and first["environment_name"] == "Production"
    assert first["short_sha"] == first["sha"][:7] and len(first["sha"]) == 40
    assert first["url"] == f"{BASE_URL}/acme/web/deploys/{first['id']}"
    assert (first["project_name"], first["code_deployment_name"], first["organization"]) == ("Web", "Web app", "acme")
    assert first["author"] == {"name": "Dev", "email": "dev@acme.test"} and first["tags"] == ["#web"]
    assert datetime.fromisoformat(first["date"]) == NOW - timedelta(hours=1)
    assert body["issue_key"] == "ACME-12" and body["total"] == 6
    assert [(group["type"], group["label"], group["total"], group["shown"]) for group in body["environments"]] == [
        ("production", "Production", 2, 2), ("staging", "Staging", 2, 2), ("testing", "Testing", 2, 2)
    ]  # fmt: skip


async def test_a_forge_only_site_sees_its_deploys_and_nothing_of_another_site(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    await install_forge(client, forge_key, server_info)
    other_server_info = ServerInfo(base_url=OTHER_SITE_URL)
    await other_server_info.start()
    try:
        await install_forge(client, forge_key, other_server_info, OTHER_INSTALLATION_ID, OTHER_CLOUD_ID)
        acme, globex = await seed("acme", SITE_URL), await seed("globex", OTHER_SITE_URL)
        _, mine = await forge_panel(client, forge_key, server_info)
        _, theirs = await forge_panel(
            client, forge_key, other_server_info, installation_id=OTHER_INSTALLATION_ID, cloud_id=OTHER_CLOUD_ID
        )
    finally:
        await other_server_info.server.stop()
    assert {deploy["sha"] for deploy in mine["deploys"]} == {d.sha for d in acme[:6]}
    assert {deploy["sha"] for deploy in theirs["deploys"]} == {d.sha for d in globex[:6]}
    assert {deploy["organization"] for deploy in mine["deploys"]} == {"acme"}


async def test_the_issue_comes_from_the_signed_context_never_from_the_request(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    await install_forge(client, forge_key, server_info)
    deploys = await seed("acme", SITE_URL)
    status, body = await forge_panel(
        client, forge_key, server_info, "ACME-13", body={"issueKey": "ACME-12", "issue": {"key": "ACME-12"}},
        path=f"{DEPLOYMENTS}?issueKey=ACME-12",
    )  # fmt: skip
    assert status == 200 and [deploy["sha"] for deploy in body["deploys"]] == [deploys[6].sha]
    status, body = await forge_panel(client, forge_key, server_info, None, body={"issueKey": "ACME-12"})
    assert status == 400 and "no Jira issue" in body["error"]
    status, body = await forge_panel(client, forge_key, server_info, "not-a-key")
    assert status == 200 and body["deploys"] == [] and body["issue_key"] is None


async def test_refusals_are_json_and_never_401_for_the_apps_own_reasons(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, stranger_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    status, body = await forge_panel(client, forge_key, server_info)  # no install event yet
    assert status == 404 and "installation" in body["error"]
    await install_forge(client, forge_key, server_info)
    await Tenant.filter(installation_id=INSTALLATION_ID).update(enabled=False)
    assert (await forge_panel(client, forge_key, server_info))[0] == 403
    await Tenant.filter(installation_id=INSTALLATION_ID).update(enabled=True)
    assert (await forge_panel(client, forge_key, server_info))[0] == 200
    status, body = await forge_panel(client, stranger_key, server_info)
    assert status == 401 and body["error"].endswith(".")
    response = await client.get(DEPLOYMENTS, headers=bearer(sign(panel_claims(server_info.api_base_url()), forge_key)))
    assert response.status_code == 405 and response.mimetype == "application/json"
    assert (await forge_panel(client, forge_key, server_info, path=DEPLOYMENTS + "/"))[0] == 404


async def test_a_panel_call_never_replaces_the_stored_system_token(
    app: SleuthJira, client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    await install_forge(client, forge_key, server_info)
    stored = (await Tenant.get(installation_id=INSTALLATION_ID)).forge_system_token
    claims = panel_claims(server_info.api_base_url())
    response = await client.post(DEPLOYMENTS, json={}, headers=headers(claims, forge_key, system_token(4 * 3600)))
    assert response.status_code == 200
    assert (await Tenant.get(installation_id=INSTALLATION_ID)).forge_system_token == stored


async def test_one_call_reads_the_tenant_and_the_deploys(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    await install_forge(client, forge_key, server_info)
    await seed("acme", SITE_URL)
    with count_statements() as statements:
        status, _ = await forge_panel(client, forge_key, server_info)
    assert status == 200 and len(statements) == 2, statements


async def test_a_site_url_unknown_at_install_comes_from_the_signed_site_url(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo
) -> None:
    server_info.status = 500
    await install_forge(client, forge_key, server_info)
    await seed("acme", SITE_URL)
    status, body = await forge_panel(client, forge_key, server_info, site_url=SITE_URL + "/")
    assert status == 200 and len(body["deploys"]) == 6
    assert (await Tenant.get(installation_id=INSTALLATION_ID)).base_url == SITE_URL


async def test_a_connect_site_upgraded_to_forge_keeps_its_deploys_in_both_panels(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, server_info: ServerInfo, signed_install: SignedInstall
) -> None:
    """The site ran the Connect app (its tenant row holds the links); then the Forge app is installed and
    its Connect `installed` (Connect on Forge) names the installation, after Forge's own event."""
    secret = await signed_install("acme-client-key")
    connect_row = await Tenant.get(client_key="acme-client-key")
    deploys = await seed("acme", SITE_URL)
    await IssueTracker.filter(url=SITE_URL).update(tenant_id=connect_row.id)
    before = await connect_panel_shas(client, secret, "acme-client-key")
    assert len(before) == 6

    await install_forge(client, forge_key, server_info)
    secret = await signed_install("acme-client-key", installationId=f"ari:cloud:ecosystem::installation/{INSTALLATION_ID}")
    (tenant,) = await Tenant.all()
    assert (tenant.id, tenant.installation_id) == (connect_row.id, INSTALLATION_ID)
    assert await IssueTracker.filter(tenant_id=connect_row.id).count() == 1
    assert await connect_panel_shas(client, secret, "acme-client-key") == before
    status, body = await forge_panel(client, forge_key, server_info)
    assert status == 200 and [deploy["sha"] for deploy in body["deploys"]] == before
    assert deploys[6].sha not in before
