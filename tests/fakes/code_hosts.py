"""Code hosts on 127.0.0.1: one aiohttp server that answers GitHub's, GitLab's, Bitbucket Cloud's and
Azure DevOps' APIs (their paths, field names, pagination and errors, as their API references publish
them) over one commit graph, and a real git remote served by `git http-backend` (smart HTTP)."""

from __future__ import annotations

import asyncio
import base64
import binascii
import gzip
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from tests.fakes.servers import LocalServer

TOKEN = "host-token-0123456789"
BASE_DATE = "2026-05-01T12:{minute:02d}:00Z"


@dataclass
class FakeCommit:
    sha: str
    message: str
    parent: str | None
    files: tuple[str, ...] = ()


@dataclass
class FakeCodeHost:
    """The commits of one repository (a straight line), served by every REST provider's routes. Set
    `refuse` to answer every call with that status (and `headers`), `known` to hide commits not yet pushed."""

    server: LocalServer = field(default_factory=LocalServer)
    commits: dict[str, FakeCommit] = field(default_factory=dict)
    head: str | None = None
    refuse: int | None = None
    refuse_headers: dict[str, str] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)
    pulls: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    branch: str = "main"  # the default branch, whose tip is `head`; no other branch exists

    def commit(self, message: str, files: tuple[str, ...] = ()) -> str:
        """Add a commit on top of the line; returns its sha (40 hex digits)."""
        sha = f"{len(self.commits) + 1:040x}"
        self.commits[sha] = FakeCommit(sha, message, self.head, files)
        self.head = sha
        return sha

    def between(self, base: str | None, head: str) -> list[FakeCommit]:
        """Reachable from head and not from base, newest first."""
        line, sha = [], head
        while sha is not None and sha != base:
            line.append(self.commits[sha])
            sha = self.commits[sha].parent
        return line

    async def start(self) -> None:
        routes = [
            ("GET", "/api/v3/repos/{owner}/{repo}", self._github_repo),
            ("GET", "/api/v3/repos/{owner}/{repo}/branches/{branch:.+}", self._github_branch),
            ("GET", "/api/v3/repos/{owner}/{repo}/commits/{sha}", self._github_commit),
            ("GET", "/api/v3/repos/{owner}/{repo}/commits/{sha}/pulls", self._github_pulls),
            ("GET", "/api/v3/repos/{owner}/{repo}/compare/{range}", self._github_compare),
            ("GET", "/api/v4/projects/{project}", self._gitlab_project),
            ("GET", "/api/v4/projects/{project}/repository/branches/{branch:.+}", self._gitlab_branch),
            ("GET", "/api/v4/projects/{project}/repository/commits/{sha}", self._gitlab_commit),
            ("GET", "/api/v4/projects/{project}/repository/compare", self._gitlab_compare),
            ("GET", "/2.0/repositories/{workspace}/{repo}", self._bitbucket_repo),
            ("GET", "/2.0/repositories/{workspace}/{repo}/refs/branches/{branch:.+}", self._bitbucket_branch),
            ("GET", "/2.0/repositories/{workspace}/{repo}/commit/{sha}", self._bitbucket_commit),
            ("GET", "/2.0/repositories/{workspace}/{repo}/commits", self._bitbucket_commits),
            ("GET", "/{org}/{project}/_apis/git/repositories/{repo}", self._azure_repo),
            ("GET", "/{org}/{project}/_apis/git/repositories/{repo}/refs", self._azure_refs),
            ("GET", "/{org}/{project}/_apis/git/repositories/{repo}/commits/{sha}", self._azure_commit),
            ("POST", "/{org}/{project}/_apis/git/repositories/{repo}/commitsbatch", self._azure_batch),
        ]
        for method, path, handler in routes:
            self.server.router.add_route(method, path, self._guarded(handler))
        await self.server.start()

    async def stop(self) -> None:
        await self.server.stop()

    def _guarded(self, handler: Callable[[web.Request], Any]) -> Callable[[web.Request], Any]:
        async def guarded(request: web.Request) -> web.StreamResponse:
            if self.refuse is not None:
                return web.json_response({"message": "refused"}, status=self.refuse, headers=self.refuse_headers)
            authorization = request.headers.get("Authorization", "")
            if TOKEN not in authorization and _basic_password(authorization) != TOKEN:
                return web.json_response({"message": "Bad credentials"}, status=401)
            result: web.StreamResponse = await handler(request)
            return result

        return guarded

    def _tip(self, branch: str) -> str:
        if branch != self.branch or self.head is None:
            raise web.HTTPNotFound(text='{"message": "Branch not found"}', content_type="application/json")
        return self.head

    def _known(self, sha: str) -> FakeCommit:
        if sha not in self.commits or sha in self.hidden:
            raise web.HTTPNotFound(text='{"message": "No commit found for SHA"}', content_type="application/json")
        return self.commits[sha]

    def _date(self, commit: FakeCommit) -> str:
        return BASE_DATE.format(minute=int(commit.sha, 16) % 60)

    # GitHub: https://docs.github.com/rest/commits/commits#compare-two-commits (oldest first, paginated).
    def _github(self, commit: FakeCommit) -> dict[str, Any]:
        author = {"name": "Dev", "email": "dev@acme.test", "date": self._date(commit)}
        return {"sha": commit.sha, "html_url": f"https://github.test/c/{commit.sha}", "commit": {"message": commit.message, "author": author}}

    async def _github_repo(self, request: web.Request) -> web.Response:
        full_name = f"{request.match_info['owner']}/{request.match_info['repo']}"
        return web.json_response({"full_name": full_name, "default_branch": self.branch})

    async def _github_branch(self, request: web.Request) -> web.Response:
        branch = request.match_info["branch"]
        return web.json_response({"name": branch, "commit": {"sha": self._tip(branch)}})

    async def _github_commit(self, request: web.Request) -> web.Response:
        return web.json_response(self._github(self._known(request.match_info["sha"])))

    async def _github_pulls(self, request: web.Request) -> web.Response:
        self._known(request.match_info["sha"])
        return web.json_response(self.pulls.get(request.match_info["sha"], []))

    async def _github_compare(self, request: web.Request) -> web.Response:
        base, _, head = request.match_info["range"].partition("...")
        self._known(base)
        oldest_first = list(reversed(self.between(base, self._known(head).sha)))
        size, page = int(request.query.get("per_page", 250)), int(request.query.get("page", 1))
        chunk = oldest_first[(page - 1) * size : page * size]
        return web.json_response({"total_commits": len(oldest_first), "commits": [self._github(c) for c in chunk]})

    # GitLab: https://docs.gitlab.com/api/repositories/#compare-branches-tags-or-commits (oldest first).
    def _gitlab(self, commit: FakeCommit) -> dict[str, Any]:
        return {
            "id": commit.sha, "title": commit.message.splitlines()[0], "message": commit.message,
            "author_name": "Dev", "author_email": "dev@acme.test", "authored_date": self._date(commit),
            "web_url": f"https://gitlab.test/c/{commit.sha}",
        }  # fmt: skip

    async def _gitlab_project(self, request: web.Request) -> web.Response:
        return web.json_response({"path_with_namespace": request.match_info["project"], "default_branch": self.branch})

    async def _gitlab_branch(self, request: web.Request) -> web.Response:
        branch = request.match_info["branch"]
        return web.json_response({"name": branch, "commit": {"id": self._tip(branch)}})

    async def _gitlab_commit(self, request: web.Request) -> web.Response:
        return web.json_response(self._gitlab(self._known(request.match_info["sha"])))

    async def _gitlab_compare(self, request: web.Request) -> web.Response:
        base, head = self._known(request.query["from"]).sha, self._known(request.query["to"]).sha
        return web.json_response({"commits": [self._gitlab(c) for c in reversed(self.between(base, head))]})

    # Bitbucket Cloud: https://developer.atlassian.com/cloud/bitbucket/rest/api-group-commits/ (newest first, `next`).
    def _bitbucket(self, commit: FakeCommit) -> dict[str, Any]:
        return {
            "hash": commit.sha, "message": commit.message, "date": self._date(commit).replace("Z", "+00:00"),
            "author": {"raw": "Dev <dev@acme.test>"}, "links": {"html": {"href": f"https://bitbucket.test/c/{commit.sha}"}},
        }  # fmt: skip

    async def _bitbucket_repo(self, request: web.Request) -> web.Response:
        full_name = f"{request.match_info['workspace']}/{request.match_info['repo']}"
        return web.json_response({"full_name": full_name, "mainbranch": {"name": self.branch, "type": "branch"}})

    async def _bitbucket_branch(self, request: web.Request) -> web.Response:
        branch = request.match_info["branch"]
        return web.json_response({"name": branch, "target": {"hash": self._tip(branch)}})

    async def _bitbucket_commit(self, request: web.Request) -> web.Response:
        return web.json_response(self._bitbucket(self._known(request.match_info["sha"])))

    async def _bitbucket_commits(self, request: web.Request) -> web.Response:
        head, base = self._known(request.query["include"]).sha, self._known(request.query["exclude"]).sha
        newest_first = self.between(base, head)
        size, page = int(request.query.get("pagelen", 30)), int(request.query.get("page", 1))
        body: dict[str, Any] = {"values": [self._bitbucket(c) for c in newest_first[(page - 1) * size : page * size]]}
        if page * size < len(newest_first):
            query = f"include={head}&exclude={base}&pagelen={size}&page={page + 1}"
            body["next"] = f"{self.server.url}{request.path}?{query}"
        return web.json_response(body)

    # Azure DevOps: https://learn.microsoft.com/rest/api/azure/devops/git/commits/get-commits-batch (newest first).
    def _azure(self, commit: FakeCommit) -> dict[str, Any]:
        author = {"name": "Dev", "email": "dev@acme.test", "date": self._date(commit)}
        return {"commitId": commit.sha, "comment": commit.message, "author": author, "remoteUrl": f"https://azure.test/c/{commit.sha}"}

    async def _azure_repo(self, request: web.Request) -> web.Response:
        return web.json_response({"name": request.match_info["repo"], "defaultBranch": f"refs/heads/{self.branch}"})

    async def _azure_refs(self, request: web.Request) -> web.Response:
        # https://learn.microsoft.com/rest/api/azure/devops/git/refs/list: `filter` is a prefix of the names.
        prefix = "refs/" + request.query.get("filter", "")
        refs = [
            {"name": name, "objectId": sha}
            for name, sha in ((f"refs/heads/{self.branch}", self.head), (f"refs/heads/{self.branch}-old", "0" * 40))
            if sha and name.startswith(prefix)
        ]
        return web.json_response({"count": len(refs), "value": refs})

    async def _azure_commit(self, request: web.Request) -> web.Response:
        return web.json_response(self._azure(self._known(request.match_info["sha"])))

    async def _azure_batch(self, request: web.Request) -> web.Response:
        body = await request.json()
        head, base = self._known(body["itemVersion"]["version"]).sha, self._known(body["compareVersion"]["version"]).sha
        found = self.between(base, head)[: int(request.query.get("$top", 100))]
        return web.json_response({"count": len(found), "value": [self._azure(c) for c in found]})


