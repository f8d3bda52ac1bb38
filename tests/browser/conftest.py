"""Browser tests: Debian's Chromium driven by Playwright against the app served on a real port.

Chromium comes from Debian (`.ci/run` installs it); Playwright never downloads a browser of its own.
Screenshots land in tests/browser/artifacts/ (ignored by git) for people to look at.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn
from playwright.async_api import Browser, BrowserContext, async_playwright

from app import create_app
from app.settings import Settings
from tests.fakes.servers import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
# Without the background-networking flags Chromium keeps calling Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is not installed at {CHROMIUM}; .ci/run installs it with apt-get.")
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    async with async_playwright() as playwright:
        instance = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        await instance.close()


@pytest.fixture
async def page_context(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(viewport={"width": 1200, "height": 900})
    yield context
    await context.close()


@pytest.fixture
async def live_url(database: str, make_settings) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """The app served by uvicorn on a free loopback port, in this test's event loop and database."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    settings: Settings = make_settings(SLEUTH_BASE_URL=base_url)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    yield base_url
    server.should_exit = True
    await task


def screenshot_path(name: str) -> str:
    ARTIFACTS.mkdir(exist_ok=True)
    return str(ARTIFACTS / f"{name}.png")
