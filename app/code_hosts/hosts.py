"""What every code host answers, and how one is chosen for a repository.

A host checks that its credential reads the repository (`check`, when a code source is saved), tells the
tip of a branch (`head`, for Terraform Cloud's notifications, which name no sha) and lists
the commits a deploy carried (`commits`): those reachable from `head` and not from `base`, newest first,
at most MAX_COMMITS; with no `base` (an environment's first deploy) the head commit alone, as Sleuth does.
Failures are `CodeHostError`s with one sentence for a user: `permanent` ones (a bad token, no such
repository) are not retried, others are, after `retry_after` seconds when the host said how long.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from models.code_source import CodeHostProvider

MAX_COMMITS = 1000


@dataclass(frozen=True, slots=True)
class Repository:
    """Where a code source's commits are: `name` is owner/name (GitHub, Bitbucket), a project path
    (GitLab) or organization/project/repository (Azure DevOps); `url` the remote of custom git; `api_url`
    a self-hosted API (GitHub Enterprise, GitLab). `token` is the decrypted credential, if any."""

    provider: CodeHostProvider
    name: str = ""
    url: str = ""
    api_url: str = ""
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class HostCommit:
    revision: str
    message: str
    author_name: str = ""
    author_email: str = ""
    date: datetime | None = None
    url: str = ""
    files: tuple[str, ...] | None = None  # the paths it touched, where the host gives them per commit


@dataclass(frozen=True, slots=True)
class CommitRange:
    commits: list[HostCommit]  # newest first
    truncated: bool = False  # more than MAX_COMMITS: the newest are kept
    pull_request_titles: list[str] = field(default_factory=list)
    branch: str | None = None


class CodeHostError(Exception):
    """The host did not give what was asked; `reason` is one sentence for a user."""

    def __init__(self, reason: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after


class UnknownRevision(CodeHostError):
    """The host does not know a sha (yet: a push may land after the deploy call)."""


class CodeHost(Protocol):
    async def check(self) -> None: ...

    async def head(self, branch: str) -> str:
        """The sha at the tip of `branch` (the repository's default branch when empty)."""
        ...

    async def commits(self, base: str | None, head: str) -> CommitRange: ...


def newest(commits: list[HostCommit]) -> CommitRange:
    """A range from `commits` (newest first), cut to MAX_COMMITS."""
    return CommitRange(commits[:MAX_COMMITS], truncated=len(commits) > MAX_COMMITS)


def parse_date(value: object) -> datetime | None:
    """An ISO 8601 date as hosts send them; None for anything else (a date is never worth a failure)."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
