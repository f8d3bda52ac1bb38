"""Migrations: a fresh database reaches the models' schema; applying them again changes nothing."""

from __future__ import annotations

import pytest
from tortoise import connections

from app.db import setup as db
from models import Organization


async def test_migrated_database_is_usable(database: str) -> None:
    await Organization.create(slug="acme", name="Acme")
    assert await Organization.filter(slug="acme").count() == 1


async def test_migrating_twice_is_a_no_op(database_url: str) -> None:
    assert await db.migrate(database_url) == []
    assert await db.migrate(database_url) == []


async def test_the_schema_has_every_model_table(database: str) -> None:
    connection = connections.get("default")
    if db.dialect() == "postgres":
        rows = await connection.execute_query_dict("SELECT tablename AS name FROM pg_tables WHERE schemaname='public'")
    else:
        rows = await connection.execute_query_dict("SELECT name FROM sqlite_master WHERE type='table'")
    tables = {row["name"] for row in rows}
    import models

    assert {model._meta.db_table for model in models.__models__} <= tables


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_a_fresh_sqlite_file_in_a_new_folder_is_created_and_migrated(tmp_path, backend: str) -> None:
    url = f"sqlite://{tmp_path / 'new' / 'folder' / 'db.sqlite3'}"
    applied = await db.migrate(url)
    assert len(applied) >= 1
    assert await db.migrate(url) == []


def test_a_postgresql_worker_keeps_up_to_8_connections_unless_the_url_says() -> None:
    def pool_size(url: str) -> object:
        return db.tortoise_config(url)["connections"]["default"]["credentials"]["maxsize"]

    assert pool_size("postgres://sleuth@db.internal:5432/sleuth") == db.DEFAULT_POOL_SIZE == 8
    assert str(pool_size("postgres://sleuth@db.internal:5432/sleuth?maxsize=16")) == "16"
