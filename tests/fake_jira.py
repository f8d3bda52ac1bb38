"""A Jira site on loopback for connection checks: `/rest/api/3/myself` and `/rest/api/2/myself`
answer whatever the test sets (status, body, content type, delay). Import the `fake_jira` fixture
into a test module or conftest to use it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from tests.fakes import LocalServer

MYSELF = '{"accountId": "5b10a2844c20165700ede21g", "emailAddress": "admin@acme.test", "active": true}'


@dataclass
class FakeJira:
    status: int = 200
    body: str = MYSELF
    content_type: str = "application/json"
    delay: float = 0.0
    server: LocalServer = field(default_factory=LocalServer)

    @property
    def received(self) -> list[web.Request]:
        return self.server.received

    async def start(self) -> str:
        for version in (2, 3):
            self.server.router.add_get(f"/rest/api/{version}/myself", self._myself)
        return await self.server.start()

    async def stop(self) -> None:
        await self.server.stop()

    async def _myself(self, request: web.Request) -> web.Response:
        if self.delay:
            await asyncio.sleep(self.delay)
        return web.Response(status=self.status, text=self.body, content_type=self.content_type)


@pytest.fixture
async def fake_jira() -> AsyncIterator[FakeJira]:
    site = FakeJira()
    await site.start()
    yield site
    await site.stop()
