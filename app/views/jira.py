"""Pages Jira loads in iframes: the deploy panel of an issue (the `jiraIssueContexts` module).

The panel sits behind `@connect_page` (real qsh, framing headers of the verified tenant) and shows the
deploys of the issue in its URL that the verified site sees (app/issue_deploys.py), in one query.
"""

from __future__ import annotations

from datetime import UTC, datetime

from quart import Blueprint, request

from app.application import sleuth_app
from app.connect.auth import connect_caller, connect_page
from app.issue_deploys import deploys_for_issue, site_urls

blueprint = Blueprint("jira_views", __name__, url_prefix="/jira")


@blueprint.get("/panel")
@connect_page
async def panel() -> str:
    """`?issueKey={issue.key}`: a missing or malformed key gets the panel's empty state, never an error."""
    result = await deploys_for_issue(
        site_urls(connect_caller().tenant),
        request.args.get("issueKey", ""),
        base_url=sleuth_app().settings.base_url,
    )
    now = datetime.now(UTC)
    return sleuth_app().render_sync(
        "jira/panel.html", result=result, ago=lambda then: relative_time(then, now), exact=exact_time
    )


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


def exact_time(when: datetime) -> str:
    """The exact time for a tooltip, in UTC (the page's script shows it in the viewer's own zone)."""
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
