"""A NUL character anywhere a view would read it is refused with a sentence, on both databases."""

from __future__ import annotations

import json

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


@pytest.mark.parametrize(
    ("text", "is_nul"),
    [
        ('"a\\u0000b"', True),  # the escape
        ('"a\\\\u0000b"', False),  # a backslash, then the text u0000
        ('"a\\\\\\u0000b"', True),  # a backslash, then the escape
        ('"a\\\\\\\\u0000b"', False),  # two backslashes, then the text
    ],
)
async def test_a_nul_escape_is_told_from_its_text_without_parsing_the_body(
    client: QuartClient, api_key: str, text: str, is_nul: bool
) -> None:
    body = '{"slug": "web", "name": ' + text + "}"
    headers = {"Authorization": f"apikey {api_key}", "Content-Type": "application/json"}
    response = await client.post("/api/1/orgs/acme/projects", data=body, headers=headers)
    assert (response.status_code == 400 and "NUL" in (await response.get_json())["error"]) is is_nul


async def test_a_body_larger_than_its_route_takes_is_refused_before_it_is_read(
    client: QuartClient, api_key: str
) -> None:
    body = json.dumps({"slug": "web", "name": "x" * (2 * 1024 * 1024)})
    headers = {"Authorization": f"apikey {api_key}", "Content-Type": "application/json", "Content-Length": str(len(body))}
    response = await client.post("/api/1/orgs/acme/projects", data=body, headers=headers)
    assert response.status_code == 413
    assert (await response.get_json())["error"] == "The request body is larger than 1 MB."
    # Sleuth's clients may send up to 10 MB (a deploy's commits): the same size is not refused there.
    response = await client.post("/api/1/deployments/acme/svc/register_deploy", data=body, headers=headers)
    assert response.status_code == 400 and "sha" in (await response.get_json())["error"]  # read, then refused


@pytest.mark.parametrize("path", ["/healthz", "/api/1/openapi.json", "/nowhere", "/api/1/orgs/acme/projects"])
async def test_every_answer_says_nosniff(client: QuartClient, path: str) -> None:
    assert (await client.get(path)).headers["X-Content-Type-Options"] == "nosniff"


async def test_a_lone_surrogate_in_any_json_body_is_a_400(client: QuartClient, api_key: str) -> None:
    headers = {"Authorization": f"apikey {api_key}", "Content-Type": "application/json"}
    response = await client.post("/api/1/orgs/acme/projects", data='{"slug": "web", "name": "W\\ud800"}', headers=headers)
    assert response.status_code == 400
    assert (await client.get("/api/1/orgs/acme/projects/web", headers=headers)).status_code == 404


async def test_a_json_body_that_is_not_utf8_is_a_400(client: QuartClient, api_key: str) -> None:
    """Found by the fuzz (tests/web/api/test_fuzz.py): Quart decodes the body before parsing it."""
    headers = {"Authorization": f"apikey {api_key}", "Content-Type": "application/json"}
    response = await client.post("/api/1/orgs/acme/projects", data=b"5+\xff-\xfe", headers=headers)
    assert response.status_code == 400
    assert (await response.get_json())["error"] == "The request body is not UTF-8 text."
