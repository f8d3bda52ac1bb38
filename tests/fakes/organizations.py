"""Organizations as the tests make them: `Org` carries the organization and its API key, and the
headers a client sends with that key."""

from __future__ import annotations

from dataclasses import dataclass

from app.sleuth.organizations import create_organization
from models import Organization


@dataclass(frozen=True)
class Org:
    organization: Organization
    key: str

    @property
    def slug(self) -> str:
        return self.organization.slug

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"apikey {self.key}"}


async def make_org(slug: str) -> Org:
    """A new organization named after its slug (`acme` is "Acme"), with its API key."""
    organization, key = await create_organization(slug, slug.title())
    return Org(organization, key)
