"""A deploy's commits read from its code source: which range to ask for, which commits count (a
monorepo's path prefixes), and recording them with the issue keys they name, in one transaction that
also queues the deploy for Jira (app/db/outbox.py) now that its issues are known."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatch

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from app.code_hosts.hosts import CommitRange, HostCommit
from app.db.outbox import enqueue_deploy
from app.sleuth.deploys import insert_commits_and_issues
from app.sleuth.issue_keys import find_issue_keys
from models import CodeSource, CommitsStatus, Deploy

TRUNCATED_NOTE = "More than {limit} commits since the previous deploy: only the newest {limit} were read."
BASE_GONE_NOTE = (
    "The previous deploy's commit is no longer in the repository (history rewritten?): "
    "only this deploy's own commit was read."
)


async def previous_deploy(deploy: Deploy) -> Deploy | None:
    """The deploy before `deploy` of the same code deployment in the same environment."""
    earlier = Q(date__lt=deploy.date) | Q(date=deploy.date, id__lt=deploy.id)
    same_place = {"code_deployment_id": deploy.code_deployment_id, "environment_id": deploy.environment_id}  # type: ignore[attr-defined]
    return await Deploy.filter(earlier, **same_place).order_by("-date", "-id").first()


def touches(commit: HostCommit, source: CodeSource) -> bool:
    """Whether a commit counts for a monorepo's code deployment: it touches a path under an included
    prefix (any, when none is set) and not only excluded ones. A host that gives no per-commit files
    (the REST providers' range calls) cannot tell: every commit counts."""
    if commit.files is None or not (source.path_includes or source.path_excludes):
        return True
    return any(
        _under(path, source.path_includes, empty=True) and not _under(path, source.path_excludes, empty=False)
        for path in commit.files
    )


def _under(path: str, prefixes: list[str], *, empty: bool) -> bool:
    if not prefixes:
        return empty
    return any(
        path == prefix or path.startswith(prefix.rstrip("/") + "/") or fnmatch(path, prefix) for prefix in prefixes
    )


@dataclass(frozen=True, slots=True)
class Recorded:
    issue_keys: list[str]
    deliveries: int  # outbox rows written: wake the delivery worker when there are any


async def record_found_commits(
    deploy: Deploy, found: CommitRange, source: CodeSource, *, limit: int, base_gone: bool = False
) -> Recorded:
    """Store what the code source gave, link the issues its commits, pull requests and branch name, and
    queue the deploy for the Jira sites that see its project's tracker (its code deployment's project
    and tracker loaded)."""
    commits = [commit for commit in found.commits if touches(commit, source)]
    texts = [found.branch or "", *found.pull_request_titles, *(commit.message for commit in commits)]
    keys = find_issue_keys(text for text in texts if text)
    rows = [
        (deploy.id, commit.revision, commit.message, commit.author_name, commit.author_email, _utc(commit), commit.url)
        for commit in commits
    ]
    note = BASE_GONE_NOTE if base_gone else TRUNCATED_NOTE.format(limit=limit) if found.truncated else None
    async with in_transaction() as connection:
        branch = deploy.branch or (found.branch or "")[:255]
        pending = Deploy.filter(id=deploy.id, commits_status=CommitsStatus.PENDING.value).using_db(connection)
        found_now = {"commits_status": CommitsStatus.FOUND.value, "commits_error": None, "commits_note": note}
        if not await pending.update(**found_now, branch=branch):
            return Recorded([], 0)  # recorded already (a worker whose lease ran out finished after all)
        await insert_commits_and_issues(connection, rows, deploy.id, keys)
        deliveries = await enqueue_deploy(deploy, deploy.code_deployment.project.issue_tracker)
    return Recorded(keys, deliveries)


async def record_wait(deploy_id: int, reason: str) -> None:
    """The code source will be asked again: the deploy, still pending, says why it waits."""
    await Deploy.filter(id=deploy_id, commits_status=CommitsStatus.PENDING.value).update(commits_error=reason)


async def record_failure(deploy_id: int, reason: str) -> None:
    """The code source gave no commits for good: the deploy says why (never a silent empty list)."""
    pending = Deploy.filter(id=deploy_id, commits_status=CommitsStatus.PENDING.value)
    await pending.update(commits_status=CommitsStatus.FAILED.value, commits_error=reason)


def _utc(commit: HostCommit) -> datetime | None:
    return commit.date.astimezone(UTC) if commit.date else None  # stored in UTC, as registrations' are
