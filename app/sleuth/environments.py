"""Environments of a project: created on the first deploy that names one, typed for Jira.

`register_deploy` names an environment by slug (`staging`) or by name (`Staging`); both resolve to
the slug Sleuth makes (app/sleuth/slugs.py). Jira's Deployments API needs one of five environment types;
the type is guessed from the name's words the way GitHub for Jira does it.
"""

from __future__ import annotations

import re

from app.sleuth.errors import InvalidInput
from app.sleuth.slugs import slugify
from models import Environment, JiraEnvironmentType, Project

# Checked in this order; the first type with a matching word wins ("dev-test" is development).
_TYPE_WORDS: tuple[tuple[JiraEnvironmentType, frozenset[str]], ...] = (
    (JiraEnvironmentType.DEVELOPMENT, frozenset({"dev", "development", "trunk", "develop"})),
    (JiraEnvironmentType.TESTING, frozenset({"test", "testing", "qa", "uat", "sit", "int"})),
    (JiraEnvironmentType.STAGING, frozenset({"staging", "stage", "stg", "preprod"})),
    (JiraEnvironmentType.PRODUCTION, frozenset({"prod", "production", "prd", "live"})),
)
_WORD_SEPARATORS = re.compile(r"[^a-z0-9]+")


def environment_type(name: str) -> JiraEnvironmentType:
    """'Production EU' -> production, 'us-stg-2' -> staging, 'Sandbox' -> unmapped."""
    words = set(_WORD_SEPARATORS.split(name.lower()))
    for jira_type, type_words in _TYPE_WORDS:
        if words & type_words:
            return jira_type
    return JiraEnvironmentType.UNMAPPED


def environment_slug(name_or_slug: str) -> str:
    slug = slugify(name_or_slug)
    if not slug:
        raise InvalidInput(f"{name_or_slug!r} is not a usable environment name: it needs a letter or a digit.")
    return slug


# Words of a slug that people write in capitals: `qa` is "QA", `us-uat-2` is "US UAT 2".
_ACRONYMS = frozenset({"qa", "uat", "sit", "dr", "ci", "cd", "eu", "us", "uk", "apac", "emea", "prd", "stg", "int"})


def _display_name(name_or_slug: str, slug: str) -> str:
    """The name a user gave ('Staging EU'), or for a bare slug its words: 'staging' is 'Staging', 'qa' is
    'QA', 'staging-eu' is 'Staging EU'."""
    given = name_or_slug.strip()
    if given != slug:
        return given
    words = [word for word in re.split(r"[-_]+", slug) if word]
    shown = [word.upper() if word in _ACRONYMS else word for word in words]
    return " ".join([shown[0][:1].upper() + shown[0][1:], *shown[1:]]) if shown else given


async def find_or_create_environment(project: Project, name_or_slug: str) -> Environment:
    """The project's environment for `name_or_slug`, created when this is its first deploy.

    Safe under concurrency: the insert ignores a conflict on (project, slug), so two first deploys to
    one new environment both end with the same row. Runs inside the caller's transaction."""
    slug = environment_slug(name_or_slug)
    environment = await Environment.get_or_none(project=project, slug=slug)
    if environment is not None:
        return environment
    candidate = Environment(
        project=project, slug=slug, name=_display_name(name_or_slug, slug), jira_type=environment_type(name_or_slug)
    )
    await Environment.bulk_create([candidate], ignore_conflicts=True)
    return await Environment.get(project=project, slug=slug)
