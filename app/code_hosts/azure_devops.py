"""Azure DevOps Repos: `commitsbatch` with the head as `itemVersion` and the previous deploy as
`compareVersion` (the commits of one not in the other, newest first) and, for an environment's first
deploy, the head commit. The repository is `organization/project/repository`; the token is a personal
access token (Basic, empty user name)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from app.code_hosts.hosts import MAX_COMMITS, CodeHostError, CommitRange, HostCommit, Repository, newest, parse_date
from app.code_hosts.http import NO_BRANCH, RestHost
from app.jira.auth import BasicAuth
from app.jira.client import JiraClient

API_URL = "https://dev.azure.com"
API_VERSION = {"api-version": "7.1"}


class AzureDevOps(RestHost):
    def __init__(self, repository: Repository, client: JiraClient) -> None:
        parts = [quote(part, safe="") for part in repository.name.split("/") if part]
        if len(parts) != 3:
            raise CodeHostError("An Azure DevOps repository is named organization/project/repository.", permanent=True)
        organization, project, name = parts
        api_url = f"{(repository.api_url or API_URL).rstrip('/')}/{organization}/{project}"
        super().__init__(client, api_url, BasicAuth("", repository.token or ""))
        self.repo = f"/_apis/git/repositories/{name}"

    async def check(self) -> None:
        await self.read(self.repo, missing="repository", params=API_VERSION)

    async def head(self, branch: str) -> str:
        if branch:
            ref = "refs/heads/" + branch.removeprefix("refs/heads/")
        else:
            ref = str((await self.read(self.repo, missing="repository", params=API_VERSION)).get("defaultBranch") or "")
        # `filter` is a prefix ("heads/main" also gives "heads/main-old"): the exact name is picked.
        params = API_VERSION | {"filter": ref.removeprefix("refs/")}
        refs = await self.read(f"{self.repo}/refs", missing="branch", params=params)
        sha = next((str(item.get("objectId")) for item in refs.get("value") or [] if item.get("name") == ref), "")
        if not sha:
            raise CodeHostError(NO_BRANCH, permanent=True)
        return sha

    async def commits(self, base: str | None, head: str) -> CommitRange:
        if base is None:
            return CommitRange([_commit(await self.read(f"{self.repo}/commits/{head}", params=API_VERSION))])
        body = {
            "itemVersion": {"versionType": "commit", "version": head},
            "compareVersion": {"versionType": "commit", "version": base},
        }
        params = API_VERSION | {"$top": MAX_COMMITS + 1}
        batch = await self.read(f"{self.repo}/commitsbatch", method="POST", params=params, json=body)
        return newest([_commit(item) for item in batch.get("value") or []])


def _commit(item: dict[str, Any]) -> HostCommit:
    author = item.get("author") or {}
    return HostCommit(
        revision=str(item.get("commitId") or ""),
        message=str(item.get("comment") or ""),
        author_name=str(author.get("name") or ""),
        author_email=str(author.get("email") or ""),
        date=parse_date(author.get("date")),
        url=str(item.get("remoteUrl") or ""),
    )
