"""The Connect deploy panel (`GET /jira/panel?issueKey=...`) through the whole app: a site installed the
way Jira installs it, deploys seeded in the database, page tokens as Jira signs them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

import pytest
from quart.typing import TestClientProtocol as QuartClient

from app.jira_sites.issue_deploys import IssueDeploy
from app.sleuth.environments import environment_type
from app.web.application import SleuthJira
from app.web.connect.auth import PAGE_SOURCES
from app.web.jira_pages.panel import (
    PanelLine,
    exact_time,
    relative_time,
    relative_time_holds_until,
)
from models import (
    CodeDeployment,
    Deploy,
    DeployIssue,
    Environment,
    IssueTracker,
    JiraEnvironmentType,
    Organization,
    Project,
    SiteConsent,
    Tenant,
)
from tests.fakes.atlassian import SITE_URL, SignedInstall, tenant_token
from tests.fakes.querycount import count_statements

CLIENT_KEY = "acme-client-key"
OTHER_CLIENT_KEY = "globex-client-key"
DISPLAY_URL = "http://jira.acme.test:8080"
OTHER_SITE_URL = "http://127.0.0.2:8765"
BASE_URL = "http://127.0.0.1:8000"  # the conftest's SLEUTH_BASE_URL: Sleuth's links start with it
NOW = datetime.now(UTC).replace(microsecond=0)


async def panel(client: QuartClient, secret: str, issue_key: str | None, client_key: str = CLIENT_KEY) -> tuple[int, str]:
    path = "/jira/panel" if issue_key is None else f"/jira/panel?issueKey={quote(issue_key)}&projectKey=ACME"
    token = tenant_token(secret, client_key=client_key, path_and_query=path)
    separator = "&" if "?" in path else "?"
    response = await client.get(f"{path}{separator}jwt={token}")
    return response.status_code, await response.get_data(as_text=True)


async def seed(
    org: str, site_url: str, *, project: str = "Web", code_deployment: str = "Web app", environment: str = "Production"
) -> tuple[Project, CodeDeployment, Environment]:
    organization, _ = await Organization.get_or_create(slug=org, defaults={"name": org.title()})
    tracker = await IssueTracker.create(site_consent=SiteConsent.GRANTED, organization=organization, provider="jira", url=site_url)
    slug = re.sub(r"[^a-z0-9]+", "-", project.lower()).strip("-") or "project"
    row = await Project.create(organization=organization, slug=slug, name=project, issue_tracker=tracker)
    deployment = await CodeDeployment.create(organization=organization, project=row, slug=f"{slug}-app", name=code_deployment)
    return row, deployment, await add_environment(row, environment)


async def add_environment(project: Project, name: str, jira_type: str | None = None) -> Environment:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "environment"
    return await Environment.create(project=project, slug=slug, name=name, jira_type=jira_type or environment_type(name))


async def add_deploy(
    deployment: CodeDeployment, environment: Environment, sha: str, *keys: str, ago: timedelta, **fields: object
) -> Deploy:
    date = datetime.now(UTC) - ago  # now, not at import: the panel says how long ago
    deploy = await Deploy.create(code_deployment=deployment, environment=environment, sha=sha, date=date, **fields)
    await DeployIssue.bulk_create([DeployIssue(deploy=deploy, issue_key=key) for key in keys])
    return deploy


async def test_the_panel_lists_the_issues_deploys_grouped_and_newest_first(
    client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY, displayUrl=DISPLAY_URL)
    project, web_app, production = await seed("acme", SITE_URL)
    staging = await add_environment(project, "Staging")
    old = await add_deploy(web_app, production, "a" * 40, "ACME-12", ago=timedelta(days=3), author_name="Ada Lovelace",
                           author_email="ada@acme.test", tags=["#release"])
    new = await add_deploy(web_app, production, "b" * 40, "ACME-12", ago=timedelta(hours=2), author_email="ci@acme.test")
    await add_deploy(web_app, staging, "c" * 40, "ACME-12", ago=timedelta(minutes=5))
    await add_deploy(web_app, staging, "d" * 40, "ACME-13", ago=timedelta(minutes=1))  # another issue
    # The same site under its custom domain: a connection made with the display URL counts too.
    _, api_app, api_production = await seed("acme", DISPLAY_URL, project="API", code_deployment="API server")
    await add_deploy(api_app, api_production, "e" * 40, "ACME-12", ago=timedelta(days=1))

    status, html = await panel(client, secret, "acme-12")  # Jira sends the key as it is; case does not matter
    assert status == 200
    assert '<script src="https://connect-cdn.atl-paas.net/all.js"' in html
    assert "/static/jira/panel.css" in html and "/static/jira/panel.js" in html
    assert html.index("Production") < html.index("Staging")
    assert [sha[0] for sha in re.findall(r'>([0-9a-f]{7})</a>', html)] == ["b", "e", "a", "c"]
    assert "dddddd" not in html
    link = f'<a class="sha" href="{BASE_URL}/acme/web/deploys/{new.id}" target="_blank" rel="noopener" title="{"b" * 40}">bbbbbbb</a>'
    assert link in html
    assert f'<time datetime="{old.date.isoformat()}" title="{old.date.strftime("%Y-%m-%d %H:%M:%S")} UTC">3 days ago</time>' in html
    assert ">2 hours ago</time>" in html and ">5 minutes ago</time>" in html
    assert "Web / Web app" in html and "API / API server" in html
    assert '<span title="ada@acme.test">Ada Lovelace</span>' in html and ">ci@acme.test</span>" in html
    assert '<span class="tag">#release</span>' in html
    assert 'class="lozenge' not in html  # "Production" and "Staging" would only repeat their group's heading


async def test_an_issue_without_deploys_says_how_to_link_one(client: QuartClient, signed_install: SignedInstall) -> None:
    secret = await signed_install(CLIENT_KEY)
    status, html = await panel(client, secret, "ACME-99")
    assert status == 200
    assert "No deploys of ACME-99 yet." in html
    assert "commit message" in html and "<code>ACME-99 fix login</code>" in html


@pytest.mark.parametrize("issue_key", [None, "", "not a key", "ACME-0", "<script>alert(1)</script>", "ACME-12'--"])
async def test_a_malformed_issue_key_gets_the_empty_state(
    client: QuartClient, signed_install: SignedInstall, issue_key: str | None
) -> None:
    secret = await signed_install(CLIENT_KEY)
    _, web_app, production = await seed("acme", SITE_URL)
    await add_deploy(web_app, production, "a" * 40, "ACME-12", ago=timedelta(hours=1))
    with count_statements() as statements:
        status, html = await panel(client, secret, issue_key)
    assert status == 200
    assert "No issue to show deploys for." in html and "<code>ACME-12 fix login</code>" in html
    assert "aaaaaaa" not in html and "<script>alert" not in html
    assert len(statements) == 1  # the tenant of the token; no deploy query for a key that cannot have deploys


async def test_a_site_sees_nothing_of_another_site(client: QuartClient, signed_install: SignedInstall) -> None:
    secret = await signed_install(CLIENT_KEY)
    other_secret = await signed_install(OTHER_CLIENT_KEY, baseUrl=OTHER_SITE_URL, displayUrl=None)
    _, acme_app, acme_production = await seed("acme", SITE_URL)
    _, globex_app, globex_production = await seed("globex", OTHER_SITE_URL)
    await add_deploy(acme_app, acme_production, "a" * 40, "ACME-12", ago=timedelta(hours=1))
    await add_deploy(globex_app, globex_production, "b" * 40, "ACME-12", ago=timedelta(hours=1))
    html_a = (await panel(client, secret, "ACME-12"))[1]
    html_b = (await panel(client, other_secret, "ACME-12", OTHER_CLIENT_KEY))[1]
    assert "aaaaaaa" in html_a and "bbbbbbb" not in html_a and "/globex/" not in html_a
    assert "bbbbbbb" in html_b and "aaaaaaa" not in html_b and "/acme/" not in html_b


async def test_a_kept_page_gives_way_as_soon_as_what_it_shows_changes(
    app: SleuthJira, client: QuartClient, signed_install: SignedInstall
) -> None:
    """Pages are kept with the rows they were rendered from (app/web/jira_pages/panel_pages.py); every load
    asks the database whether those rows still hold (on PostgreSQL by their stamp alone), so a change to
    anything the page shows is on the very next load."""
    secret = await signed_install(CLIENT_KEY)
    project, web_app, production = await seed("acme", SITE_URL)
    await add_deploy(web_app, production, "a" * 40, "ACME-12", ago=timedelta(hours=2))
    first = (await panel(client, secret, "ACME-12"))[1]
    with count_statements() as statements:
        assert (await panel(client, secret, "ACME-12"))[1] == first
    assert len(app.panel_pages) == 1 and len(statements) == 1  # one deploy query ran; the page was kept
    assert "Web / Web app" in first
    await Project.filter(id=project.id).update(name="Storefront")
    assert "Storefront / Web app" in (await panel(client, secret, "ACME-12"))[1]
    await Environment.filter(id=production.id).update(name="Live")
    assert ">Live</span>" in (await panel(client, secret, "ACME-12"))[1]
    await add_deploy(web_app, production, "b" * 40, "ACME-12", ago=timedelta(minutes=1))
    assert ">bbbbbbb</a>" in (await panel(client, secret, "ACME-12"))[1]


async def test_a_page_is_kept_once_per_issue_whatever_the_spelling_and_once_for_every_non_key(
    app: SleuthJira, client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY)
    _, web_app, production = await seed("acme", SITE_URL)
    await add_deploy(web_app, production, "a" * 40, "ACME-12", ago=timedelta(hours=2))
    for key in ("ACME-12", "acme-12", " ACME-12"):
        assert ">aaaaaaa</a>" in (await panel(client, secret, key))[1]
    assert len(app.panel_pages) == 1
    for junk in ("nonsense", "<script>", "ACME-", "x" * 500):
        assert (await panel(client, secret, junk))[0] == 200
    assert len(app.panel_pages) == 2  # text that names no issue cannot fill a worker's pages


async def test_one_panel_load_makes_two_statements(client: QuartClient, signed_install: SignedInstall) -> None:
    secret = await signed_install(CLIENT_KEY, displayUrl=DISPLAY_URL)
    project, web_app, production = await seed("acme", SITE_URL)
    environments = [production, await add_environment(project, "Staging"), await add_environment(project, "dev")]
    for n in range(30):
        await add_deploy(web_app, environments[n % 3], f"{n:040x}", "ACME-12", ago=timedelta(minutes=n))
    with count_statements() as statements:
        status, html = await panel(client, secret, "ACME-12")
    assert status == 200 and html.count('class="sha"') == 30
    assert len(statements) == 2, statements  # the tenant of the token, then the deploys: no N+1


async def test_only_the_newest_50_per_environment_type_with_a_link_to_the_rest(
    client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY)
    _, web_app, production = await seed("acme", SITE_URL)
    await Deploy.bulk_create(
        [Deploy(code_deployment=web_app, environment=production, sha=f"{n:040x}", date=NOW - timedelta(minutes=n))
         for n in range(53)]
    )
    await DeployIssue.bulk_create([DeployIssue(deploy=deploy, issue_key="ACME-12") for deploy in await Deploy.all()])
    html = (await panel(client, secret, "ACME-12"))[1]
    assert html.count('class="sha"') == 50
    assert '<span class="count">50 of 53</span>' in html
    assert f'3 older deploys: <a href="{BASE_URL}/acme/web/deploys?issue=ACME-12" target="_blank" rel="noopener">more in Sleuth</a>' in html


async def test_hostile_names_are_escaped(client: QuartClient, signed_install: SignedInstall) -> None:
    secret = await signed_install(CLIENT_KEY)
    hostile = '<img src=x onerror="alert(1)">'
    _, web_app, production = await seed("acme", SITE_URL, project=hostile, code_deployment=hostile, environment=hostile)
    await add_deploy(web_app, production, "a" * 40, "ACME-12", ago=timedelta(hours=1), author_name=hostile,
                     author_email='"><script>alert(2)</script>', tags=["#x"])
    status, html = await panel(client, secret, "ACME-12")
    assert status == 200 and "aaaaaaa" in html
    assert "<img" not in html and "<script>alert" not in html and 'onerror="' not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert 'title="&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in html


async def test_framing_headers_name_the_verified_site(client: QuartClient, signed_install: SignedInstall) -> None:
    secret = await signed_install(CLIENT_KEY, displayUrl=DISPLAY_URL)
    path = "/jira/panel?issueKey=ACME-12"
    response = await client.get(f"{path}&jwt={tenant_token(secret, client_key=CLIENT_KEY, path_and_query=path)}")
    assert response.status_code == 200 and response.content_type.startswith("text/html")
    assert response.headers["Content-Security-Policy"] == f"{PAGE_SOURCES}; frame-ancestors 'self' {SITE_URL} {DISPLAY_URL}"
    assert "X-Frame-Options" not in response.headers


async def test_a_disabled_site_gets_403_and_an_uninstalled_one_401(
    client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY)
    _, web_app, production = await seed("acme", SITE_URL)
    await add_deploy(web_app, production, "a" * 40, "ACME-12", ago=timedelta(hours=1))
    await Tenant.filter(client_key=CLIENT_KEY).update(enabled=False)
    status, body = await panel(client, secret, "ACME-12")
    assert status == 403 and "aaaaaaa" not in body and "disabled" in body
    await Tenant.filter(client_key=CLIENT_KEY).update(enabled=True, installed=False)
    status, body = await panel(client, secret, "ACME-12")
    assert status == 401 and "aaaaaaa" not in body
    assert (await panel(client, "a-wrong-secret-0123456789abcdef0123456789abcdef", "ACME-12"))[0] == 401


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(5, "just now"), (59, "just now"), (60, "1 minute ago"), (40 * 60, "40 minutes ago"), (90 * 60, "1 hour ago"),
     (86400 * 2, "2 days ago"), (86400 * 8, "1 week ago"), (86400 * 40, "1 month ago"), (86400 * 800, "2 years ago"),
     (-3 * 3600, "in 3 hours")],
)
def test_relative_times(seconds: int, expected: str) -> None:
    assert relative_time(NOW - timedelta(seconds=seconds), NOW) == expected


@pytest.mark.parametrize(
    "seconds",
    [0, 0.5, 59, 59.75, 60, 61, 3599.5, 3600, 86400 * 7 - 1, 86400 * 30 - 0.25, 86400 * 365 + 30,
     -0.5, -59, -60, -60.25, -3600, -86400 * 3 - 7.5],
)
def test_an_age_reads_the_same_until_the_moment_it_is_said_to_change(seconds: float) -> None:
    then = NOW - timedelta(seconds=seconds)
    until = relative_time_holds_until(then, NOW)
    phrase = relative_time(then, NOW)
    assert NOW <= until <= max(NOW, then) + timedelta(minutes=1)  # a kept page is rendered again within a minute
    moments = [NOW + (until - NOW) * step / 240 for step in range(240)] + [until - timedelta(microseconds=1)]
    assert {relative_time(then, moment) for moment in moments if moment < until} <= {phrase}


@pytest.mark.parametrize(
    "when",
    [datetime(2026, 3, 1, 23, 30, 5, 123456, tzinfo=UTC),
     datetime(2026, 3, 2, 1, 30, 5, tzinfo=timezone(timedelta(hours=2)))],  # the same moment, in another zone
)
def test_exact_times_are_in_utc(when: datetime) -> None:
    assert exact_time(when, when.isoformat()) == exact_time(when) == "2026-03-01 23:30:05 UTC"


@pytest.mark.parametrize(
    ("environment_name", "lozenge"),
    [("Production", ""), (" production ", ""), ("production-eu", "production-eu"), ("Live", "Live")],
)
def test_the_lozenge_names_the_environment_unless_it_repeats_the_heading(environment_name: str, lozenge: str) -> None:
    deploy = IssueDeploy(
        id=1, sha="a" * 40, date=datetime(2026, 12, 1, tzinfo=UTC), author_name="", author_email="", tags=(),
        change_name="", environment_slug="production-eu", environment_name=environment_name,
        environment_type=JiraEnvironmentType.PRODUCTION, code_deployment_slug="web-app", code_deployment_name="Web app",
        project_slug="web", project_name="Web", organization_slug="acme", url="https://sleuth.example/d/1",
    )  # fmt: skip
    line = PanelLine.of(deploy, datetime(2026, 12, 2, tzinfo=UTC), "Production")
    assert line.environment_name == lozenge
