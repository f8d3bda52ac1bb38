"""Issue summaries of a page of deploy cards (app/jira_sites/issue_summaries.py), read from a fake Jira site
through the app's Jira client: one request per page, cached, and a failing site costs nothing."""

from __future__ import annotations

import pytest

from app.jira_sites.issue_summaries import IssueSummary, IssueSummaryCache, issue_summaries
from app.jira_sites.tenants import record_install
from app.sleuth.issue_trackers import NewConnection, create_connection
from app.web.application import SleuthJira
from models import IssueTracker, Organization
from tests.fakes.clock import FakeClock
from tests.fakes.jira import FakeJira

ISSUES = {"WEB-1": ("Fix the login page", "Done", "done"), "WEB-2": ("Faster search", "In Progress", "indeterminate")}


async def _connection(app: SleuthJira, fake_jira: FakeJira, **fields: str) -> IssueTracker:
    acme = await Organization.create(slug="acme", name="Acme")
    data = {"url": fake_jira.server.url, "email": "a@acme.test", "api_token": "tok"} | fields
    return await create_connection(
        acme, NewConnection.model_validate(data), jira=app.jira, secret_box=app.secret_box, allow_private_urls=True
    )


async def _summaries(
    app: SleuthJira, tracker: IssueTracker | None, keys: list[str], cache: IssueSummaryCache
) -> dict[str, IssueSummary | None]:
    return await issue_summaries(
        tracker, keys, jira=app.jira, cache=cache, secret_box=app.secret_box, settings=app.settings
    )


async def test_one_search_per_page_then_the_cache(app: SleuthJira, fake_jira: FakeJira) -> None:
    fake_jira.issues = ISSUES
    fake_jira.required_headers = {"CF-Access-Client-Id": "abc"}
    tracker = await _connection(app, fake_jira, custom_headers="CF-Access-Client-Id=abc")
    clock = FakeClock(now=0.0)
    cache = IssueSummaryCache(ttl=60, clock=clock)

    found = await _summaries(app, tracker, ["WEB-1", "WEB-2", "WEB-1", "GONE-9"], cache)
    assert found == {
        "WEB-1": IssueSummary("Fix the login page", "Done", "done"),
        "WEB-2": IssueSummary("Faster search", "In Progress", "indeterminate"),
        "GONE-9": None,  # asked, and Jira did not return it: not found in Jira
    }
    [search] = fake_jira.searches
    assert search.path == "/rest/api/3/search/jql"
    assert search.query["jql"] == 'key in ("WEB-1", "WEB-2", "GONE-9")'
    assert search.query["fields"] == "summary,status" and search.query["maxResults"] == "3"
    assert search.headers["Authorization"].startswith("Basic ") and search.headers["CF-Access-Client-Id"] == "abc"

    assert await _summaries(app, tracker, ["WEB-2", "GONE-9"], cache) == {"WEB-2": found["WEB-2"], "GONE-9": None}
    assert len(fake_jira.searches) == 1  # both known, the missing one too
    clock.now = 61
    await _summaries(app, tracker, ["WEB-2"], cache)
    assert len(fake_jira.searches) == 2  # expired: asked again


async def test_data_center_searches_with_api_2_and_lenient_validation(app: SleuthJira, fake_jira: FakeJira) -> None:
    fake_jira.issues = ISSUES
    tracker = await _connection(app, fake_jira, provider="jira_dc", personal_access_token="pat")
    found = await _summaries(app, tracker, ["WEB-1"], IssueSummaryCache())
    assert found["WEB-1"].summary == "Fix the login page"
    [search] = fake_jira.searches
    assert search.path == "/rest/api/2/search" and search.query["validateQuery"] == "warn"
    assert search.headers["Authorization"] == "Bearer pat"


@pytest.mark.parametrize("status", [401, 500])
async def test_a_failing_site_gives_no_summaries_and_is_left_alone_a_while(
    app: SleuthJira, fake_jira: FakeJira, status: int
) -> None:
    tracker = await _connection(app, fake_jira)
    fake_jira.issues, fake_jira.search_status = ISSUES, status
    clock = FakeClock(now=0.0)
    cache = IssueSummaryCache(failure_ttl=30, clock=clock)
    assert await _summaries(app, tracker, ["WEB-1"], cache) == {}
    assert await _summaries(app, tracker, ["WEB-1"], cache) == {}
    assert len(fake_jira.searches) == 1
    clock.now, fake_jira.search_status = 31, 200
    assert "WEB-1" in await _summaries(app, tracker, ["WEB-1"], cache)


async def test_an_unreachable_site_gives_no_summaries(app: SleuthJira, fake_jira: FakeJira) -> None:
    tracker = await _connection(app, fake_jira)
    await fake_jira.stop()
    assert await _summaries(app, tracker, ["WEB-1"], IssueSummaryCache()) == {}


async def test_nothing_is_asked_without_a_tracker_or_for_malformed_keys(app: SleuthJira, fake_jira: FakeJira) -> None:
    assert await _summaries(app, None, ["WEB-1"], IssueSummaryCache()) == {}
    tracker = await _connection(app, fake_jira)
    assert await _summaries(app, tracker, ['WEB-1") OR project = "X', "lower-1"], IssueSummaryCache()) == {}
    assert fake_jira.searches == []


async def test_a_site_linked_through_the_installed_app_is_read_with_its_connect_jwt(
    app: SleuthJira, fake_jira: FakeJira
) -> None:
    fake_jira.issues = ISSUES
    tenant = await record_install(
        client_key="site-1", shared_secret="s" * 32, base_url=fake_jira.server.url, display_url=None,
        product_type="jira", installation_id=None, secret_box=app.secret_box,
    )  # fmt: skip
    acme = await Organization.create(slug="acme", name="Acme")
    tracker = await IssueTracker.create(organization=acme, provider="jira", url=fake_jira.server.url, tenant=tenant)
    assert "WEB-2" in await _summaries(app, tracker, ["WEB-2"], IssueSummaryCache())
    assert fake_jira.searches[0].headers["Authorization"].startswith("JWT ")


async def test_the_cache_is_bounded(app: SleuthJira, fake_jira: FakeJira) -> None:
    tracker = await _connection(app, fake_jira)
    cache = IssueSummaryCache(max_entries=3)
    for number in range(1, 11):
        cache.store(tracker, f"WEB-{number}", None)
    assert [cache.lookup(tracker, f"WEB-{number}")[0] for number in (1, 8, 9, 10)] == [False, True, True, True]
