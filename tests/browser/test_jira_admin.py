"""The Connect admin page in Chromium, framed by a stand-in Jira settings page on the site's custom domain,
with a stand-in all.js whose AP.context.getToken() hands out a context token minted here: paste a key, link the
organization, choose a project, unlink. The site's Jira is the fake that answers the permission check."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from playwright.async_api import BrowserContext, Route, expect

from app.connect.jwt import CONTEXT_QSH
from app.crypto import SecretBox
from app.jira_sites.tenants import SHARED_SECRET_PURPOSE
from app.sleuth.organizations import create_organization
from models import IssueTracker, Project, Tenant
from tests.browser.conftest import screenshot_path
from tests.conftest import TEST_SECRET_KEY
from tests.fakes.atlassian import tenant_token
from tests.fakes.permission_site import PermissionSite
from tests.fakes.servers import LocalServer

ALL_JS = "https://connect-cdn.atl-paas.net/all.js"
CLIENT_KEY = "browser-site"
SECRET = "shared-secret-of-the-browser-site-0123456789abcdef"
ADMIN = "557058:browser-admin"
SETTINGS_PAGE = "/plugins/servlet/ac/io.sleuth.jira/sleuth-admin"  # where Jira shows an admin page


@pytest.fixture
async def jira() -> AsyncIterator[PermissionSite]:
    """The site's Jira at its base URL: it answers the permission check."""
    site = PermissionSite(SECRET, admins={ADMIN})
    await site.start()
    yield site
    await site.stop()


@pytest.fixture
async def settings_page(live_url: str, jira: PermissionSite) -> AsyncIterator[str]:
    """Jira's settings page that frames ours, on the site's custom domain (its displayUrl, which the page's
    frame-ancestors names); the tenant row is what a signed install would have left."""
    token = tenant_token(SECRET, client_key=CLIENT_KEY, path_and_query="/jira/admin?lic=none", sub=ADMIN)
    frame = f'<iframe title="Sleuth" src="{live_url}/jira/admin?lic=none&amp;jwt={token}" width="1100" height="800">'

    html = f"<!doctype html><title>Jira settings</title>{frame}</iframe>"

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=html, content_type="text/html")

    custom_domain = LocalServer()
    custom_domain.router.add_get(SETTINGS_PAGE, page)
    await custom_domain.start()
    encrypted = SecretBox(TEST_SECRET_KEY).encrypt(SECRET, SHARED_SECRET_PURPOSE)
    await Tenant.create(
        client_key=CLIENT_KEY, shared_secret=encrypted, base_url=jira.url, display_url=custom_domain.url
    )
    yield custom_domain.url + SETTINGS_PAGE
    await custom_domain.stop()


def stand_in_all_js(context_token: str) -> str:
    """The part of Connect's all.js the page uses: context tokens (callback or promise) and resize."""
    return (
        "window.AP = {context: {getToken(callback) {"
        f" const token = {context_token!r}; if (callback) callback(token); return Promise.resolve(token);"
        " }}, resize() {}};"
    )


async def test_an_admin_links_an_organization_and_chooses_a_project(
    page_context: BrowserContext, jira: PermissionSite, settings_page: str
) -> None:
    acme, key = await create_organization("acme", "Acme Inc")
    await Project.create(organization=acme, slug="web", name="Web")
    await Project.create(organization=acme, slug="api", name="API")
    context_token = tenant_token(SECRET, client_key=CLIENT_KEY, qsh=CONTEXT_QSH, sub=ADMIN)

    async def all_js(route: Route) -> None:
        await route.fulfill(content_type="text/javascript", body=stand_in_all_js(context_token))

    page = await page_context.new_page()
    await page.route(ALL_JS, all_js)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(settings_page)
    frame = page.frame_locator("iframe")

    await expect(frame.get_by_text("This Jira site is not linked to a Sleuth organization yet.")).to_be_visible()
    await expect(frame.get_by_text(jira.url)).to_be_visible()
    await frame.get_by_label("Organization API key").fill("slk_wrong")
    await frame.get_by_role("button", name="Link", exact=True).click()
    status = frame.get_by_role("status")
    await expect(status).to_have_text("This API key is not a valid key of any Sleuth organization.")

    await frame.get_by_label("Organization API key").fill(key)
    await frame.get_by_role("button", name="Link", exact=True).click()
    await expect(frame.get_by_role("heading", name="Acme Inc")).to_be_visible()
    await expect(frame.get_by_label("Organization API key")).to_have_value("")
    await frame.get_by_label("Web", exact=True).check()
    await expect(status).to_have_text("Web now uses this Jira site.")
    await expect(frame.get_by_label("Web", exact=True)).to_be_checked()
    await expect(frame.get_by_label("API", exact=True)).not_to_be_checked()
    connection = await IssueTracker.get(organization=acme)
    assert (await Project.get(slug="web")).issue_tracker_id == connection.id
    await page.screenshot(path=screenshot_path("jira-admin"))

    await frame.get_by_role("button", name="Unlink Acme Inc").click()
    await expect(frame.get_by_text("These projects will be left with no issue tracker: Web.")).to_be_visible()
    await frame.get_by_role("button", name="Unlink Acme Inc").last.click()
    await expect(status).to_have_text("Acme Inc is no longer linked.")
    assert (await Project.get(slug="web")).issue_tracker_id is None
    assert await IssueTracker.all().count() == 0
    assert errors == [] and jira.refusals == []
