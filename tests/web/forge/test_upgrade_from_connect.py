"""A site moves from the Connect app to the fully adopted Forge app (forge/manifest.yml) and loses nothing.

The walk, through the whole app and one Jira site on loopback that checks every credential: the site
installs the Connect app (signed install), its Jira admin links an organization and chooses it for a
project on the Connect admin page, deploys are pushed with Connect JWTs and badged. Then the site
upgrades: Forge sends its lifecycle event (the shape of Forge's events reference) with an app token, and
from then on the site honours only that token, as a site on the fully adopted app does. After it, the
Forge panel shows the deploys the Connect panel showed, the Forge admin page the same links, a new deploy
goes out with the Forge token, and no deploy is sent twice.

Two ways in: a Connect-on-Forge install (its Connect `installed` names the Forge installation, and the
move is Forge's `avi:forge:upgraded:app`), and a site on plain Connect (no installation named; Marketplace
swaps the Connect app for the Forge one, which arrives as `avi:forge:installed:app`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient

from app.connect.jwt import CONTEXT_QSH
from app.settings import Settings
from models import CodeDeployment, Organization, Project, Tenant
from tests.fakes.atlassian import SignedInstall, jwt_header, tenant_token
from tests.fakes.deployments import DeploymentsJira, eventually
from tests.fakes.forge_installations import (
    DEPLOYMENTS,
    LIFECYCLE,
    event_body,
    headers,
    panel_claims,
    system_token,
    trigger_claims,
)
from tests.fakes.forge_platform import INSTALLATION_ID, bearer, fit_claims, sign
from tests.web.jira_pages.test_forge_panel import connect_panel_shas

ADMIN = "557058:site-admin"
CLIENT_KEY = "acme-site"
BADGE = "com.atlassian.jira.issue:io.sleuth.jira:sleuth-deploys:status"


class UpgradingSite(DeploymentsJira):
    """The Jira site: the Deployments API and issue properties (DeploymentsJira), plus what an install and
    the admin pages ask of it: serverInfo and the permission check (ADMIN is its administrator)."""

    def __init__(self) -> None:
        super().__init__()
        self.router.add_get("/rest/api/3/serverInfo", self._server_info)
        self.router.add_post("/rest/api/3/permissions/check", self._check)

    def authorizations(self) -> list[str]:
        """The scheme of each Deployments API request, in order."""
        deployments = [request for request in self.received if "/deployments/" in request.path]
        return [request.headers["Authorization"].split(" ")[0] for request in deployments]

    async def _server_info(self, request: web.Request) -> web.Response:
        return web.json_response({"baseUrl": self.url, "deploymentType": "Cloud"})

    async def _check(self, request: web.Request) -> web.Response:
        body = await request.json()
        granted = ["ADMINISTER"] if body.get("accountId") == ADMIN else []
        return web.json_response({"globalPermissions": granted, "projectPermissions": []})


@pytest.fixture
def settings(forge_and_connect_settings: Settings) -> Settings:
    return forge_and_connect_settings


@pytest.fixture
async def site() -> AsyncIterator[UpgradingSite]:
    server = UpgradingSite()
    await server.start()
    yield server
    server.release_all()
    await server.stop()


async def register(client: QuartClient, api_key: str, n: int, message: str) -> None:
    sha = f"{n:040x}"
    body = {"sha": sha, "commits": [{"revision": sha, "message": message}]}
    response = await client.post(
        "/api/1/deployments/acme/web-app/register_deploy", json=body, headers={"Authorization": f"apikey {api_key}"}
    )
    assert response.status_code == 200, await response.get_data(as_text=True)


async def connect_admin(client: QuartClient, secret: str, path: str, body: Any = None) -> tuple[int, Any]:
    token = tenant_token(secret, client_key=CLIENT_KEY, qsh=CONTEXT_QSH, sub=ADMIN)
    if body is None:
        response = await client.get(f"/jira/admin/api{path}", headers=jwt_header(token))
    else:
        response = await client.post(f"/jira/admin/api{path}", json=body, headers=jwt_header(token))
    return response.status_code, await response.get_json()


async def forge_admin_state(client: QuartClient, key: rsa.RSAPrivateKey, site: UpgradingSite) -> dict[str, Any]:
    claims = fit_claims(context={"siteUrl": site.url, "extension": {"type": "jira:adminPage"}}, principal=ADMIN)
    claims["app"] |= {
        "installationId": f"ari:cloud:ecosystem::installation/{INSTALLATION_ID}",
        "apiBaseUrl": site.url,
        "module": {"type": "jira:adminPage", "key": "forge-admin"},
    }
    response = await client.post("/forge/ui/admin/state", json={}, headers=bearer(sign(claims, key)))
    assert response.status_code == 200, await response.get_data(as_text=True)
    state: dict[str, Any] = await response.get_json()
    return state


def without_platforms(state: dict[str, Any]) -> dict[str, Any]:
    """An admin page's state but for the platforms the site was seen on (Connect, then Forge too)."""
    return {key: value for key, value in state.items() if key != "platforms"}


