"""The Integrations page: tiles, the forms that add and edit a connection checked against a fake Jira
site, "Test again", removal with its confirmation, and who may do any of it."""

from __future__ import annotations

import re

from quart.typing import TestClientProtocol as QuartClient

from app.web.application import SleuthJira
from models import IssueTracker, Project, TrackerProvider, User
from tests.fakes.jira import FakeJira
from tests.web.sleuth_ui.pages import Org, post_form, sign_in, text

INTEGRATIONS = "/acme/settings/integrations"
ENABLE_JIRA = "/acme/settings/integrations/jira/enable"
TOKEN = "ATATT-the-right-token"
HEADERS = "CF-Access-Client-Id=abc.access,CF-Access-Client-Secret=very-secret-value"


def _jira_form(fake_jira: FakeJira, **fields: str) -> dict[str, str]:
    return {
        "url": fake_jira.server.url + "/",
        "email": "admin@acme.test",
        "api_token": TOKEN,
        "label": "Production Jira",
    } | fields


def _field_error(body: str, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', body)
    assert found, f"no error next to {field}"
    return found.group(1)


async def test_admins_reach_integrations_from_the_avatar_menu(client: QuartClient, acme_admin: User) -> None:
    await sign_in(client, acme_admin)
    home = await text(await client.get("/acme"))
    menu = home[home.index('class="avatar-menu"') : home.index("</details>")]
    assert 'id="menu-organization">Organization</h2>' in menu and f'href="{INTEGRATIONS}">Integrations</a>' in menu
    assert "Sign out" in menu
    page = await text(await client.get(INTEGRATIONS))
    for name in ("Jira Cloud", "Jira Data Center", "Bitbucket"):
        assert f"<h2>{name}</h2>" in page
    assert page.count('<p class="status status-off">Not connected</p>') == 3 and page.count(">Enable</a>") == 3


async def test_members_see_no_integrations_and_are_refused_them(
    client: QuartClient, acme_member: User, acme_admin: User, fake_jira: FakeJira
) -> None:
    await sign_in(client, acme_member)
    home = await text(await client.get("/acme"))
    assert "Integrations" not in home and "Sign out" in home
    for path in (INTEGRATIONS, ENABLE_JIRA, "/acme/settings/integrations/connections/1/remove"):
        response = await client.get(path)
        assert response.status_code == 403, path
        assert "Only owners and admins of this organization can use this page." in await text(response)
    refused = await post_form(client, ENABLE_JIRA, _jira_form(fake_jira), token_from="/acme")
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert await IssueTracker.all().count() == 0 and fake_jira.received == []


async def test_another_organizations_admin_gets_404(
    client: QuartClient, acme: Org, globex_admin: User, fake_jira: FakeJira
) -> None:
    connection = await IssueTracker.create(
        organization=acme.organization, provider="jira", url="https://acme.atlassian.net"
    )
    await sign_in(client, globex_admin)
    remove = f"/acme/settings/integrations/connections/{connection.id}/remove"
    for path in (INTEGRATIONS, ENABLE_JIRA, remove):
        assert (await client.get(path)).status_code == 404, path
    for path, form in ((ENABLE_JIRA, _jira_form(fake_jira)), (remove, {})):
        response = await post_form(client, path, form, token_from="/globex")
        assert response.status_code == 404  # type: ignore[attr-defined]
    assert await IssueTracker.all().count() == 1 and fake_jira.received == []
    # Their own page, with acme's connection id in it, finds nothing either.
    own = await post_form(
        client, f"/globex/settings/integrations/connections/{connection.id}/remove", {}, token_from="/globex"
    )
    assert own.status_code == 404  # type: ignore[attr-defined]
    assert await IssueTracker.filter(id=connection.id).exists()


async def test_the_jira_cloud_form_has_sleuths_fields(client: QuartClient, acme_admin: User) -> None:
    await sign_in(client, acme_admin)
    page = await text(await client.get(ENABLE_JIRA))
    for label in (
        'for="url">URL<',
        'for="email">Email<',
        'for="api_token">API Token<',
        'for="label">Description label<',
    ):
        assert label in page
    assert 'href="https://id.atlassian.com/manage-profile/security/api-tokens"' in page and ">generate</a>" in page
    assert "The fully qualified URL of your instance." in page and 'placeholder="eg For QA Environment"' in page
    advanced = page[
        page.index('<details class="advanced"') : page.index("</details>", page.index('<details class="advanced"'))
    ]
    assert "<summary>Advanced settings</summary>" in advanced and 'for="custom_headers">Custom headers<' in advanced
    assert "my-header=my-value,my-other-header=value2" in advanced
    assert 'type="password"' in page and 'name="csrf_token"' in page


async def test_a_wrong_token_is_shown_next_to_the_token_and_nothing_is_stored(
    client: QuartClient, acme_admin: User, fake_jira: FakeJira
) -> None:
    fake_jira.api_token = TOKEN
    await sign_in(client, acme_admin)
    response = await post_form(
        client, ENABLE_JIRA, _jira_form(fake_jira, api_token="wrong-token", custom_headers=HEADERS)
    )
    body = await text(response)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert _field_error(body, "api_token") == "Jira refused the credentials (401): check the email and API token."
    assert 'id="api_token" name="api_token" type="password"' in body and 'aria-invalid="true"' in body
    assert (
        f'value="{fake_jira.server.url}/"' in body
        and 'value="admin@acme.test"' in body
        and 'value="Production Jira"' in body
    )
    assert "wrong-token" not in body and "very-secret-value" not in body and "abc.access" not in body
    assert await IssueTracker.all().count() == 0


async def test_each_refusal_lands_next_to_its_field(client: QuartClient, acme_admin: User, fake_jira: FakeJira) -> None:
    await sign_in(client, acme_admin)
    cases = [
        ({"url": "ftp://acme.test"}, "url"),
        ({"url": "http://127.0.0.1:9"}, "url"),
        ({"custom_headers": "no equals sign"}, "custom_headers"),
        ({"custom_headers": "Authorization=Basic x"}, "custom_headers"),
        ({"email": ""}, "email"),
        ({"label": "x" * 300}, "label"),
    ]
    for fields, field in cases:
        response = await post_form(client, ENABLE_JIRA, _jira_form(fake_jira, **fields))
        body = await text(response)
        assert response.status_code == 400, fields  # type: ignore[attr-defined]
        assert _field_error(body, field), fields
        # Advanced settings open by themselves when the error is inside them.
        assert ('<details class="advanced" open>' in body) is (field == "custom_headers")
    fake_jira.required_headers = {"CF-Access-Client-Id": "abc.access"}
    proxied = await text(
        await post_form(client, ENABLE_JIRA, _jira_form(fake_jira, custom_headers="CF-Access-Client-Id=wrong"))
    )
    assert "refused access (403)" in _field_error(proxied, "custom_headers")
    assert await IssueTracker.all().count() == 0


async def test_saving_checks_the_site_with_the_headers_and_lists_the_connection(
    client: QuartClient, acme: Org, acme_admin: User, fake_jira: FakeJira
) -> None:
    fake_jira.api_token = TOKEN
    fake_jira.required_headers = {"CF-Access-Client-Id": "abc.access", "CF-Access-Client-Secret": "very-secret-value"}
    await sign_in(client, acme_admin)
    response = await post_form(client, ENABLE_JIRA, _jira_form(fake_jira, custom_headers=HEADERS))
    assert response.status_code == 302 and response.headers["Location"] == INTEGRATIONS  # type: ignore[attr-defined]
    myself, permissions = fake_jira.received  # the check, then whether the account is a Jira administrator
    assert myself.path == "/rest/api/3/myself" and myself.headers["CF-Access-Client-Secret"] == "very-secret-value"
    assert permissions.path == "/rest/api/3/mypermissions"
    connection = await IssueTracker.get(organization=acme.organization)
    assert (connection.provider, connection.url, connection.label) == (
        TrackerProvider.JIRA,
        fake_jira.server.url,
        "Production Jira",
    )
    await Project.create(organization=acme.organization, slug="web", name="Web", issue_tracker=connection)

    page = await text(await client.get(INTEGRATIONS))
    assert "Jira Cloud is enabled: Production Jira is connected." in page
    assert "Enabled · 1 connection" in page and '<span class="chevron" aria-hidden="true">∨</span>' in page
    assert fake_jira.server.url in page and "custom headers: CF-Access-Client-Id, CF-Access-Client-Secret" in page
    assert "Used by" in page and ">Web</a>" in page
    assert TOKEN not in page and "very-secret-value" not in page and "abc.access" not in page
    assert "Waiting for the Jira site" in page and "Jira Settings &gt; Apps &gt; Sleuth)" in page
    await IssueTracker.filter(id=connection.id).update(site_consent="granted")  # a Jira admin approved it
    assert "Deploys show in this Jira site." in await text(await client.get(INTEGRATIONS))


async def test_data_center_and_bitbucket_tiles_save_their_own_fields(
    client: QuartClient, acme: Org, acme_admin: User, fake_jira: FakeJira
) -> None:
    await sign_in(client, acme_admin)
    dc = "/acme/settings/integrations/jira_dc/enable"
    page = await text(await client.get(dc))
    assert all(
        f'for="{name}"' in page for name in ("url", "personal_access_token", "username", "password", "custom_headers")
    )
    missing = await post_form(client, dc, {"url": fake_jira.server.url})
    assert "personal_access_token" in _field_error(await text(missing), "personal_access_token")
    saved = await post_form(client, dc, {"url": fake_jira.server.url, "personal_access_token": "pat-1", "label": "DC"})
    assert saved.status_code == 302  # type: ignore[attr-defined]
    assert [request.path for request in fake_jira.received[-2:]] == ["/rest/api/2/myself", "/rest/api/2/mypermissions"]
    assert fake_jira.received[-2].headers["Authorization"] == "Bearer pat-1"

    bitbucket = "/acme/settings/integrations/bitbucket/enable"
    page = await text(await client.get(bitbucket))
    assert 'for="workspace">Workspace<' in page and 'for="url">Jira site URL<' in page and "custom_headers" not in page
    no_workspace = await post_form(client, bitbucket, _jira_form(fake_jira))
    assert _field_error(await text(no_workspace), "workspace") == "Workspace is required."
    assert (await post_form(client, bitbucket, _jira_form(fake_jira, workspace="acme-team"))).status_code == 302  # type: ignore[attr-defined]
    providers = {c.provider: c.workspace for c in await IssueTracker.filter(organization=acme.organization)}
    assert providers == {TrackerProvider.JIRA_DC: "", TrackerProvider.BITBUCKET: "acme-team"}
    assert (await client.get("/acme/settings/integrations/linear/enable")).status_code == 404


async def test_the_form_refuses_a_post_without_the_sessions_token(
    app: SleuthJira, client: QuartClient, acme_admin: User, fake_jira: FakeJira
) -> None:
    await sign_in(client, acme_admin)
    response = await client.post(ENABLE_JIRA, form=_jira_form(fake_jira))
    assert response.status_code == 403
    other = app.test_client()
    await sign_in(other, acme_admin)
    stolen = re.search(r'name="csrf_token" value="([^"]+)"', await text(await other.get("/acme")))
    assert stolen
    crossed = await client.post(ENABLE_JIRA, form={**_jira_form(fake_jira), "csrf_token": stolen.group(1)})
    assert crossed.status_code == 403
    assert await IssueTracker.all().count() == 0 and fake_jira.received == []


async def test_removal_names_the_projects_then_disconnects_them(
    client: QuartClient, acme: Org, acme_admin: User
) -> None:
    first = await IssueTracker.create(
        organization=acme.organization, provider="jira", label="Prod", url="https://acme.atlassian.net"
    )
    second = await IssueTracker.create(
        organization=acme.organization, provider="jira", label="QA", url="https://qa.atlassian.net"
    )
    web = await Project.create(organization=acme.organization, slug="web", name="Web", issue_tracker=first)
    api = await Project.create(organization=acme.organization, slug="api", name="Api", issue_tracker=first)
    await sign_in(client, acme_admin)

    confirm = f"/acme/settings/integrations/connections/{first.id}/remove"
    page = await text(await client.get(confirm))
    assert "Remove Jira Cloud (Prod)?" in page and "<li>Api (api)</li>" in page and "<li>Web (web)</li>" in page
    assert (await client.post(confirm)).status_code == 403  # no token: nothing removed
    assert await IssueTracker.filter(id=first.id).exists()

    removed = await post_form(client, confirm, {})
    assert removed.status_code == 302  # type: ignore[attr-defined]
    assert not await IssueTracker.filter(id=first.id).exists()
    assert [(await Project.get(id=p.id)).issue_tracker_id for p in (web, api)] == [None, None]
    page = await text(await client.get(INTEGRATIONS))
    assert "Jira Cloud (Prod) is removed." in page and "fully disconnected" not in page.split("<main")[0]
    assert "Enabled · 1 connection" in page

    await post_form(client, f"/acme/settings/integrations/connections/{second.id}/remove", {})
    page = await text(await client.get(INTEGRATIONS))
    assert "Jira Cloud is fully disconnected: this organization has no Jira Cloud connection left." in page
    assert "Fully disconnected: this organization has no Jira Cloud connection left.</p>" in page
    assert (await client.get(f"/acme/settings/integrations/connections/{second.id}/remove")).status_code == 404
    assert (await client.get(f"/acme/settings/integrations/connections/{2**40}/remove")).status_code == 404


async def test_an_empty_save_names_every_required_field_at_once_and_asks_no_site(
    client: QuartClient, acme_admin: User, fake_jira: FakeJira
) -> None:
    await sign_in(client, acme_admin)
    response = await post_form(client, ENABLE_JIRA, {"url": "", "email": "", "api_token": "", "label": ""})
    body = await text(response)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Not saved: fill in URL, Email, API Token." in body
    assert [_field_error(body, name) for name in ("url", "email", "api_token")] == [
        "URL is required.", "Email is required.", "API Token is required."
    ]
    assert body.count("autofocus") == 1 and 'id="url" name="url" type="url" autocomplete="url"' in body
    assert "this field was emptied" not in body  # nothing was typed, so nothing was emptied
    assert fake_jira.received == [] and await IssueTracker.all().count() == 0


async def test_a_refused_save_keeps_the_header_names_and_asks_only_for_their_values(
    client: QuartClient, acme_admin: User, fake_jira: FakeJira
) -> None:
    fake_jira.api_token = TOKEN
    await sign_in(client, acme_admin)
    response = await post_form(client, ENABLE_JIRA, _jira_form(fake_jira, api_token="wrong", custom_headers=HEADERS))
    body = await text(response)
    assert '<details class="advanced" open>' in body  # the headers were typed: shown again, not hidden
    assert 'value="CF-Access-Client-Id=,CF-Access-Client-Secret="' in body
    assert "the header values were emptied; their names are kept" in body
    assert "For your safety this field was emptied: type it again." in body  # the token
    assert "very-secret-value" not in body and "abc.access" not in body and "wrong" not in body.split("<main")[1]


async def test_an_edit_rotates_the_token_and_headers_and_the_projects_keep_the_connection(
    client: QuartClient, acme: Org, acme_admin: User, fake_jira: FakeJira
) -> None:
    fake_jira.api_token = TOKEN
    fake_jira.required_headers = {"CF-Access-Client-Id": "abc.access", "CF-Access-Client-Secret": "very-secret-value"}
    await sign_in(client, acme_admin)
    assert (await post_form(client, ENABLE_JIRA, _jira_form(fake_jira, custom_headers=HEADERS))).status_code == 302  # type: ignore[attr-defined]
    connection = await IssueTracker.get(organization=acme.organization)
    web = await Project.create(organization=acme.organization, slug="web", name="Web", issue_tracker=connection)
    edit = f"/acme/settings/integrations/connections/{connection.id}/edit"
    page = await text(await client.get(edit))
    assert "Edit Jira Cloud (Production Jira)" in page and 'value="Production Jira"' in page
    assert "Stored headers: CF-Access-Client-Id, CF-Access-Client-Secret." in page
    assert TOKEN not in page and "very-secret-value" not in page

    # The site rotated its token and its proxy's secret; a wrong new token changes nothing.
    fake_jira.api_token = "ATATT-the-new-token"
    fake_jira.required_headers["CF-Access-Client-Secret"] = "rotated-value"
    rotated = "CF-Access-Client-Id=abc.access,CF-Access-Client-Secret=rotated-value"
    refused = await post_form(client, edit, {"api_token": "not-it", "custom_headers": rotated, "label": "Prod"})
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "Jira refused the credentials (401)" in _field_error(await text(refused), "api_token")
    assert (await IssueTracker.get(id=connection.id)).label == "Production Jira"

    saved = await post_form(client, edit, {"api_token": "ATATT-the-new-token", "custom_headers": rotated, "label": "Prod"})
    assert saved.status_code == 302  # type: ignore[attr-defined]
    assert fake_jira.received[-2].headers["CF-Access-Client-Secret"] == "rotated-value"
    stored = await IssueTracker.get(id=connection.id)
    assert (stored.label, stored.healthy, stored.checked_at is not None) == ("Prod", True, True)
    assert (await Project.get(id=web.id)).issue_tracker_id == connection.id
    assert "Jira Cloud (Prod) is saved: its site said yes, and its projects keep it." in await text(
        await client.get(INTEGRATIONS)
    )


async def test_test_again_shows_the_sites_answer_on_the_tile(
    client: QuartClient, acme: Org, acme_admin: User, fake_jira: FakeJira
) -> None:
    fake_jira.api_token = TOKEN
    await sign_in(client, acme_admin)
    await post_form(client, ENABLE_JIRA, _jira_form(fake_jira))
    connection = await IssueTracker.get(organization=acme.organization)
    page = await text(await client.get(INTEGRATIONS))
    assert '<span class="status-on">Works</span>: its site said yes' in page and "data-local-time" in page
    assert 'aria-label="Add a Jira Cloud connection">Add connection</a>' in page
    assert page.count('<p class="status status-off">Not connected</p>') == 2

    fake_jira.api_token = "revoked"  # someone revoked the token in Atlassian's account settings
    check = f"/acme/settings/integrations/connections/{connection.id}/check"
    assert (await post_form(client, check, {}, token_from=INTEGRATIONS)).status_code == 302  # type: ignore[attr-defined]
    page = await text(await client.get(INTEGRATIONS))
    refusal = "Jira refused the credentials (401): check the email and API token."
    assert f"Jira Cloud (Production Jira) failed: {refusal}" in page
    assert f'<span class="status-failing">Failing</span>: {refusal}' in page
    assert (await IssueTracker.get(id=connection.id)).healthy is False

    fake_jira.api_token = TOKEN
    await post_form(client, check, {}, token_from=INTEGRATIONS)
    assert "Jira Cloud (Production Jira) works: its site said yes." in await text(await client.get(INTEGRATIONS))
    assert (await client.post(check)).status_code == 403  # no CSRF token, no check


async def test_refusal_pages_keep_the_header_and_the_account_menu(
    app: SleuthJira, client: QuartClient, acme_member: User, globex_admin: User
) -> None:
    await sign_in(client, acme_member)
    refused = await client.get(INTEGRATIONS)  # a member: 403
    header = (await text(refused)).split("</header>")[0]
    assert refused.status_code == 403 and 'class="avatar-menu"' in header and "/acme" in header
    stranger = app.test_client()
    await sign_in(stranger, globex_admin)
    missing = await stranger.get(INTEGRATIONS)  # another organization's page: 404, in their own header
    header = (await text(missing)).split("</header>")[0]
    assert missing.status_code == 404 and 'class="avatar-menu"' in header and "/globex" in header
