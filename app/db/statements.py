"""Hand-written statements: the few hot reads and writes written as SQL rather than built by the ORM.

One statement is a function of the driver's placeholder style (`?`, `$1` or `%s`), cached per style;
`fetch_rows` runs it on the default connection and answers rows as dicts, read by column name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, TypeVar

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from app.db.sqlite_client import SleuthSqliteClient

M = TypeVar("M", bound=Model)


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
    on SQLite read right on the event loop's thread (app/db/sqlite_client.py), elsewhere the usual way."""
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


def lease_statement(connection: BaseDBAsyncClient, table: str, columns: str) -> str:
    """Lease up to a number of due, unleased pending rows of a job table (the outbox, commit discovery),
    live rows before backfill (imported history never starves a live deploy), then oldest due first, in
    one statement that answers `columns` of each. Parameters: the lease's end, now
    (twice), the limit. PostgreSQL skips rows another worker is claiming at that instant; SQLite has one
    writer (and RETURNING since 3.35)."""
    until, due, unleased, limit = placeholders(placeholder_style(connection), 4)
    lock = "" if connection.capabilities.dialect == "sqlite" else " FOR UPDATE SKIP LOCKED"
    return (
        f'UPDATE "{table}" SET "claimed_until" = {until}, "attempts" = "attempts" + 1 '
        f'WHERE "id" IN (SELECT "id" FROM "{table}" '
        f'WHERE "status" = \'pending\' AND "next_attempt_at" <= {due} '
        f'AND ("claimed_until" IS NULL OR "claimed_until" < {unleased}) '
        f'ORDER BY "backfill", "next_attempt_at" LIMIT {limit}{lock}) '
        f"RETURNING {columns}"
    )
