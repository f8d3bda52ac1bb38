"""What the tests of the two admin pages (Connect and Forge) share: an organization to link, and the
choices read from the state both pages answer with."""

from __future__ import annotations

from typing import Any

import pytest

from app.organizations import create_organization
from models import Project


@pytest.fixture
async def acme_key(database: str) -> str:
    """The API key of the organization "Acme Inc" (slug acme), which has the projects web and api."""
    acme, key = await create_organization("acme", "Acme Inc")
    for slug in ("web", "api"):
        await Project.create(organization=acme, slug=slug, name=slug.title())
    return key


def uses(state: dict[str, Any]) -> dict[str, bool]:
    """Whether each project of the first linked organization uses this site."""
    return {project["slug"]: project["uses_this_site"] for project in state["organizations"][0]["projects"]}
