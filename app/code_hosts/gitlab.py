"""GitLab (gitlab.com or self-managed): `repository/compare?from=&to=` (its commits oldest first) and,
for an environment's first deploy, the head commit."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from app.code_hosts.hosts import CommitRange, HostCommit, Repository, newest, parse_date
from app.code_hosts.http import RestHost
from app.jira.auth import BearerAuth
from app.jira.client import JiraClient

API_URL = "https://gitlab.com/api/v4"


class GitLab(RestHost):
    def __init__(self, repository: Repository, client: JiraClient) -> None:
        super().__init__(client, repository.api_url or API_URL, BearerAuth(repository.token or ""))
        self.project = f"/projects/{quote(repository.name.strip('/'), safe='')}"

    async def check(self) -> None:
        await self.read(self.project, missing="repository")

    async def head(self, branch: str) -> str:
        name = branch or str((await self.read(self.project, missing="repository")).get("default_branch") or "")
        found = await self.read(f"{self.project}/repository/branches/{quote(name, safe='')}", missing="branch")
        return str((found.get("commit") or {}).get("id") or "")

    async def commits(self, base: str | None, head: str) -> CommitRange:
        if base is None:
            return CommitRange([_commit(await self.read(f"{self.project}/repository/commits/{head}"))])
        params = {"from": base, "to": head, "straight": "true"}
        compared = await self.read(f"{self.project}/repository/compare", params=params)
        return newest([_commit(item) for item in reversed(compared.get("commits") or [])])


def _commit(item: dict[str, Any]) -> HostCommit:
    return HostCommit(
        revision=str(item.get("id") or ""),
        message=str(item.get("message") or item.get("title") or ""),
        author_name=str(item.get("author_name") or ""),
        author_email=str(item.get("author_email") or ""),
        date=parse_date(item.get("authored_date") or item.get("created_at")),
        url=str(item.get("web_url") or ""),
    )
