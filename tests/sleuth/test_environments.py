"""Environments: Jira's type guessed from the name, slugs and names from what register_deploy sends."""

from __future__ import annotations

import asyncio

import pytest

from app.sleuth.environments import environment_type, find_or_create_environment
from app.sleuth.errors import InvalidInput
from models import Environment, JiraEnvironmentType, Organization, Project

P, S, T, D, U = (
    JiraEnvironmentType.PRODUCTION,
    JiraEnvironmentType.STAGING,
    JiraEnvironmentType.TESTING,
    JiraEnvironmentType.DEVELOPMENT,
    JiraEnvironmentType.UNMAPPED,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("production", P), ("Production", P), ("prod", P), ("prd", P), ("live", P), ("prod-eu-west-1", P),
        ("US East (Production)", P),
        ("staging", S), ("Stage", S), ("stg", S), ("preprod", S), ("us-stg-2", S),
        ("test", T), ("Testing", T), ("qa", T), ("UAT", T), ("sit", T), ("int", T), ("qa_2", T),
        ("dev", D), ("Development", D), ("trunk", D), ("develop", D), ("dev-test", D),
        ("sandbox", U), ("production2", U), ("products", U), ("", U), ("contest", U), ("devops", U),
    ],
)
def test_environment_types_come_from_whole_words(name: str, expected: JiraEnvironmentType) -> None:
    assert environment_type(name) is expected


@pytest.fixture
async def project(database: str) -> Project:
    organization = await Organization.create(slug="acme", name="Acme")
    return await Project.create(organization=organization, slug="web", name="Web")


async def test_a_name_and_its_slug_are_one_environment(project: Project) -> None:
    staging = await find_or_create_environment(project, "Staging EU")
    assert (staging.slug, staging.name, staging.jira_type) == ("staging-eu", "Staging EU", S)
    assert (await find_or_create_environment(project, "staging-eu")).id == staging.id
    production = await find_or_create_environment(project, "production")
    assert (production.slug, production.name, production.jira_type) == ("production", "Production", P)
    assert await Environment.filter(project=project).count() == 2


async def test_concurrent_first_deploys_make_one_environment(project: Project) -> None:
    made = await asyncio.gather(*(find_or_create_environment(project, "QA") for _ in range(5)))
    assert len({environment.id for environment in made}) == 1
    assert await Environment.filter(project=project).count() == 1


async def test_a_name_without_letters_or_digits_is_refused(project: Project) -> None:
    with pytest.raises(InvalidInput, match="not a usable environment name"):
        await find_or_create_environment(project, "!!!")


@pytest.mark.parametrize(
    ("slug", "name"),
    [("qa", "QA"), ("uat", "UAT"), ("staging-eu", "Staging EU"), ("us_prod_2", "US prod 2"), ("production", "Production")],
)
async def test_a_bare_slug_is_named_in_words_with_known_acronyms_in_capitals(
    project: Project, slug: str, name: str
) -> None:
    assert (await find_or_create_environment(project, slug)).name == name
