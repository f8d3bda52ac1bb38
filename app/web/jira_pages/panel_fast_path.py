"""The deploy panel's ordinary loads, answered in front of Quart.

Jira loads the panel on every issue view of every linked site, and on a benchmark of that load
(bench/results/latest.md) Quart's own request machinery (request and app contexts, routing, the session
cookie, response conversion, the tasks it starts per request) cost more than the panel's whole work.
So this ASGI middleware, wrapped around Quart's `asgi_app` (Quart's documented way to add middleware),
answers a plain `GET /jira/panel?...&jwt=...` itself, with the route's own pieces: the token checks of
app/connect/jwt.py, `panel_page` for the HTML and `page_headers` for the framing headers. The tenant
comes from the worker's `TenantCache`, and the deploy query itself confirms that copy is still true,
so a load costs one statement; a stale copy is dropped and the load goes to the route.

It answers only what it can answer with a 200. Anything else goes on to the Quart route unchanged and
gets that route's answer: a missing, bad or expired token, a disabled or uninstalled site, a token in
the Authorization header, a NUL, a query that is not plain ASCII, HEAD, and any error on the way. So
there is one place that words refusals and handles errors.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl

from hypercorn.typing import ASGIReceiveCallable, ASGISendCallable, Scope

from app.connect.jwt import ConnectTokenError, parse_tenant_token, request_token, verify_tenant_token
from app.jira_sites.tenants import TenantChanged
from app.web.application import SleuthJira
from app.web.connect.auth import page_headers, page_qsh
from app.web.jira_pages.panel import PANEL_PATH, panel_page

log = logging.getLogger(__name__)

ASGIApp = Callable[[Scope, ASGIReceiveCallable, ASGISendCallable], Awaitable[None]]


class PanelFastPath:
    def __init__(self, app: SleuthJira, quart: ASGIApp) -> None:
        self.app = app
        self.quart = quart
        self.path = app.settings.base_path + PANEL_PATH

    async def __call__(self, scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == self.path:
            page = await self._page(scope)
            if page is not None:
                html, headers = page
                await _send_html(send, html, headers)
                return
        await self.quart(scope, receive, send)

    async def _page(self, scope: Scope) -> tuple[str, dict[str, str]] | None:
        """The page and its headers, or None to let the Quart route answer."""
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        query: bytes = scope["query_string"]
        if not query.isascii() or b"\x00" in raw_path + query or b"%00" in raw_path + query:
            return None
        if any(name == b"authorization" for name, _ in scope["headers"]):
            return None  # a token in the header too: the route compares the two
        arguments = parse_qsl(query.decode("ascii"), keep_blank_values=True)
        issue_key = next((value for name, value in arguments if name == "issueKey"), "")
        qsh = page_qsh("GET", raw_path, query, self.app.settings.base_path)
        try:
            token = request_token([value for name, value in arguments if name == "jwt"], "")
            return None if token is None else await self._serve(token, qsh, issue_key)
        except (ConnectTokenError, TenantChanged):
            return None
        except Exception as error:  # noqa: BLE001 - the route meets it again and answers it the usual way
            log.warning("The panel's fast path met %s; the route answers instead", type(error).__name__)
            return None

    async def _serve(self, raw_token: str, qsh: str, issue_key: str) -> tuple[str, dict[str, str]] | None:
        token = parse_tenant_token(raw_token)
        cache = self.app.tenant_cache
        known, just_read = await cache.get(token.issuer)
        if known is None:
            return None
        try:
            if not known.tenant.enabled:
                raise TenantChanged  # or it is still disabled: the route reads the row and says which
            verify_tenant_token(token, known.secret, expected_qsh=qsh)
            html = await panel_page(self.app, known.tenant, issue_key, cached=not just_read)
        except (ConnectTokenError, TenantChanged):
            # A stale copy (a rotated secret, say) must not keep sending this site's loads to the route.
            cache.forget(token.issuer)
            raise
        return html, page_headers(known.tenant, self.app.settings.connect_all_js_url)


async def _send_html(send: ASGISendCallable, html: str, headers: dict[str, str]) -> None:
    body = html.encode()
    raw_headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *((name.lower().encode(), value.encode()) for name, value in headers.items()),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
