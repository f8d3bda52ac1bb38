"""`sleuth-jira dev-jira`: a Jira site on this machine, to develop and demo the Connect app with no Atlassian
account, no public tunnel and no reinstall per tunnel URL.

It plays the parts of Jira the app meets, on 127.0.0.1 only:
- Atlassian's install-key service (`/install-keys/<kid>`), and the signed install itself: once the app
  answers, it POSTs `/connect/installed` with an RS256 install token made by Connect's rules (atlassian-jwt's
  query string hash, `aud` = the app's base URL), so the app stores the site as a tenant exactly as it
  would for Jira Cloud. The app must trust this key service and a site on loopback:
  `CONNECT_INSTALL_KEYS_URL`, `SLEUTH_ALLOW_PRIVATE_URLS=1` and `CONNECT_ALL_JS_URL` (printed at start).
- An issue page (`/browse/ACME-12`) framing the app's panel as Jira does (the module URL with Jira's
  parameters and a page token for its qsh), and the admin page framed the same way (`/admin`).
- A stand-in for Connect's `all.js` (`/all.js`): `AP.resize()` and `AP.context.getToken()`, the two calls
  the app's pages make; the token comes from the framing page through postMessage (the app's pages may
  not fetch from another origin).
- The REST calls the app makes of a site: `myself`, `mypermissions` and `permissions/check` (the one user
  is an administrator), `serverInfo`, the issue search for summaries, issue properties, and the
  Deployments API, which records what it receives and shows it at `/deployments`.

Development only: the shared secret lives in this process's memory, and every request is trusted.
"""

from __future__ import annotations

import asyncio
import html
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
import jwt
from aiohttp import web
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from app.connect.jwt import CONTEXT_QSH, query_string_hash

CLIENT_KEY = "dev-jira"
KEY_ID = "dev-jira-install-key"
ACCOUNT_ID = "557058:dev-jira-admin"
ISSUE_KEYS = ("ACME-1", "ACME-12", "ACME-42")
PAGE_TOKEN_LIFETIME = 900  # Jira's 15 minutes
INSTALL_ATTEMPTS = 60  # every 2 s: the app may start after this site

STAND_IN_ALL_JS = """// A stand-in for Connect's all.js (sleuth-jira dev-jira): the two calls the app's pages make.
(function () {
  var waiting = [];
  window.addEventListener('message', function (event) {
    if (event.source === parent && event.data && event.data.devJiraToken) {
      var callbacks = waiting; waiting = [];
      callbacks.forEach(function (callback) { callback(event.data.devJiraToken); });
    }
  });
  window.AP = {
    resize: function () { parent.postMessage({ devJiraHeight: document.documentElement.scrollHeight }, '*'); },
    context: {
      getToken: function (callback) { waiting.push(callback); parent.postMessage({ devJiraWantsToken: true }, '*'); },
    },
  };
})();
"""

