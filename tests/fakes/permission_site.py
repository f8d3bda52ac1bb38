"""A Jira site on loopback that answers `POST /rest/api/3/permissions/check` the way Jira does, once it
has accepted the caller's credential as Jira would (`ConnectJira`: a Connect JWT with the tenant's shared
secret and the request's qsh, or the Forge app system token). Import the `permission_site` fixture to use it.

It answers under `/ex/jira/<cloudId>` too, where a Forge installation's `apiBaseUrl` points, and there
also `GET .../rest/api/3/serverInfo` (`site_url`), from which a Forge install learns the site's URL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from aiohttp import web

from tests.fakes.atlassian import ConnectJira

CHECK_PATH = "/rest/api/3/permissions/check"


class PermissionSite(ConnectJira):
    """`admins` hold ADMINISTER. `status` forces every check's status, `raw_answer` its body (with 200),
    and `delay` holds each check back; `checks` are the bodies of the checks it answered."""

    def __init__(
        self,
        shared_secret: str | None = None,
        *,
        system_token: str | None = None,
        admins: Iterable[str] = (),
        site_url: str = "https://acme.atlassian.net",
    ) -> None:
        super().__init__(shared_secret, system_token=system_token)
        self.admins = set(admins)
        self.status: int | None = None
        self.raw_answer: str | None = None
        self.delay = 0.0
        self.checks: list[dict[str, Any]] = []
        self.site_url = site_url
        self.router.add_post(CHECK_PATH, self._check)
        self.router.add_post("/ex/jira/{cloud_id}" + CHECK_PATH, self._check)
        self.router.add_get("/ex/jira/{cloud_id}/rest/api/3/serverInfo", self._server_info)

    def api_base_url(self, cloud_id: str) -> str:
        """The `apiBaseUrl` of a Forge installation on this site."""
        return f"{self.url}/ex/jira/{cloud_id}"

    async def _server_info(self, request: web.Request) -> web.Response:
        return web.json_response({"baseUrl": self.site_url, "deploymentType": "Cloud"})

    async def _check(self, request: web.Request) -> web.Response:
        if self.delay:
            await asyncio.sleep(self.delay)
        if request.headers.get("X-Atlassian-Token") != "nocheck":  # what ACE sends on this call
            self.refusals.append("no X-Atlassian-Token: nocheck")
            return web.json_response({"errorMessages": ["XSRF check failed"]}, status=403)
        body = await request.json()
        self.checks.append(body)
        if self.status is not None:
            return web.json_response({"errorMessages": ["forced answer"]}, status=self.status)
        if self.raw_answer is not None:
            return web.Response(text=self.raw_answer, content_type="application/json")
        wanted = body.get("globalPermissions", [])
        granted = [permission for permission in wanted if body.get("accountId") in self.admins]
        return web.json_response({"globalPermissions": granted, "projectPermissions": []})

