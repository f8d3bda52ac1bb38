"""The Forge admin page's endpoints (app/web/jira_pages/forge_admin.py) through the whole app: installations made by
Forge's lifecycle event, Forge Invocation Tokens from a local JWKS, and the site's Jira a fake on loopback
(the installation's `apiBaseUrl`) that answers serverInfo and the permission check, the latter only for
the installation's app system token."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient

from app import create_app
from app.connect.jwt import CONTEXT_QSH
from app.jira_sites.permissions import NOT_ADMIN
from app.settings import Settings
from models import IssueTracker, Organization, Project, Tenant
from tests.fakes.admin_pages import uses
from tests.fakes.atlassian import SignedInstall, jwt_header, tenant_token
from tests.fakes.forge_installations import LIFECYCLE, event_body, headers, system_token, trigger_claims
from tests.fakes.forge_platform import CLOUD_ID, INSTALLATION_ID, fit_claims
from tests.fakes.permission_site import PermissionSite

ADMIN = "557058:forge-admin"
USER = "557058:forge-user"
SITE_URL = "https://acme.atlassian.net"
OTHER_SITE_URL = "https://globex.atlassian.net"
OTHER_INSTALLATION = "bbbbbbbb-0000-0000-0000-000000000002"
OTHER_CLOUD = "dddddddd-0000-0000-0000-000000000002"
ADMIN_API = "/forge/ui/admin"


@pytest.fixture
def settings(forge_and_connect_settings: Settings) -> Settings:
    return forge_and_connect_settings


@pytest.fixture
async def jira() -> AsyncIterator[PermissionSite]:
    site = PermissionSite(admins={ADMIN}, site_url=SITE_URL)
    await site.start()
    yield site
    await site.stop()


async def install(
    client: QuartClient,
    forge_key: rsa.RSAPrivateKey,
    jira: PermissionSite,
    *,
    installation_id: str = INSTALLATION_ID,
    cloud_id: str = CLOUD_ID,
) -> None:
    """Forge's install event for an installation on `jira`'s site, with a fresh app system token that the
    site then accepts."""
    jira.system_token = system_token()
    claims = trigger_claims(jira.api_base_url(cloud_id), installation_id=installation_id, cloud_id=cloud_id)
    body = event_body(id=installation_id, context=f"ari:cloud:jira::site/{cloud_id}")
    response = await client.post(LIFECYCLE, json=body, headers=headers(claims, forge_key, jira.system_token))
    assert response.status_code == 204, await response.get_data(as_text=True)


@pytest.fixture
async def installed(client: QuartClient, forge_key: rsa.RSAPrivateKey, jira: PermissionSite) -> Tenant:
    await install(client, forge_key, jira)
    return await Tenant.get(installation_id=INSTALLATION_ID)


def admin_page_call(
    forge_key: rsa.RSAPrivateKey,
    jira: PermissionSite,
    principal: str | None = ADMIN,
    *,
    installation_id: str = INSTALLATION_ID,
    cloud_id: str = CLOUD_ID,
) -> dict[str, str]:
    """The headers of an invokeRemote from the admin page of an installation, by `principal`."""
    context = {"cloudId": cloud_id, "siteUrl": jira.site_url, "extension": {"type": "jira:adminPage"}}
    claims = fit_claims(context=context)
    claims["app"] |= {
        "installationId": f"ari:cloud:ecosystem::installation/{installation_id}",
        "apiBaseUrl": jira.api_base_url(cloud_id),
        "module": {"type": "jira:adminPage", "key": "forge-admin"},
    }
    claims.pop("principal")
    if principal is not None:
        claims["principal"] = principal
    return headers(claims, forge_key, "a system token of the user's choosing")


async def call(client: QuartClient, path: str, call_headers: dict[str, str], body: Any = None) -> tuple[int, Any]:
    response = await client.post(ADMIN_API + path, json={} if body is None else body, headers=call_headers)
    assert response.mimetype == "application/json" and "Location" not in response.headers
    return response.status_code, await response.get_json()


def choice(project: str, use_this_site: bool, organization: str = "acme") -> dict[str, Any]:
    return {"organization": organization, "project": project, "use_this_site": use_this_site}


async def test_an_administrator_links_chooses_and_unlinks(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, jira: PermissionSite, installed: Tenant, acme_key: str
) -> None:
    admin = admin_page_call(forge_key, jira)
    status, state = await call(client, "/state", admin)
    assert status == 200
    assert (state["base_url"], state["platforms"], state["organizations"]) == (SITE_URL, ["forge"], [])

    status, state = await call(client, "/link", admin, {"api_key": acme_key})
    assert status == 201 and [org["name"] for org in state["organizations"]] == ["Acme Inc"]
    assert (await call(client, "/link", admin, {"api_key": acme_key}))[0] == 200
    connection = await IssueTracker.get()
    assert (connection.tenant_id, connection.url, connection.credentials) == (installed.id, SITE_URL, None)

    status, state = await call(client, "/projects", admin, choice("web", True))
    assert status == 200 and uses(state) == {"api": False, "web": True}
    assert (await Project.get(slug="web")).issue_tracker_id == connection.id

    status, state = await call(client, "/unlink", admin, {"organization": "acme"})
    assert (status, state["organizations"]) == (200, [])
    assert (await Project.get(slug="web")).issue_tracker_id is None and await IssueTracker.all().count() == 0

    # Jira was asked each time, with the installation's stored app system token (not the one the UI call
    # carried), at its apiBaseUrl.
    assert jira.refusals == [] and [check["accountId"] for check in jira.checks] == [ADMIN] * 5
    assert {request.path for request in jira.received if request.method == "POST"} == {
        f"/ex/jira/{CLOUD_ID}/rest/api/3/permissions/check"
    }


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/state", None),
        ("/link", "the key"),
        ("/projects", choice("web", False)),
        ("/unlink", {"organization": "acme"}),
        ("/consent", {"connection": 1, "approve": False}),
    ],
)
@pytest.mark.parametrize("principal", [USER, None], ids=["a user", "no user"])
async def test_anyone_jira_does_not_confirm_is_refused_and_changes_nothing(
    client: QuartClient,
    forge_key: rsa.RSAPrivateKey,
    jira: PermissionSite,
    installed: Tenant,
    acme_key: str,
    path: str,
    body: Any,
    principal: str | None,
) -> None:
    admin = admin_page_call(forge_key, jira)
    assert (await call(client, "/link", admin, {"api_key": acme_key}))[0] == 201
    assert (await call(client, "/projects", admin, choice("web", True)))[0] == 200
    body = {"api_key": acme_key} if body == "the key" else body
    status, answer = await call(client, path, admin_page_call(forge_key, jira, principal), body)
    assert (status, answer) == (403, {"error": NOT_ADMIN})
    connection = await IssueTracker.get()
    assert (await Project.get(slug="web")).issue_tracker_id == connection.id


async def test_an_administrator_answers_a_token_connection_to_the_site(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, jira: PermissionSite, installed: Tenant, acme_key: str
) -> None:
    acme = await Organization.get(slug="acme")
    pending = await IssueTracker.create(organization=acme, provider="jira", url=installed.base_url, credentials="x")
    status, state = await call(client, "/consent", admin_page_call(forge_key, jira), {"connection": pending.id, "approve": True})
    assert status == 200 and [request["consent"] for request in state["consent_requests"]] == ["granted"]


async def test_an_unknown_installation_is_404_a_disabled_site_403_and_a_bad_token_401(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, jira: PermissionSite, installed: Tenant
) -> None:
    unknown = admin_page_call(forge_key, jira, installation_id=OTHER_INSTALLATION, cloud_id=OTHER_CLOUD)
    status, answer = await call(client, "/state", unknown)
    assert status == 404 and "not know this Jira site's installation" in answer["error"]
    assert (await call(client, "/state", {}))[0] == 401
    await Tenant.filter(id=installed.id).update(enabled=False)
    assert (await call(client, "/state", admin_page_call(forge_key, jira)))[0] == 403
    assert jira.checks == []


async def test_bad_bodies_get_one_sentence(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, jira: PermissionSite, installed: Tenant, acme_key: str
) -> None:
    admin = admin_page_call(forge_key, jira)
    assert await call(client, "/link", admin, {"api_key": "slk_wrong"}) == (
        400,
        {"error": "This API key is not a valid key of any Sleuth organization."},
    )
    assert (await call(client, "/link", admin, {"api_key": acme_key}))[0] == 201
    status, answer = await call(client, "/projects", admin, {"organization": "acme", "project": "web"})
    assert status == 400 and "'use_this_site'" in answer["error"]
    status, answer = await call(client, "/projects", admin, choice("x", True))
    assert (status, answer["error"]) == (404, "Organization 'acme' has no project 'x'.")
    status, answer = await call(client, "/unlink", admin, {"organization": "globex"})
    assert status == 404 and "not linked" in answer["error"]


async def test_another_installation_never_sees_or_changes_this_sites_links(
    client: QuartClient, forge_key: rsa.RSAPrivateKey, jira: PermissionSite, installed: Tenant, acme_key: str
) -> None:
    assert (await call(client, "/link", admin_page_call(forge_key, jira), {"api_key": acme_key}))[0] == 201
    globex_jira = PermissionSite(admins={ADMIN}, site_url=OTHER_SITE_URL)
    await globex_jira.start()
    try:
        await install(client, forge_key, globex_jira, installation_id=OTHER_INSTALLATION, cloud_id=OTHER_CLOUD)
        globex = admin_page_call(forge_key, globex_jira, installation_id=OTHER_INSTALLATION, cloud_id=OTHER_CLOUD)
        assert (await call(client, "/state", globex))[1]["organizations"] == []
        assert (await call(client, "/projects", globex, choice("web", True)))[0] == 404
        assert (await call(client, "/unlink", globex, {"organization": "acme"}))[0] == 404
        assert globex_jira.refusals == [] and len(globex_jira.checks) == 3
    finally:
        await globex_jira.stop()
    assert (await IssueTracker.get()).tenant_id == installed.id


async def test_a_site_moved_from_connect_to_forge_sees_the_same_links_on_either_page(
    client: QuartClient,
    signed_install: SignedInstall,
    forge_key: rsa.RSAPrivateKey,
    jira: PermissionSite,
    acme_key: str,
) -> None:
    secret = await signed_install("acme-client-key", baseUrl=SITE_URL, displayUrl=None)
    await install(client, forge_key, jira)  # the same site's Forge installation: the same tenant row
    status, forge_state = await call(client, "/link", admin_page_call(forge_key, jira), {"api_key": acme_key})
    assert status == 201 and forge_state["platforms"] == ["connect", "forge"]
    context_token = tenant_token(secret, client_key="acme-client-key", qsh=CONTEXT_QSH, sub=ADMIN)
    response = await client.get("/jira/admin/api/state", headers=jwt_header(context_token))
    assert response.status_code == 200 and await response.get_json() == forge_state
    assert jira.refusals == []  # both asked Jira with the app system token while it is valid


async def test_the_routes_do_not_exist_while_forge_is_off(make_settings: Callable[..., Settings]) -> None:
    app = create_app(make_settings())
    async with app.test_app():
        response = await app.test_client().post(ADMIN_API + "/state", json={})
        assert response.status_code == 404 and response.mimetype == "application/json"
