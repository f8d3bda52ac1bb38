"""Links between a Jira site and Sleuth organizations (app/jira_sites/site_links.py), on a real database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from app.jira_sites.site_links import (
    MAX_PROJECTS_SHOWN,
    ProjectChoice,
    choose_for_project,
    link_organization,
    site_state,
    unlink_organization,
)
from app.sleuth.errors import InvalidInput, NotFound
from app.sleuth.issue_trackers import choose_connection
from app.sleuth.organizations import create_access_token, create_organization
from models import ApiKey, ApiKeyScope, IssueTracker, Organization, Project, Tenant, TrackerProvider
from tests.fakes.querycount import count_statements

SITE_A = "https://Acme.Atlassian.net/"
SITE_B = "https://globex.atlassian.net"


async def tenant(client_key: str, base_url: str = SITE_A) -> Tenant:
    return await Tenant.create(client_key=client_key, shared_secret="v1.sealed", base_url=base_url)


async def organization(slug: str, *projects: str) -> tuple[Organization, str]:
    """An organization with its API key and projects named after their slugs."""
    org, key = await create_organization(slug, name=slug.title())
    for project in projects:
        await Project.create(organization=org, slug=project, name=project.title())
    return org, key


async def link(site: Tenant, key: str) -> tuple[Organization, bool]:
    return await link_organization(site, key, allow_private_urls=False)


def choices(state_organization_projects: tuple[ProjectChoice, ...]) -> dict[str, tuple[bool, bool]]:
    return {p.slug: (p.uses_this_site, p.uses_another_tracker) for p in state_organization_projects}


async def test_linking_makes_an_app_connection_of_the_keys_organization(database: str) -> None:
    site = await tenant("site-a")
    acme, key = await organization("acme", "web")
    await organization("globex", "api")
    linked, created = await link(site, f"  {key}\n")
    assert (linked.id, created) == (acme.id, True)
    connection = await IssueTracker.get(organization=acme)
    assert connection.provider is TrackerProvider.JIRA
    assert (connection.url, connection.tenant_id) == ("https://acme.atlassian.net", site.id)
    assert connection.credentials is None and connection.custom_headers is None
    assert connection.label == "Installed app (acme.atlassian.net)"
    assert await IssueTracker.all().count() == 1  # globex is not touched
    state = await site_state(site)
    assert [(o.slug, o.name) for o in state.organizations] == [("acme", "Acme")]
    assert choices(state.organizations[0].projects) == {"web": (False, False)}


async def test_an_access_token_of_scope_all_links_too(database: str) -> None:
    site = await tenant("site-a")
    acme, _ = await organization("acme")
    token = await create_access_token("acme", ApiKeyScope.ALL)
    assert (await link(site, token))[0].id == acme.id


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("slk_not-a-key-of-anyone", "not a valid key of any Sleuth organization"),
        ("   ", "Paste the API key"),
        ("register_deploy", "may only register deploys"),
        ("revoked", "not a valid key of any Sleuth organization"),
    ],
)
async def test_a_key_that_cannot_manage_the_organization_links_nothing(database: str, key: str, message: str) -> None:
    site = await tenant("site-a")
    _, org_key = await organization("acme")
    if key == "register_deploy":
        key = await create_access_token("acme", ApiKeyScope.REGISTER_DEPLOY)
    if key == "revoked":
        key = org_key
        await ApiKey.all().update(revoked_at=datetime.now(UTC))
    with pytest.raises(InvalidInput, match=message) as refusal:
        await link(site, key)
    assert key.strip() == "" or key not in refusal.value.message
    assert await IssueTracker.all().count() == 0


async def test_linking_again_reuses_the_connection_and_follows_the_sites_url(database: str) -> None:
    site = await tenant("site-a")
    acme, key = await organization("acme", "web")
    await link(site, key)
    first = await IssueTracker.get(organization=acme)
    await choose_for_project(site, "acme", "web", use_this_site=True)
    site.base_url = "https://acme-renamed.atlassian.net"
    await site.save()
    assert (await link(site, key))[1] is False
    again = await IssueTracker.get(organization=acme)
    assert again.id == first.id and again.url == "https://acme-renamed.atlassian.net"
    assert (await Project.get(slug="web")).issue_tracker_id == first.id  # the project's choice is kept


async def test_an_organization_linked_to_two_sites_has_one_connection_per_site(database: str) -> None:
    site_a, site_b = await tenant("site-a"), await tenant("site-b", SITE_B)
    acme, key = await organization("acme", "web")
    await link(site_a, key)
    await link(site_b, key)
    connections = await IssueTracker.filter(organization=acme).order_by("id")
    assert [(c.tenant_id, c.url) for c in connections] == [
        (site_a.id, "https://acme.atlassian.net"),
        (site_b.id, "https://globex.atlassian.net"),
    ]


async def test_each_project_chooses_this_site_or_none(database: str) -> None:
    site = await tenant("site-a")
    acme, key = await organization("acme", "web", "api", "docs")
    await link(site, key)
    own = await IssueTracker.get(organization=acme)
    other = await IssueTracker.create(organization=acme, provider=TrackerProvider.JIRA, url="https://x.atlassian.net")
    await choose_connection(await Project.get(slug="docs"), other.id)

    await choose_for_project(site, "acme", "web", use_this_site=True)
    await choose_for_project(site, "acme", "api", use_this_site=False)
    state = await site_state(site)
    assert choices(state.organizations[0].projects) == {
        "api": (False, False),
        "docs": (False, True),
        "web": (True, False),
    }
    # Unticking a project that uses another tracker is not this site's to undo; ticking replaces it.
    await choose_for_project(site, "acme", "docs", use_this_site=False)
    assert (await Project.get(slug="docs")).issue_tracker_id == other.id
    await choose_for_project(site, "acme", "docs", use_this_site=True)
    await choose_for_project(site, "acme", "web", use_this_site=False)
    assert {p.slug: p.issue_tracker_id for p in await Project.all()} == {"web": None, "api": None, "docs": own.id}
    with pytest.raises(NotFound, match="no project 'nope'"):
        await choose_for_project(site, "acme", "nope", use_this_site=True)


async def test_unlinking_leaves_its_projects_with_no_tracker_and_removes_the_connection(database: str) -> None:
    site_a, site_b = await tenant("site-a"), await tenant("site-b", SITE_B)
    acme, key = await organization("acme", "web", "api", "docs")
    await link(site_a, key)
    await link(site_b, key)
    await choose_for_project(site_a, "acme", "web", use_this_site=True)
    await choose_for_project(site_a, "acme", "api", use_this_site=True)
    await choose_for_project(site_b, "acme", "docs", use_this_site=True)

    assert await unlink_organization(site_a, "acme") == 0  # nothing was sent to the site: nothing to delete
    without_tracker = {p.slug: p.issue_tracker_id is None for p in await Project.all()}
    assert without_tracker == {"web": True, "api": True, "docs": False}
    assert [c.tenant_id for c in await IssueTracker.filter(organization=acme)] == [site_b.id]
    assert (await site_state(site_a)).organizations == ()
    with pytest.raises(NotFound):
        await unlink_organization(site_a, "acme")


async def test_a_site_never_sees_or_changes_another_sites_links(database: str) -> None:
    site_a, site_b = await tenant("site-a"), await tenant("site-b", SITE_B)
    acme, key = await organization("acme", "web")
    await link(site_a, key)
    await choose_for_project(site_a, "acme", "web", use_this_site=True)
    connection = await IssueTracker.get(organization=acme)

    assert (await site_state(site_b)).organizations == ()
    with pytest.raises(NotFound, match="not linked to a Sleuth organization 'acme'"):
        await choose_for_project(site_b, "acme", "web", use_this_site=False)
    with pytest.raises(NotFound):
        await choose_for_project(site_b, "acme", "web", use_this_site=True)
    with pytest.raises(NotFound):
        await unlink_organization(site_b, "acme")
    assert await IssueTracker.filter(id=connection.id, tenant_id=site_a.id).exists()
    assert (await Project.get(slug="web")).issue_tracker_id == connection.id


async def test_a_site_that_links_an_organization_sees_only_other_trackers_as_such(database: str) -> None:
    """Site B, linked to the same organization, sees that a project uses site A, not which tracker it is."""
    site_a, site_b = await tenant("site-a"), await tenant("site-b", SITE_B)
    _, key = await organization("acme", "web")
    await link(site_a, key)
    await link(site_b, key)
    await choose_for_project(site_a, "acme", "web", use_this_site=True)
    state = await site_state(site_b)
    assert choices(state.organizations[0].projects) == {"web": (False, True)}
    assert state.base_url == SITE_B and "acme.atlassian.net" not in repr(state)


async def test_the_state_is_two_queries_and_bounded(database: str) -> None:
    site = await tenant("site-a")
    for slug in ("acme", "globex", "initech"):
        org, key = await organization(slug)
        await link(site, key)
    acme = await Organization.get(slug="acme")
    await Project.bulk_create(
        [Project(organization=acme, slug=f"p{n:04}", name=f"P{n:04}") for n in range(MAX_PROJECTS_SHOWN + 1)]
    )
    with count_statements() as statements:
        state = await site_state(site)
    assert len(statements) == 2
    assert [o.slug for o in state.organizations] == ["acme", "globex", "initech"]
    assert state.projects_truncated and len(state.organizations[0].projects) == MAX_PROJECTS_SHOWN
    assert (state.platforms, state.installed, state.enabled) == (("connect",), True, True)


async def test_two_links_at_once_make_one_connection(database: str) -> None:
    site = await tenant("site-a")
    acme, key = await organization("acme")
    results = await asyncio.gather(*(link(site, key) for _ in range(4)))
    assert sorted(created for _, created in results) == [False, False, False, True]
    assert await IssueTracker.filter(organization=acme).count() == 1
