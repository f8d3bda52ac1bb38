"""Real HTTP servers on loopback that stand in for Jira and Atlassian in tests."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def healthz(base_url: str, seconds: float = 20.0) -> Any:
    """The JSON of `GET {base_url}/healthz` once it answers 200: the app in another process is serving."""
    async with aiohttp.ClientSession() as session:
        for _ in range(int(seconds * 10)):
            try:
                async with session.get(f"{base_url}/healthz") as response:
                    if response.status == 200:
                        return await response.json()
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"nothing answered 200 at {base_url}/healthz within {seconds:.0f} s")


class LocalServer:
    """An aiohttp app served on 127.0.0.1 at a free port; every request it receives is recorded."""

    def __init__(self) -> None:
        self.received: list[web.Request] = []
        self.app = web.Application(middlewares=[self._record])
        self.router = self.app.router
        self._runner: web.AppRunner | None = None
        self.url = ""

    @web.middleware
    async def _record(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        self.received.append(request)
        return await handler(request)

    async def start(self) -> str:
        self._runner = web.AppRunner(self.app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def answer(body: object = None, status: int = 200, headers: dict[str, str] | None = None) -> Handler:
    """A handler that always gives the same JSON answer."""

    async def handler(request: web.Request) -> web.Response:
        return web.json_response(body if body is not None else {}, status=status, headers=headers)

    return handler


def redirect(location: str, status: int = 302) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, headers={"Location": location})

    return handler
