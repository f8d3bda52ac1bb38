"""Links between a Jira site that installed the app (a Tenant) and Sleuth organizations.

A Jira administrator links their site to an organization by pasting that organization's API key (the
organization key, or an access token of scope `all`: whoever holds one may manage the organization's
integrations). The link is a `jira` issue-tracker connection of the organization whose `tenant` is the
site: it has no credentials because it authenticates through the installed app, and its URL is the
site's normalized base URL, so projects that choose it see their deploys in that site's panel. An
organization linked to several sites has one such connection per site.

A link is the site's consent to the organization. An organization may also connect to the site's URL with
an account's email and API token: its deploys reach the site only once the site consented, which the token
of a Jira administrator (ADMINISTER) gives on save, and otherwise a Jira administrator gives here by
approving it; refusing one that was granted deletes from Jira what it was sent.

Everything here starts from the verified tenant and filters by it: a site only ever sees or changes its
own links, whatever organization slugs or project slugs it names. Unlinking removes the connection with
the organization's removal rules (app/sleuth/issue_trackers.py): every project that used it is left with none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import BaseModel, Field
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.db.outbox import enqueue_connection_removal
from app.net import UnsafeUrlError, normalize_site_url
from app.sleuth.api_keys import find_key
from app.sleuth.errors import InvalidInput, NotFound
from app.sleuth.issue_trackers import MAX_ID, MAX_URL_LENGTH, choose_connection, remove_connection
from models import ApiKeyScope, IssueTracker, Organization, Project, SiteConsent, Tenant, TrackerProvider

MAX_PROJECTS_SHOWN = 1000  # one page lists the projects of every linked organization; bound it
LINKED, APPROVED, REFUSED_BY_ADMIN = "admin_link", "admin_approval", "admin_refusal"  # consent_source
Slug = Annotated[str, Field(min_length=1, max_length=64)]


class LinkRequest(BaseModel):
    """What the admin pastes: an API key of the organization to link (never stored, never echoed)."""

    api_key: Annotated[str, Field(max_length=512)]


class ProjectChoiceRequest(BaseModel):
    """Whether the project uses this site as its issue tracker."""

    use_this_site: bool


@dataclass(frozen=True, slots=True)
class ProjectChoice:
    """A project of a linked organization, as this site's admin sees it. Of a project that uses another
    tracker only that fact is shown: the other connection may be another site's link."""

    slug: str
    name: str
    uses_this_site: bool
    uses_another_tracker: bool


@dataclass(frozen=True, slots=True)
class LinkedOrganization:
    slug: str
    name: str
    projects: tuple[ProjectChoice, ...]


class ConsentAnswer(BaseModel):
    """A Jira admin's answer to an organization's connection to this site."""

    connection: Annotated[int, Field(ge=1, le=MAX_ID)]
    approve: bool


@dataclass(frozen=True, slots=True)
class ConsentRequest:
    """An organization's connection to this site made with an account's token, as the site's admin sees
    it: `consent` is pending (waiting for an answer), granted or refused."""

    connection: int
    organization_slug: str
    organization_name: str
    label: str
    consent: str
    consent_source: str


@dataclass(frozen=True, slots=True)
class SiteState:
    """What the admin page shows: the site, its linked organizations and their projects."""

    base_url: str
    display_url: str | None
    installed: bool
    enabled: bool
    platforms: tuple[str, ...]  # "connect", "forge": how the app is installed on the site
    organizations: tuple[LinkedOrganization, ...]
    projects_truncated: bool  # more than MAX_PROJECTS_SHOWN projects: the list stops there
    consent_requests: tuple[ConsentRequest, ...]  # connections made with a token to this site's URL


