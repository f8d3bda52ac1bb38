"""The deploy panel in a real browser, framed the way Jira frames it: a host page on another origin (the
tenant's site) holds an iframe of the panel URL with a valid page JWT; Connect's all.js is a local
stand-in (the real one needs Jira around it), served by intercepting its URL."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from playwright.async_api import BrowserContext, Route, expect

from app.crypto import SecretBox
from app.jira_sites.tenants import SHARED_SECRET_PURPOSE
from models import (
    CodeDeployment,
    Deploy,
    DeployIssue,
    Environment,
    IssueTracker,
    Organization,
    Project,
    SiteConsent,
    Tenant,
)
from tests.browser.conftest import screenshot_path
from tests.conftest import TEST_SECRET_KEY
from tests.fakes.atlassian import tenant_token
from tests.fakes.servers import LocalServer

ALL_JS = "https://connect-cdn.atl-paas.net/all.js"
CLIENT_KEY = "browser-site"
SECRET = "browser-site-shared-secret-0123456789abcdef0123456789"
# What all.js does for the panel, in miniature: AP.resize() tells the host page how tall the content is.
STAND_IN_ALL_JS = """
window.AP = {
  resize: function () {
    window.sleuthResized = (window.sleuthResized || 0) + 1;
    parent.postMessage({ sleuthHeight: document.documentElement.scrollHeight }, '*');
  },
};
"""
HOST_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>ACME-12 - Jira</title>
<style>body {{ font-family: sans-serif; margin: 24px; }} iframe {{ width: 360px; height: 150px; border: 0; }}</style>
</head><body>
<h1>ACME-12 Fix the login page</h1>
<iframe id="panel" src="{src}"></iframe>
<script>
window.addEventListener('message', function (event) {{
  if (event.data && event.data.sleuthHeight) document.getElementById('panel').style.height = event.data.sleuthHeight + 'px';
}});
</script>
</body></html>"""


@dataclass
class JiraSite:
    """The Jira site's origin, whose issue page frames the panel (the tenant's base URL, which the panel's
    frame-ancestors allows); `html` is the issue page."""

    html: str = ""
    server: LocalServer = field(default_factory=LocalServer)

    async def start(self) -> None:
        self.server.router.add_get("/browse/ACME-12", self._issue_page)
        await self.server.start()

    async def _issue_page(self, request: web.Request) -> web.Response:
        return web.Response(text=self.html, content_type="text/html")


@pytest.fixture
async def jira_site() -> AsyncIterator[JiraSite]:
    site = JiraSite()
    await site.start()
    yield site
    await site.server.stop()


async def seed(site_url: str) -> None:
    await Tenant.create(
        client_key=CLIENT_KEY,
        shared_secret=SecretBox(TEST_SECRET_KEY).encrypt(SECRET, SHARED_SECRET_PURPOSE),
        base_url=site_url,
    )
    organization = await Organization.create(slug="acme", name="Acme")
    tracker = await IssueTracker.create(site_consent=SiteConsent.GRANTED, organization=organization, provider="jira", url=site_url)
    project = await Project.create(organization=organization, slug="web", name="Web", issue_tracker=tracker)
    web_app = await CodeDeployment.create(organization=organization, project=project, slug="web-app", name="Web app")
    production = await Environment.create(project=project, slug="production", name="Production", jira_type="production")
    staging = await Environment.create(project=project, slug="staging", name="Staging", jira_type="staging")
    now = datetime.now(UTC)
    for sha, environment, age, tags in (
        ("9fceb02d0ae598e95dc970b74767f19372d61af8", production, timedelta(hours=2), ["#release"]),
        ("3b18e512dba79e4c8300dd08aeb37f8e728b8dad", staging, timedelta(minutes=20), []),
        ("1a410efbd13591db07496601ebc7a059dd55cfe9", production, timedelta(days=3), []),
    ):
        deploy = await Deploy.create(
            code_deployment=web_app, environment=environment, sha=sha, date=now - age,
            author_name="Ada Lovelace", author_email="ada@acme.test", tags=tags,
        )  # fmt: skip
        await DeployIssue.create(deploy=deploy, issue_key="ACME-12")


async def test_the_framed_panel_shows_the_issues_deploys(
    page_context: BrowserContext, live_url: str, jira_site: JiraSite
) -> None:
    await seed(jira_site.server.url)
    path = "/jira/panel?issueKey=ACME-12&projectKey=ACME"
    token = tenant_token(SECRET, client_key=CLIENT_KEY, path_and_query=path)
    jira_site.html = HOST_PAGE.format(src=f"{live_url}{path}&amp;jwt={token}")

    page = await page_context.new_page()
    stand_ins: list[str] = []

    async def all_js(route: Route) -> None:
        stand_ins.append(route.request.url)
        await route.fulfill(status=200, content_type="application/javascript", body=STAND_IN_ALL_JS)

    await page.route(ALL_JS, all_js)
    response = await page.goto(f"{jira_site.server.url}/browse/ACME-12")
    assert response is not None and response.status == 200

    frame = page.frame_locator("#panel")
    await frame.locator("a.sha").first.wait_for(state="visible")
    shas = frame.locator("a.sha")
    assert await shas.all_inner_texts() == ["9fceb02", "1a410ef", "3b18e51"]  # production first, newest first
    for link in await shas.all():
        assert await link.get_attribute("target") == "_blank" and await link.get_attribute("rel") == "noopener"
        assert re.fullmatch(rf"{live_url}/acme/web/deploys/\d+", await link.get_attribute("href") or "")
    assert await frame.locator("h2").all_inner_texts() == ["PRODUCTION 2", "STAGING 1"]
    assert await frame.locator(".lozenge").count() == 0  # each environment's name is its group's heading
    assert await frame.locator("time").first.inner_text() == "2 hours ago"
    assert "Web / Web app" in await frame.locator(".meta").first.inner_text()
    assert await frame.locator(".tag").all_inner_texts() == ["#release"]

    assert stand_ins == [ALL_JS]
    panel_frame = next(f for f in page.frames if f.url.startswith(live_url))
    assert await panel_frame.evaluate("window.sleuthResized") >= 1
    height = await page.locator("#panel").evaluate("element => element.getBoundingClientRect().height")
    assert height > 150  # resized to its content by the stand-in all.js
    await page.screenshot(path=screenshot_path("jira-panel"))


async def test_a_refused_token_shows_a_page_in_the_frame_never_json(
    page_context: BrowserContext, live_url: str, jira_site: JiraSite
) -> None:
    await seed(jira_site.server.url)
    jira_site.html = HOST_PAGE.format(src=f"{live_url}/jira/panel?issueKey=ACME-12&amp;jwt=expired-or-forged")
    page = await page_context.new_page()
    await page.route(ALL_JS, lambda route: route.fulfill(content_type="application/javascript", body=STAND_IN_ALL_JS))
    await page.goto(f"{jira_site.server.url}/browse/ACME-12")
    frame = page.frame_locator("#panel")
    await expect(frame.get_by_role("alert")).to_contain_text("Reload the issue (or this page) to try again.")
    assert "{" not in await frame.locator("body").inner_text()  # no JSON shown as text
    await page.screenshot(path=screenshot_path("jira-panel-refused"))
