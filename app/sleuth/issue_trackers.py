"""Issue-tracker connections of an organization: create (after the Jira site said yes), list, remove,
and the choice of one connection per project.

A connection is saved only after one call to the site through the one Jira client
(`GET /rest/api/3/myself`, or `/rest/api/2/myself` on Data Center) answers 200 with JSON; every other
outcome is one sentence for the admin and nothing is stored. Secrets are encrypted at rest with the
app's SecretBox and never leave this module in clear:

- `credentials`, purpose "issue_tracker.credentials": JSON `{"kind": "basic", "username", "password"}`
  (Jira Cloud email + API token, Bitbucket's Jira site likewise, Data Center username + password) or
  `{"kind": "bearer", "token"}` (Data Center personal access token);
- `custom_headers`, purpose "issue_tracker.custom_headers": JSON of the header dict; only the names
  are kept in clear (`custom_header_names`) to be shown.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field
from tortoise.transactions import in_transaction

from app.crypto import SecretBox
from app.db.outbox import enqueue_connection_removal
from app.jira.auth import BasicAuth, BearerAuth, JiraAuth
from app.jira.client import INTERACTIVE_RETRY, JiraClient, JiraError, JiraResponse
from app.net import UnsafeUrlError, normalize_site_url
from app.sleuth.custom_headers import parse_custom_headers
from app.sleuth.errors import InvalidInput, NotFound
from app.sleuth.plain_text import no_control_characters
from models import IssueTracker, Organization, Project, SiteConsent, TrackerProvider

CREDENTIALS_PURPOSE = "issue_tracker.credentials"
CUSTOM_HEADERS_PURPOSE = "issue_tracker.custom_headers"
MAX_URL_LENGTH = 255
MAX_ID = 2**31 - 1  # ids are 32-bit integers in both databases
ADMINISTER = "ADMINISTER"
ADMINISTER_PERMISSION = "administer_permission"  # consent_source: the connection's account is a Jira admin

ConnectionId = Annotated[int, Field(ge=1, le=MAX_ID)]

Text = Annotated[str, Field(max_length=255), AfterValidator(no_control_characters)]
Secret = Annotated[str, Field(max_length=4096), AfterValidator(no_control_characters)]


class NewConnection(BaseModel):
    """A connection to an issue tracker, as an organization admin fills it in.

    `jira` (Jira Cloud): `url`, `email`, `api_token`. `jira_dc` (Data Center): `url` and either
    `personal_access_token` or `username` + `password`. `bitbucket`: a Bitbucket `workspace` linked to a
    Jira Cloud site, whose `url`, `email` and `api_token` are given as for `jira`. `custom_headers`
    (optional) is Sleuth's `name=value,name2=value2`; `label` tells connections apart."""

    provider: TrackerProvider = TrackerProvider.JIRA
    url: Annotated[str, Field(max_length=2000)]
    label: Text = ""
    email: Text | None = None
    api_token: Secret | None = None
    personal_access_token: Secret | None = None
    username: Text | None = None
    password: Secret | None = None
    workspace: Text | None = None
    custom_headers: Annotated[str, Field(max_length=8192)] | None = None


def _credentials(connection: NewConnection) -> dict[str, str]:
    """The stored form of the connection's credentials; refuses a provider's missing fields."""
    if connection.provider is TrackerProvider.JIRA_DC:
        if connection.personal_access_token:
            return {"kind": "bearer", "token": connection.personal_access_token}
        if connection.username and connection.password:
            return {"kind": "basic", "username": connection.username, "password": connection.password}
        raise InvalidInput(
            "A Jira Data Center connection needs a personal_access_token, or a username and a password.",
            field="personal_access_token",
        )
    if not (connection.email and connection.api_token):
        raise InvalidInput(
            "A Jira Cloud connection needs the email of a Jira user and that user's api_token.",
            field="api_token" if connection.email else "email",
        )
    if connection.provider is TrackerProvider.BITBUCKET and not connection.workspace:
        raise InvalidInput("A Bitbucket connection needs the workspace that is linked to the Jira site.", field="workspace")
    return {"kind": "basic", "username": connection.email, "password": connection.api_token}


def _auth(credentials: dict[str, str]) -> JiraAuth:
    if credentials["kind"] == "bearer":
        return BearerAuth(credentials["token"])
    return BasicAuth(credentials["username"], credentials["password"])


