"""Organizations: the tenants of the Sleuth side."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.sleuth.api_keys import issue_key
from app.sleuth.slugs import is_valid_slug
from models import ApiKeyKind, ApiKeyScope, Organization

# The Sleuth UI lives at /<org>/...: an organization may not take the name of one of the app's own
# top-level paths (tests/test_organizations.py keeps this list in step with the routes).
RESERVED_SLUGS = frozenset(
    {"api", "connect", "forge", "graphql", "healthz", "jira", "metrics", "sign-in", "sign-out", "static"}
)


class OrganizationError(ValueError):
    """The organization cannot be created as asked; the message says why in one sentence."""


async def create_organization(slug: str, name: str | None = None) -> tuple[Organization, str]:
    """Create an organization with its API key; returns both (the key is not stored, only its hash)."""
    if not is_valid_slug(slug):
        raise OrganizationError(
            f"{slug!r} is not a valid slug: use 1 to 64 lowercase letters, digits, '-' or '_', "
            "starting and ending with a letter or digit."
        )
    if slug in RESERVED_SLUGS:
        raise OrganizationError(f"{slug!r} is reserved for the app's own pages; choose another slug.")
    if await Organization.exists(slug=slug):
        raise OrganizationError(f"An organization with the slug {slug!r} already exists.")
    try:
        async with in_transaction():
            organization = await Organization.create(slug=slug, name=(name or slug).strip() or slug)
            api_key = await issue_key(organization, ApiKeyKind.ORG_KEY, label="organization API key")
    except IntegrityError:  # created by someone else between the check and the insert
        raise OrganizationError(f"An organization with the slug {slug!r} already exists.") from None
    return organization, api_key


async def create_access_token(slug: str, scope: ApiKeyScope, label: str = "") -> str:
    """A new access token of the organization `slug`, returned this once (only its hash is stored)."""
    organization = await Organization.get_or_none(slug=slug)
    if organization is None:
        raise OrganizationError(f"There is no organization with the slug {slug!r}.")
    return await issue_key(organization, ApiKeyKind.ACCESS_TOKEN, scope, label=label or f"{scope.value} access token")
