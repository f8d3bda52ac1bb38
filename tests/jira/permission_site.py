"""A Jira site on loopback that answers `POST /rest/api/3/permissions/check` the way Jira does, after
checking the caller as Jira would: a Connect JWT signed with the tenant's shared secret (`iss` = the app
key, `qsh` of the request it received) or the Forge app system token as a Bearer token. Requests it
would not accept get 401 and are listed in `refusals`. Import the `permission_site` fixture to use it.

The same route answers under `/ex/jira/<cloudId>`, where a Forge installation's `apiBaseUrl` points.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import jwt
import pytest
from aiohttp import web
from atlassian_jwt.url_utils import hash_url

from tests.fakes import LocalServer

APP_KEY = "io.sleuth.jira"  # the tests' SLEUTH_APP_KEY
CHECK_PATH = "/rest/api/3/permissions/check"


@dataclass
class PermissionSite:
    """`admins` hold ADMINISTER; `shared_secret` or `system_token` is what a caller must sign or send;
    `status` forces every answer's status, `raw_answer` its body (with 200), and `delay` holds each back."""

    admins: set[str] = field(default_factory=set)
    shared_secret: str | None = None
    system_token: str | None = None
    status: int | None = None
    raw_answer: str | None = None
    delay: float = 0.0
    checks: list[dict[str, Any]] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    server: LocalServer = field(default_factory=LocalServer)

    @property
    def url(self) -> str:
        return self.server.url

    async def start(self) -> str:
        self.server.router.add_post(CHECK_PATH, self._check)
        self.server.router.add_post("/ex/jira/{cloud_id}" + CHECK_PATH, self._check)
        return await self.server.start()

    def _caller_refusal(self, request: web.Request) -> str | None:
        scheme, _, credential = request.headers.get("Authorization", "").partition(" ")
        if scheme == "Bearer":
            return None if self.system_token and credential == self.system_token else "unknown bearer token"
        if scheme != "JWT" or self.shared_secret is None:
            return f"{scheme or 'no'} authorization"
        try:
            required = {"require": ["iss", "iat", "exp", "qsh"]}
            claims = jwt.decode(credential, self.shared_secret, algorithms=["HS256"], options=required)
        except jwt.PyJWTError as error:
            return f"token refused: {type(error).__name__}"
        if claims.get("iss") != APP_KEY:
            return "the token is not the app's"
        if claims.get("qsh") != hash_url(request.method, request.raw_path):
            return "qsh of another request"
        return None

    async def _check(self, request: web.Request) -> web.Response:
        if self.delay:
            await asyncio.sleep(self.delay)
        refusal = self._caller_refusal(request)
        if refusal is None and request.headers.get("X-Atlassian-Token") != "nocheck":
            refusal = "no X-Atlassian-Token: nocheck"
        if refusal is not None:
            self.refusals.append(refusal)
            return web.json_response({"errorMessages": [refusal]}, status=401)
        body = await request.json()
        self.checks.append(body)
        if self.status is not None:
            return web.json_response({"errorMessages": ["forced answer"]}, status=self.status)
        if self.raw_answer is not None:
            return web.Response(text=self.raw_answer, content_type="application/json")
        wanted = body.get("globalPermissions", [])
        granted = [permission for permission in wanted if body.get("accountId") in self.admins]
        return web.json_response({"globalPermissions": granted, "projectPermissions": []})


@pytest.fixture
async def permission_site() -> AsyncIterator[PermissionSite]:
    site = PermissionSite()
    await site.start()
    yield site
    await site.server.stop()
