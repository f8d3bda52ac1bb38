"""Issue-tracker connections in the domain (app/sleuth/issue_trackers.py), with the app's Jira client and a fake site."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.sleuth.errors import InvalidInput, NotFound
from app.sleuth.issue_trackers import (
    NewConnection,
    browse_url,
    choose_connection,
    connection_auth,
    create_connection,
    provider_status,
    remove_connection,
)
from app.web.application import SleuthJira
from models import IssueTracker, Organization, Project, TrackerProvider
from tests.fakes.jira import FakeJira


async def _create(app: SleuthJira, organization: Organization, url: str, **fields: str) -> IssueTracker:
    connection = NewConnection.model_validate({"url": url, "email": "a@acme.test", "api_token": "tok"} | fields)
    return await create_connection(
        organization, connection, jira=app.jira, secret_box=app.secret_box, allow_private_urls=True
    )


async def test_a_connection_is_stored_only_when_the_site_says_yes(app: SleuthJira, fake_jira: FakeJira) -> None:
    acme = await Organization.create(slug="acme", name="Acme")
    fake_jira.status = 401
    with pytest.raises(InvalidInput, match="refused the credentials"):
        await _create(app, acme, fake_jira.server.url)
    assert await IssueTracker.all().count() == 0
    fake_jira.status = 200
    connection = await _create(app, acme, fake_jira.server.url + "/", label="  QA  ", custom_headers="X-A=1")
    assert (connection.url, connection.label, connection.custom_header_names) == (fake_jira.server.url, "QA", ["X-A"])
    assert browse_url(connection, "WEB-1") == f"{fake_jira.server.url}/browse/WEB-1"
    assert browse_url(None, "WEB-1") is None


async def test_removal_nulls_projects_and_reports_the_provider_disconnected(
    app: SleuthJira, fake_jira: FakeJira
) -> None:
    acme = await Organization.create(slug="acme", name="Acme")
    globex = await Organization.create(slug="globex", name="Globex")
    mine = await _create(app, acme, fake_jira.server.url)
    theirs = await _create(app, globex, fake_jira.server.url)
    project = await Project.create(organization=acme, slug="web", name="Web")
    await choose_connection(project, mine.id)
    with pytest.raises(InvalidInput, match="not a connection of this organization"):
        await choose_connection(project, theirs.id)
    assert (await provider_status(acme))[TrackerProvider.JIRA] is True

    with pytest.raises(NotFound):
        await remove_connection(acme, theirs.id)
    await remove_connection(acme, mine.id)
    assert (await Project.get(id=project.id)).issue_tracker_id is None
    assert await provider_status(acme) == {provider: False for provider in TrackerProvider}
    assert await IssueTracker.filter(id=theirs.id).count() == 1
    assert (await provider_status(globex))[TrackerProvider.JIRA] is True


@pytest.mark.parametrize(
    ("status", "fields", "field"),
    [
        (401, {}, "api_token"),
        (403, {}, "api_token"),
        (403, {"custom_headers": "CF-Access-Client-Id=abc"}, "custom_headers"),
        (404, {}, "url"),
        (500, {}, "url"),
        (401, {"provider": "jira_dc", "personal_access_token": "pat"}, "personal_access_token"),
        (401, {"provider": "jira_dc", "username": "u", "password": "p"}, "password"),
    ],
)
async def test_a_refusal_names_the_input_at_fault(
    app: SleuthJira, fake_jira: FakeJira, status: int, fields: dict[str, str], field: str
) -> None:
    acme = await Organization.create(slug="acme", name="Acme")
    fake_jira.status = status
    with pytest.raises(InvalidInput) as refused:
        await _create(app, acme, fake_jira.server.url, **fields)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("url", "fields", "field"),
    [
        ("ftp://acme.test", {}, "url"),
        ("http://127.0.0.1:9", {}, "url"),  # nothing listens: unreachable
        (None, {"custom_headers": "no-equals-sign"}, "custom_headers"),
        (None, {"email": ""}, "email"),
        (None, {"api_token": ""}, "api_token"),
        (None, {"provider": "bitbucket"}, "workspace"),
        (None, {"provider": "jira_dc"}, "personal_access_token"),
    ],
)
async def test_bad_input_names_its_field(
    app: SleuthJira, fake_jira: FakeJira, url: str | None, fields: dict[str, str], field: str
) -> None:
    acme = await Organization.create(slug="acme", name="Acme")
    with pytest.raises(InvalidInput) as refused:
        await _create(app, acme, url or fake_jira.server.url, **fields)
    assert refused.value.field == field
    assert await IssueTracker.all().count() == 0


async def test_connection_auth_decrypts_what_create_connection_stored(app: SleuthJira, fake_jira: FakeJira) -> None:
    acme = await Organization.create(slug="acme", name="Acme")
    connection = await _create(app, acme, fake_jira.server.url, custom_headers="X-A=1, X-B=two")
    access = connection_auth(await IssueTracker.get(id=connection.id), app.secret_box)
    assert access is not None
    auth, headers = access
    assert auth.headers("GET", "/") == {"Authorization": "Basic YUBhY21lLnRlc3Q6dG9r"}  # a@acme.test:tok
    assert headers == {"X-A": "1", "X-B": "two"}
    through_the_app = await IssueTracker.create(organization=acme, provider=TrackerProvider.JIRA, url="https://a.test")
    assert connection_auth(through_the_app, app.secret_box) is None


@pytest.mark.parametrize(
    "fields",
    [
        {"provider": "jira_dc", "personal_access_token": "pat\r\nX-Injected: 1"},
        {"provider": "jira_dc", "username": "ops\nroot", "password": "pw"},
        {"provider": "jira_dc", "username": "ops", "password": "pw\r\n"},
        {"api_token": "tok\nX-Injected: 1"},
        {"email": "a@acme.test\r\nBcc: x@evil.example"},
    ],
    ids=["dc token", "dc username", "dc password", "cloud token", "email"],
)
def test_a_credential_with_a_line_break_is_refused_before_any_request(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="control characters"):
        base = {"url": "https://jira.acme.example", "email": "a@acme.test", "api_token": "t"}
        NewConnection.model_validate(base | fields)
