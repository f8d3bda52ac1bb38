"""The seed's whole flow in Chromium, against the app on a real port and a fake Jira on loopback:
sign in, open Integrations from the avatar menu, enable Jira Cloud with custom headers (an empty Save and
a wrong token first), edit it to rotate the token, test it again, pick it as a project's Issue
Integration Provider, register a deploy through the REST API, see the card's issue links with their
summaries, remove the connection and see the project lose it.
Screenshots of each step land in tests/browser/artifacts/sleuth-*.png."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from app.sleuth.organizations import create_organization
from app.sleuth.users import create_user
from models import IssueTracker, Project, UserRole
from tests.browser.conftest import screenshot_path
from tests.fakes.jira import FakeJira

PASSWORD = "correct horse battery staple"
TOKEN = "ATATT-the-right-token"
SHA = "9fceb02d0ae598e95dc970b74767f19372d61af8"


async def _api(live_url: str, token: str, method: str, path: str, body: dict[str, object]) -> dict[str, object]:
    """The REST API over real HTTP, as CI would call it, with an access token."""
    async with aiohttp.ClientSession() as http:
        async with http.request(
            method, f"{live_url}/api/1{path}", json=body, headers={"Authorization": f"Bearer {token}"}
        ) as answer:
            assert answer.status in (200, 201), await answer.text()
            result: dict[str, object] = await answer.json()
            return result


@pytest.fixture
async def acme_key(database: str) -> str:
    _, key = await create_organization("acme", "Acme Inc")
    await create_user("acme", "ada@acme.test", PASSWORD, UserRole.ADMIN, "Ada Lovelace")
    return key


async def _sign_in(page: Page, live_url: str) -> None:
    await page.goto(f"{live_url}/")
    await page.get_by_label("Email").fill("ada@acme.test")
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", name="Projects of Acme Inc")).to_be_visible()


async def _open_integrations(page: Page) -> None:
    await page.get_by_label("Account menu of Ada Lovelace").click()
    menu = page.locator(".avatar-menu .menu")
    await expect(menu.get_by_role("heading", name="Organization")).to_be_visible()
    await menu.get_by_role("link", name="Integrations").click()
    await expect(page.get_by_role("heading", name="Integrations", exact=True)).to_be_visible()


async def test_the_seed_flow_from_sign_in_to_removal(
    page_context: BrowserContext, live_url: str, acme_key: str, fake_jira: FakeJira
) -> None:
    fake_jira.api_token = TOKEN
    fake_jira.required_headers = {"CF-Access-Client-Id": "abc.access", "CF-Access-Client-Secret": "xyz"}
    fake_jira.issues = {
        "WEB-12": ("Fix the login page", "Done", "done"),
        "WEB-7": ("Login is slow", "In Progress", "indeterminate"),
    }
    page = await page_context.new_page()
    problems: list[str] = []  # script errors and Content-Security-Policy refusals, which log as console errors
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    # Sign in: a wrong password first, then the right one.
    await page.goto(f"{live_url}/acme")
    await page.get_by_label("Email").fill("ada@acme.test")
    await page.get_by_label("Password").fill("not the password")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("alert")).to_have_text("The email or password is not right.")
    await page.screenshot(path=screenshot_path("sleuth-sign-in-refused"))
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", name="Projects of Acme Inc")).to_be_visible()

    # 1. Avatar > Organization > Integrations.
    await page.get_by_label("Account menu of Ada Lovelace").click()
    await page.screenshot(path=screenshot_path("sleuth-avatar-menu"))
    await page.locator(".avatar-menu .menu").get_by_role("link", name="Integrations").click()
    tile = page.locator("#tile-jira")
    await expect(tile).to_contain_text("Not connected")
    await page.screenshot(path=screenshot_path("sleuth-integrations"))

    # 2-3. Enable, the form, Advanced settings with custom headers; a wrong token is refused.
    await tile.get_by_role("link", name="Enable Jira Cloud").click()
    await expect(page.get_by_role("link", name="generate", exact=True)).to_have_attribute(
        "href", "https://id.atlassian.com/manage-profile/security/api-tokens"
    )
    await page.get_by_role("button", name="Save").click()  # nothing typed: every required field is named
    for field in ("URL", "Email", "API Token"):
        await expect(page.locator(".field.has-error").get_by_text(f"{field} is required.")).to_be_visible()
    await page.screenshot(path=screenshot_path("sleuth-empty-save"), full_page=True)
    assert fake_jira.received == []
    await page.get_by_label("URL").fill(fake_jira.server.url)
    await page.get_by_label("Email").fill("admin@acme.test")
    await page.get_by_label("API Token").fill("wrong-token")
    await page.get_by_label("Description label").fill("Production Jira")
    await page.get_by_text("Advanced settings").click()
    await page.get_by_label("Custom headers").fill("CF-Access-Client-Id=abc.access,CF-Access-Client-Secret=xyz")
    await page.get_by_role("button", name="Save").click()
    await expect(page.locator("#api_token-error")).to_have_text(
        "Jira refused the credentials (401): check the email and API token."
    )
    await expect(page.get_by_label("URL")).to_have_value(fake_jira.server.url)
    await expect(page.get_by_label("API Token")).to_have_value("")
    await page.screenshot(path=screenshot_path("sleuth-wrong-token"), full_page=True)
    assert fake_jira.received[-1].headers["CF-Access-Client-Secret"] == "xyz"  # the headers reached the site
    assert await IssueTracker.all().count() == 0

    # Advanced settings stay open with the header names; only their values are typed again.
    await expect(page.get_by_label("Custom headers")).to_have_value("CF-Access-Client-Id=,CF-Access-Client-Secret=")
    await expect(page.get_by_text("the header values were emptied; their names are kept")).to_be_visible()
    await page.get_by_label("API Token").fill(TOKEN)
    await page.get_by_label("Custom headers").fill("CF-Access-Client-Id=abc.access,CF-Access-Client-Secret=xyz")
    await page.get_by_role("button", name="Save").click()
    await expect(page.get_by_role("status")).to_contain_text("Jira Cloud is enabled: Production Jira is connected.")
    await tile.locator("summary").click()
    await expect(tile.locator(".connection")).to_contain_text("Production Jira")
    await expect(tile.locator(".connection")).to_contain_text("No project uses it.")
    await expect(tile.locator(".health")).to_contain_text("Works")
    await expect(tile.get_by_role("link", name="Add a Jira Cloud connection")).to_be_visible()
    await page.screenshot(path=screenshot_path("sleuth-jira-enabled"), full_page=True)

    # The token is rotated in Atlassian's account settings: Test again says so, Edit takes the new one.
    fake_jira.api_token = TOKEN + "-rotated"
    await tile.get_by_role("button", name="Test Jira Cloud (Production Jira) again").click()
    await expect(page.get_by_role("status")).to_contain_text("Jira Cloud (Production Jira) failed: Jira refused")
    await expect(tile.locator(".health")).to_contain_text("Failing")
    await expect(tile.locator(".connection")).to_be_visible()  # the list stayed open across the reload
    await page.screenshot(path=screenshot_path("sleuth-test-again-failing"), full_page=True)
    await tile.get_by_role("link", name="Edit Jira Cloud (Production Jira)").click()
    await page.get_by_label("API Token").fill(TOKEN + "-rotated")
    await page.screenshot(path=screenshot_path("sleuth-edit-connection"), full_page=True)
    await page.get_by_role("button", name="Save").click()
    await expect(page.get_by_role("status")).to_contain_text("Jira Cloud (Production Jira) is saved")
    await expect(tile.locator(".health")).to_contain_text("Works")
    assert fake_jira.received[-2].headers["CF-Access-Client-Secret"] == "xyz"  # the stored headers were kept

    # The project and its code deployment, in the UI: the projects page, then Settings > Code deployments.
    await page.goto(f"{live_url}/acme")
    await page.get_by_label("Name", exact=True).fill("Web")
    await page.get_by_role("button", name="Create project").click()
    await expect(page.get_by_role("status")).to_contain_text("Web is created")
    await page.get_by_label("Name", exact=True).fill("Web app")
    await page.get_by_role("button", name="Create code deployment").click()
    await expect(page.get_by_role("status")).to_contain_text("CI names it web-app in register_deploy")
    await page.screenshot(path=screenshot_path("sleuth-code-deployment-created"), full_page=True)

    # An access token for CI, shown once.
    await page.get_by_label("Account menu of Ada Lovelace").click()
    await page.locator(".avatar-menu .menu").get_by_role("link", name="API tokens").click()
    await page.get_by_label("Label").fill("GitHub Actions")
    await page.get_by_label("Scope").select_option("register_deploy")
    await page.get_by_role("button", name="Create token").click()
    await expect(page.get_by_text("Copy the new token now: it is not shown again.")).to_be_visible()
    ci_token = await page.locator("#new-token").inner_text()
    await page.screenshot(path=screenshot_path("sleuth-api-token"), full_page=True)

    # Project > Settings (left sidebar) > Details > Issue Integration Provider > Save.
    await page.goto(f"{live_url}/acme")
    await page.get_by_role("link", name="Web").click()
    await expect(page.get_by_role("note")).to_contain_text("choose one in Settings > Details")
    await page.get_by_role("navigation", name="Project Web").get_by_role("link", name="Settings").click()
    await expect(page.get_by_role("navigation", name="Settings").get_by_role("link", name="Details")).to_be_visible()
    await page.get_by_label("Issue Integration Provider").select_option(label="Jira Cloud (Production Jira)")
    await page.get_by_role("button", name="Save").click()
    await expect(page.get_by_role("status")).to_contain_text("Saved: Web uses Jira Cloud (Production Jira)")
    await page.screenshot(path=screenshot_path("sleuth-project-provider"), full_page=True)

    # A deploy from CI, with the token made above; its card links its issues to the site, with their summaries.
    await _api(
        live_url,
        ci_token,
        "POST",
        "/deployments/acme/web-app/register_deploy",
        {
            "sha": SHA,
            "environment": "production",
            "tags": "#release",
            "links": {"CI run": "https://ci.acme.test/runs/42"},
            "commits": [
                {"revision": SHA, "message": "WEB-12 Fix the login page (refs WEB-7, WEB-99)", "author": {"name": "Dev"}}
            ],
        },
    )
    await page.get_by_role("navigation", name="Project Web").get_by_role("link", name="Deploys").click()
    card = page.locator(".card").first
    await expect(card.get_by_role("link", name="WEB-12")).to_have_attribute(
        "href", f"{fake_jira.server.url}/browse/WEB-12"
    )
    await expect(card).to_contain_text("Fix the login page")
    await expect(card).to_contain_text("In Progress")
    await expect(card).to_contain_text("9fceb02")
    await expect(card.get_by_role("link", name="WEB-12")).to_have_attribute("target", "_blank")
    await expect(card.locator(".issue", has_text="WEB-99")).to_contain_text("not found in Jira")  # the site has no WEB-99
    await expect(card.locator(".delivery")).to_contain_text("Not sent to Jira's Deployments panel")  # no app installed
    await page.screenshot(path=screenshot_path("sleuth-deploy-cards"), full_page=True)
    await card.get_by_role("link", name="Deploy 9fceb02 to production").click()
    await expect(page.get_by_role("heading", name="Commits (1)")).to_be_visible()
    await page.screenshot(path=screenshot_path("sleuth-deploy"), full_page=True)

    # A page that does not exist keeps the header and the account menu.
    await page.goto(f"{live_url}/acme/no-such-project")
    await expect(page.get_by_role("alert")).to_have_text("Organization 'acme' has no project 'no-such-project'.")
    await expect(page.get_by_label("Account menu of Ada Lovelace")).to_be_visible()
    await page.screenshot(path=screenshot_path("sleuth-not-found"))

    # Removal: avatar > Integrations > ∨ > Remove, which names the project, then confirm.
    await _open_integrations(page)
    await expect(tile.locator("details.connections")).to_have_attribute("open", "")  # as the reader left it
    await expect(tile.locator("summary .when-open")).to_have_text("Hide")
    await expect(tile.locator("summary .when-closed")).to_be_hidden()
    await tile.get_by_role("link", name="Remove Jira Cloud (Production Jira)").click()
    await expect(page.get_by_text("deleted there too")).to_be_visible()  # and from Jira's Deployments panel
    await expect(page.locator(".project-names")).to_have_text("Web (web)")
    await page.screenshot(path=screenshot_path("sleuth-remove-confirm"))
    await page.get_by_role("button", name="Remove").click()
    await expect(page.get_by_role("status")).to_contain_text("Jira Cloud is fully disconnected")
    await expect(tile).to_contain_text("Fully disconnected")
    await page.screenshot(path=screenshot_path("sleuth-fully-disconnected"), full_page=True)

    # The project lost its tracker: its keys are plain text, and it asks for a new connection.
    await page.goto(f"{live_url}/acme/web/deploys")
    await expect(page.get_by_role("note")).to_contain_text("it needs a new one")
    await expect(page.locator(".card .issue-key").first).to_have_text("WEB-12")
    assert await page.locator(".card a.issue-key").count() == 0
    await page.screenshot(path=screenshot_path("sleuth-project-without-tracker"), full_page=True)
    assert (await Project.get(slug="web")).issue_tracker_id is None
    assert [problem for problem in problems if "status of 4" not in problem] == []  # refusals log as 4xx loads


@pytest.fixture
async def phone(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    yield context
    await context.close()


async def test_phone_width_and_keyboard(phone: BrowserContext, live_url: str, acme_key: str) -> None:
    page = await phone.new_page()
    await _sign_in(page, live_url)
    await page.goto(f"{live_url}/acme/settings/integrations")
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    await page.screenshot(path=screenshot_path("sleuth-phone-integrations"), full_page=True)

    # Keyboard only: skip link first, then the account menu opens with Enter and closes with Escape.
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    summary = page.get_by_label("Account menu of Ada Lovelace")
    await summary.focus()
    await page.keyboard.press("Enter")
    await expect(page.locator(".avatar-menu .menu")).to_be_visible()
    await page.screenshot(path=screenshot_path("sleuth-phone-menu"))
    await page.keyboard.press("Escape")
    await expect(page.locator(".avatar-menu .menu")).to_be_hidden()
    await expect(summary).to_be_focused()