# The framing page: sizes the iframe when asked, and hands it a context token when it asks for one.
FRAME_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} · dev-jira</title>
<style>body {{ font-family: system-ui, sans-serif; margin: 24px; color: #172b4d; }}
nav a {{ margin-right: 1em; }} .issue {{ display: grid; grid-template-columns: 1fr 380px; gap: 24px; }}
iframe {{ width: 100%; border: 1px solid #dfe1e6; border-radius: 6px; height: 200px; }}</style></head>
<body><nav><a href="/">dev-jira</a>{links}</nav>
<h1>{title}</h1>
<div class="issue"><div>{body}</div>
<section><h2>Sleuth deploys</h2><iframe id="app" src="{src}"></iframe></section></div>
<script>
var frame = document.getElementById('app');
window.addEventListener('message', function (event) {{
  if (event.source !== frame.contentWindow || !event.data) return;
  if (event.data.devJiraHeight) frame.style.height = (event.data.devJiraHeight + 4) + 'px';
  if (event.data.devJiraWantsToken) fetch('/context-token').then(function (r) {{ return r.text(); }})
    .then(function (token) {{ frame.contentWindow.postMessage({{ devJiraToken: token }}, '*'); }});
}});
</script></body></html>"""


@dataclass
class DevJira:
    """One local Jira site for the app at `app_url` (its SLEUTH_BASE_URL)."""

    app_url: str
    port: int
    key: rsa.RSAPrivateKey = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))
    shared_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    installed: str = "not yet"
    received: list[dict[str, Any]] = field(default_factory=list)  # Deployments API bodies, newest last
    deleted: list[dict[str, str]] = field(default_factory=list)
    properties: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def settings(self) -> dict[str, str]:
        """What the app needs to trust this site."""
        return {
            "CONNECT_INSTALL_KEYS_URL": f"{self.url}/install-keys",
            "CONNECT_ALL_JS_URL": f"{self.url}/all.js",
            "SLEUTH_ALLOW_PRIVATE_URLS": "1",
        }

    def application(self) -> web.Application:
        app = web.Application()
        get, post = app.router.add_get, app.router.add_post
        get("/", self._home)
        get("/install-keys/{kid}", self._install_key)
        get("/all.js", self._all_js)
        get("/browse/{issue}", self._issue_page)
        get("/admin", self._admin_page)
        get("/context-token", self._context_token)
        get("/deployments", self._deployments_page)
        get("/rest/api/3/myself", self._myself)
        get("/rest/api/3/mypermissions", self._my_permissions)
        post("/rest/api/3/permissions/check", self._permissions_check)
        get("/rest/api/3/serverInfo", self._server_info)
        get("/rest/api/3/search/jql", self._search)
        app.router.add_put("/rest/api/3/issue/{issue}/properties/{name}", self._property)
        post("/rest/deployments/0.1/bulk", self._bulk)
        app.router.add_delete("/rest/deployments/0.1/bulkByProperties", self._delete)
        return app

    # Tokens, by Connect's rules.

    def page_url(self, path: str, parameters: dict[str, str]) -> str:
        """The app's page as Jira frames it: its module URL, Jira's parameters and a page token."""
        path_and_query = f"{path}?{urlencode(parameters)}"
        now = int(time.time())
        claims = {"iss": CLIENT_KEY, "sub": ACCOUNT_ID, "iat": now, "exp": now + PAGE_TOKEN_LIFETIME,
                  "qsh": query_string_hash("GET", path_and_query), "context": {}}  # fmt: skip
        token = jwt.encode(claims, self.shared_secret, algorithm="HS256")
        return f"{self.app_url}{path_and_query}&jwt={token}"

    def install_request(self) -> tuple[dict[str, Any], str]:
        """The body of `installed` and its RS256 install token (aud: the app's base URL)."""
        body = {
            "key": "io.sleuth.jira", "clientKey": CLIENT_KEY, "sharedSecret": self.shared_secret,
            "baseUrl": self.url, "displayUrl": self.url, "productType": "jira", "description": "dev-jira",
            "serverVersion": "100000", "pluginsVersion": "1001.0.0", "eventType": "installed",
        }  # fmt: skip
        now = int(time.time())
        claims = {"iss": CLIENT_KEY, "aud": self.app_url, "iat": now, "exp": now + 180,
                  "qsh": query_string_hash("POST", "/connect/installed")}  # fmt: skip
        return body, jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": KEY_ID})

    async def install(self) -> None:
        """Install the app on this site once it answers; `installed` says how it went."""
        async with aiohttp.ClientSession() as session:
            for _ in range(INSTALL_ATTEMPTS):
                body, token = self.install_request()
                try:
                    async with session.post(f"{self.app_url}/connect/installed", json=body,
                                            headers={"Authorization": f"JWT {token}"}) as response:  # fmt: skip
                        if response.status == 204:
                            self.installed = "installed"
                            return
                        self.installed = f"refused ({response.status}): {(await response.text())[:300]}"
                        return
                except aiohttp.ClientError:
                    self.installed = f"waiting for the app at {self.app_url}"
                await asyncio.sleep(2)

    # Pages.

    async def _home(self, request: web.Request) -> web.Response:
        issues = "".join(f'<li><a href="/browse/{key}">{key}</a></li>' for key in ISSUE_KEYS)
        app_url = html.escape(self.app_url)
        text = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>dev-jira</title></head>"
            "<body style='font-family: system-ui, sans-serif; margin: 24px'><h1>dev-jira</h1>"
            f"<p>A Jira site for the Sleuth app at <a href='{app_url}'>{app_url}</a>: "
            f"{html.escape(self.installed)}.</p><h2>Issues</h2><ul>{issues}</ul>"
            "<p><a href='/admin'>Settings &gt; Apps &gt; Sleuth</a> · "
            "<a href='/deployments'>Deployments received</a></p></body></html>"
        )
        return web.Response(text=text, content_type="text/html")

    async def _issue_page(self, request: web.Request) -> web.Response:
        issue = request.match_info["issue"].upper()
        project = issue.partition("-")[0]
        src = self.page_url("/jira/panel", {"issueKey": issue, "projectKey": project})
        page = FRAME_PAGE.format(
            title=html.escape(f"{issue} {summary_of(issue)}"), links=_links(),
            body="<p>The issue's description would be here.</p>", src=html.escape(src),
        )  # fmt: skip
        return web.Response(text=page, content_type="text/html")

    async def _admin_page(self, request: web.Request) -> web.Response:
        src = self.page_url("/jira/admin", {"lic": "none"})
        page = FRAME_PAGE.format(title="Apps &gt; Sleuth", links=_links(), body="<p>The app's admin page.</p>",
                                 src=html.escape(src))  # fmt: skip
        return web.Response(text=page, content_type="text/html")

    async def _deployments_page(self, request: web.Request) -> web.Response:
        rows = "".join(
            f"<tr><td>{html.escape(str(item.get('displayName')))}</td>"
            f"<td>{html.escape(str(item.get('environment', {}).get('displayName')))}</td>"
            f"<td>{html.escape(', '.join(item.get('associations', [{}])[0].get('values', [])))}</td></tr>"
            for body in reversed(self.received)
            for item in body.get("deployments", [])
        )
        page = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Deployments · dev-jira</title></head>"
            "<body style='font-family: system-ui, sans-serif; margin: 24px'><p><a href='/'>dev-jira</a></p>"
            f"<h1>Deployments received ({sum(len(b.get('deployments', [])) for b in self.received)})</h1>"
            f"<table><tr><th>deployment</th><th>environment</th><th>issues</th></tr>{rows}</table>"
            f"<p>Deleted by connection: {html.escape(json.dumps(self.deleted))}</p></body></html>"
        )
        return web.Response(text=page, content_type="text/html")

    async def _all_js(self, request: web.Request) -> web.Response:
        return web.Response(text=STAND_IN_ALL_JS, content_type="application/javascript")

    async def _install_key(self, request: web.Request) -> web.Response:
        if request.match_info["kid"] != KEY_ID:
            return web.Response(status=404)
        public = self.key.public_key()
        pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        return web.Response(body=pem, content_type="application/x-pem-file")

    async def _context_token(self, request: web.Request) -> web.Response:
        now = int(time.time())
        claims = {"iss": CLIENT_KEY, "sub": ACCOUNT_ID, "iat": now, "exp": now + PAGE_TOKEN_LIFETIME,
                  "qsh": CONTEXT_QSH, "context": {}}  # fmt: skip
        return web.Response(text=jwt.encode(claims, self.shared_secret, algorithm="HS256"))

    # The REST API, as far as the app calls it.

    async def _myself(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"accountId": ACCOUNT_ID, "emailAddress": "admin@dev-jira.local", "displayName": "Dev"}
        )

    async def _my_permissions(self, request: web.Request) -> web.Response:
        return web.json_response({"permissions": {"ADMINISTER": {"key": "ADMINISTER", "havePermission": True}}})

    async def _permissions_check(self, request: web.Request) -> web.Response:
        body = await request.json()
        wanted = body.get("globalPermissions", []) if isinstance(body, dict) else []
        return web.json_response({"globalPermissions": wanted, "projectPermissions": []})

    async def _server_info(self, request: web.Request) -> web.Response:
        return web.json_response({"baseUrl": self.url, "deploymentType": "Cloud", "serverTitle": "dev-jira"})

    async def _search(self, request: web.Request) -> web.Response:
        keys = [part.strip(' "') for part in request.query.get("jql", "").partition("(")[2].rstrip(")").split(",")]
        issues = [
            {"key": key, "fields": {"summary": summary_of(key),
             "status": {"name": "In Progress", "statusCategory": {"key": "indeterminate"}}}}
            for key in keys if key
        ]  # fmt: skip
        return web.json_response({"issues": issues})

    async def _property(self, request: web.Request) -> web.Response:
        self.properties.setdefault(request.match_info["issue"], {})[request.match_info["name"]] = await request.json()
        return web.Response(status=200)

    async def _bulk(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        accepted = [
            {"pipelineId": item["pipeline"]["id"], "environmentId": item["environment"]["id"],
             "deploymentSequenceNumber": item["deploymentSequenceNumber"]}
            for item in body.get("deployments", [])
        ]  # fmt: skip
        return web.json_response({"acceptedDeployments": accepted, "rejectedDeployments": [], "unknownIssueKeys": []},
                                 status=202)  # fmt: skip

    async def _delete(self, request: web.Request) -> web.Response:
        self.deleted.append(dict(request.query))
        return web.json_response({}, status=202)


def summary_of(issue_key: str) -> str:
    return f"Something to do for {issue_key}"


def _links() -> str:
    issues = "".join(f'<a href="/browse/{key}">{key}</a>' for key in ISSUE_KEYS)
    return issues + '<a href="/deployments">Deployments</a>'


async def serve(site: DevJira) -> web.AppRunner:
    """Start the site on 127.0.0.1, never another address."""
    runner = web.AppRunner(site.application(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", site.port).start()
    return runner


async def run(site: DevJira) -> None:
    """Serve until interrupted, installing the app as soon as it answers."""
    runner = await serve(site)
    try:
        await site.install()
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
