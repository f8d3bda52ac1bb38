"""Fixtures and helpers of the Sleuth UI's route tests: organizations with people of each role, and a
client that signs in and posts forms with the CSRF token of its session, as a browser does.

Import the fixtures into a test module to use them (`from tests.views.sleuth_ui import ...`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from quart.typing import TestClientProtocol as QuartClient

from app.organizations import create_organization
from app.passwords import hash_password
from models import Organization, User, UserRole

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Org:
    organization: Organization
    api_key: str

    @property
    def slug(self) -> str:
        return self.organization.slug

    @property
    def api_headers(self) -> dict[str, str]:
        return {"Authorization": f"apikey {self.api_key}"}


@pytest.fixture(scope="session")
async def password_hash() -> str:
    """One argon2id hash of PASSWORD for every test user: hashing costs a tenth of a second each."""
    return await hash_password(PASSWORD)


async def make_org(slug: str) -> Org:
    organization, key = await create_organization(slug, slug.title())
    return Org(organization, key)


@pytest.fixture
async def acme(database: str) -> Org:
    return await make_org("acme")


@pytest.fixture
async def globex(database: str) -> Org:
    return await make_org("globex")


async def add_user(org: Org, email: str, role: UserRole, password_hash: str, name: str = "") -> User:
    return await User.create(
        organization=org.organization, email=email, name=name, role=role, password_hash=password_hash
    )


@pytest.fixture
async def acme_admin(acme: Org, password_hash: str) -> User:
    return await add_user(acme, "ada@acme.test", UserRole.ADMIN, password_hash, "Ada Lovelace")


@pytest.fixture
async def acme_member(acme: Org, password_hash: str) -> User:
    return await add_user(acme, "mo@acme.test", UserRole.MEMBER, password_hash)


@pytest.fixture
async def globex_admin(globex: Org, password_hash: str) -> User:
    return await add_user(globex, "gus@globex.test", UserRole.ADMIN, password_hash)


async def text(response: object) -> str:
    return await response.get_data(as_text=True)  # type: ignore[attr-defined, no-any-return]


async def csrf_token(client: QuartClient, path: str = "/sign-in") -> str:
    """The CSRF token of the client's session, as the form at `path` carries it."""
    page = await client.get(path)
    found = _CSRF.search(await text(page))
    assert found, f"no form with a CSRF token at {path}"
    return found.group(1)


async def post_form(client: QuartClient, path: str, form: dict[str, str], token_from: str | None = None) -> object:
    """POST `form` to `path` with the session's CSRF token, read from the page `token_from` (or `path`)."""
    token = await csrf_token(client, token_from or path)
    return await client.post(path, form={"csrf_token": token, **form})


async def sign_in(client: QuartClient, user: User, password: str = PASSWORD) -> object:
    response = await post_form(client, "/sign-in", {"email": user.email, "password": password})
    assert response.status_code == 302, await text(response)  # type: ignore[attr-defined]
    return response