def _site_url(raw: str, *, allow_private: bool) -> str:
    try:
        url = normalize_site_url(raw, allow_private=allow_private)
    except UnsafeUrlError as error:
        raise InvalidInput(str(error), field="url") from None
    if len(url) > MAX_URL_LENGTH:
        raise InvalidInput(f"The URL is longer than {MAX_URL_LENGTH} characters.", field="url")
    return url


def _refusal(response: JiraResponse, provider: TrackerProvider) -> str | None:
    """None when the answer is a Jira user; otherwise the sentence that says what went wrong."""
    status = response.status
    if status == 200:
        body = response.json()
        if isinstance(body, dict):
            return None
        return "The site answered, but not as Jira does (its answer is not JSON): check the URL."
    if status == 401:
        what = (
            "the personal access token, or the username and password"
            if provider is TrackerProvider.JIRA_DC
            else "the email and API token"
        )
        return f"Jira refused the credentials (401): check {what}."
    if status == 403:
        return (
            "Jira refused access (403): the user may not use Jira's REST API, or a proxy in front of Jira "
            "refused the request (check the custom headers)."
        )
    if status == 404:
        return "There is no Jira site at this URL (404): check the URL."
    if status >= 500:
        return f"The Jira site answered with a server error ({status}); try again later."
    return f"The Jira site answered {status} instead of 200: check the URL and the credentials."


def _field_at_fault(status: int, connection: NewConnection) -> str:
    """Which input a refusal of the site points at: the secret on 401, the custom headers (when there
    are any) on 403 since a proxy in front of Jira refuses that way, the URL otherwise."""
    secret = "api_token"
    if connection.provider is TrackerProvider.JIRA_DC:
        secret = "personal_access_token" if connection.personal_access_token else "password"
    if status == 403 and (connection.custom_headers or "").strip():
        return "custom_headers"
    return secret if status in (401, 403) else "url"


async def _check_site(
    jira: JiraClient, connection: NewConnection, url: str, auth: JiraAuth, headers: dict[str, str]
) -> None:
    """One call to the site as the connection will make them; raises InvalidInput unless Jira says yes."""
    provider = connection.provider
    path = "/rest/api/2/myself" if provider is TrackerProvider.JIRA_DC else "/rest/api/3/myself"
    try:
        # An admin is waiting: a 429 or 503 is retried once, briefly, then reported.
        response = await jira.request("GET", url, path, auth=auth, custom_headers=headers, retry=INTERACTIVE_RETRY)
    except JiraError as error:
        raise InvalidInput(error.reason, field="url") from None
    refusal = _refusal(response, provider)
    if refusal is not None:
        raise InvalidInput(refusal, field=_field_at_fault(response.status, connection))


async def _holds_administer(
    jira: JiraClient, connection: NewConnection, url: str, auth: JiraAuth, headers: dict[str, str]
) -> bool:
    """Whether the connection's account is a Jira administrator of the site (global ADMINISTER): the
    site's consent to this organization, as a Jira admin's link would be. Anything but a clear yes is no:
    the connection is still saved, and waits for a Jira admin's approval instead."""
    api = "/rest/api/2" if connection.provider is TrackerProvider.JIRA_DC else "/rest/api/3"
    try:
        response = await jira.request(
            "GET", url, f"{api}/mypermissions", auth=auth, custom_headers=headers,
            params={"permissions": ADMINISTER}, retry=INTERACTIVE_RETRY,
        )  # fmt: skip
    except JiraError:
        return False
    body = response.json() if response.status == 200 else None
    permission = body.get("permissions", {}).get(ADMINISTER) if isinstance(body, dict) else None
    return isinstance(permission, dict) and permission.get("havePermission") is True


async def create_connection(
    organization: Organization,
    connection: NewConnection,
    *,
    jira: JiraClient,
    secret_box: SecretBox,
    allow_private_urls: bool,
) -> IssueTracker:
    """Validate the connection against its site, then store it; nothing is stored on any failure."""
    url = _site_url(connection.url, allow_private=allow_private_urls)
    fields, administer = await _checked_columns(connection, url, jira=jira, secret_box=secret_box)
    if connection.provider in organization.disconnected_providers:  # connected again
        remaining = [name for name in organization.disconnected_providers if name != connection.provider]
        organization.disconnected_providers = remaining
        await organization.save(update_fields=["disconnected_providers"])
    return await IssueTracker.create(
        site_consent=SiteConsent.GRANTED if administer else SiteConsent.PENDING,
        consent_source=ADMINISTER_PERMISSION if administer else "",
        organization=organization,
        provider=connection.provider,
        url=url,
        **fields,
    )