def _site_connection_url(tenant: Tenant, *, allow_private_urls: bool) -> str:
    try:
        url = normalize_site_url(tenant.base_url, allow_private=allow_private_urls)
    except UnsafeUrlError as error:
        raise InvalidInput(f"This Jira site's address cannot be used as an issue tracker: {error}") from None
    if len(url) > MAX_URL_LENGTH:
        raise InvalidInput(f"This Jira site's address is longer than {MAX_URL_LENGTH} characters.")
    return url


async def _organization_of_key(api_key: str) -> Organization:
    """The organization whose live key `api_key` is; refuses unknown, revoked and deploy-only keys."""
    key = api_key.strip()
    if not key:
        raise InvalidInput("Paste the API key of the Sleuth organization to link.")
    stored = await find_key(key)
    if stored is None:
        raise InvalidInput("This API key is not a valid key of any Sleuth organization.")
    if stored.scope is not ApiKeyScope.ALL:
        raise InvalidInput(
            "This access token may only register deploys; "
            "paste the organization API key or a token with the 'all' scope."
        )
    organization: Organization = stored.organization
    return organization


async def link_organization(tenant: Tenant, api_key: str, *, allow_private_urls: bool) -> tuple[Organization, bool]:
    """Link the site to the organization of `api_key`; returns it and whether the link is new.

    Linking again reuses the site's connection (and brings its URL up to date with the site's), so a
    double click or a second admin never makes two connections of one organization to one site.
    """
    organization = await _organization_of_key(api_key)
    url = _site_connection_url(tenant, allow_private_urls=allow_private_urls)
    label = f"Installed app ({urlsplit(url).netloc})"[:255]
    async with in_transaction():
        # Two links of one organization at once would both find no connection: take them in turn.
        await Organization.select_for_update().filter(id=organization.id).first()
        existing = await IssueTracker.filter(
            organization_id=organization.id, tenant_id=tenant.id, provider=TrackerProvider.JIRA
        ).first()
        if existing is not None:
            existing.url, existing.label = url, label
            existing.site_consent, existing.consent_source = SiteConsent.GRANTED, LINKED
            await existing.save(update_fields=["url", "label", "site_consent", "consent_source"])
            return organization, False
        await IssueTracker.create(
            organization_id=organization.id, provider=TrackerProvider.JIRA, label=label, url=url, tenant_id=tenant.id,
            site_consent=SiteConsent.GRANTED, consent_source=LINKED,
        )  # fmt: skip
    return organization, True


async def answer_consent(tenant: Tenant, answer: ConsentAnswer) -> int:
    """Approve or refuse an organization's connection to this site (made with a token, not a link).
    Refusing one that was granted drops what it still had to send and asks Jira to delete what it was
    sent; returns how many such deletions were queued (wake the delivery worker if any)."""
    async with in_transaction():
        connection = await _token_connections(tenant).filter(id=answer.connection).select_for_update().first()
        if connection is None:
            raise NotFound(f"No connection {answer.connection} of a Sleuth organization names this Jira site.")
        deliveries = 0
        if not answer.approve and connection.site_consent == SiteConsent.GRANTED:
            deliveries = await enqueue_connection_removal(connection)
        connection.site_consent = SiteConsent.GRANTED if answer.approve else SiteConsent.REFUSED
        connection.consent_source = APPROVED if answer.approve else REFUSED_BY_ADMIN
        await connection.save(update_fields=["site_consent", "consent_source"])
    return deliveries


def _token_connections(tenant: Tenant) -> QuerySet[IssueTracker]:
    """Connections of any organization to this site's URLs that go through an account's token (Jira
    Cloud's, or a Bitbucket workspace's linked to this site: both send their deploys here)."""
    return IssueTracker.filter(url__in=_site_urls(tenant), tenant_id__isnull=True)


def _site_urls(tenant: Tenant) -> list[str]:
    return [url for url in (tenant.base_url, tenant.display_url) if url]


