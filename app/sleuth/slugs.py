"""Slugs, as Sleuth makes them: spaces become '-', every other non-alphanumeric is dropped."""

from __future__ import annotations

import re

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$")
_DROPPED = re.compile(r"[^a-z0-9 _-]")
_DASHES = re.compile(r"[\s-]+")


def slugify(name: str) -> str:
    """'plugin picker (dev)' -> 'plugin-picker-dev'."""
    kept = _DROPPED.sub("", name.strip().lower())
    return _DASHES.sub("-", kept).strip("-_")[:64]


def is_valid_slug(slug: str) -> bool:
    return bool(SLUG_PATTERN.fullmatch(slug))
