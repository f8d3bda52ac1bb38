"""`sleuth-jira dev-jira` (app/dev_jira.py) in Chromium: the README's local development walk on one machine,
with no Atlassian account. The local Jira installs the running app with a signed install, its admin page
(framed as Jira frames it, with the stand-in all.js handing out context tokens) links an organization and
a project, a deploy registered through the REST API shows on the issue page's panel, and the local Jira's
Deployments API receives it. Screenshots land in tests/browser/artifacts/dev-jira-*.png."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import aiohttp
import pytest
import uvicorn
from playwright.async_api import BrowserContext, expect

from app import create_app
from app.dev_jira import CLIENT_KEY, DevJira, serve
from app.settings import Settings
from app.sleuth.organizations import create_organization
from models import CodeDeployment, Project, Tenant
from tests.browser.conftest import screenshot_path
from tests.fakes.deployments import eventually
from tests.fakes.servers import free_port

SHA = "9fceb02d0ae598e95dc970b74767f19372d61af8"


@pytest.fixture
async def dev_jira(database: str, make_settings: Callable[..., Settings]) -> AsyncIterator[tuple[DevJira, str]]:
    """The local Jira and the app started with the settings dev-jira prints; (site, the app's URL)."""
    app_port = free_port()
    app_url = f"http://127.0.0.1:{app_port}"
    site = DevJira(app_url=app_url, port=free_port())
    runner = await serve(site)
    settings = make_settings(SLEUTH_BASE_URL=app_url, **site.settings())
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=app_port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield site, app_url
    finally:
        server.should_exit = True
        await task
        await runner.cleanup()


async def test_the_local_development_walk_from_install_to_a_deploy_on_the_issue(
    page_context: BrowserContext, dev_jira: tuple[DevJira, str]
) -> None:
    site, app_url = dev_jira
    await site.install()
    assert site.installed == "installed"
    assert (await Tenant.get(client_key=CLIENT_KEY)).base_url == site.url
    acme, key = await create_organization("acme", "Acme Inc")
    web = await Project.create(organization=acme, slug="web", name="Web")
    await CodeDeployment.create(organization=acme, project=web, slug="web-app", name="Web app")

    page = await page_context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    await page.goto(f"{site.url}/admin")
    admin = page.frame_locator("#app")
    await admin.get_by_label("Organization API key").fill(key)
    await admin.get_by_role("button", name="Link", exact=True).click()
    await expect(admin.get_by_role("heading", name="Acme Inc")).to_be_visible()
    await admin.get_by_label("Web", exact=True).check()
    await expect(admin.get_by_label("Web", exact=True)).to_be_checked()
    await page.screenshot(path=screenshot_path("dev-jira-admin"), full_page=True)

    body = {"sha": SHA, "environment": "production", "commits": [{"revision": SHA, "message": "ACME-12 fix login"}]}
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{app_url}/api/1/deployments/acme/web-app/register_deploy", json=body,
                             headers={"Authorization": f"apikey {key}"}) as answer:  # fmt: skip
            assert answer.status == 200, await answer.text()

    await page.goto(f"{site.url}/browse/ACME-12")
    panel = page.frame_locator("#app")
    await expect(panel.locator("a.sha")).to_have_text("9fceb02")
    await page.screenshot(path=screenshot_path("dev-jira-issue"), full_page=True)
    await eventually(lambda: bool(site.received), seconds=10)  # the app's worker pushed it to the Deployments API
    (deployment,) = site.received[0]["deployments"]
    assert deployment["associations"][0]["values"] == ["ACME-12"]
    await page.goto(f"{site.url}/deployments")
    await expect(page.get_by_role("heading", name="Deployments received (1)")).to_be_visible()
    assert problems == []
