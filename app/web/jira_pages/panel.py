"""Pages Jira loads in iframes: the deploy panel of an issue (the `jiraIssueContexts` module).

The panel sits behind `@connect_page` (real qsh, framing headers of the verified tenant) and shows the
deploys of the issue in its URL that the verified site sees (app/jira_sites/issue_deploys.py), in one query.
Its ordinary loads are answered by `PanelFastPath` (app/web/jira_pages/panel_fast_path.py) before Quart's
request machinery; this route answers the rest, refusals included, with the same page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from quart import Blueprint, request

from app.jira_sites.issue_deploys import (
    DeployRows,
    EnvironmentGroup,
    IssueDeploy,
    MoreLink,
    deploy_rows,
    issue_deploys,
    normalize_issue_key,
    site_urls,
)
from app.web.application import SleuthJira, sleuth_app
from app.web.assets import STATIC_URL_PATH
from app.web.connect.auth import connect_caller, connect_page
from app.web.jira_pages.panel_pages import RenderedPage
from models import Tenant

blueprint = Blueprint("jira_views", __name__, url_prefix="/jira")

PANEL_PATH = "/jira/panel"  # under the base URL's path


@blueprint.get("/panel")
@connect_page
async def panel() -> str:
    """`?issueKey={issue.key}`: a missing or malformed key gets the panel's empty state, never an error."""
    return await panel_page(sleuth_app(), connect_caller().tenant, request.args.get("issueKey", ""))


async def panel_page(app: SleuthJira, tenant: Tenant, issue_key: str, *, cached: bool = False) -> str:
    """The panel's HTML for a verified tenant; free of the request, so the fast path renders it too.
    `cached`: `tenant` is a cached copy, to be confirmed by the deploy query (`TenantChanged` if stale).
    The query runs on every load, given the answer kept for the same question; the page is rendered only
    when the answer differs from the kept one or the kept page's ages have moved on
    (app/web/jira_pages/panel_pages.py)."""
    urls = site_urls(tenant)
    question = (normalize_issue_key(issue_key) or "", *urls)  # every text that is no issue key: one empty panel
    kept = app.panel_pages.get(question)
    known = kept.answer if kept is not None else None
    answer = await deploy_rows(urls, issue_key, as_of=tenant if cached else None, known=known)
    now = datetime.now(UTC)
    if kept is not None and answer == kept.answer and kept.page.reads_true_at(now):
        return kept.page.html
    page = _render_panel(app, answer, now)
    app.panel_pages.put(question, answer, page)
    return page.html


def _render_panel(app: SleuthJira, answer: DeployRows, now: datetime) -> RenderedPage:
    result = issue_deploys(answer, app.settings.base_url)
    static = f"{app.settings.base_path}{STATIC_URL_PATH}/jira"
    html = app.render_sync(
        "jira/panel.html",
        issue_key=result.issue_key,
        groups=[PanelGroup.of(group, now) for group in result.groups],
        stylesheet=f"{static}/panel.css",
        script=f"{static}/panel.js",
        all_js=app.settings.connect_all_js_url,
    )
    fresh_until = min((relative_time_holds_until(deploy.date, now) for deploy in result.deploys), default=None)
    return RenderedPage(html, fresh_until)


@dataclass(slots=True)  # not frozen: a frozen dataclass is slower to build, and this one is built per deploy
class PanelLine:
    """One deploy with every string the panel prints about it worked out, so the template only places
    them: Jinja's calls and attribute lookups were most of the panel's rendering cost."""

    environment_class: str
    environment_slug: str
    environment_name: str  # empty when it only repeats the group's heading: no lozenge then
    url: str
    sha: str
    label: str  # the short sha, or a manual change's name
    iso_date: str
    exact_date: str
    age: str
    where: str  # project / code deployment
    author: str
    author_email: str
    tags: tuple[str, ...]

    @classmethod
    def of(cls, deploy: IssueDeploy, now: datetime, heading: str) -> PanelLine:
        iso_date = deploy.date.isoformat()
        repeats = deploy.environment_name.strip().lower() == heading.lower()
        return cls(
            environment_class=deploy.environment_type.value,
            environment_slug=deploy.environment_slug,
            environment_name="" if repeats else deploy.environment_name,
            url=deploy.url,
            sha=deploy.sha,
            label=deploy.label,
            iso_date=iso_date,
            exact_date=exact_time(deploy.date, iso_date),
            age=relative_time(deploy.date, now),
            where=f"{deploy.project_name} / {deploy.code_deployment_name}",
            author=deploy.author_name or deploy.author_email,
            author_email=deploy.author_email,
            tags=deploy.tags,
        )


@dataclass(frozen=True, slots=True)
class PanelGroup:
    """One environment type's deploys, newest first, and the links to those left out."""

    label: str
    count: str  # "12", or "50 of 53" when some are left out
    lines: list[PanelLine]
    hidden: int
    more: list[MoreLink]

    @classmethod
    def of(cls, group: EnvironmentGroup, now: datetime) -> PanelGroup:
        count = f"{len(group.deploys)} of {group.total}" if group.hidden else str(group.total)
        lines = [PanelLine.of(deploy, now, group.label) for deploy in group.deploys]
        return cls(group.label, count, lines, group.hidden, group.more)


_ZERO = timedelta(0)
_UNITS = (
    (365 * 86400, "year"), (30 * 86400, "month"), (7 * 86400, "week"), (86400, "day"), (3600, "hour"), (60, "minute")
)  # fmt: skip


def relative_time(then: datetime, now: datetime) -> str:
    """`3 hours ago`, `just now`, `in 2 days` (a deploy dated ahead of the clock)."""
    seconds = (now - then).total_seconds()
    for size, unit in _UNITS:
        count = int(abs(seconds) // size)
        if count >= 1:
            phrase = f"{count} {unit}{'s' if count != 1 else ''}"
            return f"{phrase} ago" if seconds > 0 else f"in {phrase}"
    return "just now"


def relative_time_holds_until(then: datetime, now: datetime) -> datetime:
    """When `relative_time(then, ...)` could first read differently from how it reads at `now`. Every
    unit is a whole number of minutes, so the phrase depends only on whether `then` is past and on how
    many whole minutes lie between the two: it holds until that count changes."""
    seconds = (now - then).total_seconds()
    minutes = abs(seconds) // 60
    if seconds < 0 and minutes:  # "in 2 days": the count falls as the deploy's time comes near
        return then - timedelta(minutes=minutes)
    return then + timedelta(minutes=minutes + 1)


def exact_time(when: datetime, iso_date: str = "") -> str:
    """The exact time for a tooltip, in UTC (the page's script shows it in the viewer's own zone).

    Cut from `iso_date` (`when.isoformat()`) when `when` is in UTC: strftime costs as much again."""
    if iso_date and when.utcoffset() == _ZERO:
        return f"{iso_date[:10]} {iso_date[11:19]} UTC"
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
