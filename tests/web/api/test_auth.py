"""Every way Sleuth's clients send a key, and every way a key is refused."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from quart.typing import TestClientProtocol as QuartClient

from app.sleuth.api_keys import hash_key, issue_key
from models import ApiKey, ApiKeyKind, ApiKeyScope, Deploy, Organization, Project
from tests.web.api.conftest import Org, create_project

SHA = "0123456789abcdef0123456789abcdef01234567"
REGISTER = "/api/1/deployments/acme/web-app/register_deploy"


async def _token(org: Org, scope: ApiKeyScope) -> str:
    return await issue_key(await Organization.get(slug=org.slug), ApiKeyKind.ACCESS_TOKEN, scope)


async def test_the_org_key_in_an_apikey_header_opens_admin_routes(client: QuartClient, web_project: Org) -> None:
    response = await client.get("/api/1/orgs/acme/projects", headers={"Authorization": f"apikey {web_project.key}"})
    assert response.status_code == 200
    assert [project["slug"] for project in await response.get_json()] == ["web"]


async def test_an_all_scoped_access_token_as_bearer_opens_admin_routes(client: QuartClient, web_project: Org) -> None:
    token = await _token(web_project, ApiKeyScope.ALL)
    response = await client.get("/api/1/orgs/acme/projects/web", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert (await response.get_json())["slug"] == "web"


async def test_the_scheme_is_case_insensitive(client: QuartClient, web_project: Org) -> None:
    response = await client.get("/api/1/orgs/acme/projects", headers={"Authorization": f"APIKEY {web_project.key}"})
    assert response.status_code == 200


async def test_register_deploy_takes_the_key_in_a_json_body(client: QuartClient, web_project: Org) -> None:
    response = await client.post(REGISTER, json={"api_key": web_project.key, "sha": SHA})
    assert response.status_code == 200, await response.get_json()


async def test_register_deploy_takes_the_key_in_a_form_body(client: QuartClient, web_project: Org) -> None:
    response = await client.post(REGISTER, form={"api_key": web_project.key, "sha": SHA})
    assert response.status_code == 200, await response.get_json()


async def test_register_deploy_takes_the_key_in_the_query_string(client: QuartClient, web_project: Org) -> None:
    response = await client.post(
        REGISTER, query_string={"api_key": web_project.key, "environment": "Staging"}, json={"sha": SHA}
    )
    assert response.status_code == 200, await response.get_json()
    assert (await response.get_json())["deploy"]["environment"] == "staging"


async def test_a_register_deploy_token_registers_deploys(client: QuartClient, web_project: Org) -> None:
    token = await _token(web_project, ApiKeyScope.REGISTER_DEPLOY)
    response = await client.post(REGISTER, json={"sha": SHA}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


async def test_a_register_deploy_token_is_refused_on_admin_routes(client: QuartClient, web_project: Org) -> None:
    headers = {"Authorization": f"Bearer {await _token(web_project, ApiKeyScope.REGISTER_DEPLOY)}"}
    calls = [
        client.get("/api/1/orgs/acme/projects", headers=headers),
        client.post("/api/1/orgs/acme/projects", json={"slug": "api", "name": "API"}, headers=headers),
        client.patch("/api/1/orgs/acme/projects/web", json={"issue_tracker": None}, headers=headers),
        client.post("/api/1/orgs/acme/projects/web/deployments", json={"slug": "x", "name": "X"}, headers=headers),
        client.get("/api/1/orgs/acme/projects/web/deploys", headers=headers),
        client.get("/api/1/orgs/acme/issue-trackers", headers=headers),
        client.post("/api/1/orgs/acme/issue-trackers", json={"url": "http://127.0.0.1:9"}, headers=headers),
        client.delete("/api/1/orgs/acme/issue-trackers/1", headers=headers),
        client.get("/api/1/orgs/acme/integrations", headers=headers),
    ]
    for call in calls:
        response = await call
        assert response.status_code == 403
        assert "only register deploys" in (await response.get_json())["error"]
    assert await Project.filter(slug="api").count() == 0


async def test_no_key_is_401(client: QuartClient, web_project: Org) -> None:
    for response in (await client.get("/api/1/orgs/acme/projects"), await client.post(REGISTER, json={"sha": SHA})):
        assert response.status_code == 401
        assert "API key is required" in (await response.get_json())["error"]


async def test_a_wrong_key_is_401_and_registers_nothing(client: QuartClient, web_project: Org) -> None:
    for headers in ({"Authorization": "apikey slk_wrong"}, {"Authorization": "Bearer slt_wrong"}):
        assert (await client.get("/api/1/orgs/acme/projects", headers=headers)).status_code == 401
        assert (await client.post(REGISTER, json={"sha": SHA}, headers=headers)).status_code == 401
    assert (await client.post(REGISTER, json={"sha": SHA, "api_key": "slk_wrong"})).status_code == 401
    assert (await client.post(REGISTER, form={"sha": SHA, "api_key": ""})).status_code == 401
    assert await Deploy.all().count() == 0


async def test_an_unknown_scheme_or_an_empty_key_is_401(client: QuartClient, web_project: Org) -> None:
    for header in (f"Basic {web_project.key}", "apikey", "Bearer    ", "JWT abc"):
        response = await client.get("/api/1/orgs/acme/projects", headers={"Authorization": header})
        assert response.status_code == 401, header


async def test_the_header_wins_over_a_wrong_body_key(client: QuartClient, web_project: Org) -> None:
    response = await client.post(REGISTER, json={"sha": SHA, "api_key": "slk_wrong"}, headers=web_project.headers)
    assert response.status_code == 200


async def test_a_revoked_key_is_401(client: QuartClient, web_project: Org) -> None:
    await ApiKey.filter(key_hash=hash_key(web_project.key)).update(revoked_at=datetime.now(UTC))
    assert (await client.get("/api/1/orgs/acme/projects", headers=web_project.headers)).status_code == 401


async def test_another_organizations_key_reaches_nothing_of_it(
    client: QuartClient, web_project: Org, globex: Org
) -> None:
    await create_project(client, globex, slug="secret-project", deployment="secret-app")
    globex_token = await _token(globex, ApiKeyScope.ALL)
    for headers in (web_project.headers, {"Authorization": f"Bearer {await _token(web_project, ApiKeyScope.ALL)}"}):
        for path in (
            "/api/1/orgs/globex/projects",
            "/api/1/orgs/globex/projects/secret-project",
            "/api/1/orgs/globex/projects/secret-project/deploys",
            "/api/1/orgs/globex/issue-trackers",
        ):
            response = await client.get(path, headers=headers)
            assert response.status_code == 401, path
            assert "secret" not in await response.get_data(as_text=True)
    response = await client.post(
        "/api/1/deployments/globex/secret-app/register_deploy", json={"sha": SHA, "api_key": web_project.key}
    )
    assert response.status_code == 401
    # ...and globex's key gets nothing of acme, while acme's own paths keep working for acme.
    globex_bearer = {"Authorization": f"Bearer {globex_token}"}
    assert (await client.get("/api/1/orgs/acme/projects", headers=globex_bearer)).status_code == 401
    assert (await client.post(REGISTER, json={"sha": SHA}, headers=globex.headers)).status_code == 401
    assert await Deploy.all().count() == 0


async def test_an_unknown_organization_answers_like_a_wrong_key(client: QuartClient, web_project: Org) -> None:
    response = await client.get("/api/1/orgs/nobody/projects", headers=web_project.headers)
    assert response.status_code == 401


def _cli(*arguments: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *arguments], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


async def test_token_create_prints_one_json_line_with_a_token_that_works(
    client: QuartClient, web_project: Org, cli_env: dict[str, str], tmp_path: Path
) -> None:
    result = _cli("token", "create", "--org", "acme", "--scope", "register_deploy", env=cli_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    created = json.loads(lines[0])
    assert created["org"] == "acme" and created["scope"] == "register_deploy" and created["token"]
    stored = await ApiKey.get(key_hash=hash_key(created["token"]))
    assert stored.kind is ApiKeyKind.ACCESS_TOKEN and stored.scope is ApiKeyScope.REGISTER_DEPLOY
    headers = {"Authorization": f"Bearer {created['token']}"}
    assert (await client.post(REGISTER, json={"sha": SHA}, headers=headers)).status_code == 200
    assert (await client.get("/api/1/orgs/acme/projects", headers=headers)).status_code == 403


async def test_token_create_for_an_unknown_org_fails_in_one_line(
    database: str, cli_env: dict[str, str], tmp_path: Path
) -> None:
    result = _cli("token", "create", "--org", "nobody", env=cli_env, cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("sleuth-jira: ") and result.stderr.count("\n") == 1
    assert "no organization" in result.stderr