@pytest.mark.parametrize(
    ("connect_names_installation", "event"),
    [(True, "avi:forge:upgraded:app"), (False, "avi:forge:installed:app")],
    ids=["connect on forge, upgraded", "plain connect, replaced"],
)
async def test_a_connect_site_moves_to_forge_and_loses_nothing(
    client: QuartClient,
    signed_install: SignedInstall,
    forge_key: rsa.RSAPrivateKey,
    site: UpgradingSite,
    acme_key: str,
    connect_names_installation: bool,
    event: str,
) -> None:
    # On Connect: installed, linked by the site's admin, two deploys pushed and badged.
    installation = f"ari:cloud:ecosystem::installation/{INSTALLATION_ID}"
    named = {"installationId": installation} if connect_names_installation else {}
    secret = await signed_install(CLIENT_KEY, baseUrl=site.url, displayUrl=None, **named)
    site.shared_secret = secret
    project = await Project.get(slug="web")
    acme = await Organization.get(slug="acme")
    await CodeDeployment.create(organization=acme, project=project, slug="web-app", name="Web")
    assert (await connect_admin(client, secret, "/links", {"api_key": acme_key}))[0] == 201
    assert (await connect_admin(client, secret, "/projects/acme/web", {"use_this_site": True}))[0] == 200
    await register(client, acme_key, 1, "ACME-12 fix login")
    await register(client, acme_key, 2, "ACME-12 ACME-13 fix it again")
    await eventually(lambda: len(site.sequence_numbers()) == 2 and "ACME-13" in site.properties)
    shas_on_connect = await connect_panel_shas(client, secret, CLIENT_KEY)
    status, links_on_connect = await connect_admin(client, secret, "/state")
    assert status == 200 and len(shas_on_connect) == 2

    # The move: Forge's event with the app token; from now on the site honours that token only.
    site.system_token, site.shared_secret = system_token(), None
    body = event_body(event, upgraderAccountId=ADMIN) if event.endswith("upgraded:app") else event_body(event)
    trigger = headers(trigger_claims(site.url), forge_key, site.system_token)
    response = await client.post(LIFECYCLE, json=body, headers=trigger)
    assert response.status_code == 204
    (tenant,) = await Tenant.all()
    assert (tenant.client_key, tenant.installation_id, tenant.base_url) == (CLIENT_KEY, INSTALLATION_ID, site.url)

    # The Forge panel and admin page show what the Connect ones showed.
    panel = sign(panel_claims(site.url, "ACME-12", site_url=site.url), forge_key)
    response = await client.post(DEPLOYMENTS, json={}, headers=bearer(panel))
    assert response.status_code == 200
    assert [deploy["sha"] for deploy in (await response.get_json())["deploys"]] == shas_on_connect
    links_on_forge = await forge_admin_state(client, forge_key, site)
    assert [organization["name"] for organization in links_on_forge["organizations"]] == ["Acme Inc"]
    assert without_platforms(links_on_forge) == without_platforms(links_on_connect)

    # A new deploy goes out with the Forge token, and nothing is sent twice.
    await register(client, acme_key, 3, "ACME-12 last fix")
    await eventually(lambda: len(site.sequence_numbers()) == 3)
    sequence_numbers = site.sequence_numbers()
    assert len(set(sequence_numbers)) == 3
    assert site.authorizations() == ["JWT", "JWT", "Bearer"]
    await eventually(lambda: site.properties["ACME-12"][BADGE]["value"] == {"label": "1"})
    assert site.refusals == []
