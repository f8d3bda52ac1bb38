"""The code hosts of one app: which module serves a repository, with the app's outbound client (named
"code host" in its sentences), where custom git mirrors live, and one lock per mirror."""

from __future__ import annotations

import asyncio
from pathlib import Path

from app.code_hosts.azure_devops import AzureDevOps
from app.code_hosts.bitbucket import Bitbucket
from app.code_hosts.git import CustomGit, mirror_name, prune_mirrors
from app.code_hosts.github import GitHub
from app.code_hosts.gitlab import GitLab
from app.code_hosts.hosts import CodeHost, Repository
from app.jira.client import JiraClient
from models.code_source import CodeHostProvider

REST_HOSTS = {
    CodeHostProvider.GITHUB: GitHub,
    CodeHostProvider.GITHUB_ENTERPRISE: GitHub,
    CodeHostProvider.GITLAB: GitLab,
    CodeHostProvider.BITBUCKET: Bitbucket,
    CodeHostProvider.AZURE_DEVOPS: AzureDevOps,
}


class CodeHosts:
    def __init__(
        self, client: JiraClient, *, data_dir: Path, allow_private_urls: bool, mirrors_max_bytes: int = 5 * 2**30
    ) -> None:
        self.client = client
        self.mirrors = data_dir / "git-mirrors"
        self.allow_private_urls = allow_private_urls
        self.mirrors_max_bytes = mirrors_max_bytes
        self._locks: dict[str, asyncio.Lock] = {}  # by mirror name

    async def prune_mirrors(self) -> list[str]:
        """Remove idle mirrors and keep the rest under the size bound (app/code_hosts/git.py); a mirror
        in use in this process is left alone."""
        busy = {name for name, lock in self._locks.items() if lock.locked()}
        return await asyncio.to_thread(prune_mirrors, self.mirrors, max_bytes=self.mirrors_max_bytes, busy=busy)

    def host(self, repository: Repository) -> CodeHost:
        if repository.provider is CodeHostProvider.CUSTOM_GIT:
            lock = self._locks.setdefault(mirror_name(repository.url), asyncio.Lock())
            return CustomGit(repository, mirrors=self.mirrors, lock=lock, allow_private=self.allow_private_urls)
        return REST_HOSTS[repository.provider](repository, self.client)