async def _checked_columns(
    connection: NewConnection, url: str, *, jira: JiraClient, secret_box: SecretBox
) -> tuple[dict[str, Any], bool]:
    """The columns `connection` is stored in, once its site said yes, and whether its account holds
    ADMINISTER there (the site's consent); InvalidInput naming the field at fault otherwise."""
    try:
        headers = parse_custom_headers(connection.custom_headers or "")
    except InvalidInput as error:
        raise InvalidInput(error.message, field="custom_headers") from None
    credentials = _credentials(connection)
    await _check_site(jira, connection, url, _auth(credentials), headers)
    administer = await _holds_administer(jira, connection, url, _auth(credentials), headers)
    fields = {
        "healthy": True,
        "last_error": None,
        "checked_at": datetime.now(UTC),
        "label": connection.label.strip(),
        "workspace": (connection.workspace or "").strip() if connection.provider is TrackerProvider.BITBUCKET else "",
        "credentials": secret_box.encrypt(json.dumps(credentials), CREDENTIALS_PURPOSE),
        "custom_header_names": list(headers),
        "custom_headers": secret_box.encrypt(json.dumps(headers), CUSTOM_HEADERS_PURPOSE) if headers else None,
    }
    return fields, administer


class ConnectionChange(BaseModel):
    """What an edit may change of a connection (its site and provider stay: another site is another
    connection). A field left out keeps its stored value; secrets are never shown, only replaced."""

    label: Text | None = None
    email: Text | None = None
    api_token: Secret | None = None
    personal_access_token: Secret | None = None
    username: Text | None = None
    password: Secret | None = None
    workspace: Text | None = None
    custom_headers: Annotated[str, Field(max_length=8192)] | None = Field(
        default=None, description="Sleuth's name=value,name2=value2; empty removes them; left out keeps them"
    )


async def update_connection(
    organization: Organization,
    connection_id: int,
    change: ConnectionChange,
    *,
    jira: JiraClient,
    secret_box: SecretBox,
) -> IssueTracker:
    """Edit a connection (a rotated token, a new header, a label) and check it with its site like a new
    one; projects keep using it. The site's consent is asked again of the new credential: a Jira admin's
    approval stays, a consent that came from the old token's ADMINISTER goes if the new one lacks it."""
    stored = await IssueTracker.get_or_none(id=connection_id, organization=organization)
    if stored is None:
        raise NotFound(f"Organization {organization.slug!r} has no issue-tracker connection {connection_id}.")
    if stored.credentials is None:
        raise InvalidInput("This connection goes through the installed Jira app: change it from Jira's admin page.")
    merged = _merged(stored, change, secret_box)
    fields, administer = await _checked_columns(merged, stored.url, jira=jira, secret_box=secret_box)
    if administer:
        fields |= {"site_consent": SiteConsent.GRANTED, "consent_source": ADMINISTER_PERMISSION}
    elif stored.consent_source == ADMINISTER_PERMISSION:
        fields |= {"site_consent": SiteConsent.PENDING, "consent_source": ""}
    await stored.update_from_dict(fields).save()
    return stored


async def check_connection(
    organization: Organization, connection_id: int, *, jira: JiraClient, secret_box: SecretBox
) -> IssueTracker:
    """Ask the connection's site again with its stored credentials and headers ("Test again"), and keep
    the answer: `healthy`, `last_error` (the refusal's sentence) and `checked_at`. Nothing else changes."""
    stored = await IssueTracker.get_or_none(id=connection_id, organization=organization)
    if stored is None:
        raise NotFound(f"Organization {organization.slug!r} has no issue-tracker connection {connection_id}.")
    access = connection_auth(stored, secret_box)
    if access is None:
        raise InvalidInput("This connection goes through the installed Jira app: Jira's admin page shows its state.")
    auth, headers = access
    try:
        await _check_site(jira, _merged(stored, ConnectionChange(), secret_box), stored.url, auth, headers)
    except InvalidInput as refusal:
        stored.healthy, stored.last_error = False, refusal.message
    else:
        stored.healthy, stored.last_error = True, None
    stored.checked_at = datetime.now(UTC)
    await stored.save(update_fields=["healthy", "last_error", "checked_at"])
    return stored