def _basic_password(authorization: str) -> str:
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return ""
    try:
        return base64.b64decode(encoded).decode().partition(":")[2]
    except (binascii.Error, UnicodeDecodeError):
        return ""


class GitRemote:
    """A bare repository served by git's own smart HTTP (`git http-backend`, as CGI) at `{url}/repo.git`,
    with commits made by real `git` in a work tree beside it; requests need TOKEN as the Basic password."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.work = root / "work"
        self.bare = root / "repo.git"
        self.server = LocalServer()
        self.requests = 0

    @property
    def url(self) -> str:
        return f"{self.server.url}/repo.git"

    async def start(self) -> None:
        self._git("init", "--quiet", "--bare", "-b", "main", str(self.bare), cwd=self.root)
        self._git("config", "http.receivepack", "false", cwd=self.bare)
        self._git("init", "--quiet", "-b", "main", str(self.work), cwd=self.root)
        self.server.router.add_route("*", "/repo.git/{path:.*}", self._backend)
        await self.server.start()

    async def stop(self) -> None:
        await self.server.stop()

    def commit(self, message: str, files: dict[str, str] | None = None) -> str:
        """Commit `files` (path: text) in the work tree and push it; returns the sha."""
        for path, text in (files or {f"file-{len(message)}.txt": message}).items():
            target = self.work / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        self._git("add", "--all", cwd=self.work)
        self._git("-c", "user.name=Dev", "-c", "user.email=dev@acme.test", "commit", "--quiet", "-m", message, cwd=self.work)
        self._git("push", "--quiet", "--force", str(self.bare), "main:main", cwd=self.work)
        return self._git("rev-parse", "HEAD", cwd=self.work).strip()

    def rewrite_last(self, message: str) -> str:
        """Amend the last commit and force-push: the old sha leaves the remote's history."""
        self._git("-c", "user.name=Dev", "-c", "user.email=dev@acme.test", "commit", "--quiet", "--amend", "-m", message, cwd=self.work)
        self._git("push", "--quiet", "--force", str(self.bare), "main:main", cwd=self.work)
        self._git("gc", "--quiet", "--prune=now", cwd=self.bare)
        return self._git("rev-parse", "HEAD", cwd=self.work).strip()

    def _git(self, *arguments: str, cwd: Path) -> str:
        return subprocess.run(["git", *arguments], cwd=cwd, check=True, capture_output=True, text=True).stdout

    async def _backend(self, request: web.Request) -> web.StreamResponse:
        self.requests += 1
        if _basic_password(request.headers.get("Authorization", "")) != TOKEN:
            return web.Response(status=401, headers={"WWW-Authenticate": 'Basic realm="git"'})
        environment = {
            **{key: value for key, value in os.environ.items() if key == "PATH"},
            "GIT_PROJECT_ROOT": str(self.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": request.path,
            "REQUEST_METHOD": request.method,
            "QUERY_STRING": request.query_string,
            "CONTENT_TYPE": request.headers.get("Content-Type", ""),
            "REMOTE_USER": "sleuth",
            "GIT_PROTOCOL": request.headers.get("Git-Protocol", ""),
        }
        body = await request.read()
        if request.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        environment["CONTENT_LENGTH"] = str(len(body))
        process = await asyncio.create_subprocess_exec(
            "git", "http-backend", env=environment, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
        )
        output, _ = await process.communicate(body)
        head, _, payload = output.partition(b"\r\n\r\n")
        status, headers = 200, {}
        for line in head.decode().split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers[name.strip()] = value.strip()
        return web.Response(status=status, body=payload, headers=headers)
