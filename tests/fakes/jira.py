"""A Jira site on loopback for connection checks: `/rest/api/3/myself` and `/rest/api/2/myself`
answer whatever the test sets (status, body, content type, delay). Import the `fake_jira` fixture
into a test module or conftest to use it.

Set `api_token` to make it check Basic credentials (401 otherwise) and `required_headers` to make it
act like Cloudflare Access in front of Jira (403 without them). Its issue searches
(`/rest/api/3/search/jql`, `/rest/api/2/search`) return those of `issues` whose keys the JQL
`key in (...)` names, with `search_status` as their status. `/rest/api/{2,3}/mypermissions` says
whether the account holds the permissions asked (`administer` for ADMINISTER, the site's consent)."""

from __future__ import annotations

import asyncio
import base64
import re
from dataclasses import dataclass, field

from aiohttp import web

from tests.fakes.servers import LocalServer

MYSELF = '{"accountId": "5b10a2844c20165700ede21g", "emailAddress": "admin@acme.test", "active": true}'


@dataclass
class FakeJira:
    status: int = 200
    body: str = MYSELF
    content_type: str = "application/json"
    delay: float = 0.0
    server: LocalServer = field(default_factory=LocalServer)
    api_token: str | None = None
    required_headers: dict[str, str] = field(default_factory=dict)
    issues: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # key: (summary, status, category)
    search_status: int = 200
    administer: bool = False  # whether the credential's account is a Jira administrator (mypermissions)

    @property
    def received(self) -> list[web.Request]:
        return self.server.received

    async def start(self) -> str:
        for version in (2, 3):
            self.server.router.add_get(f"/rest/api/{version}/myself", self._myself)
            self.server.router.add_get(f"/rest/api/{version}/mypermissions", self._my_permissions)
        self.server.router.add_get("/rest/api/3/search/jql", self._search)
        self.server.router.add_get("/rest/api/2/search", self._search)
        return await self.server.start()

    @property
    def searches(self) -> list[web.Request]:
        return [request for request in self.received if "/search" in request.path]

    def _refusal(self, request: web.Request) -> web.Response | None:
        if any(request.headers.get(name) != value for name, value in self.required_headers.items()):
            return web.Response(status=403, text="Forbidden by the access proxy")
        if self.api_token is not None:
            scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
            password = base64.b64decode(encoded).decode().partition(":")[2] if scheme == "Basic" else ""
            if password != self.api_token:
                return web.json_response({"errorMessages": ["Unauthorized"]}, status=401)
        return None

    async def _search(self, request: web.Request) -> web.Response:
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        if self.search_status != 200:
            return web.json_response({"errorMessages": ["Search failed"]}, status=self.search_status)
        keys = re.findall(r'"([A-Z][A-Z0-9]+-[0-9]+)"', request.query.get("jql", ""))
        issues = [
            {"key": key, "fields": {"summary": summary, "status": {"name": status, "statusCategory": {"key": category}}}}
            for key, (summary, status, category) in self.issues.items()
            if key in keys
        ]
        return web.json_response({"issues": issues})

    async def stop(self) -> None:
        await self.server.stop()

    async def _my_permissions(self, request: web.Request) -> web.Response:
        """https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-mypermissions-get"""
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        if "permissions" not in request.query:
            return web.json_response({"errorMessages": ["The permissions query parameter is required."]}, status=400)
        permissions = {
            name: {"id": "0", "key": name, "name": name.title(), "type": "GLOBAL", "havePermission": self.administer}
            for name in request.query["permissions"].split(",")
        }
        return web.json_response({"permissions": permissions})

    async def _myself(self, request: web.Request) -> web.Response:
        if self.delay:
            await asyncio.sleep(self.delay)
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        return web.Response(status=self.status, text=self.body, content_type=self.content_type)

