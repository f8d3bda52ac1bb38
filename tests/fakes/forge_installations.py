"""Forge installations for tests: the tokens of trigger and issue-panel calls, app system tokens with an
`exp`, the bodies of lifecycle events, and a Jira `serverInfo` on loopback (the `apiBaseUrl` of the
calls), so the backend learns a site URL the way it does from api.atlassian.com."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.fakes.forge_platform import (
    APP_ID,
    CLOUD_ID,
    ENVIRONMENT_ID,
    INSTALLATION_ID,
    bearer,
    fit_claims,
    sign,
)
from tests.fakes.servers import LocalServer

SITE_URL = "http://127.0.0.1:8765"  # the Connect tests' site; loopback passes with SLEUTH_ALLOW_PRIVATE_URLS=1
LIFECYCLE = "/forge/events/lifecycle"
TOKEN_REFRESH = "/forge/events/token-refresh"
DEPLOYMENTS = "/forge/ui/deployments"


@dataclass
class ServerInfo:
    """Jira's REST API as `{apiBaseUrl}` for one cloud id: `GET /ex/jira/<cloudId>/rest/api/3/serverInfo`
    answers `base_url` (or `status`), after `held` is set when a test holds it; `authorizations` records
    the Authorization headers it received."""

    base_url: str
    status: int = 200
    held: asyncio.Event | None = None  # when set, every answer waits for the event
    server: LocalServer = field(default_factory=LocalServer)
    authorizations: list[str] = field(default_factory=list)

    def api_base_url(self, cloud_id: str = CLOUD_ID) -> str:
        return f"{self.server.url}/ex/jira/{cloud_id}"

    async def start(self) -> None:
        self.server.router.add_get("/ex/jira/{cloud_id}/rest/api/3/serverInfo", self._server_info)
        await self.server.start()

    async def _server_info(self, request: web.Request) -> web.Response:
        self.authorizations.append(request.headers.get("Authorization", ""))
        if self.held is not None:
            await self.held.wait()
        if self.status != 200:
            return web.json_response({"errorMessages": ["forced"]}, status=self.status)
        return web.json_response({"baseUrl": self.base_url, "deploymentType": "Cloud", "serverTitle": "Jira"})


def system_token(expires_in: int = 3 * 3600, *, subject: str = "app") -> str:
    """An app system token as Forge sends it: a JWT the backend cannot verify and reads `exp` from."""
    now = int(time.time())
    claims = {"sub": subject, "iat": now, "exp": now + expires_in, "jti": str(uuid.uuid4())}
    return jwt.encode(claims, "a key of Atlassian's that the backend never has", algorithm="HS256")


def trigger_claims(
    api_base_url: str, *, installation_id: str = INSTALLATION_ID, cloud_id: str = CLOUD_ID
) -> dict[str, Any]:
    """The FIT of a trigger or scheduled trigger call: no user, a context with only the cloud id."""
    claims = fit_claims(context={"cloudId": cloud_id})
    claims.pop("principal")
    claims["app"] = {
        **claims["app"],
        "installationId": f"ari:cloud:ecosystem::installation/{installation_id}",
        "apiBaseUrl": api_base_url,
        "module": {"type": "core:endpoint", "key": "lifecycle"},
    }
    return claims


def panel_claims(
    api_base_url: str,
    issue_key: str | None = "ACME-12",
    *,
    installation_id: str = INSTALLATION_ID,
    cloud_id: str = CLOUD_ID,
    site_url: str = "https://acme.atlassian.net",
) -> dict[str, Any]:
    """The FIT of an `invokeRemote` from the issue context panel on `issue_key`."""
    claims = fit_claims()
    claims["app"] = {
        **claims["app"],
        "installationId": f"ari:cloud:ecosystem::installation/{installation_id}",
        "apiBaseUrl": api_base_url,
    }
    extension: dict[str, Any] = {"type": "jira:issueContext", "project": {"id": "10000", "key": "ACME"}}
    if issue_key is not None:
        extension["issue"] = {"id": "10001", "key": issue_key, "type": "Task"}
    claims["context"] = {"cloudId": cloud_id, "siteUrl": site_url, "extension": extension}
    return claims


def event_body(event_type: str = "avi:forge:installed:app", *, wrapped: bool = False, **changes: Any) -> dict[str, Any]:
    """A lifecycle event body (forge.md §3.2), flat or wrapped in `payload`."""
    body: dict[str, Any] = {
        "app": {"id": APP_ID, "name": "Sleuth", "ownerAccountId": "557058:owner", "version": "3.1.0"},
        "context": f"ari:cloud:jira::site/{CLOUD_ID}",
        "environment": {"id": ENVIRONMENT_ID},
        "eventType": event_type,
        "id": INSTALLATION_ID,
        "installerAccountId": "557058:installer",
        **changes,
    }
    if wrapped:
        return {"payload": body, "retryContext": {"retryData": None, "retryCount": 0, "retryReason": None}}
    return body


def headers(claims: dict[str, Any], key: rsa.RSAPrivateKey, token: str | None = None) -> dict[str, str]:
    """A call's headers: the FIT, and the app system token when given."""
    extra = {"x-forge-oauth-system": token} if token else {}
    return bearer(sign(claims, key), **extra)