async def _site_connection(tenant: Tenant, organization_slug: str) -> IssueTracker:
    """This site's connection in the organization `organization_slug`, with the organization."""
    connection = (
        await IssueTracker.filter(
            tenant_id=tenant.id, provider=TrackerProvider.JIRA, organization__slug=organization_slug
        )
        .select_related("organization")
        .first()
    )
    if connection is None:
        raise NotFound(f"This Jira site is not linked to a Sleuth organization {organization_slug!r}.")
    return connection


async def choose_for_project(tenant: Tenant, organization_slug: str, project_slug: str, *, use_this_site: bool) -> None:
    """Make this site the project's issue tracker, or stop using it.

    Stopping leaves the project with no tracker when it used this site, and changes nothing when it
    uses another one: that choice is not this site's to undo.
    """
    connection = await _site_connection(tenant, organization_slug)
    project = await Project.get_or_none(organization_id=connection.organization.id, slug=project_slug)
    if project is None:
        raise NotFound(f"Organization {organization_slug!r} has no project {project_slug!r}.")
    if use_this_site:
        await choose_connection(project, connection.id)
    elif project.issue_tracker_id == connection.id:
        await choose_connection(project, None)


async def unlink_organization(tenant: Tenant, organization_slug: str) -> int:
    """Remove this site's connection from the organization, as the organization removes any connection:
    the projects that used it are left with none, and what the site was sent for it is to be deleted from
    Jira. Returns how many such deletions were queued in the outbox (wake the delivery worker if any)."""
    connection = await _site_connection(tenant, organization_slug)
    return await remove_connection(connection.organization, connection.id)


async def site_state(tenant: Tenant) -> SiteState:
    """The site, its links and the token connections to its URLs, in two queries whatever the number of
    organizations and projects."""
    both = (
        await IssueTracker.filter(
            Q(tenant_id=tenant.id, provider=TrackerProvider.JIRA)
            | Q(url__in=_site_urls(tenant), tenant_id__isnull=True)
        )
        .select_related("organization")
        .order_by("organization__name", "id")
    )
    connections = [connection for connection in both if connection.tenant_id == tenant.id]  # type: ignore[attr-defined]
    requests = sorted((connection for connection in both if connection.tenant_id is None), key=lambda c: c.id)  # type: ignore[attr-defined]
    connection_of = {connection.organization.id: connection.id for connection in connections}
    projects = (
        await Project.filter(organization_id__in=list(connection_of))
        .order_by("name", "id")
        .limit(MAX_PROJECTS_SHOWN + 1)
        if connection_of
        else []
    )
    choices: dict[int, list[ProjectChoice]] = {organization_id: [] for organization_id in connection_of}
    for project in projects[:MAX_PROJECTS_SHOWN]:
        choices[project.organization_id].append(_choice(project, connection_of[project.organization_id]))
    organizations = tuple(
        LinkedOrganization(
            slug=connection.organization.slug,
            name=connection.organization.name,
            projects=tuple(choices[connection.organization.id]),
        )
        for connection in connections
    )
    consent_requests = tuple(
        ConsentRequest(
            connection=connection.id,
            organization_slug=connection.organization.slug,
            organization_name=connection.organization.name,
            label=connection.label,
            consent=connection.site_consent,
            consent_source=connection.consent_source,
        )
        for connection in requests
    )
    installs = (("connect", tenant.client_key), ("forge", tenant.installation_id))
    platforms = tuple(name for name, present in installs if present)
    return SiteState(
        base_url=tenant.base_url,
        display_url=tenant.display_url,
        installed=tenant.installed,
        enabled=tenant.enabled,
        platforms=platforms,
        organizations=organizations,
        projects_truncated=len(projects) > MAX_PROJECTS_SHOWN,
        consent_requests=consent_requests,
    )


def _choice(project: Project, connection_id: int) -> ProjectChoice:
    tracker = project.issue_tracker_id
    return ProjectChoice(
        slug=project.slug,
        name=project.name,
        uses_this_site=tracker == connection_id,
        uses_another_tracker=tracker is not None and tracker != connection_id,
    )
