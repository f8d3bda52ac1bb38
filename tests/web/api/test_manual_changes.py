"""`register_manual_deploy` as Sleuth's docs describe it (sleuth-api/manual-change.md): a manual change
of a project, shown in the deploy list, linked to the issues its name or description names, and pushed
to the Jira site like a deploy."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient

from models import Deploy
from tests.fakes.deployments import DeploymentsJira, eventually
from tests.web.api.conftest import Org, linked_site

URL = "/api/1/deployments/acme/web/register_manual_deploy"


async def test_a_manual_change_is_listed_and_linked_by_the_keys_it_names(client: QuartClient, web_project: Org) -> None:
    change = {
        "name": "Flip the ACME-12 checkout flag",
        "description": "Also ACME-13, by hand",
        "environment": "staging",
        "tags": "#flags,#checkout",
        "author": "ops@acme.test",
    }
    response = await client.post(URL, json=change, headers=web_project.headers)
    assert response.status_code == 200, await response.get_json()
    card = await response.get_json()
    assert card["kind"] == "manual" and card["name"] == "Flip the ACME-12 checkout flag"
    assert card["description"] == "Also ACME-13, by hand"
    assert card["code_deployment"] is None and card["environment"] == "staging"
    assert [issue["key"] for issue in card["issues"]] == ["ACME-12", "ACME-13"]
    assert card["author"]["email"] == "ops@acme.test" and card["tags"] == ["#flags", "#checkout"]

    listed = await (await client.get("/api/1/orgs/acme/projects/web/deploys", headers=web_project.headers)).get_json()
    assert [(item["kind"], item["name"]) for item in listed] == [("manual", "Flip the ACME-12 checkout flag")]


async def test_a_form_with_the_key_in_the_body_and_the_default_environment(
    client: QuartClient, web_project: Org
) -> None:
    form = {"name": "Rotate the database password", "api_key": web_project.key}
    response = await client.post(URL, form=form)
    assert response.status_code == 200, await response.get_json()
    card = await response.get_json()
    assert card["environment"] == "production" and card["issues"] == []


async def test_two_changes_with_one_name_are_two_changes(client: QuartClient, web_project: Org) -> None:
    for _ in range(2):
        response = await client.post(URL, json={"name": "Restart the workers"}, headers=web_project.headers)
        assert response.status_code == 200
    assert await Deploy.filter(name="Restart the workers").count() == 2


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "   "}, {"name": 12}, {"description": "no name"}])
async def test_no_name_is_422_as_in_sleuth(client: QuartClient, web_project: Org, body: dict[str, object]) -> None:
    response = await client.post(URL, json=body, headers=web_project.headers)
    assert response.status_code == 422
    assert await response.get_json() == {"error": "Name is required."}
    assert await Deploy.all().count() == 0


async def test_an_unknown_project_is_404(client: QuartClient, web_project: Org) -> None:
    response = await client.post(
        "/api/1/deployments/acme/mobile/register_manual_deploy", json={"name": "x"}, headers=web_project.headers
    )
    assert response.status_code == 404
    assert (await response.get_json())["error"].startswith("Project not found")


async def test_a_wrong_key_or_another_organizations_key_is_401(
    client: QuartClient, web_project: Org, globex: Org
) -> None:
    for headers in ({"Authorization": "Bearer nope"}, globex.headers):
        response = await client.post(URL, json={"name": "x"}, headers=headers)
        assert response.status_code == 401
    assert await Deploy.all().count() == 0


@pytest.mark.parametrize(
    ("field", "value"), [("author", "not-an-email"), ("tags", "no-hash"), ("environment", "!!!"), ("name", "x" * 256)]
)
async def test_bad_fields_are_400_and_store_nothing(
    client: QuartClient, web_project: Org, field: str, value: str
) -> None:
    response = await client.post(URL, json={"name": "Restart", field: value}, headers=web_project.headers)
    assert response.status_code == 400, await response.get_json()
    assert await Deploy.all().count() == 0


async def test_the_manual_source_cannot_be_named_by_register_deploy_or_listed(
    client: QuartClient, web_project: Org
) -> None:
    await client.post(URL, json={"name": "Restart"}, headers=web_project.headers)
    manual = (await Deploy.all().select_related("code_deployment").first()).code_deployment  # type: ignore[union-attr]
    response = await client.post(
        f"/api/1/deployments/acme/{manual.slug}/register_deploy", json={"sha": "abc1234"}, headers=web_project.headers
    )
    assert response.status_code == 401
    listed = await client.get("/api/1/orgs/acme/projects/web/deployments", headers=web_project.headers)
    assert [item["slug"] for item in await listed.get_json()] == ["web-app"]


async def test_a_manual_change_naming_an_issue_reaches_the_jira_site(
    client: QuartClient, web_project: Org, atlassian_key: rsa.RSAPrivateKey, deployments_jira: DeploymentsJira
) -> None:
    await linked_site(client, web_project, atlassian_key, deployments_jira)
    response = await client.post(URL, json={"name": "ACME-12 feature flag on"}, headers=web_project.headers)
    assert response.status_code == 200

    await eventually(lambda: bool(deployments_jira.bulks))
    (sent,) = deployments_jira.bulks[0]["deployments"]
    assert sent["label"] == "manual" and sent["displayName"] == "ACME-12 feature flag on in Production"
    assert sent["associations"] == [{"associationType": "issueIdOrKeys", "values": ["ACME-12"]}]
    assert deployments_jira.refusals == []
