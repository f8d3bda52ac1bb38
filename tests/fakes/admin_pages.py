"""What the tests of the two admin pages (Connect and Forge) share: the choices read from the state both
pages answer with (their organization to link is the `acme_key` fixture)."""

from __future__ import annotations

from typing import Any


def uses(state: dict[str, Any]) -> dict[str, bool]:
    """Whether each project of the first linked organization uses this site."""
    return {project["slug"]: project["uses_this_site"] for project in state["organizations"][0]["projects"]}
