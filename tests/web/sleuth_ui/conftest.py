"""Fixtures of the Sleuth UI's tests: people of each role in `acme` and `globex` (helpers in pages.py)."""

from __future__ import annotations

import pytest

from app.sleuth.passwords import hash_password
from models import User, UserRole
from tests.fakes.organizations import Org
from tests.web.sleuth_ui.pages import PASSWORD, add_user


@pytest.fixture(scope="session")
async def password_hash() -> str:
    """One argon2id hash of PASSWORD for every test user: hashing costs a tenth of a second each."""
    return await hash_password(PASSWORD)


@pytest.fixture
async def acme_admin(acme: Org, password_hash: str) -> User:
    return await add_user(acme, "ada@acme.test", UserRole.ADMIN, password_hash, "Ada Lovelace")


@pytest.fixture
async def acme_member(acme: Org, password_hash: str) -> User:
    return await add_user(acme, "mo@acme.test", UserRole.MEMBER, password_hash)


@pytest.fixture
async def globex_admin(globex: Org, password_hash: str) -> User:
    return await add_user(globex, "gus@globex.test", UserRole.ADMIN, password_hash)