def _merged(stored: IssueTracker, change: ConnectionChange, secret_box: SecretBox) -> NewConnection:
    """The connection as if typed anew: the change's fields over the stored ones."""
    credentials = json.loads(secret_box.decrypt(stored.credentials or "", CREDENTIALS_PURPOSE))
    headers = (
        json.loads(secret_box.decrypt(stored.custom_headers, CUSTOM_HEADERS_PURPOSE)) if stored.custom_headers else {}
    )
    known: dict[str, Any] = {"label": stored.label, "workspace": stored.workspace or None}
    if credentials["kind"] == "bearer":
        known["personal_access_token"] = credentials["token"]
    elif stored.provider is TrackerProvider.JIRA_DC:
        known |= {"username": credentials["username"], "password": credentials["password"]}
    else:
        known |= {"email": credentials["username"], "api_token": credentials["password"]}
    known["custom_headers"] = ",".join(f"{name}={value}" for name, value in headers.items())
    given = change.model_dump(exclude_none=True)
    if stored.provider is TrackerProvider.JIRA_DC and {"username", "password"} & given.keys():
        known.pop("personal_access_token", None)  # moving to a username and password
    if "personal_access_token" in given:
        known.pop("username", None)
        known.pop("password", None)
    return NewConnection.model_validate({"provider": stored.provider, "url": stored.url, **known, **given})


def connection_auth(connection: IssueTracker, secret_box: SecretBox) -> tuple[JiraAuth, dict[str, str]] | None:
    """How to call the connection's site with its own stored credentials, and the custom headers to
    send; None for a connection without credentials (one that goes through the installed app)."""
    if not connection.credentials:
        return None
    credentials = json.loads(secret_box.decrypt(connection.credentials, CREDENTIALS_PURPOSE))
    headers = (
        json.loads(secret_box.decrypt(connection.custom_headers, CUSTOM_HEADERS_PURPOSE))
        if connection.custom_headers
        else {}
    )
    return _auth(credentials), headers


async def list_connections(organization: Organization) -> list[IssueTracker]:
    return await IssueTracker.filter(organization=organization).order_by("id")


async def provider_status(organization: Organization) -> dict[TrackerProvider, bool]:
    """For each provider, whether the organization still holds at least one connection of it: a
    provider is fully disconnected once its last connection is removed (and is then in the
    organization's `disconnected_providers` until it is connected again)."""
    connected = set(await IssueTracker.filter(organization=organization).distinct().values_list("provider", flat=True))
    return {provider: provider in connected for provider in TrackerProvider}


async def remove_connection(organization: Organization, connection_id: int) -> int:
    """Delete the connection with its stored secrets; every project that used it is left with none, and
    the Jira sites that were sent its deploys are asked to delete them. Returns how many such requests
    were written to the outbox (wake the delivery worker when there are any)."""
    async with in_transaction():
        connection = await IssueTracker.get_or_none(id=connection_id, organization=organization)
        if connection is None:
            raise NotFound(f"Organization {organization.slug!r} has no issue-tracker connection {connection_id}.")
        # The foreign key is ON DELETE SET NULL; saying it here keeps the rule visible and the order explicit.
        await Project.filter(issue_tracker_id=connection.id).update(issue_tracker_id=None)
        deliveries = await enqueue_connection_removal(connection)
        await connection.delete()
        if not await IssueTracker.exists(organization=organization, provider=connection.provider):
            organization.disconnected_providers = sorted({*organization.disconnected_providers, connection.provider})
            await organization.save(update_fields=["disconnected_providers"])
    return deliveries


async def choose_connection(project: Project, connection_id: int | None) -> None:
    """Make `connection_id` (or none) the project's issue tracker; it must be a connection of the
    project's own organization."""
    if connection_id is not None and not await IssueTracker.exists(
        id=connection_id, organization_id=project.organization_id
    ):
        raise InvalidInput(f"Issue tracker {connection_id} is not a connection of this organization.")
    project.issue_tracker_id = connection_id
    await project.save(update_fields=["issue_tracker_id"])


def browse_url(connection: IssueTracker | None, issue_key: str) -> str | None:
    """Where an issue is seen on the connection's site; None when the project has no tracker."""
    return None if connection is None else f"{connection.url}/browse/{issue_key}"
