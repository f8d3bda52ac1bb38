"""What an organization's Integrations page shows: one tile per issue-tracker provider, whether the
provider is connected (app/sleuth/issue_trackers.py's provider_status: disconnected once its last connection is
gone), and each connection with the projects that use it, so removing one says what it takes away.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from app.sleuth.errors import NotFound
from app.sleuth.issue_trackers import MAX_ID, list_connections, provider_status
from models import IssueTracker, Organization, Project, TrackerProvider

PROVIDER_NAMES = {
    TrackerProvider.JIRA: "Jira Cloud",
    TrackerProvider.JIRA_DC: "Jira Data Center",
    TrackerProvider.BITBUCKET: "Bitbucket",
}


def connection_name(connection: IssueTracker) -> str:
    """How people tell connections apart: `Jira Cloud (<label>)`, the site's host without a label."""
    return f"{PROVIDER_NAMES[connection.provider]} ({connection.label or urlsplit(connection.url).netloc})"


@dataclass(frozen=True, slots=True)
class ConnectionUse:
    connection: IssueTracker
    projects: list[Project]  # by slug

    @property
    def name(self) -> str:
        return connection_name(self.connection)


@dataclass(frozen=True, slots=True)
class ProviderTile:
    provider: TrackerProvider
    connected: bool
    disconnected: bool  # its last connection was removed ("Fully disconnected"); never used: "Not connected"
    connections: list[ConnectionUse]  # oldest first

    @property
    def name(self) -> str:
        return PROVIDER_NAMES[self.provider]


async def _uses(organization: Organization, connections: list[IssueTracker]) -> list[ConnectionUse]:
    projects = await Project.filter(
        organization=organization, issue_tracker_id__in=[connection.id for connection in connections]
    ).order_by("slug")
    return [
        ConnectionUse(connection, [project for project in projects if project.issue_tracker_id == connection.id])
        for connection in connections
    ]


async def integration_tiles(organization: Organization) -> list[ProviderTile]:
    """Every provider's tile, in the order of PROVIDER_NAMES; three queries whatever the numbers."""
    uses = await _uses(organization, await list_connections(organization))
    status = await provider_status(organization)
    return [
        ProviderTile(
            provider,
            status[provider],
            not status[provider] and provider in organization.disconnected_providers,
            [use for use in uses if use.connection.provider is provider],
        )
        for provider in PROVIDER_NAMES
    ]


async def connection_use(organization: Organization, connection_id: int) -> ConnectionUse:
    """One connection of the organization with the projects that use it."""
    connection = (
        await IssueTracker.get_or_none(id=connection_id, organization=organization)
        if 1 <= connection_id <= MAX_ID
        else None
    )
    if connection is None:
        raise NotFound(f"Organization {organization.slug!r} has no issue-tracker connection {connection_id}.")
    return (await _uses(organization, [connection]))[0]
