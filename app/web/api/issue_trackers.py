"""Issue-tracker connections of an organization, and the status of each provider ("integrations")."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from quart_schema import validate_request, validate_response

from app.sleuth.errors import NotFound
from app.sleuth.issue_trackers import (
    MAX_ID,
    ConnectionChange,
    NewConnection,
    check_connection,
    create_connection,
    list_connections,
    provider_status,
    remove_connection,
    update_connection,
)
from app.web.api import api_blueprint
from app.web.api.auth import require_org_key
from app.web.application import sleuth_app
from models import IssueTracker, Organization, SiteConsent, TrackerProvider

blueprint = api_blueprint("api_issue_trackers", __name__, "Issue trackers")


class ConnectionOut(BaseModel):
    """A connection as anyone may see it: never a credential, and of its custom headers only the names."""

    id: int
    provider: TrackerProvider
    label: str
    url: str = Field(description="the normalized site URL; issue links are {url}/browse/{key}")
    workspace: str | None = Field(description="the Bitbucket workspace of a bitbucket connection")
    custom_headers: list[str] = Field(description="the names of the custom headers sent to the site")
    healthy: bool = Field(description="whether the site said yes at the last check (save, edit or check)")
    last_error: str | None = Field(description="the last check's refusal, one sentence; null when healthy")
    checked_at: datetime | None = Field(description="when the site was last checked")
    site_consent: SiteConsent = Field(
        description="granted: the Jira site shows and receives this organization's deploys; pending: a Jira "
        "administrator must approve it on the Sleuth app's page in Jira (Settings > Apps); refused"
    )
    created_at: datetime

    @classmethod
    def of(cls, connection: IssueTracker) -> ConnectionOut:
        return cls(
            id=connection.id,
            provider=connection.provider,
            label=connection.label,
            url=connection.url,
            workspace=connection.workspace or None,
            custom_headers=list(connection.custom_header_names),
            healthy=connection.healthy,
            last_error=connection.last_error,
            checked_at=connection.checked_at,
            site_consent=connection.site_consent,
            created_at=connection.created_at,
        )


ProviderStatus = dict[TrackerProvider, Literal["connected", "disconnected"]]


@blueprint.post("/orgs/<org>/issue-trackers")
@require_org_key()
@validate_request(NewConnection)
@validate_response(ConnectionOut, 201)
async def post_connection(organization: Organization, data: NewConnection) -> tuple[ConnectionOut, int]:
    """Connect an issue tracker.

    The app first calls the site (`GET {url}/rest/api/3/myself`, or `/rest/api/2/myself` for Data
    Center) with the credentials and custom headers: 201 when it answers 200, otherwise 400 with what
    went wrong, and nothing is stored."""
    app = sleuth_app()
    connection = await create_connection(
        organization,
        data,
        jira=app.jira,
        secret_box=app.secret_box,
        allow_private_urls=app.settings.allow_private_urls,
    )
    return ConnectionOut.of(connection), 201


@blueprint.get("/orgs/<org>/issue-trackers")
@require_org_key()
@validate_response(list[ConnectionOut])
async def get_connections(organization: Organization) -> list[ConnectionOut]:
    """The organization's connections, oldest first."""
    return [ConnectionOut.of(connection) for connection in await list_connections(organization)]


# A plain <connection_id>, not <int:...>: quart-schema's OpenAPI path conversion mangles a typed
# converter that follows another variable (/orgs/<org>/x/<int:id> becomes /orgs/{id}).
@blueprint.patch("/orgs/<org>/issue-trackers/<connection_id>")
@require_org_key()
@validate_request(ConnectionChange)
@validate_response(ConnectionOut)
async def patch_connection(organization: Organization, connection_id: str, data: ConnectionChange) -> ConnectionOut:
    """Edit a connection: rotate its token, change its email, custom headers or label.

    Checked with the site like a new connection (400 with what went wrong, and nothing changes); the
    projects that use it keep it. Fields left out keep their stored values. `site_consent` is asked
    again of the new credential."""
    app = sleuth_app()
    updated = await update_connection(
        organization, _connection_id(organization, connection_id), data, jira=app.jira, secret_box=app.secret_box
    )
    return ConnectionOut.of(updated)


@blueprint.post("/orgs/<org>/issue-trackers/<connection_id>/check")
@require_org_key()
@validate_response(ConnectionOut)
async def check(organization: Organization, connection_id: str) -> ConnectionOut:
    """Check a connection again with its site, with its stored credentials and headers.

    200 with the outcome in `healthy`, `last_error` and `checked_at` (a refusal of the site is an answer,
    not an error of this request); nothing else changes."""
    app = sleuth_app()
    checked = await check_connection(
        organization, _connection_id(organization, connection_id), jira=app.jira, secret_box=app.secret_box
    )
    return ConnectionOut.of(checked)


def _connection_id(organization: Organization, raw: str) -> int:
    if not (raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID):
        raise NotFound(f"Organization {organization.slug!r} has no issue-tracker connection {raw[:40]!r}.")
    return int(raw)


@blueprint.delete("/orgs/<org>/issue-trackers/<connection_id>")
@require_org_key()
async def delete_connection(organization: Organization, connection_id: str) -> tuple[str, int]:
    """Remove a connection.

    Its stored secrets are deleted and every project that used it is left with no issue tracker
    (`issue_tracker: null`). 204."""
    if await remove_connection(organization, _connection_id(organization, connection_id)):
        sleuth_app().delivery.wake()  # after the commit: the sites' deletes are due
    return "", 204


@blueprint.get("/orgs/<org>/integrations")
@require_org_key()
@validate_response(ProviderStatus)
async def get_integrations(organization: Organization) -> ProviderStatus:
    """The status of each issue-tracker provider.

    `connected` while the organization holds at least one connection of it; `disconnected` once the
    last one is removed."""
    status = await provider_status(organization)
    return {provider: "connected" if connected else "disconnected" for provider, connected in status.items()}
