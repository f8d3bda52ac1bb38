"""A project's deploys page and a deploy's own page, at the public URLs of app/sleuth/urls.py.

Cards are the REST API's (`DeployCard.of` of app/sleuth/deploy_card.py: issue links `{site}/browse/{key}`,
through the project's current connection); where the connection can read Jira, each issue also shows its
summary and status, all of a page's issues read in one request (app/jira_sites/issue_summaries.py). A site
that fails leaves the keys as plain links. A key Jira says it does not know (the search did not return it,
or the Deployments API listed it in `unknownIssueKeys`) is marked "not found in Jira". Each card also says
whether the deploy reached Jira's Deployments panel: sent, waiting and why, rejected with Jira's words, or
not sent at all because no site that installed the app sees the project (users of the peers complain most
of deploys that silently never arrive).
"""

from __future__ import annotations

from collections.abc import Iterable

from quart import request

from app.db.outbox import delivery_states
from app.jira_sites.issue_summaries import IssueSummary, issue_summaries
from app.sleuth.deploy_card import DeployCard
from app.sleuth.deploy_details import deploy_commits, get_deploy
from app.sleuth.deploys import deploy_cards
from app.sleuth.projects import get_project
from app.web.application import sleuth_app
from app.web.sleuth_ui.access import Viewer, org_page, render_page, sleuth_blueprint
from app.web.sleuth_ui.integration_tiles import connection_name
from models import IssueTracker

blueprint = sleuth_blueprint("sleuth_deploys", __name__)

CARDS_PER_PAGE = 20
COMMITS_SHOWN = 100


async def _summaries(tracker: IssueTracker | None, cards: Iterable[DeployCard]) -> dict[str, IssueSummary | None]:
    app = sleuth_app()
    return await issue_summaries(
        tracker,
        [issue.key for card in cards for issue in card.issues],
        jira=app.jira,
        cache=app.issue_summaries,
        secret_box=app.secret_box,
        settings=app.settings,
    )


@blueprint.get("/<org>/<project>/deploys")
@org_page()
async def deploys(viewer: Viewer, project: str) -> tuple[str, int]:
    stored = await get_project(viewer.organization, project)
    issue = request.args.get("issue", "").strip()[:255] or None
    page = await deploy_cards(stored, limit=CARDS_PER_PAGE, cursor=request.args.get("cursor") or None, issue=issue)
    cards = [DeployCard.of(deploy, [link.issue_key for link in deploy.issues], page.tracker) for deploy in page.deploys]
    return await render_page(
        "sleuth/deploys.html",
        project=stored,
        tracker_name=connection_name(page.tracker) if page.tracker else None,
        cards=cards,
        summaries=await _summaries(page.tracker, cards),
        deliveries=await delivery_states([card.id for card in cards]),
        issue=issue or "",
        next_cursor=page.next_cursor,
    )


@blueprint.get("/<org>/<project>/deploys/<int:deploy_id>")
@org_page()
async def deploy(viewer: Viewer, project: str, deploy_id: int) -> tuple[str, int]:
    stored = await get_project(viewer.organization, project)
    found = await get_deploy(stored, deploy_id)
    card = DeployCard.of(found, [link.issue_key for link in found.issues], stored.issue_tracker)
    commits, total = await deploy_commits(found, COMMITS_SHOWN)
    return await render_page(
        "sleuth/deploy.html",
        project=stored,
        card=card,
        code_deployment=found.code_deployment,
        tracker_name=connection_name(stored.issue_tracker) if stored.issue_tracker else None,
        summaries=await _summaries(stored.issue_tracker, [card]),
        deliveries=await delivery_states([card.id]),
        commits=commits,
        commit_total=total,
    )
