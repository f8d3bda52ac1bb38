"""A NUL character anywhere a view would read it is refused with a sentence, on both databases."""

from __future__ import annotations

import pytest

from app.sleuth.organizations import create_organization
from tests.conftest import QuartClient


@pytest.fixture
async def api_key(database: str) -> str:
    _, key = await create_organization("acme")
    return key


async def test_nul_in_a_json_body_is_refused_and_nothing_is_stored(client: QuartClient, api_key: str) -> None:
    headers = {"Authorization": f"apikey {api_key}"}
    response = await client.post("/api/1/orgs/acme/projects", json={"slug": "web", "name": "W\u0000eb"}, headers=headers)
    assert response.status_code == 400
    assert "NUL" in (await response.get_json())["error"]
    assert (await client.get("/api/1/orgs/acme/projects/web", headers=headers)).status_code == 404


async def test_nul_deep_in_a_json_body_is_refused(client: QuartClient, api_key: str) -> None:
    body = {"sha": "a" * 40, "commits": [{"revision": "b" * 40, "message": "ACME-1 fix\u0000"}]}
    response = await client.post(
        "/api/1/deployments/acme/svc/register_deploy", json=body, headers={"Authorization": f"apikey {api_key}"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/api/1/orgs/acme/projects/w%00b", "/api/1/orgs/acme/projects?x=%00"])
async def test_nul_in_the_path_or_query_is_refused(client: QuartClient, api_key: str, path: str) -> None:
    response = await client.get(path, headers={"Authorization": f"apikey {api_key}"})
    assert response.status_code == 400


async def test_nul_in_a_form_body_is_refused(client: QuartClient, api_key: str) -> None:
    response = await client.post(
        "/api/1/deployments/acme/svc/register_deploy", form={"api_key": api_key, "sha": "a" * 40, "environment": "x\x00"}
    )
    assert response.status_code == 400


async def test_json_nested_past_the_parsers_depth_is_a_400_not_a_500(client: QuartClient, api_key: str) -> None:
    response = await client.post(
        "/api/1/orgs/acme/projects",
        data="[" * 100_000,
        headers={"Authorization": f"apikey {api_key}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
