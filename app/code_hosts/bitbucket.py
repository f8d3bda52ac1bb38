"""Bitbucket Cloud: `commits?include={head}&exclude={base}` (newest first, paginated by `next`) and, for an
environment's first deploy, the head commit. The token is a repository access token (Bearer), or
`username:app_password` (Basic)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from app.code_hosts.hosts import MAX_COMMITS, CodeHostError, CommitRange, HostCommit, Repository, newest, parse_date
from app.code_hosts.http import RestHost
from app.jira.auth import BasicAuth, BearerAuth, JiraAuth
from app.jira.client import JiraClient

API_URL = "https://api.bitbucket.org/2.0"
PAGE_SIZE = 100


def _auth(token: str | None) -> JiraAuth:
    user, separator, password = (token or "").partition(":")
    return BasicAuth(user, password) if separator else BearerAuth(token or "")


class Bitbucket(RestHost):
    def __init__(self, repository: Repository, client: JiraClient) -> None:
        super().__init__(client, repository.api_url or API_URL, _auth(repository.token))
        self.repo = "/repositories/" + "/".join(quote(part, safe="") for part in repository.name.split("/", 1))

    async def check(self) -> None:
        await self.read(self.repo, missing="repository")

    async def head(self, branch: str) -> str:
        if not branch:
            repository = await self.read(self.repo, missing="repository")
            branch = str((repository.get("mainbranch") or {}).get("name") or "")
        found = await self.read(f"{self.repo}/refs/branches/{quote(branch, safe='')}", missing="branch")
        return str((found.get("target") or {}).get("hash") or "")

    async def commits(self, base: str | None, head: str) -> CommitRange:
        if base is None:
            return CommitRange([_commit(await self.read(f"{self.repo}/commit/{head}"))])
        path_and_query = f"{self.repo}/commits?include={head}&exclude={base}&pagelen={PAGE_SIZE}"
        found: list[HostCommit] = []
        while path_and_query and len(found) <= MAX_COMMITS:
            page = await self.read(path_and_query)
            found.extend(_commit(item) for item in page.get("values") or [])
            path_and_query = self._next(page.get("next"))
        return newest(found)

    def _next(self, url: Any) -> str:
        """The next page's path and query, which must stay on this API (the credential goes with it)."""
        if not isinstance(url, str) or not url:
            return ""
        if not url.startswith(self.api_url + "/"):
            raise CodeHostError("Bitbucket's next page pointed to another address.", permanent=True)
        parts = urlsplit(url[len(self.api_url) :])
        return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _commit(item: dict[str, Any]) -> HostCommit:
    author = item.get("author") or {}
    name, _, email = str(author.get("raw") or "").partition("<")  # "Name <email>"
    return HostCommit(
        revision=str(item.get("hash") or ""),
        message=str(item.get("message") or ""),
        author_name=name.strip() or str((author.get("user") or {}).get("display_name") or ""),
        author_email=email.rstrip(">").strip(),
        date=parse_date(item.get("date")),
        url=str(((item.get("links") or {}).get("html") or {}).get("href") or ""),
    )
