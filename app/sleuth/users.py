"""People who sign in to the Sleuth UI: each a member of one organization with one role.

Owners and admins manage the organization (its integrations, its projects' settings); members see
its projects and deploys. Emails are stored lowercased and are unique across organizations, so an
email alone says whom a password belongs to.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from app.sleuth.errors import Conflict, InvalidInput, NotFound
from app.sleuth.passwords import hash_password, needs_rehash, password_problem, verify_password
from models import Organization, User, UserRole

MAX_EMAIL_LENGTH = 254
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]+")
MANAGING_ROLES = frozenset({UserRole.OWNER, UserRole.ADMIN})


def normalize_email(email: str) -> str:
    return email.strip().lower()


def can_manage(user: User) -> bool:
    """Owners and admins manage integrations and project settings; members only look."""
    return user.role in MANAGING_ROLES


async def create_user(
    organization_slug: str, email: str, password: str, role: UserRole = UserRole.MEMBER, name: str = ""
) -> User:
    """A new user of the organization `organization_slug`, with the password hashed (argon2id)."""
    organization = await Organization.get_or_none(slug=organization_slug)
    if organization is None:
        raise NotFound(f"There is no organization with the slug {organization_slug!r}.")
    address = normalize_email(email)
    if len(address) > MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(address):
        raise InvalidInput(f"{email.strip()!r} is not an email address.", field="email")
    problem = password_problem(password)
    if problem:
        raise InvalidInput(problem, field="password")
    if await User.exists(email=address):
        raise Conflict(f"A user with the email {address!r} already exists.")
    try:
        return await User.create(
            organization=organization,
            email=address,
            name=name.strip()[:255],
            password_hash=await hash_password(password),
            role=role,
        )
    except IntegrityError:  # created by someone else between the check and the insert
        raise Conflict(f"A user with the email {address!r} already exists.") from None


async def authenticate(email: str, password: str) -> User | None:
    """The user whose email and password these are (organization loaded), or None. An unknown email
    costs the same time as a wrong password, and both give the same None."""
    user = await User.get_or_none(email=normalize_email(email)).select_related("organization")
    if not await verify_password(user.password_hash if user else None, password) or user is None:
        return None
    user.last_sign_in_at = datetime.now(UTC)
    fields = ["last_sign_in_at"]
    if needs_rehash(user.password_hash):
        user.password_hash = await hash_password(password)
        fields.append("password_hash")
    await user.save(update_fields=fields)
    return user


async def end_all_sessions(user: User) -> None:
    """Raise the user's session version: every session signed with the earlier one ends."""
    await User.filter(id=user.id).update(session_version=F("session_version") + 1)


async def signed_in_user(user_id: int) -> User | None:
    """The user a session names (organization loaded), or None when that user no longer exists."""
    return await User.get_or_none(id=user_id).select_related("organization")
