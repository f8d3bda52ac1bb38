"""`GET /healthz`: a database round trip, 503 when the database does not answer."""

from __future__ import annotations

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


async def test_routes_live_under_the_base_url_path(database: str, make_settings) -> None:
    app = create_app(make_settings(SLEUTH_BASE_URL="http://127.0.0.1:8000/sleuth"))
    async with app.test_app():
        client = app.test_client()
        assert (await client.get("/sleuth/healthz")).status_code == 200
        missing = await client.get("/healthz")
        assert missing.status_code == 404
        assert (await missing.get_json())["error"]
