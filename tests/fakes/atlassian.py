"""The Atlassian side of the Connect protocol, for tests: a real key server on 127.0.0.1 that publishes
install keys by kid, the tokens Jira would send (RS256 signed installs, HS256 tenant tokens), and a Jira
site that checks the tokens the app sends it (`ConnectJira`)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import jwt
from aiohttp import web
from atlassian_jwt.url_utils import hash_url
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient

from app.connect.jwt import query_string_hash
from tests.fakes.servers import Handler, LocalServer

BASE_URL = "http://127.0.0.1:8000"  # the conftest's default SLEUTH_BASE_URL
APP_KEY = "io.sleuth.jira"  # the default SLEUTH_APP_KEY
SITE_URL = "http://127.0.0.1:8765"  # a Jira site; http and loopback pass with SLEUTH_ALLOW_PRIVATE_URLS=1
KID = "0e50fccb-239d-4991-a5db-dc850ba3f236"
# The app served under a base URL with a path (the `app_under_a_path` fixture): every route lives below /sleuth.
SLEUTH_UNDER_A_PATH = "http://127.0.0.1:8000/sleuth"
# `await signed_install(client_key, **body)` (the fixture): installs a site on the test app, answers its shared secret.
SignedInstall = Callable[..., Awaitable[str]]


def new_rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def public_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


@dataclass
class KeyServer:
    """connect-install-keys.atlassian.com: `GET /{kid}` answers the PEM of a published key, else 404.
    `status` forces every answer (e.g. 500); `requests` lists the kids asked for."""

    server: LocalServer = field(default_factory=LocalServer)
    keys: dict[str, bytes] = field(default_factory=dict)
    status: int | None = None
    requests: list[str] = field(default_factory=list)

    async def start(self) -> str:
        self.server.router.add_get("/{kid:.+}", self._key)
        return await self.server.start()

    async def _key(self, request: web.Request) -> web.Response:
        kid = request.match_info["kid"]
        self.requests.append(kid)
        if self.status is not None:
            return web.Response(status=self.status, text="forced answer")
        if kid not in self.keys:
            return web.Response(status=404, text="no such key")
        return web.Response(body=self.keys[kid], content_type="application/x-pem-file")


def install_token(
    key: rsa.RSAPrivateKey,
    *,
    client_key: str,
    path: str,
    kid: str | None = KID,
    aud: Any = BASE_URL,
    qsh: str | None = None,
    iat: int | None = None,
    lifetime: int = 900,
) -> str:
    """An RS256 signed-install token as Atlassian mints it for `POST {path}` (ref §3.1)."""
    issued_at = int(time.time()) if iat is None else iat
    claims = {
        "iss": client_key,
        "aud": aud,
        "qsh": query_string_hash("POST", path) if qsh is None else qsh,
        "iat": issued_at,
        "exp": issued_at + lifetime,
        "context": {},
        "jti": secrets.token_hex(8),  # one token per callback: two in the same second differ
    }
    headers = {"kid": kid} if kid is not None else {}
    return jwt.encode(claims, key, algorithm="RS256", headers=headers)


def tenant_token(
    secret: str,
    *,
    client_key: str,
    method: str = "GET",
    path_and_query: str | None = None,
    qsh: str | None = None,
    sub: str | None = "557058:f1e2d3c4-user",
    iat: int | None = None,
    lifetime: int = 900,
    drop: tuple[str, ...] = (),
) -> str:
    """An HS256 token as Jira signs it with the tenant's shared secret: for a request (real qsh) or with
    an explicit qsh such as "context-qsh". `drop` removes claims, to test what happens without them."""
    issued_at = int(time.time()) if iat is None else iat
    claims: dict[str, Any] = {
        "iss": client_key,
        "qsh": qsh if qsh is not None else query_string_hash(method, path_and_query or "/"),
        "iat": issued_at,
        "exp": issued_at + lifetime,
        "context": {},
    }
    if sub is not None:
        claims["sub"] = sub
    for claim in drop:
        claims.pop(claim)
    return jwt.encode(claims, secret, algorithm="HS256")


def jwt_header(token: str | None) -> dict[str, str]:
    return {"Authorization": f"JWT {token}"} if token is not None else {}


async def install_site(
    client: QuartClient, key: rsa.RSAPrivateKey, client_key: str, *, base_url: str = BASE_URL, **body: Any
) -> str:
    """POST a correctly signed `installed` for `client_key` as Jira does; returns the shared secret it carried."""
    prefix = urlsplit(base_url).path
    payload = lifecycle_body(client_key, "installed", **body)
    token = install_token(key, client_key=client_key, path="/connect/installed", aud=base_url)
    response = await client.post(f"{prefix}/connect/installed", json=payload, headers=jwt_header(token))
    assert response.status_code == 204, await response.get_data(as_text=True)
    secret: str = payload["sharedSecret"]
    return secret


def lifecycle_body(client_key: str, event: str, **overrides: Any) -> dict[str, Any]:
    """The JSON body of a lifecycle callback (ref §2.1)."""
    body: dict[str, Any] = {
        "key": APP_KEY,
        "clientKey": client_key,
        "sharedSecret": f"shared-secret-of-{client_key}-0123456789abcdef0123456789abcdef",
        "baseUrl": SITE_URL,
        "displayUrl": "http://jira.acme.test:8080",
        "productType": "jira",
        "description": "Atlassian JIRA at " + SITE_URL,
        "serverVersion": "100000",
        "pluginsVersion": "1001.0.0",
        "eventType": event,
    }
    body.update(overrides)
    return body


def credential_refusal(
    request: web.Request, *, shared_secret: str | None, system_token: str | None = None, app_key: str = APP_KEY
) -> str | None:
    """Why Jira would refuse the credential of a request the app sent, or None if it would accept it
    (ref §5.1): a Connect JWT, HS256 with the tenant's shared secret, `iss` = the app key, the `qsh` of
    the request actually received and a lifetime of at most 180 s; or the Forge app system token."""
    scheme, _, credential = request.headers.get("Authorization", "").partition(" ")
    if scheme == "Bearer":
        return None if system_token and credential == system_token else "unknown bearer token"
    if scheme != "JWT" or shared_secret is None:
        return f"{scheme or 'no'} authorization"
    try:
        claims = jwt.decode(
            credential, shared_secret, algorithms=["HS256"], options={"require": ["iss", "iat", "exp", "qsh"]}
        )
    except jwt.PyJWTError as error:
        return f"token refused: {type(error).__name__}"
    if claims["iss"] != app_key:
        return "not a JWT of this app"
    if claims["qsh"] != hash_url(request.method, request.raw_path):
        return f"qsh is not that of {request.method} {request.raw_path}"
    if claims["exp"] - claims["iat"] > 180:
        return "the token lives longer than 3 minutes"
    return None


class ConnectJira(LocalServer):
    """A Jira site that answers 401 to any request whose credential it would not accept
    (`credential_refusal`); set `shared_secret` (or `system_token`) to what the installed app holds."""

    def __init__(self, shared_secret: str | None = None, *, system_token: str | None = None) -> None:
        super().__init__()
        self.shared_secret = shared_secret
        self.system_token = system_token
        self.app.middlewares.append(self._verify)
        self.refusals: list[str] = []

    @web.middleware
    async def _verify(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        refusal = credential_refusal(request, shared_secret=self.shared_secret, system_token=self.system_token)
        if refusal is not None:
            self.refusals.append(refusal)
            return web.json_response({"errorMessages": [refusal]}, status=401)
        return await handler(request)
