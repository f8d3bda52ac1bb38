"""The browser set-up itself: Chromium opens a page the app serves on a real port."""

from __future__ import annotations

from playwright.async_api import BrowserContext

from tests.browser.conftest import screenshot_path


async def test_chromium_reaches_the_live_app(page_context: BrowserContext, live_url: str) -> None:
    page = await page_context.new_page()
    response = await page.goto(f"{live_url}/healthz")
    assert response is not None and response.status == 200
    assert '"database": "ok"' in (await page.content()).replace('":"', '": "')
    await page.screenshot(path=screenshot_path("smoke-healthz"))
