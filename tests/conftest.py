"""Shared fixtures: a real database (SQLite always, PostgreSQL when one answers), the app, its client.

Every test that asks for `database` (directly or through `app`/`client`) runs once per backend. The
PostgreSQL run gets a fresh database for the test session, built by the real migrations and dropped at
the end; each test starts from empty tables.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import asyncpg
import pytest
from quart.typing import TestClientProtocol as QuartClient
from tortoise import connections
from tortoise.backends.base.executor import EXECUTOR_CACHE

import models
from app import create_app, db
from app.application import SleuthJira
from app.settings import Settings

TEST_POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
TEST_SECRET_KEY = "test-secret-key-" + "0123456789abcdef" * 2


async def _postgres_admin() -> asyncpg.Connection | None:
    try:
        return await asyncpg.connect(TEST_POSTGRES_URL, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return None


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    # Tortoise caches compiled queries per connection name; both backends use "default", so a
    # switch of backend within the session must start from an empty cache.
    EXECUTOR_CACHE.clear()
    if request.param == "sqlite":
        url = f"sqlite://{tmp_path_factory.mktemp('sqlite') / 'sleuth-test.sqlite3'}"
        await db.migrate(url)
        yield url
        return
    admin = await _postgres_admin()
    if admin is None:
        pytest.skip(f"PostgreSQL does not answer at {TEST_POSTGRES_URL}")
    name = f"sleuth_test_{os.getpid()}_{secrets.token_hex(4)}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = TEST_POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    try:
        await db.migrate(url)
        yield url
    finally:
        await db.disconnect()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
        EXECUTOR_CACHE.clear()


async def _empty_all_tables() -> None:
    connection = connections.get("default")
    for model in reversed(models.__models__):  # children before parents
        await connection.execute_script(f'DELETE FROM "{model._meta.db_table}"')


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[str]:
    await db.connect(database_url)
    await _empty_all_tables()
    yield database_url
    await db.disconnect()


@pytest.fixture
def make_settings(database_url: str) -> Callable[..., Settings]:
    def make(**overrides: str) -> Settings:
        environ = {
            "SLEUTH_ENV": "test",
            "DATABASE_URL": database_url,
            "SLEUTH_SECRET_KEY": TEST_SECRET_KEY,
            "SLEUTH_BASE_URL": "http://127.0.0.1:8000",
            "SLEUTH_ALLOW_PRIVATE_URLS": "1",
        }
        environ.update(overrides)
        return Settings.from_env(environ)

    return make


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
async def app(database: str, settings: Settings) -> AsyncIterator[SleuthJira]:
    application = create_app(settings)
    async with application.test_app():
        yield application


@pytest.fixture
def client(app: SleuthJira) -> QuartClient:
    return app.test_client()


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    """The environment for running `sleuth-jira` as a subprocess against the test database."""
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("SLEUTH_", "DATABASE_", "FORGE_"))}
    environ.update({"DATABASE_URL": database_url, "SLEUTH_SECRET_KEY": TEST_SECRET_KEY, "SLEUTH_ENV": "test"})
    return environ
