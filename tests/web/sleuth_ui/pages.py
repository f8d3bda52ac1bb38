"""Helpers of the Sleuth UI's route tests: people of each role, and a client that signs in and posts
forms with the CSRF token of its session, as a browser does (the fixtures are in conftest.py)."""

from __future__ import annotations

import re

from quart.typing import TestClientProtocol as QuartClient

from models import User, UserRole
from tests.fakes.organizations import Org

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def add_user(org: Org, email: str, role: UserRole, password_hash: str, name: str = "") -> User:
    return await User.create(
        organization=org.organization, email=email, name=name, role=role, password_hash=password_hash
    )


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
