"""Migrations: a fresh database reaches the models' schema; applying them again changes nothing."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import asyncpg
import pytest
from tortoise import connections

from app.db import setup as db
from models import Organization
from tests.postgres_databases import empty_database


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


@contextmanager
def _another_connection_writing(path: Path) -> Iterator[None]:
    """Short write transactions on `path` from a connection of its own (as another process would write), one
    after another, until the block ends."""
    stop = threading.Event()

    def write_now_and_then() -> None:
        while not stop.is_set():
            writer = sqlite3.connect(path, timeout=5, isolation_level=None)
            try:
                writer.execute("BEGIN IMMEDIATE")
                time.sleep(0.001)
                writer.rollback()
            except sqlite3.OperationalError:
                pass  # the migration's own transaction held the lock past the timeout: try again
            finally:
                writer.close()
            time.sleep(0.001)  # and lets the migration in

    thread = threading.Thread(target=write_now_and_then)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def test_a_new_sqlite_database_is_migrated_while_another_process_writes_to_it(tmp_path: Path) -> None:
    """The first connection to a new file switches it to WAL, which SQLite refuses at once while another
    connection writes; `migrate` used to hang for ever then (app/db/sqlite_client.py). Three new files, as
    the refusal needs a write at the very moment of the switch."""
    for attempt in range(3):
        path = tmp_path / f"new-{attempt}.sqlite3"
        env = {"PATH": "/usr/bin:/bin", "SLEUTH_SECRET_KEY": "s" * 32, "DATABASE_URL": f"sqlite://{path}"}
        with _another_connection_writing(path):
            result = subprocess.run(
                [sys.executable, "-m", "app.cli", "migrate"], env=env, cwd=tmp_path,
                capture_output=True, text=True, timeout=60,
            )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Applied")


CUT_OFF = "cannot switch to state 12; another operation (2) is in progress"  # asyncpg's words, as logged


@pytest.mark.parametrize(
    ("error", "unreachable"),
    [
        (ConnectionRefusedError(111, "Connection refused"), True),
        (asyncpg.exceptions.CannotConnectNowError("the database system is shutting down"), True),
        # the connection a shutdown cut off in the middle of a statement, reused by the next request
        (asyncpg.exceptions.InternalClientError(CUT_OFF), True),
        (asyncpg.exceptions.InternalClientError("unexpected codec state"), False),
        (asyncpg.exceptions.UndefinedTableError('relation "deploy" does not exist'), False),
        (ValueError("a bug"), False),
    ],
)
def test_only_a_database_out_of_reach_is_unreachable(error: BaseException, unreachable: bool) -> None:
    """What the app answers 503 and Retry-After to (app/web/errors.py), rather than 500."""
    assert db.is_unreachable(error) is unreachable


def test_a_postgresql_worker_keeps_up_to_8_connections_unless_the_url_says() -> None:
    def pool_size(url: str) -> object:
        return db.tortoise_config(url)["connections"]["default"]["credentials"]["maxsize"]

    assert pool_size("postgres://sleuth@db.internal:5432/sleuth") == db.DEFAULT_POOL_SIZE == 8
    assert str(pool_size("postgres://sleuth@db.internal:5432/sleuth?maxsize=16")) == "16"


@asynccontextmanager
async def _fresh_database(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database no migration has touched yet, dropped on leaving."""
    if backend == "sqlite":
        yield f"sqlite://{tmp_path / 'fresh.sqlite3'}"
        return
    async with empty_database("sleuth_migrate") as url:
        yield url


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_migrations_started_at_once_apply_each_migration_once(
    backend: str, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    async with _fresh_database(backend, tmp_path) as url:
        env = cli_env | {"DATABASE_URL": url}
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable, "-m", "app.cli", "migrate", env=env, cwd=tmp_path,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            for _ in range(4)
        ]
        try:
            results = [await asyncio.wait_for(process.communicate(), 120) for process in processes]
        finally:
            for process in processes:
                if process.returncode is None:  # a hang fails this test instead of stopping the whole run
                    process.kill()
                    await process.wait()
        assert [process.returncode for process in processes] == [0] * 4, results
        migrations = sorted(path.name for path in db.MIGRATIONS_DIR.joinpath("models").glob("*.py"))
        assert sum(out.decode().startswith("Applied") for out, _ in results) == 1  # the others found it up to date
        await db.connect(url)
        try:
            rows = await connections.get("default").execute_query_dict('SELECT "version" FROM "aerich"')
        finally:
            await db.disconnect()
        assert sorted(row["version"] for row in rows) == migrations  # each once
