"""`/graphql`: what Sleuth's CLI asks before it registers a deploy, replayed exactly as it sends it."""

from __future__ import annotations

from typing import Any

from quart.typing import TestClientProtocol as QuartClient

from app.sleuth.organizations import create_access_token
from models import ApiKeyScope
from tests.fakes.organizations import Org

SHA = "0123456789abcdef0123456789abcdef01234567"
NEWER = "89abcdef0123456789abcdef0123456789abcdef"
# sleuth-client 0.4.0's query (sleuth/service.py, get_latest_deploy), whitespace and all.
CLI_QUERY = """
{{
    deployment(orgSlug:"{org}", deploymentSlug:"{deployment}") {{
        ... on CodeChangeSource {{
            latestChange(environmentSlug:"{environment}") {{
                revision
                slug
                url
            }}
        }}
    }}
}}
    """


def cli_query(org: str = "acme", deployment: str = "web-app", environment: str = "production") -> str:
    return CLI_QUERY.format(org=org, deployment=deployment, environment=environment)


async def ask_as_the_cli(client: QuartClient, token: str, query: str) -> tuple[int, Any]:
    """GET with a JSON body and `AUTHORIZATION: Bearer`, as `requests.get(url, json=..., headers=...)` sends it."""
    response = await client.get("/graphql", json={"query": query}, headers={"AUTHORIZATION": f"Bearer {token}"})
    return response.status_code, await response.get_json()


async def register(client: QuartClient, org: Org, sha: str, environment: str = "production") -> None:
    body = {"sha": sha, "environment": environment}
    response = await client.post("/api/1/deployments/acme/web-app/register_deploy", json=body, headers=org.headers)
    assert response.status_code == 200, await response.get_json()


async def test_an_environment_without_deploys_has_no_latest_change(client: QuartClient, web_project: Org) -> None:
    token = await create_access_token("acme", ApiKeyScope.REGISTER_DEPLOY, "ci")
    assert await ask_as_the_cli(client, token, cli_query()) == (200, {"data": {"deployment": {"latestChange": None}}})


async def test_the_latest_change_is_the_newest_deploy_of_that_environment(
    client: QuartClient, web_project: Org
) -> None:
    await register(client, web_project, SHA)
    await register(client, web_project, NEWER)
    await register(client, web_project, SHA[::-1], environment="staging")
    token = await create_access_token("acme", ApiKeyScope.REGISTER_DEPLOY, "ci")
    status, answer = await ask_as_the_cli(client, token, cli_query())
    assert status == 200 and "errors" not in answer
    change = answer["data"]["deployment"]["latestChange"]
    assert change["revision"] == NEWER
    assert change["url"] == f"http://127.0.0.1:8000/acme/web/deploys/{change['slug']}"


async def test_post_and_the_apikey_scheme_answer_alike(client: QuartClient, web_project: Org) -> None:
    await register(client, web_project, SHA)
    response = await client.post("/graphql", json={"query": cli_query()}, headers=web_project.headers)
    answer = await response.get_json()
    assert response.status_code == 200 and answer["data"]["deployment"]["latestChange"]["revision"] == SHA


async def test_a_query_in_the_query_string_with_variables(client: QuartClient, web_project: Org) -> None:
    await register(client, web_project, SHA, environment="Staging")
    query = "query($env: String!) { deployment(orgSlug: \"acme\", deploymentSlug: \"web-app\") { slug "
    query += "... on CodeChangeSource { latestChange(environmentSlug: $env) { revision date } } } }"
    response = await client.get(
        "/graphql", query_string={"query": query, "variables": '{"env": "staging"}'}, headers=web_project.headers
    )
    deployment = (await response.get_json())["data"]["deployment"]
    assert deployment["slug"] == "web-app" and deployment["latestChange"]["revision"] == SHA


async def test_no_key_or_a_wrong_key_is_401(client: QuartClient, web_project: Org) -> None:
    response = await client.get("/graphql", json={"query": cli_query()})
    assert response.status_code == 401
    assert await ask_as_the_cli(client, "not-a-token", cli_query()) == (401, {"error": "The API key is not valid."})


async def test_an_unknown_deployment_is_a_graphql_error(client: QuartClient, web_project: Org) -> None:
    status, answer = await ask_as_the_cli(client, web_project.key, cli_query(deployment="nope"))
    assert status == 200 and answer["data"] == {"deployment": None}
    assert answer["errors"][0]["message"] == "Organization 'acme' has no code deployment 'nope'."


async def test_another_organizations_deployment_reads_as_unknown(
    client: QuartClient, web_project: Org, globex: Org
) -> None:
    await register(client, web_project, SHA)
    status, answer = await ask_as_the_cli(client, globex.key, cli_query())
    assert status == 200 and answer["data"] == {"deployment": None}
    assert "latestChange" not in str(answer) and SHA not in str(answer)


async def test_what_is_not_graphql_is_400_in_graphqls_shape(client: QuartClient, web_project: Org) -> None:
    headers = {**web_project.headers, "Content-Type": "application/json"}
    for body in (b"[1, 2]", b"{not json", b'"query"'):
        response = await client.post("/graphql", data=body, headers=headers)
        assert response.status_code == 400, body
        assert await response.get_json() == {
            "errors": [{"message": "The request must be a GraphQL request: a JSON object with a query."}]
        }
    response = await client.post("/graphql", json={"query": "{ deployment { nope } }"}, headers=web_project.headers)
    assert response.status_code == 400 and (await response.get_json())["errors"]
    response = await client.post("/graphql", json={"query": "{ __schema { types { name } } }"}, headers=web_project.headers)
    assert "CodeChangeSource" in str(await response.get_json())  # introspection, as Sleuth's GraphiQL allows


async def test_it_is_in_the_api_document_with_its_own_400(client: QuartClient) -> None:
    document = await (await client.get("/api/1/openapi.json")).get_json()
    assert {"get", "post"} <= set(document["paths"]["/graphql"])
    responses = document["paths"]["/graphql"]["post"]["responses"]
    refusal = responses["400"]["content"]["application/json"]["schema"]
    assert [shape["$ref"].rsplit("/", 1)[1] for shape in refusal["anyOf"]] == ["GraphQLErrors", "ErrorBody"]
    assert responses["401"]["content"]["application/json"]["schema"]["title"] == "ErrorBody"


async def test_a_query_of_many_aliases_is_refused_before_it_reads_anything(
    client: QuartClient, web_project: Org
) -> None:
    many = " ".join(f'd{n}: deployment(orgSlug: "acme", deploymentSlug: "web-app") {{ slug }}' for n in range(60))
    response = await client.post("/graphql", json={"query": f"{{ {many} }}"}, headers=web_project.headers)
    answer = await response.get_json()
    assert response.status_code == 400 and "cost" in answer["errors"][0]["message"] and "data" not in answer
    huge = await client.post("/graphql", json={"query": "{" + " " * 20_000 + "}"}, headers=web_project.headers)
    assert huge.status_code == 413
