"""The code hosts of one app: which module serves a repository, with the app's outbound client (named
"code host" in its sentences), where custom git mirrors live, and one lock per mirror."""

from __future__ import annotations

import asyncio
from pathlib import Path

from app.code_hosts.azure_devops import AzureDevOps
from app.code_hosts.bitbucket import Bitbucket
from app.code_hosts.git import CustomGit
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
    def __init__(self, client: JiraClient, *, data_dir: Path, allow_private_urls: bool) -> None:
        self.client = client
        self.mirrors = data_dir / "git-mirrors"
        self.allow_private_urls = allow_private_urls
        self._locks: dict[str, asyncio.Lock] = {}

    def host(self, repository: Repository) -> CodeHost:
        if repository.provider is CodeHostProvider.CUSTOM_GIT:
            lock = self._locks.setdefault(repository.url, asyncio.Lock())
            return CustomGit(repository, mirrors=self.mirrors, lock=lock, allow_private=self.allow_private_urls)
        return REST_HOSTS[repository.provider](repository, self.client)
