"""Projects and code deployments through the REST API, and the OpenAPI document that describes it."""

from __future__ import annotations

from quart.typing import TestClientProtocol as QuartClient

from models import CodeDeployment, IssueTracker, Organization, Project, TrackerProvider
from tests.web.api.conftest import Org, create_project


async def _connection(org: Org, url: str = "https://acme.atlassian.net") -> int:
    organization = await Organization.get(slug=org.slug)
    return (await IssueTracker.create(organization=organization, provider=TrackerProvider.JIRA, url=url)).id


async def test_create_then_read_a_project(client: QuartClient, acme: Org) -> None:
    response = await client.post("/api/1/orgs/acme/projects", json={"slug": "web", "name": "Web"}, headers=acme.headers)
    assert response.status_code == 201
    created = await response.get_json()
    assert created == {"slug": "web", "name": "Web", "issue_tracker": None, "default_environment": "production"}
    response = await client.get("/api/1/orgs/acme/projects/web", headers=acme.headers)
    assert response.status_code == 200 and await response.get_json() == created


async def test_without_a_slug_it_is_made_from_the_name(client: QuartClient, acme: Org) -> None:
    body = {"name": "Plugin picker (dev)"}
    response = await client.post("/api/1/orgs/acme/projects", json=body, headers=acme.headers)
    assert response.status_code == 201
    assert (await response.get_json())["slug"] == "plugin-picker-dev"


async def test_a_duplicate_slug_is_409_and_a_bad_slug_400(client: QuartClient, acme: Org) -> None:
    await create_project(client, acme, deployment=None)
    body = {"slug": "web", "name": "Again"}
    response = await client.post("/api/1/orgs/acme/projects", json=body, headers=acme.headers)
    assert response.status_code == 409 and "already has a project 'web'" in (await response.get_json())["error"]
    for body in ({"slug": "Not A Slug", "name": "x"}, {"name": "!!!"}, {"slug": "ok"}, {"slug": "ok", "name": "  "}):
        response = await client.post("/api/1/orgs/acme/projects", json=body, headers=acme.headers)
        assert response.status_code == 400, body
        assert (await response.get_json())["error"].endswith(".")
    assert await Project.all().count() == 1


async def test_list_projects_of_the_organization_only(client: QuartClient, acme: Org, globex: Org) -> None:
    await create_project(client, acme, slug="web", deployment=None)
    await create_project(client, acme, slug="api", deployment=None)
    await create_project(client, globex, slug="other", deployment=None)
    response = await client.get("/api/1/orgs/acme/projects", headers=acme.headers)
    assert [project["slug"] for project in await response.get_json()] == ["api", "web"]


async def test_an_unknown_project_is_404(client: QuartClient, acme: Org) -> None:
    response = await client.get("/api/1/orgs/acme/projects/nope", headers=acme.headers)
    assert response.status_code == 404
    assert (await response.get_json())["error"] == "Organization 'acme' has no project 'nope'."


async def test_patch_chooses_and_clears_the_issue_tracker(client: QuartClient, web_project: Org) -> None:
    connection_id = await _connection(web_project)
    path = "/api/1/orgs/acme/projects/web"
    response = await client.patch(path, json={"issue_tracker": connection_id}, headers=web_project.headers)
    assert response.status_code == 200 and (await response.get_json())["issue_tracker"] == connection_id
    assert (await (await client.get(path, headers=web_project.headers)).get_json())["issue_tracker"] == connection_id
    response = await client.patch(path, json={"name": "Web site"}, headers=web_project.headers)
    assert (await response.get_json()) | {} == {
        "slug": "web", "name": "Web site", "issue_tracker": connection_id, "default_environment": "production"
    }
    response = await client.patch(path, json={"issue_tracker": None}, headers=web_project.headers)
    assert response.status_code == 200 and (await response.get_json())["issue_tracker"] is None


