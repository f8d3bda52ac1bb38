"""`PanelFastPath`: the deploy panel's ordinary loads are answered in front of Quart, with the very page
the Quart route renders; everything else reaches the route and gets its answer (refusals included).
Its per-worker tenant copies save a statement per load and never outlive a change to the tenant row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient

from app.jira_sites.tenants import SHARED_SECRET_PURPOSE
from app.web.application import SleuthJira
from app.web.connect.auth import PAGE_SOURCES
from models import Tenant
from tests.fakes.atlassian import (
    SITE_URL,
    SLEUTH_UNDER_A_PATH,
    SignedInstall,
    install_site,
    install_token,
    jwt_header,
    lifecycle_body,
    tenant_token,
)
from tests.fakes.querycount import count_statements
from tests.web.jira_pages.test_panel import CLIENT_KEY, DISPLAY_URL, add_deploy, seed

PATH = "/jira/panel?issueKey=ACME-12&projectKey=ACME"


def through_quart(app: SleuthJira) -> list[str]:
    """The paths of the requests that entered Quart's request pipeline from now on."""
    seen: list[str] = []

    async def record() -> None:
        from quart import request

        seen.append(request.path)

    app.before_request_funcs.setdefault(None, []).insert(0, record)  # ahead of the guards that may refuse
    return seen


async def test_an_ordinary_load_is_answered_before_quart(
    app: SleuthJira, client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY, displayUrl=DISPLAY_URL)
    _, web_app, production = await seed("acme", SITE_URL)
    await add_deploy(web_app, production, "a" * 40, "ACME-12", ago=timedelta(hours=2))
    seen = through_quart(app)
    response = await client.get(f"{PATH}&jwt={tenant_token(secret, client_key=CLIENT_KEY, path_and_query=PATH)}")
    assert response.status_code == 200 and seen == []
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Content-Security-Policy"] == f"{PAGE_SOURCES}; frame-ancestors 'self' {SITE_URL} {DISPLAY_URL}"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert ">aaaaaaa</a>" in await response.get_data(as_text=True)


