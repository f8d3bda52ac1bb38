"""The API tokens page: a token made there is shown once and works at once, its last use shows, and a
revoked one is refused at once; only owners and admins of the organization reach it."""

from __future__ import annotations

import re

from quart.typing import TestClientProtocol as QuartClient

from models import ApiKey, CodeDeployment, Project, User
from tests.web.sleuth_ui.pages import Org, post_form, sign_in, text

TOKENS = "/acme/settings/api-tokens"


async def test_a_token_is_shown_once_works_shows_its_use_and_is_revoked_at_once(
    client: QuartClient, acme: Org, acme_admin: User
) -> None:
    await sign_in(client, acme_admin)
    assert 'href="/acme/settings/api-tokens">API tokens</a>' in await text(await client.get("/acme"))
    created = await post_form(client, TOKENS, {"label": "GitHub Actions", "scope": "register_deploy"})
    page = await text(created)
    assert created.status_code == 201  # type: ignore[attr-defined]
    token = re.search(r'<code class="token" id="new-token">(slt_[^<]+)</code>', page)
    assert token and "it is not shown again" in page
    listing = await text(await client.get(TOKENS))
    assert token.group(1) not in listing and "GitHub Actions" in listing and "register_deploy" in listing
    assert "never" in listing.split("GitHub Actions")[1].split("</tr>")[0]

    web = await Project.create(organization=acme.organization, slug="web", name="Web")
    await CodeDeployment.create(organization=acme.organization, project=web, slug="web-app", name="Web app")
    body = {"sha": "a" * 40, "environment": "production"}
    headers = {"Authorization": f"Bearer {token.group(1)}"}
    answer = await client.post("/api/1/deployments/acme/web-app/register_deploy", json=body, headers=headers)
    assert answer.status_code == 200, await answer.get_data(as_text=True)
    stored = await ApiKey.get(label="GitHub Actions")
    assert stored.last_used_at is not None
    assert "never" not in (await text(await client.get(TOKENS))).split("GitHub Actions")[1].split("</tr>")[0]

    revoked = await post_form(client, f"{TOKENS}/{stored.id}/revoke", {}, token_from=TOKENS)
    assert revoked.status_code == 302  # type: ignore[attr-defined]
    answer = await client.post("/api/1/deployments/acme/web-app/register_deploy", json=body | {"sha": "b" * 40},
                               headers=headers)  # fmt: skip
    assert answer.status_code == 401
    assert "GitHub Actions is revoked" in await text(await client.get(TOKENS))


async def test_only_this_organizations_admins_reach_it(
    client: QuartClient, acme: Org, acme_member: User, globex_admin: User, app
) -> None:  # type: ignore[no-untyped-def]
    await sign_in(client, acme_member)
    assert (await client.get(TOKENS)).status_code == 403
    stranger = app.test_client()
    await sign_in(stranger, globex_admin)
    assert (await stranger.get(TOKENS)).status_code == 404
    key = await ApiKey.filter(organization=acme.organization).first()
    assert key is not None
    refused = await post_form(stranger, f"/globex/settings/api-tokens/{key.id}/revoke", {}, token_from="/globex")
    assert refused.status_code == 404  # type: ignore[attr-defined]
    assert (await ApiKey.get(id=key.id)).revoked_at is None
