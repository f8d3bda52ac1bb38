"""The database: one Tortoise config (the same dict aerich reads) and the migration runner.

Production code never calls `generate_schemas`; the schema comes only from the committed aerich
migrations in `migrations/`, so SQLite and PostgreSQL databases follow one history.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
from aerich import Command
from tortoise import Tortoise, connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.models import Model

from app.sqlite_client import SleuthSqliteClient

M = TypeVar("M", bound=Model)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
APP_LABEL = "models"


class PooledConnection(asyncpg.Connection):  # type: ignore[misc]
    """asyncpg sends a reset script (unlock advisory locks, close cursors, UNLISTEN, RESET ALL) each time
    a pooled connection is released: a second round trip for every query Tortoise runs. The app uses
    none of that session state, and asyncpg still rolls back any open transaction on release, so the
    script is skipped: on the deploy panel this is a third of the database time."""

    def get_reset_query(self) -> str:
        return ""


# Connections per worker unless DATABASE_URL says `?maxsize=`. Tortoise's default of 5 queued the
# deploy panel's loads behind one another under Jira's concurrent issue views (p99 of the panel
# benchmark: 80 ms at 4 connections, 5 ms at 8); at 20, PostgreSQL spent about 15% more CPU per load
# for as many loads, its work spread over more backends.
DEFAULT_POOL_SIZE = 8


def _connection(database_url: str) -> str | dict[str, Any]:
    if database_url.startswith("sqlite://"):
        config = expand_db_url(database_url)
        config["engine"] = "app.sqlite_client"  # Tortoise's client, plus reads on the event loop's thread
        return config
    if not database_url.startswith(("postgres://", "asyncpg://")):
        return database_url
    config = expand_db_url(database_url)
    config["credentials"]["connection_class"] = PooledConnection
    config["credentials"].setdefault("maxsize", DEFAULT_POOL_SIZE)
    return config


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": _connection(database_url)},
        "apps": {APP_LABEL: {"models": ["models", "aerich.models"], "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def _ensure_sqlite_directory(database_url: str) -> None:
    """SQLite creates the file but not its folder (var/ on a fresh checkout)."""
    if database_url.startswith("sqlite://"):
        path = database_url.removeprefix("sqlite://").split("?", 1)[0]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


async def connect(database_url: str) -> None:
    _ensure_sqlite_directory(database_url)
    # The global fallback lets request tasks see the connections opened in the server's startup task.
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def disconnect() -> None:
    await Tortoise.close_connections()


async def migrate(database_url: str) -> list[str]:
    """Apply every pending migration; returns the names of those applied (none when up to date)."""
    _ensure_sqlite_directory(database_url)
    config = tortoise_config(database_url)
    # aerich skips Tortoise.init when a (closed) context exists, so initialise it here explicitly.
    await Tortoise.init(config=config)
    try:
        command = Command(config, app=APP_LABEL, location=os.fspath(MIGRATIONS_DIR))
        await command.init()
        return await command.upgrade(run_in_transaction=True)
    finally:
        await Tortoise.close_connections()


async def ping() -> None:
    """One round trip to the database; raises when it does not answer."""
    await connections.get("default").execute_query("SELECT 1")


def placeholder_style(connection: BaseDBAsyncClient) -> str:
    """How the driver behind `connection` marks query parameters: `?` (sqlite), `$` ($1, $2: asyncpg)
    or `%s` (psycopg). For the few hot queries written as SQL rather than built by the ORM."""
    if connection.capabilities.dialect == "sqlite":
        return "?"
    return "%s" if "psycopg" in type(connection).__module__ else "$"


def placeholders(style: str, count: int, start: int = 1) -> list[str]:
    """`count` parameter markers in `style`, numbered from `start` where the style numbers them."""
    return [f"${number}" if style == "$" else style for number in range(start, start + count)]


async def fetch_rows(statement: Callable[[str], str], values: Sequence[Any]) -> list[dict[str, Any]]:
    """The rows, as dicts, of a hand-written statement that `statement` writes for a placeholder style,
    run on the default connection (the current transaction's, inside one)."""
    connection = connections.get("default")
    return await connection.execute_query_dict(statement(placeholder_style(connection)), list(values))


async def fetch_short(connection: BaseDBAsyncClient, statement: str, values: Sequence[Any]) -> Sequence[Any]:
    """The rows, as the driver gives them, of a short read-only statement, such as the deploy panel's:
    on SQLite read right on the event loop's thread (app/sqlite_client.py), elsewhere the usual way."""
    if isinstance(connection, SleuthSqliteClient):
        rows = connection.read_now(statement, values)
        if rows is not None:
            return rows
    _, rows = await connection.execute_query(statement, list(values))
    return rows


@lru_cache(maxsize=64)
def insert_statement(style: str, table: str, columns: tuple[str, ...], returning: str | None = None) -> str:
    """`INSERT INTO table (columns) VALUES (...)` in the driver's placeholder `style`, optionally
    `RETURNING` one column (SQLite has it since 3.35): the hot writes' statements, built once."""
    names = ", ".join(f'"{column}"' for column in columns)
    values = ", ".join(placeholders(style, len(columns)))
    statement = f'INSERT INTO "{table}" ({names}) VALUES ({values})'
    return f'{statement} RETURNING "{returning}"' if returning else statement


def columns_of(alias: str, model: type[Model]) -> str:
    """Every column of `model`'s table aliased `alias`, each selected as `"alias.column"`, so one row of a
    hand-written join can carry several models (`model_from_row`)."""
    return ", ".join(f'{alias}."{column}" AS "{alias}.{column}"' for column in sorted(model._meta.db_fields))


def model_from_row(row: Mapping[str, Any], alias: str, model: type[M]) -> M | None:
    """The `model` that `columns_of(alias, model)` put in `row`, converted as the ORM converts its own
    rows; None when its primary key is NULL (a LEFT JOIN that found nothing)."""
    values = {column: row[f"{alias}.{column}"] for column in model._meta.db_fields}
    if values[model._meta.db_pk_column] is None:
        return None
    return saved_model(model, values)


def saved_model(model: type[M], columns: Mapping[str, Any]) -> M:
    """The `model` of a row as stored (every column by name), marked as saved, converted as the ORM
    converts the rows it reads itself."""
    return model._init_from_db(**columns)  # noqa: SLF001 - Tortoise's row-to-model hook


def as_datetime(value: datetime | str) -> datetime:
    """A date column of a hand-written query as the driver hands it: a datetime from asyncpg, ISO text
    (as the ORM stores it, in UTC) from SQLite."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def dialect() -> str:
    return connections.get("default").capabilities.dialect
