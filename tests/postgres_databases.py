"""Databases of their own on the shared PostgreSQL test server (TEST_POSTGRES_URL), created empty and
dropped with whatever connections are left on them: the test session's database (tests/conftest.py), and
those of tests that need data or a history of their own."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import pytest

TEST_POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")


@asynccontextmanager
async def empty_database(prefix: str) -> AsyncIterator[str]:
    """The URL of a new database named from `prefix`, untouched by migrations, dropped on leaving. Skips the
    test when the server does not answer."""
    try:
        admin = await asyncpg.connect(TEST_POSTGRES_URL, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        pytest.skip(f"PostgreSQL does not answer at {TEST_POSTGRES_URL}")
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield TEST_POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
