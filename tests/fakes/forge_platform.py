"""The Forge side of Forge Remote, for tests: a real JWKS server on 127.0.0.1 publishing RSA keys by kid,
the Forge Invocation Tokens Forge would send (claim shape of forge.md §3.3), and a clock to step."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.fakes.servers import LocalServer

APP_ID = "ari:cloud:ecosystem::app/11111111-2222-3333-4444-555555555555"
APP_UUID = APP_ID.rsplit("/", 1)[1]
ENVIRONMENT_ID = "ari:cloud:ecosystem::environment/11111111-2222-3333-4444-555555555555/eeeeeeee-0000-0000-0000-000000000001"
OTHER_ENVIRONMENT_ID = "ari:cloud:ecosystem::environment/11111111-2222-3333-4444-555555555555/eeeeeeee-0000-0000-0000-000000000002"
INSTALLATION_ID = "aaaaaaaa-0000-0000-0000-000000000001"
CLOUD_ID = "cccccccc-0000-0000-0000-000000000002"
API_BASE_URL = f"https://api.atlassian.com/ex/jira/{CLOUD_ID}"
ACCOUNT_ID = "557058:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
KID = "forge/invocation-token/wf-11111111-0000-0000-0000-000000000001"
ROTATED_KID = "forge/invocation-token/wf-22222222-0000-0000-0000-000000000002"


def public_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


@dataclass
class Jwks:
    """forge.cdn.prod.atlassian-dev.net: `GET /jwks.json` answers the published keys; `status` forces
    every answer (e.g. 500); `fetches` counts the requests."""

    server: LocalServer = field(default_factory=LocalServer)
    keys: dict[str, rsa.RSAPrivateKey] = field(default_factory=dict)
    status: int | None = None
    fetches: int = 0

    @property
    def url(self) -> str:
        return f"{self.server.url}/jwks.json"

    async def start(self) -> str:
        self.server.router.add_get("/jwks.json", self._jwks)
        await self.server.start()
        return self.url

    async def _jwks(self, request: web.Request) -> web.Response:
        self.fetches += 1
        if self.status is not None:
            return web.json_response({"error": "forced answer"}, status=self.status)
        return web.json_response({"keys": [public_jwk(key, kid) for kid, key in self.keys.items()]})


def fit_claims(**changes: Any) -> dict[str, Any]:
    """The claims of a FIT from the issue context panel, issued now; `changes` replace top-level claims."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": "forge/invocation-token",
        "aud": APP_ID,
        "iat": now,
        "nbf": now,
        "exp": now + 25,
        "jti": str(uuid.uuid4()),
        "app": {
            "id": APP_ID,
            "appVersion": "3.1.0",
            "installationId": f"ari:cloud:ecosystem::installation/{INSTALLATION_ID}",
            "apiBaseUrl": API_BASE_URL,
            "environment": {"type": "PRODUCTION", "id": ENVIRONMENT_ID},
            "module": {"type": "jira:issueContext", "key": "forge-deploys"},
        },
        "context": {
            "cloudId": CLOUD_ID,
            "siteUrl": "https://acme.atlassian.net",
            "extension": {"type": "jira:issueContext", "issue": {"id": "10001", "key": "ABC-1"}},
        },
        "principal": ACCOUNT_ID,
    }
    claims.update(changes)
    return claims


def app_claims(**changes: Any) -> dict[str, Any]:
    """`fit_claims()` with some `app` claims replaced."""
    claims = fit_claims()
    claims["app"] = {**claims["app"], **changes}
    return claims


def sign(claims: dict[str, Any], key: rsa.RSAPrivateKey, kid: str = KID) -> str:
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def forge_token(header: dict[str, Any], claims: dict[str, Any], hmac_secret: bytes | None = None) -> str:
    """A token PyJWT refuses to make: `alg: none`, or HS256 keyed with a public key."""

    def encode(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = f"{encode(json.dumps(header).encode())}.{encode(json.dumps(claims).encode())}"
    signature = hmac.new(hmac_secret, signing_input.encode(), hashlib.sha256).digest() if hmac_secret else b""
    return f"{signing_input}.{encode(signature)}"


def bearer(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}