async def test_patch_refuses_another_organizations_connection(
    client: QuartClient, web_project: Org, globex: Org
) -> None:
    mine = await _connection(web_project)
    theirs = await _connection(globex, "https://globex.atlassian.net")
    path = "/api/1/orgs/acme/projects/web"
    await client.patch(path, json={"issue_tracker": mine}, headers=web_project.headers)
    for bad in (theirs, 999_999):
        response = await client.patch(path, json={"issue_tracker": bad}, headers=web_project.headers)
        assert response.status_code == 400
        assert (await response.get_json())["error"] == f"Issue tracker {bad} is not a connection of this organization."
    assert (await Project.get(slug="web")).issue_tracker_id == mine
    response = await client.patch(path, json={"issue_tracker": "one"}, headers=web_project.headers)
    assert response.status_code == 400


async def test_code_deployments_are_unique_in_the_organization(
    client: QuartClient, web_project: Org, globex: Org
) -> None:
    await create_project(client, web_project, slug="api", deployment=None)
    path = "/api/1/orgs/acme/projects/api/deployments"
    response = await client.post(path, json={"slug": "web-app", "name": "Again"}, headers=web_project.headers)
    assert response.status_code == 409
    response = await client.post(
        path, json={"name": "API server", "repository_url": "https://github.com/acme/api"}, headers=web_project.headers
    )
    assert response.status_code == 201
    assert await response.get_json() == {
        "slug": "api-server", "name": "API server", "project": "api", "repository_url": "https://github.com/acme/api",
        "code_source": None,
    }
    await create_project(client, globex, slug="web", deployment="web-app")  # the same slug in another org is fine
    response = await client.get(path, headers=web_project.headers)
    assert [deployment["slug"] for deployment in await response.get_json()] == ["api-server"]
    assert await CodeDeployment.filter(slug="web-app").count() == 2


async def test_a_code_deployment_of_an_unknown_project_is_404(client: QuartClient, acme: Org) -> None:
    response = await client.post(
        "/api/1/orgs/acme/projects/nope/deployments", json={"slug": "x", "name": "X"}, headers=acme.headers
    )
    assert response.status_code == 404


async def test_a_body_that_is_not_json_is_400(client: QuartClient, acme: Org) -> None:
    response = await client.post(
        "/api/1/orgs/acme/projects", data="slug=web", headers=acme.headers | {"Content-Type": "text/plain"}
    )
    assert response.status_code == 400


async def test_the_openapi_document_lists_the_routes(client: QuartClient) -> None:
    response = await client.get("/api/1/openapi.json")
    assert response.status_code == 200
    document = await response.get_json()
    paths = document["paths"]
    expected = {
        "/api/1/orgs/{org}/projects": {"get", "post"},
        "/api/1/orgs/{org}/projects/{project}": {"get", "patch"},
        "/api/1/orgs/{org}/projects/{project}/deployments": {"get", "post"},
        "/api/1/orgs/{org}/projects/{project}/deploys": {"get"},
        "/api/1/orgs/{org}/issue-trackers": {"get", "post"},
        "/api/1/orgs/{org}/issue-trackers/{connection_id}": {"delete"},
        "/api/1/orgs/{org}/integrations": {"get"},
        "/api/1/deployments/{org}/{deployment}/register_deploy": {"post"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
    register = paths["/api/1/deployments/{org}/{deployment}/register_deploy"]["post"]
    assert "Sleuth's clients" in register["summary"] + register["description"]
    assert "sha" in str(register["requestBody"])


async def test_the_openapi_document_is_the_apis_alone_with_every_refusal(client: QuartClient) -> None:
    document = await (await client.get("/api/1/openapi.json")).get_json()
    assert all(path.startswith(("/api/1/", "/graphql")) for path in document["paths"]), list(document["paths"])
    register = document["paths"]["/api/1/deployments/{org}/{deployment}/register_deploy"]["post"]["responses"]
    assert {"200", "400", "401", "413", "503"} <= set(register)
    refusal = register["400"]["content"]["application/json"]["schema"]
    assert "error" in str(refusal) or "ErrorBody" in str(refusal)
    listing = document["paths"]["/api/1/orgs/{org}/projects"]["get"]["responses"]
    assert {"401", "403", "503"} <= set(listing) and "413" not in listing  # a GET takes no body


async def test_a_405_names_the_methods_the_address_takes(client: QuartClient) -> None:
    response = await client.delete("/api/1/deployments/acme/web-app/register_deploy")
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"POST"}
