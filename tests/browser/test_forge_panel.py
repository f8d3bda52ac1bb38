"""The Forge issue panel's Custom UI (forge/static/issue-context/src) in a real browser: bundled with
esbuild as `npm run build` does, except that `@forge/bridge` (which needs Jira around it) is a stand-in
whose `invokeRemote` answers the JSON of `POST /forge/ui/deployments` for seeded deploys."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.async_api import BrowserContext, Page

from app.jira_sites.issue_deploys import deploys_for_issue
from app.web.jira_pages.forge_panel import deploys_json
from models import CodeDeployment, Deploy, DeployIssue, Environment, IssueTracker, Organization, Project, SiteConsent
from tests.browser.conftest import screenshot_path

ROOT = Path(__file__).resolve().parents[2]
FORGE_DIR = ROOT / "forge"
SITE_URL = "https://acme.atlassian.net"
SLEUTH_URL = "https://sleuth.example"
BRIDGE_STAND_IN = """
export const router = { open: async (url) => { window.opened = url; } };
export async function invokeRemote(request) {
  window.requests = [...(window.requests || []), request];
  return { status: 200, body: window.sleuthAnswer };
}
"""
BUILD = """
import { build } from 'esbuild';
const [entry, outfile, bridge] = process.argv.slice(1);
await build({
  entryPoints: [entry], outfile, bundle: true, format: 'iife', target: 'es2020',
  alias: { '@forge/bridge': bridge }, logLevel: 'warning',
});
"""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> str:
    if not (FORGE_DIR / "node_modules").is_dir():
        pytest.fail("forge/node_modules is missing: `make test` installs it (npm ci in forge/).")
    folder = tmp_path_factory.mktemp("forge-panel")
    (folder / "bridge.js").write_text(BRIDGE_STAND_IN)
    subprocess.run(  # run in forge/, so `esbuild` resolves to its pinned package
        ["node", "--input-type=module", "-e", BUILD, "static/issue-context/src/index.js",
         str(folder / "index.js"), str(folder / "bridge.js")],
        cwd=FORGE_DIR, check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return (folder / "index.js").read_text()


async def open_panel(page: Page, script: str, answer: dict[str, object]) -> None:
    """The Custom UI page as the build makes it: the shared index.html, the shared and panel styles."""
    styles = (FORGE_DIR / "static/shared/page.css").read_text() + (ROOT / "static/jira/panel.css").read_text()
    html = (FORGE_DIR / "static/shared/index.html").read_text()
    html = html.replace('<link rel="stylesheet" href="page.css">', f"<style>{styles}</style>")
    html = html.replace('<script src="index.js"></script>', "")
    await page.set_content(html)
    await page.evaluate("answer => { window.sleuthAnswer = answer; }", answer)
    await page.add_script_tag(content=script)


async def seed() -> None:
    organization = await Organization.create(slug="acme", name="Acme")
    tracker = await IssueTracker.create(site_consent=SiteConsent.GRANTED, organization=organization, provider="jira", url=SITE_URL)
    project = await Project.create(organization=organization, slug="web", name="Web", issue_tracker=tracker)
    web_app = await CodeDeployment.create(organization=organization, project=project, slug="web-app", name="Web app")
    production = await Environment.create(project=project, slug="production", name="Production", jira_type="production")
    qa = await Environment.create(project=project, slug="qa", name="QA", jira_type="testing")
    now = datetime.now(UTC)
    for sha, environment, age in (
        ("9fceb02d0ae598e95dc970b74767f19372d61af8", production, timedelta(hours=2)),
        ("3b18e512dba79e4c8300dd08aeb37f8e728b8dad", qa, timedelta(minutes=20)),
        ("1a410efbd13591db07496601ebc7a059dd55cfe9", production, timedelta(days=3)),
    ):
        deploy = await Deploy.create(
            code_deployment=web_app, environment=environment, sha=sha, date=now - age,
            author_name="Ada Lovelace", author_email="ada@acme.test", tags=["#release"] if age.days else [],
        )  # fmt: skip
        await DeployIssue.create(deploy=deploy, issue_key="ACME-12")


async def test_the_forge_panel_draws_the_deploys_like_the_connect_panel(
    page_context: BrowserContext, database: str, bundle: str
) -> None:
    await seed()
    answer = deploys_json(await deploys_for_issue([SITE_URL], "ACME-12", base_url=SLEUTH_URL))
    page = await page_context.new_page()
    await page.set_viewport_size({"width": 360, "height": 320})
    await open_panel(page, bundle, answer)

    shas = page.locator("a.sha")
    await shas.first.wait_for(state="visible")
    assert await shas.all_inner_texts() == ["9fceb02", "1a410ef", "3b18e51"]
    assert await page.locator("h2").all_inner_texts() == ["PRODUCTION 2", "TESTING 1"]
    assert await page.locator(".lozenge").all_inner_texts() == ["QA"]  # "Production" would repeat its heading
    assert await page.locator("time").first.inner_text() == "2 hours ago"
    assert await page.locator("time").first.get_attribute("datetime") == answer["deploys"][0]["date"]  # type: ignore[index]
    assert await page.locator(".meta").first.inner_text() == "Web / Web app · Ada Lovelace"
    assert await page.locator(".tag").all_inner_texts() == ["#release"]
    assert await page.evaluate("window.requests") == [{"path": "/forge/ui/deployments", "method": "POST", "body": {}}]
    await page.screenshot(path=screenshot_path("forge-panel"))

    await shas.first.click()  # Forge opens Sleuth in a new tab; the frame stays
    first_url = answer["deploys"][0]["url"]  # type: ignore[index]
    assert await page.evaluate("window.opened") == first_url and first_url.startswith(f"{SLEUTH_URL}/acme/web/deploys/")


async def test_an_issue_without_deploys_says_how_to_link_one(page_context: BrowserContext, bundle: str) -> None:
    page = await page_context.new_page()
    await open_panel(page, bundle, {"issue_key": "ACME-99", "total": 0, "deploys": [], "environments": []})
    empty = page.locator(".empty")
    await empty.wait_for(state="visible")
    text = await empty.inner_text()
    assert "No deploys of ACME-99 yet." in text and "ACME-99 fix login" in text and "commit message" in text
    hostile = {"issue_key": "<img src=x onerror=alert(1)>", "total": 0, "deploys": [], "environments": []}
    await open_panel(page, bundle, hostile)
    await page.locator(".empty").wait_for(state="visible")
    assert await page.locator("img").count() == 0  # text only, never HTML
