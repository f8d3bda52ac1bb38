"""`/static/...`: the repository's static files, and a clear 404 for every name that is not one."""

from __future__ import annotations

import pytest

from tests.conftest import QuartClient


async def test_a_static_file_is_served_and_never_sniffed(client: QuartClient) -> None:
    response = await client.get("/static/sleuth-logo.svg")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "name", ["a" * 256, "a" * 255 + "/b", "x/" * 3000, "nothing-here.png", "../pyproject.toml", "%2e%2e/README.md"]
)
async def test_a_name_that_is_not_a_static_file_is_404(client: QuartClient, name: str) -> None:
    response = await client.get(f"/static/{name}")
    assert response.status_code == 404
    assert (await response.get_json())["error"] == "There is nothing at this address."

