"""Who is calling: the decorators that verify the HS256 JWT of a request from Jira or from our own iframes.

One decorator per policy (ref §4.1, §4.4), so a route's accepted token kind is visible at its definition:

- `@connect_page`: iframe pages Jira loads (module URLs). The token's qsh must be the hash of this very
  request; the response gets the framing headers of the verified tenant (ref §9.3).
- `@connect_context`: JSON routes our iframe scripts call with `AP.context.getToken()` tokens. The qsh
  must be the literal "context-qsh". A token with a real qsh is refused there too: one token kind per
  route, so a token Jira minted for one page URL is never replayed against another route.

The tenant is found by the token's unverified `iss`, then the token is verified with that tenant's
secret. Refusals: 401 without a valid token (unknown, uninstalled or rotated-away tenants included),
403 for a valid token of a disabled tenant. The verified caller is on `quart.g` (`connect_caller()`).
Nothing is cached between requests: an uninstalled tenant's tokens fail as soon as the callback returns.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec

from quart import Response, g, make_response, render_template, request

from app.connect.jwt import (
    CONTEXT_QSH,
    ConnectTokenError,
    parse_tenant_token,
    query_string_hash,
    verify_tenant_token,
)
from app.connect.jwt import request_token as connect_request_token
from app.crypto import SecretDecryptionError
from app.jira_sites.tenants import find_tenant, shared_secret
from app.net import origin
from app.settings import CONNECT_ALL_JS
from app.web.application import sleuth_app
from app.web.errors import APIError
from models.tenant import Tenant

log = logging.getLogger(__name__)

P = ParamSpec("P")
View = Callable[P, Awaitable[Any]]

INVALID_SIGNATURE = "The token's signature is invalid."


@dataclass(frozen=True, slots=True)
class ConnectCaller:
    """A verified Connect caller: the tenant, and the Atlassian account id of the user (`sub`; None for
    calls Jira makes on its own, such as lifecycle callbacks)."""

    tenant: Tenant
    account_id: str | None


def connect_caller() -> ConnectCaller:
    """The caller verified by `@connect_page` or `@connect_context` for this request."""
    caller: ConnectCaller = g.connect_caller
    return caller


def request_token() -> str | None:
    """The JWT of this request (app/connect/jwt.py `request_token`); APIError 401 for two of them."""
    try:
        return connect_request_token(request.args.getlist("jwt"), request.headers.get("Authorization", ""))
    except ConnectTokenError as error:
        raise APIError(401, str(error)) from None


def request_qsh() -> str:
    """The qsh of this request (ref §4.4)."""
    raw_path: bytes = request.scope.get("raw_path") or request.path.encode()
    return page_qsh(request.method, raw_path, request.query_string, sleuth_app().settings.base_path)


def page_qsh(method: str, raw_path: bytes, query_string: bytes, base_path: str) -> str:
    """The qsh of a request: the method, the raw path minus the base URL's path, and the raw query string
    (the `jwt` parameter is dropped by the hash itself)."""
    path = raw_path.decode("latin-1").removeprefix(base_path) or "/"
    query = query_string.decode("latin-1")
    return query_string_hash(method, f"{path}?{query}" if query else path)


async def authenticate(expected_qsh: str) -> ConnectCaller:
    """Verify this request's tenant token against `expected_qsh`; APIError 401 on any failure.

    It does not look at `enabled`: the lifecycle callbacks that toggle it use this directly.
    """
    token = request_token()
    if token is None:
        raise APIError(401, "This request needs a Connect JWT (a jwt query parameter or an Authorization: JWT header).")
    try:
        parsed = parse_tenant_token(token)
        issuer = parsed.issuer
        tenant = await find_tenant(issuer)
        if tenant is None or not tenant.installed:
            raise ConnectTokenError(INVALID_SIGNATURE)  # the same answer as a bad signature: no tenant oracle
        secret = shared_secret(tenant, sleuth_app().secret_box)
        claims = verify_tenant_token(parsed, secret, expected_qsh=expected_qsh)
    except ConnectTokenError as error:
        raise APIError(401, str(error)) from None
    except SecretDecryptionError:
        log.error("The stored shared secret of tenant %s cannot be decrypted (was SLEUTH_SECRET_KEY changed?)", issuer)
        raise APIError(401, INVALID_SIGNATURE) from None
    subject = claims.get("sub")
    return ConnectCaller(tenant=tenant, account_id=subject if isinstance(subject, str) and subject else None)


async def _authorize(expected_qsh: str) -> ConnectCaller:
    caller = await authenticate(expected_qsh)
    if not caller.tenant.enabled:
        raise APIError(403, "The app is disabled on this Jira site.")
    g.connect_caller = caller
    return caller


def connect_page(view: View[P]) -> View[P]:
    """An iframe page: real qsh, and the framing headers of the verified tenant on the response. A refused
    token gets a page too, with the same status: Jira shows whatever the iframe answers, and JSON there
    reads as raw text where a person expected the panel."""

    @wraps(view)
    async def page(*args: P.args, **kwargs: P.kwargs) -> Response:
        try:
            caller = await _authorize(request_qsh())
        except APIError as refusal:
            return await _refusal_page(refusal)
        response = await make_response(await view(*args, **kwargs))
        response.headers.update(page_headers(caller.tenant, sleuth_app().settings.connect_all_js_url))
        return response

    return page


async def _refusal_page(refusal: APIError) -> Response:
    """The refusal as a page in the iframe. Framed by any site: it holds nothing but the sentence, and the
    token that would say which site frames it is the one refused."""
    html = await render_template("jira/refusal.html", refusal=refusal.message, expired=refusal.status_code == 401)
    response = Response(html, status=refusal.status_code, content_type="text/html; charset=utf-8")
    response.headers.update({"Content-Security-Policy": REFUSAL_SOURCES, "X-Content-Type-Options": "nosniff"})
    return response


def connect_context(view: View[P]) -> View[P]:
    """A JSON route for our iframe scripts: the token must carry qsh "context-qsh"."""

    @wraps(view)
    async def context_route(*args: P.args, **kwargs: P.kwargs) -> Any:
        await _authorize(CONTEXT_QSH)
        return await view(*args, **kwargs)

    return context_route


def page_sources(all_js_url: str) -> str:
    """What the Connect pages may load: their own scripts and styles, and Atlassian's all.js (which sizes the
    iframe with inline styles, hence 'unsafe-inline' for styles only); nothing else, and no inline script."""
    return (
        f"default-src 'none'; script-src 'self' {origin(all_js_url)}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
    )


PAGE_SOURCES = page_sources(CONNECT_ALL_JS)
REFUSAL_SOURCES = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'"


def page_headers(tenant: Tenant, all_js_url: str = CONNECT_ALL_JS) -> dict[str, str]:
    """Jira must frame our pages, so X-Frame-Options is out; `frame-ancestors` names the verified tenant's
    own origins (base and custom display domain), never a static *.atlassian.net (ref §9.3)."""
    origins = [origin(url) for url in (tenant.base_url, tenant.display_url) if url]
    ancestors = "frame-ancestors " + " ".join(dict.fromkeys(["'self'", *origins]))
    return {
        "Content-Security-Policy": f"{page_sources(all_js_url)}; {ancestors}",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }


