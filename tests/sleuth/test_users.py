"""People who sign in (app/sleuth/users.py): creation rules and authentication without account enumeration."""

from __future__ import annotations

import pytest

from app.sleuth.errors import Conflict, InvalidInput, NotFound
from app.sleuth.organizations import create_organization
from app.sleuth.passwords import verify_password
from app.sleuth.users import authenticate, can_manage, create_user
from models import User, UserRole

PASSWORD = "correct horse battery staple"


async def test_a_user_is_stored_with_a_lowercased_email_and_a_hash(database: str) -> None:
    await create_organization("acme")
    user = await create_user("acme", "  Ada@Acme.TEST ", PASSWORD, UserRole.ADMIN, " Ada ")
    stored = await User.get(id=user.id).select_related("organization")
    assert (stored.email, stored.name, stored.role, stored.organization.slug) == (
        "ada@acme.test",
        "Ada",
        UserRole.ADMIN,
        "acme",
    )
    assert PASSWORD not in stored.password_hash and await verify_password(stored.password_hash, PASSWORD)
    assert can_manage(stored)


@pytest.mark.parametrize(
    ("organization", "email", "password", "refusal", "message"),
    [
        ("nowhere", "a@acme.test", PASSWORD, NotFound, "no organization"),
        ("acme", "not-an-email", PASSWORD, InvalidInput, "not an email address"),
        ("acme", "a@acme.test", "too short", InvalidInput, "at least 12 characters"),
    ],
)
async def test_bad_input_is_refused_with_one_sentence(
    database: str, organization: str, email: str, password: str, refusal: type[Exception], message: str
) -> None:
    await create_organization("acme")
    with pytest.raises(refusal, match=message):
        await create_user(organization, email, password)
    assert await User.all().count() == 0


async def test_an_email_belongs_to_one_user_in_every_organization(database: str) -> None:
    await create_organization("acme")
    await create_organization("globex")
    await create_user("acme", "ada@acme.test", PASSWORD)
    with pytest.raises(Conflict, match="already exists"):
        await create_user("globex", "ADA@acme.test", PASSWORD)


async def test_authentication_answers_the_same_for_a_wrong_password_and_an_unknown_email(database: str) -> None:
    await create_organization("acme")
    created = await create_user("acme", "mo@acme.test", PASSWORD)
    assert created.role is UserRole.MEMBER and not can_manage(created)
    assert await authenticate("mo@acme.test", "wrong password!") is None
    assert await authenticate("nobody@acme.test", PASSWORD) is None
    assert (await User.get(id=created.id)).last_sign_in_at is None

    user = await authenticate(" MO@acme.test", PASSWORD)
    assert user is not None and user.id == created.id and user.organization.slug == "acme"
    assert (await User.get(id=created.id)).last_sign_in_at is not None
