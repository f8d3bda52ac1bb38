"""`SleuthSqliteClient`: the hottest reads on SQLite (`read_now`, `fetch_short`) run on the event loop's
thread, on a connection that cannot write and never waits, and see what is committed; the first connection
to a new database waits for another connection's write instead of failing half-made."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tortoise import connections

from app.db import setup as db
from app.db.sqlite_client import SleuthSqliteClient
from app.db.statements import fetch_short
from models import Organization

ORGANIZATIONS = 'SELECT "slug" FROM "organization" ORDER BY "slug"'


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[SleuthSqliteClient]:
    url = f"sqlite://{tmp_path / 'sleuth.sqlite3'}"
    await db.migrate(url)
    await db.connect(url)
    connection = connections.get("default")
    assert isinstance(connection, SleuthSqliteClient)
    yield connection
    await db.disconnect()


async def test_a_short_read_is_served_on_the_event_loops_thread_and_sees_what_is_committed(
    sqlite: SleuthSqliteClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await Organization.create(slug="acme", name="Acme")
    served_now: list[bool] = []  # whether read_now answered, or handed the read back to aiosqlite's thread
    read_now = sqlite.read_now

    def recording_read_now(statement: str, values: list[object]) -> object:
        rows = read_now(statement, values)
        served_now.append(rows is not None)
        return rows

    monkeypatch.setattr(sqlite, "read_now", recording_read_now)
    assert list(await fetch_short(sqlite, ORGANIZATIONS, [])) == [("acme",)]
    await Organization.create(slug="globex", name="Globex")
    assert list(await fetch_short(sqlite, ORGANIZATIONS, [])) == [("acme",), ("globex",)]
    assert served_now == [True, True]


async def test_the_reader_cannot_write(sqlite: SleuthSqliteClient) -> None:
    statement = """INSERT INTO "organization" ("slug", "name", "created_at") VALUES ('evil', 'Evil', '2026-01-01')"""
    assert sqlite.read_now(statement, []) is None  # refused: the caller sends a read the usual way instead
    assert await Organization.filter(slug="evil").count() == 0


async def test_an_open_write_neither_blocks_the_reader_nor_shows_before_its_commit(sqlite: SleuthSqliteClient) -> None:
    assert sqlite.read_now("PRAGMA journal_mode", []) == [("wal",)]  # readers and the writer never wait on each other
    await Organization.create(slug="acme", name="Acme")
    writer = sqlite3.connect(sqlite.filename, isolation_level=None)  # another worker, in the middle of a write
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("""UPDATE "organization" SET "slug" = 'renamed'""")
        assert sqlite.read_now(ORGANIZATIONS, []) == [("acme",)]
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert sqlite.read_now(ORGANIZATIONS, []) == [("renamed",)]


async def test_an_in_memory_database_is_read_the_usual_way() -> None:
    await db.connect("sqlite://:memory:")
    try:
        connection = connections.get("default")
        assert connection.read_now("SELECT 1", []) is None
        assert [tuple(row) for row in await fetch_short(connection, "SELECT 1", [])] == [(1,)]
    finally:
        await db.disconnect()


# The first connection to a new file switches it to WAL, which SQLite refuses at once, without waiting,
# while another connection writes: a second process opening the same new database (`migrate` beside
# `migrate` hung so in CI).


def _writer_in_a_transaction(path: Path) -> sqlite3.Connection:
    writer = sqlite3.connect(path, isolation_level=None)  # another process, writing to the new database
    writer.execute("BEGIN IMMEDIATE")
    return writer


async def _journal_mode(client: SleuthSqliteClient) -> str:
    _, rows = await client.execute_query("PRAGMA journal_mode")
    return rows[0][0]


async def test_a_new_database_written_by_another_connection_is_connected_once_the_write_ends(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    writer = _writer_in_a_transaction(path)
    asyncio.get_running_loop().call_later(0.2, writer.rollback)
    client = SleuthSqliteClient(str(path), connection_name="new")
    try:
        await client.create_connection(with_db=True)
        assert await _journal_mode(client) == "wal"
    finally:
        writer.close()
        await client.close()


async def test_a_write_longer_than_the_connect_timeout_is_an_error_that_keeps_no_half_made_connection(
    tmp_path: Path,
) -> None:
    path = tmp_path / "new.sqlite3"
    writer = _writer_in_a_transaction(path)
    client = SleuthSqliteClient(str(path), connection_name="new")
    client.connect_timeout = 0.1
    try:
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            await client.create_connection(with_db=True)
        writer.rollback()
        await client.create_connection(with_db=True)  # a fresh connection, not the refused one
        assert await _journal_mode(client) == "wal"
    finally:
        writer.close()
        await client.close()
