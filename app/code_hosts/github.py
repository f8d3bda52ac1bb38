"""GitHub and GitHub Enterprise: the compare API (`compare/{base}...{head}`, paginated, oldest first) and
the pull requests of the head commit (their titles and branch are scanned for issue keys too)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from app.code_hosts.hosts import MAX_COMMITS, CommitRange, HostCommit, Repository, parse_date
from app.code_hosts.http import RestHost
from app.jira.client import JiraClient

API_URL = "https://api.github.com"
PAGE_SIZE = 100
HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}


@dataclass(frozen=True, slots=True)
class GitHubAuth:
    """A token (classic, fine-grained, or an app's installation token), or none for a public repository
    (GitHub allows 60 calls an hour without one)."""

    token: str | None = field(repr=False)

    def headers(self, method: str, path_and_query: str) -> dict[str, str]:
        return HEADERS | ({"Authorization": f"Bearer {self.token}"} if self.token else {})


class GitHub(RestHost):
    def __init__(self, repository: Repository, client: JiraClient) -> None:
        super().__init__(client, repository.api_url or API_URL, GitHubAuth(repository.token))
        self.repo = "/repos/" + "/".join(quote(part, safe="") for part in repository.name.split("/", 1))

    async def check(self) -> None:
        await self.read(self.repo, missing="repository")

    async def head(self, branch: str) -> str:
        name = branch or str((await self.read(self.repo, missing="repository")).get("default_branch") or "")
        found = await self.read(f"{self.repo}/branches/{quote(name, safe='')}", missing="branch")
        return str((found.get("commit") or {}).get("sha") or "")

    async def commits(self, base: str | None, head: str) -> CommitRange:
        if base is None:
            commits, truncated = [_commit(await self.read(f"{self.repo}/commits/{head}"))], False
        else:
            commits, truncated = await self._compare(base, head)
        pulls = [pull for pull in await self.read(f"{self.repo}/commits/{head}/pulls") if isinstance(pull, dict)]
        heads = [pull["head"] for pull in pulls if isinstance(pull.get("head"), dict)]
        branch = next((str(head_ref.get("ref") or "") for head_ref in heads), None)
        titles = [str(pull.get("title") or "") for pull in pulls]
        return CommitRange(commits, truncated=truncated, pull_request_titles=titles, branch=branch or None)

    async def _compare(self, base: str, head: str) -> tuple[list[HostCommit], bool]:
        path = f"{self.repo}/compare/{base}...{head}"
        first = await self.read(path, params={"per_page": PAGE_SIZE, "page": 1})
        total = int(first.get("total_commits") or 0)
        pages = max(1, -(-total // PAGE_SIZE))
        found: list[dict[str, Any]] = []
        # Oldest first: the newest MAX_COMMITS are on the last pages, from the one holding the first of them.
        for page in range(max(1, (total - MAX_COMMITS) // PAGE_SIZE + 1), pages + 1):
            document = first if page == 1 else await self.read(path, params={"per_page": PAGE_SIZE, "page": page})
            found.extend(document.get("commits") or [])
        commits = [_commit(item) for item in reversed(found)][:MAX_COMMITS]
        return commits, total > len(commits)


def _commit(item: dict[str, Any]) -> HostCommit:
    commit = item.get("commit") or {}
    author = commit.get("author") or {}
    return HostCommit(
        revision=str(item.get("sha") or ""),
        message=str(commit.get("message") or ""),
        author_name=str(author.get("name") or ""),
        author_email=str(author.get("email") or ""),
        date=parse_date(author.get("date")),
        url=str(item.get("html_url") or ""),
    )
