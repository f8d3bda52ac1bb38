"""`GET /healthz`: a database round trip, 503 when the database does not answer."""

from __future__ import annotations

import pytest
from quart.typing import TestClientProtocol as QuartClient

from app import create_app
from app.settings import Settings


async def test_healthy_with_a_database_round_trip(client: QuartClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert (await response.get_json())["database"] == "ok"


async def test_unavailable_when_the_database_is_unreachable() -> None:
    settings = Settings.from_env(
        {"SLEUTH_SECRET_KEY": "s" * 32, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none", "SLEUTH_ENV": "test"}
    )
    app = create_app(settings)
    async with app.test_app():
        response = await app.test_client().get("/healthz")
    assert response.status_code == 503
    assert (await response.get_json())["database"] == "unreachable"


async def test_any_route_answers_503_with_retry_after_while_the_database_is_unreachable(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = Settings.from_env(
        {"SLEUTH_SECRET_KEY": "s" * 32, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none", "SLEUTH_ENV": "test"}
    )
    app = create_app(settings)
    async with app.test_app():
        client = app.test_client()
        api = await client.get("/api/1/orgs/acme/projects", headers={"Authorization": "apikey k"})
        assert api.status_code == 503 and api.headers["Retry-After"] == "5"
        assert (await api.get_json())["error"] == "The database is not answering; try again in a few seconds."
        deploy = await client.post("/api/1/deployments/acme/web/register_deploy", json={"api_key": "k", "sha": "abc1234"})
        assert deploy.status_code == 503
    served = [record for record in caplog.records if record.name == "app.web.errors"]
    assert served and all(record.levelname == "WARNING" for record in served)  # an outage, not a bug


async def test_routes_live_under_the_base_url_path(database: str, make_settings) -> None:
    app = create_app(make_settings(SLEUTH_BASE_URL="http://127.0.0.1:8000/sleuth"))
    async with app.test_app():
        client = app.test_client()
        assert (await client.get("/sleuth/healthz")).status_code == 200
        missing = await client.get("/healthz")
        assert missing.status_code == 404
        assert (await missing.get_json())["error"]
