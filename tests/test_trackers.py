"""Issue-tracker connections in the domain (app/trackers.py), with a real Jira client and a fake site."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from app.crypto import SecretBox
from app.domain_errors import InvalidInput, NotFound
from app.jira.client import JiraClient
from app.trackers import (
    NewConnection,
    browse_url,
    choose_connection,
    create_connection,
    provider_status,
    remove_connection,
)
from models import IssueTracker, Organization, Project, TrackerProvider
from tests.conftest import TEST_SECRET_KEY
from tests.fake_jira import FakeJira


@pytest.fixture
async def jira() -> AsyncIterator[JiraClient]:
    client = JiraClient(allow_private_urls=True, user_agent="sleuth-jira/test", timeout=2)
    await client.start()
    yield client
    await client.close()


@pytest.fixture
async def site() -> AsyncIterator[FakeJira]:
    fake = FakeJira()
    await fake.start()
    yield fake
    await fake.stop()


async def _create(organization: Organization, jira: JiraClient, url: str, **fields: str) -> IssueTracker:
    connection = NewConnection.model_validate({"url": url, "email": "a@acme.test", "api_token": "tok"} | fields)
    return await create_connection(
        organization, connection, jira=jira, secret_box=SecretBox(TEST_SECRET_KEY), allow_private_urls=True
    )


async def test_a_connection_is_stored_only_when_the_site_says_yes(database: str, jira: JiraClient, site: FakeJira) -> None:
    acme = await Organization.create(slug="acme", name="Acme")
    site.status = 401
    with pytest.raises(InvalidInput, match="refused the credentials"):
        await _create(acme, jira, site.server.url)
    assert await IssueTracker.all().count() == 0
    site.status = 200
    connection = await _create(acme, jira, site.server.url + "/", label="  QA  ", custom_headers="X-A=1")
    assert (connection.url, connection.label, connection.custom_header_names) == (site.server.url, "QA", ["X-A"])
    assert browse_url(connection, "WEB-1") == f"{site.server.url}/browse/WEB-1"
    assert browse_url(None, "WEB-1") is None


async def test_removal_nulls_projects_and_reports_the_provider_disconnected(
    database: str, jira: JiraClient, site: FakeJira
) -> None:
    acme = await Organization.create(slug="acme", name="Acme")
    globex = await Organization.create(slug="globex", name="Globex")
    mine = await _create(acme, jira, site.server.url)
    theirs = await _create(globex, jira, site.server.url)
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