async def test_it_answers_exactly_what_the_route_answers(
    app: SleuthJira, client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY, displayUrl=DISPLAY_URL)
    _, web_app, production = await seed("acme", SITE_URL)
    await add_deploy(web_app, production, "a" * 40, "ACME-12", ago=timedelta(days=2), author_name="Ada", tags=["#x"])
    token = tenant_token(secret, client_key=CLIENT_KEY, path_and_query=PATH)
    seen = through_quart(app)
    fast = await client.get(f"{PATH}&jwt={token}")
    # A token in the Authorization header is left to the route (it checks it against any query token).
    routed = await client.get(PATH, headers={"Authorization": f"JWT {token}"})
    assert seen == ["/jira/panel"]
    assert fast.status_code == routed.status_code == 200
    assert await fast.get_data() == await routed.get_data()
    for header in ("Content-Type", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert fast.headers[header] == routed.headers[header]


@pytest.mark.parametrize(
    ("case", "status"),
    [("no token", 401), ("bad signature", 401), ("another request's token", 401), ("two tokens", 401),
     ("a NUL in the query", 400), ("disabled site", 403), ("uninstalled site", 401)],
)
async def test_what_it_cannot_serve_gets_the_routes_refusal(
    app: SleuthJira, client: QuartClient, signed_install: SignedInstall, case: str, status: int
) -> None:
    secret = await signed_install(CLIENT_KEY)
    token = tenant_token(secret, client_key=CLIENT_KEY, path_and_query=PATH)
    url = {
        "no token": PATH,
        "bad signature": f"{PATH}&jwt={token[:-2]}xx",
        "another request's token": f"{PATH}&jwt={tenant_token(secret, client_key=CLIENT_KEY, path_and_query='/jira/panel')}",
        "two tokens": f"{PATH}&jwt={token}&jwt={token}",
        "a NUL in the query": f"{PATH}%00&jwt={token}",
        "disabled site": f"{PATH}&jwt={token}",
        "uninstalled site": f"{PATH}&jwt={token}",
    }[case]
    if case == "disabled site":
        await Tenant.filter(client_key=CLIENT_KEY).update(enabled=False)
    if case == "uninstalled site":
        await Tenant.filter(client_key=CLIENT_KEY).update(installed=False)
    seen = through_quart(app)
    response = await client.get(url)
    assert response.status_code == status
    assert seen == ["/jira/panel"]  # the route answered, in its own words
    if status == 400:  # the request guard's refusal, before any token is read
        assert set(await response.get_json()) == {"error"}
    else:  # a page for the iframe, never JSON shown as text inside Jira
        assert response.content_type.startswith("text/html") and 'role="alert"' in await response.get_data(as_text=True)


async def test_head_and_other_paths_go_to_quart(app: SleuthJira, client: QuartClient, signed_install: SignedInstall) -> None:
    secret = await signed_install(CLIENT_KEY)
    token = tenant_token(secret, client_key=CLIENT_KEY, method="HEAD", path_and_query=PATH)
    seen = through_quart(app)
    assert (await client.head(f"{PATH}&jwt={token}")).status_code == 200
    assert (await client.get("/jira/panel/")).status_code == 404
    assert seen == ["/jira/panel", "/jira/panel/"]


async def test_under_a_base_url_with_a_path(app_under_a_path: SleuthJira, atlassian_key: rsa.RSAPrivateKey) -> None:
    client = app_under_a_path.test_client()
    secret = await install_site(client, atlassian_key, CLIENT_KEY, base_url=SLEUTH_UNDER_A_PATH)
    seen = through_quart(app_under_a_path)
    response = await client.get(f"/sleuth{PATH}&jwt={tenant_token(secret, client_key=CLIENT_KEY, path_and_query=PATH)}")
    assert response.status_code == 200 and seen == []
    assert "/sleuth/static/jira/panel.css" in await response.get_data(as_text=True)


async def test_a_site_it_has_seen_loads_with_one_statement(client: QuartClient, signed_install: SignedInstall) -> None:
    secret = await signed_install(CLIENT_KEY)
    _, web_app, production = await seed("acme", SITE_URL)
    await add_deploy(web_app, production, "a" * 40, "ACME-12", ago=timedelta(hours=2))
    url = f"{PATH}&jwt={tenant_token(secret, client_key=CLIENT_KEY, path_and_query=PATH)}"
    with count_statements() as first:
        assert (await client.get(url)).status_code == 200
    with count_statements() as second:
        response = await client.get(url)
    assert len(first) == 2 and len(second) == 1, (first, second)  # the deploy query confirms the cached tenant
    assert ">aaaaaaa</a>" in await response.get_data(as_text=True)


# The three ways a load reaches the database: the deploy query finds rows (it carries the tenant check),
# finds none (the tenant row is asked), or is not run at all (a key that cannot have deploys).
ISSUES = {"with deploys": "ACME-12", "without deploys": "ACME-99", "not an issue key": "nonsense"}


@pytest.mark.parametrize("issue", ISSUES)
@pytest.mark.parametrize("change", ["uninstalled", "disabled", "secret rotated", "display URL changed"])
async def test_a_cached_tenant_never_outlives_its_row(
    app: SleuthJira, client: QuartClient, signed_install: SignedInstall, atlassian_key: rsa.RSAPrivateKey,
    issue: str, change: str,
) -> None:
    secret = await signed_install(CLIENT_KEY)
    _, web_app, production = await seed("acme", SITE_URL)
    await add_deploy(web_app, production, "a" * 40, "ACME-12", ago=timedelta(hours=2))
    path = f"/jira/panel?issueKey={ISSUES[issue]}"

    async def load(with_secret: str) -> tuple[int, str]:
        response = await client.get(f"{path}&jwt={tenant_token(with_secret, client_key=CLIENT_KEY, path_and_query=path)}")
        return response.status_code, response.headers.get("Content-Security-Policy", "")

    assert (await load(secret))[0] == 200  # the worker now holds a copy of the tenant
    # Each change as another worker (or the lifecycle route) makes it: in the database, not in this cache.
    if change == "uninstalled":
        uninstall = install_token(atlassian_key, client_key=CLIENT_KEY, path="/connect/uninstalled")
        await client.post("/connect/uninstalled", json=lifecycle_body(CLIENT_KEY, "uninstalled"), headers=jwt_header(uninstall))
        assert (await load(secret))[0] == 401
    elif change == "disabled":
        await Tenant.filter(client_key=CLIENT_KEY).update(enabled=False)
        assert (await load(secret))[0] == 403
    elif change == "secret rotated":
        new_secret = "rotated-secret-0123456789abcdef0123456789abcdef"
        await Tenant.filter(client_key=CLIENT_KEY).update(shared_secret=app.secret_box.encrypt(new_secret, SHARED_SECRET_PURPOSE))
        assert (await load(secret))[0] == 401
        seen = through_quart(app)
        assert (await load(new_secret))[0] == 200
        assert (await load(new_secret))[0] == 200 and seen == []  # on the fast path, with a fresh copy
    else:
        await Tenant.filter(client_key=CLIENT_KEY).update(display_url=DISPLAY_URL)
        status, policy = await load(secret)
        assert status == 200 and policy == f"{PAGE_SOURCES}; frame-ancestors 'self' {SITE_URL} {DISPLAY_URL}"


async def test_a_site_enabled_again_is_back_on_the_fast_path(
    app: SleuthJira, client: QuartClient, signed_install: SignedInstall
) -> None:
    secret = await signed_install(CLIENT_KEY)
    url = f"{PATH}&jwt={tenant_token(secret, client_key=CLIENT_KEY, path_and_query=PATH)}"
    await Tenant.filter(client_key=CLIENT_KEY).update(enabled=False)
    assert (await client.get(url)).status_code == 403  # the worker read the row while it was disabled
    await Tenant.filter(client_key=CLIENT_KEY).update(enabled=True)  # the enabled callback, on another worker
    seen = through_quart(app)
    assert (await client.get(url)).status_code == 200
    assert (await client.get(url)).status_code == 200 and seen == []
