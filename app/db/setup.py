"""The database: one Tortoise config (the same dict aerich reads) and the migration runner.

Production code never calls `generate_schemas`; the schema comes only from the committed aerich
migrations in `migrations/`, so SQLite and PostgreSQL databases follow one history.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from aerich import Command
from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.exceptions import DBConnectionError

UNREACHABLE_POSTGRES_ERRORS = (
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.AdminShutdownError,
)

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
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
        config["engine"] = "app.db.sqlite_client"  # Tortoise's client, plus reads on the event loop's thread
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


class DatabaseUnusable(OSError):
    """The database cannot be opened or written; `args[0]` is one sentence (the CLI prints it alone)."""


def _ensure_sqlite_directory(database_url: str) -> None:
    """SQLite creates the file but not its folder (var/ on a fresh checkout). Then the file is opened and
    written once, here, with SQLite itself: Tortoise's client keeps a lock it took before a failed connect,
    and aerich waits on it for ever, so a folder, a file that is not a database or a read-only one would
    hang `migrate` and `serve` silently instead of failing."""
    path = _sqlite_file(database_url)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = sqlite3.connect(path, timeout=5)
        try:
            connection.execute("PRAGMA schema_version")  # reads the header: "file is not a database"
            connection.execute("BEGIN IMMEDIATE")  # takes the write lock: "attempt to write a readonly database"
            connection.rollback()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise DatabaseUnusable(f"The SQLite database {path} cannot be used: {error}") from None


def _sqlite_file(database_url: str) -> Path | None:
    """The file of a `sqlite://` URL; None for another engine or an in-memory database."""
    if not database_url.startswith("sqlite://"):
        return None
    path = database_url.removeprefix("sqlite://").split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


async def connect(database_url: str) -> None:
    _ensure_sqlite_directory(database_url)
    # The global fallback lets request tasks see the connections opened in the server's startup task.
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def disconnect() -> None:
    await Tortoise.close_connections()


async def migrate(database_url: str) -> list[str]:
    """Apply every pending migration; returns the names of those applied (none when up to date).

    One migration at a time per database, whatever the number of processes (two `serve` starting on a
    fresh database, a deploy script running `migrate` beside them): aerich itself would apply the same
    migration twice, or fail half-way on PostgreSQL's catalog. The lock is PostgreSQL's advisory lock, on a
    connection of its own; on SQLite an exclusive lock on a file beside the database. The SQLite file is
    checked inside the lock: the check writes, and a write beside another process's first connection
    makes that connection wait (app/db/sqlite_client.py)."""
    async with _migration_lock(database_url):
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


MIGRATION_LOCK_KEY = 0x5E1F7A11  # any constant: the one advisory lock every migration of this app takes


@asynccontextmanager
async def _migration_lock(database_url: str) -> AsyncIterator[None]:
    if database_url.startswith("sqlite://"):
        path = _sqlite_file(database_url)
        if path is None:
            yield
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(f"{path}.migrate-lock", "a") as lock_file:
            await asyncio.to_thread(fcntl.flock, lock_file, fcntl.LOCK_EX)  # released when the file closes
            yield
        return
    credentials = expand_db_url(database_url)["credentials"]
    connection = await asyncpg.connect(
        host=credentials["host"], port=credentials["port"], user=credentials["user"],
        password=credentials.get("password") or None, database=credentials["database"], ssl=credentials.get("ssl"),
    )  # fmt: skip
    try:
        await connection.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
        yield
    finally:
        await connection.close()  # the session's advisory lock ends with it


async def ping() -> None:
    """One round trip to the database; raises when it does not answer."""
    await connections.get("default").execute_query("SELECT 1")


@dataclass(frozen=True, slots=True)
class PoolUsage:
    """The PostgreSQL connections of this process: open ones, those lent out to a statement, and the cap."""

    open: int
    in_use: int
    max_size: int


def pool_usage() -> PoolUsage | None:
    """asyncpg's pool (Tortoise's client keeps it as `_pool`, made on first use), or None on SQLite, which
    has no pool: one writing connection and one reader (app/db/sqlite_client.py)."""
    client = connections.get("default")
    if client.capabilities.dialect != "postgres":
        return None
    pool = getattr(client, "_pool", None)
    if pool is None:
        return PoolUsage(open=0, in_use=0, max_size=int(client._template.get("max_size", 0)))
    size = pool.get_size()
    return PoolUsage(open=size, in_use=size - pool.get_idle_size(), max_size=pool.get_max_size())


def dialect() -> str:
    return connections.get("default").capabilities.dialect


def is_unreachable(error: BaseException) -> bool:
    """Whether `error` says the database cannot be reached right now (refused, dropped, starting up),
    rather than that a statement was wrong: the first is a 503 worth retrying, the second a bug."""
    for cause in (error, error.__cause__, error.__context__):
        if isinstance(cause, (ConnectionError, TimeoutError, DBConnectionError, *UNREACHABLE_POSTGRES_ERRORS)):
            return True
        if _cut_off(cause):
            return True
    return False


def _cut_off(error: BaseException | None) -> bool:
    """asyncpg's complaint about a connection whose last operation never finished, because the server went
    away in the middle of it (seen when PostgreSQL shuts down under load: tests/web/test_database_outage.py).
    The connection is unusable, not the statement wrong. Other internal errors of the driver stay bugs."""
    return isinstance(error, asyncpg.exceptions.InternalClientError) and "another operation" in str(error)
