"""Organizations: slugs the app's own top-level paths use are refused."""

from __future__ import annotations

import pytest

from app import create_app
from app.settings import Settings
from app.sleuth.organizations import RESERVED_SLUGS, OrganizationError, create_organization


def test_every_top_level_path_of_the_app_is_reserved() -> None:
    app = create_app(Settings.from_env({"SLEUTH_SECRET_KEY": "s" * 32, "SLEUTH_ENV": "test"}))
    first_segments = {rule.rule.split("/")[1] for rule in app.url_map.iter_rules()}
    fixed = {segment for segment in first_segments if segment and "<" not in segment and "." not in segment}
    assert fixed <= RESERVED_SLUGS


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
async def test_a_reserved_slug_is_refused(database: str, slug: str) -> None:
    with pytest.raises(OrganizationError, match="reserved"):
        await create_organization(slug)
