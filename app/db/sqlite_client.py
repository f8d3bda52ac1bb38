"""Tortoise's SQLite client, with a second connection for the hottest reads, used on the event loop's
own thread (a Tortoise engine module: app/db/setup.py names it for `sqlite://` URLs).

aiosqlite runs every statement on a thread of its own and hands the rows back to the event loop. For
the deploy panel's statement, an indexed read of a few rows, that hop cost as much CPU as the statement
itself (bench/results/why.md). `read_now` runs such a statement right where it is asked for, on a
connection that cannot write (`query_only`), never waits for a lock (a busy database sends the
statement the usual way instead), and, the database being in WAL mode, reads the last committed state
without blocking or being blocked by the writer. It logs the statement as Tortoise logs its own.

It also makes the first connection to a new database survive another process writing to it
(`create_connection`).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Sequence
from typing import Any

from tortoise.backends.sqlite.client import SqliteClient


class SleuthSqliteClient(SqliteClient):
    _reader: sqlite3.Connection | None = None
    connect_timeout: float = 5.0  # seconds, as SQLite's own busy timeout (sqlite3's default)

    async def create_connection(self, with_db: bool) -> None:
        """Tortoise's connect, tried again while another connection is writing to a new database.

        Tortoise's connect switches the file to WAL. On a new file that needs every other connection
        out of the way, and SQLite refuses at once ("database is locked") rather than wait when
        another one is writing. Tortoise would keep the half-made connection and the lock it took
        to make it, and the next statement would wait for ever: `migrate` hung so beside another
        process opening the same new file. So the connection is discarded and made again until
        `connect_timeout` has passed; any other error is raised at once."""
        deadline = time.monotonic() + self.connect_timeout
        while True:
            try:
                return await super().create_connection(with_db)
            except sqlite3.OperationalError as error:
                await self._discard_connection()
                if "database is locked" not in str(error) or time.monotonic() >= deadline:
                    raise
            await asyncio.sleep(0.01)

    async def _discard_connection(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None

    def read_now(self, query: str, values: Sequence[Any]) -> list[tuple[Any, ...]] | None:
        """The rows of a short read-only statement, read on the calling thread; None when it cannot be
        read here (an in-memory database is another database on another connection; the database is
        busy, or any other error of the driver's), and the caller should send it the usual way."""
        if self.filename == ":memory:":
            return None
        self.log.debug("%s: %s", query, values)
        try:
            if self._reader is None:
                self._reader = self._open_reader()
            return self._reader.execute(query, values).fetchall()
        except sqlite3.Error:  # busy, or anything else: the usual way reports it as it reports its own
            return None

    def _open_reader(self) -> sqlite3.Connection:
        reader = sqlite3.connect(self.filename, timeout=0, isolation_level=None)
        reader.execute("PRAGMA query_only = ON")
        return reader

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        await super().close()


client_class = SleuthSqliteClient
