"""Any git remote (`custom_git`): the commits are read by the `git` binary (Debian's, on every machine
that runs the app) from a bare mirror per remote under `{data dir}/git-mirrors/`, fetched on demand.

Why the binary: it speaks git's smart HTTP protocol, partial clones and every server's quirks, where a
library would re-implement them. The mirror is a partial clone (`--filter=blob:none`): commits and trees
only, which is all a commit list with its file names needs, so a mirror stays a fraction of the
repository's size. Each remote is fetched by one task at a time (the lock), and git runs with no prompt,
no configuration of the machine's, only http(s), no redirects, and the token (HTTP Basic password) passed
through its environment, never its command line. The remote's address is checked by the same policy as
every other outbound call (app/net.py) before git runs, and git is then held to the addresses that were
checked (`_remote_settings`).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import ipaddress
import os
import shutil
import socket
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from app.code_hosts.hosts import (
    MAX_COMMITS,
    CodeHostError,
    CommitRange,
    HostCommit,
    Repository,
    UnknownRevision,
    newest,
    parse_date,
)
from app.net import IPAddress, UnsafeUrlError, check_url_allowed, is_public_address, literal_address

TIMEOUT = 120.0
LAST_USED = "sleuth-last-used"  # touched on every fetch: how recently a mirror was needed
MAX_IDLE = timedelta(days=30)
RECORD, FIELD, END = "\x1e", "\x1f", "\x1d"
LOG_FORMAT = f"--format={RECORD}%H{FIELD}%an{FIELD}%ae{FIELD}%aI{FIELD}%B{END}"

Resolver = Callable[[str], Awaitable[list[str]]]  # a host name -> its addresses, as text


async def resolve_host(host: str) -> list[str]:
    """The host's addresses, as the machine's resolver gives them now."""
    answers = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [answer[4][0] for answer in answers]


class CustomGit:
    def __init__(
        self, repository: Repository, *, mirrors: Path, lock: asyncio.Lock, allow_private: bool,
        resolve: Resolver = resolve_host,
    ) -> None:  # fmt: skip
        self.url = repository.url
        self.token = repository.token
        self.mirror = mirrors / mirror_name(self.url)
        self.lock = lock
        self.allow_private = allow_private
        self.resolve = resolve

    async def check(self) -> None:
        await self._git("ls-remote", "--heads", self.url, cwd=None, remote=await self._remote_settings())

    async def head(self, branch: str) -> str:
        ref = f"refs/heads/{branch}" if branch else "HEAD"
        output = await self._git("ls-remote", self.url, ref, cwd=None, remote=await self._remote_settings())
        sha = next((line.split("\t", 1)[0] for line in output.splitlines() if line.endswith(f"\t{ref}")), "")
        if not sha:
            raise CodeHostError("The git remote has no such branch: check the code source's branch.", permanent=True)
        return sha

    async def commits(self, base: str | None, head: str) -> CommitRange:
        async with self.lock:  # held while the mirror is read too: pruning skips a mirror in use
            await self._fetch()
            if not await self._has_commit(head):
                raise UnknownRevision("The git remote does not have the deploy's commit (not pushed yet?).")
            if base is not None and not await self._has_commit(base):
                raise UnknownRevision("The git remote no longer has the previous deploy's commit.")
            revisions = f"{base}..{head}" if base else head
            count = MAX_COMMITS + 1 if base else 1
            log = await self._git("log", LOG_FORMAT, "--name-only", "-n", str(count), revisions, "--", cwd=self.mirror)
        return newest(_parse_log(log))

    async def _fetch(self) -> None:
        remote = await self._remote_settings()
        if not (self.mirror / "HEAD").exists():
            self.mirror.parent.mkdir(parents=True, exist_ok=True)
            await self._git("init", "--quiet", "--bare", str(self.mirror), cwd=None)
        refspecs = ("+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*")
        (self.mirror / LAST_USED).touch()
        await self._git(
            "fetch", "--quiet", "--prune", "--filter=blob:none", self.url, *refspecs, cwd=self.mirror, remote=remote
        )  # fmt: skip

    async def _has_commit(self, revision: str) -> bool:
        try:
            await self._git("cat-file", "-e", f"{revision}^{{commit}}", cwd=self.mirror)
        except CodeHostError:
            return False
        return True

    async def _remote_settings(self) -> dict[str, str]:
        """git's settings for a call to the remote, once its address is allowed: the addresses the policy
        checked, given to git's HTTP library as its resolve list (`http.curloptResolve`), so that git does
        not ask DNS again. A name that answers the check with a public address and git with a private one
        (DNS rebinding) still gets git only to the address that was checked."""
        try:
            check_url_allowed(self.url, allow_private=self.allow_private)
            parts = urlsplit(self.url)
            host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
        except UnsafeUrlError as error:
            raise CodeHostError(str(error), permanent=True) from None
        except ValueError:  # urlsplit's: a port that is no number, a broken IPv6 literal
            raise CodeHostError("The git remote's URL is not valid.", permanent=True) from None
        if literal_address(host) is not None:
            return {}  # nothing to resolve; check_url_allowed checked the address
        try:
            addresses = list(dict.fromkeys(_address(answer) for answer in await self.resolve(host)))
        except (OSError, ValueError):
            addresses = []
        if not addresses:
            raise CodeHostError("The git remote's host name does not resolve.")
        if not self.allow_private and not all(is_public_address(address) for address in addresses):
            raise CodeHostError(
                "The git remote's address is private, loopback or link-local, which is not allowed.", permanent=True
            )
        return {"http.curloptResolve": f"{host}:{port}:{','.join(map(_curl_address, addresses))}"}

    async def _git(self, *arguments: str, cwd: Path | None, remote: Mapping[str, str] | None = None) -> str:
        process = await asyncio.create_subprocess_exec(
            "git", *arguments, cwd=cwd, env=self._environment(remote or {}),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            stdout, stderr = await asyncio.wait_for(process.communicate(), TIMEOUT)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise CodeHostError("The git remote did not answer in time.") from None
        if process.returncode != 0:
            raise _failure(stderr.decode("utf-8", errors="replace"))
        return stdout.decode("utf-8", errors="replace")

    def _environment(self, remote: Mapping[str, str]) -> Mapping[str, str]:
        settings = {"http.followRedirects": "false", "protocol.allow": "never", "protocol.https.allow": "always"}
        settings.update(remote)
        if self.allow_private:
            settings["protocol.http.allow"] = "always"
        if self.token:
            credentials = base64.b64encode(f"sleuth:{self.token}".encode()).decode()
            settings["http.extraHeader"] = f"Authorization: Basic {credentials}"
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_ASKPASS": "/bin/false",
            "GIT_CONFIG_COUNT": str(len(settings)),
        }
        for index, (key, value) in enumerate(settings.items()):
            environment[f"GIT_CONFIG_KEY_{index}"] = key
            environment[f"GIT_CONFIG_VALUE_{index}"] = value
        return environment


def mirror_name(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:32] + ".git"


def prune_mirrors(mirrors: Path, *, max_bytes: int, busy: set[str], now: float | None = None) -> list[str]:
    """Remove the mirrors not used for MAX_IDLE, then the least recently used ones until the rest fit in
    `max_bytes`; never one in `busy` (being fetched or read). Returns the names removed. Blocking: run it
    in a thread. A removed mirror is fetched again whole the next time it is needed."""
    if not mirrors.is_dir():
        return []
    cutoff = (time.time() if now is None else now) - MAX_IDLE.total_seconds()
    found = [(_last_used(path), _size(path), path) for path in mirrors.glob("*.git") if path.name not in busy]
    found.sort()  # least recently used first
    total = sum(size for _, size, _ in found) + sum(_size(mirrors / name) for name in busy)
    removed = []
    for last_used, size, path in found:
        if last_used >= cutoff and total <= max_bytes:
            break
        shutil.rmtree(path, ignore_errors=True)
        total -= size
        removed.append(path.name)
    return removed


def _last_used(mirror: Path) -> float:
    try:
        return (mirror / LAST_USED).stat().st_mtime
    except OSError:
        return 0.0


def _size(path: Path) -> int:
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file()) if path.is_dir() else 0


def _address(raw: str) -> IPAddress:
    return ipaddress.ip_address(raw.split("%", 1)[0])  # an IPv6 scope (`%eth0`) is not part of the address


def _curl_address(address: IPAddress) -> str:
    return f"[{address}]" if address.version == 6 else str(address)


def _failure(stderr: str) -> CodeHostError:
    """One sentence for what git said (its own words never reach a user: they may quote the URL)."""
    text = stderr.lower()
    if "authentication failed" in text or "could not read username" in text or " 401" in text:
        return CodeHostError("The git remote refused the token (401).", permanent=True)
    if " 403" in text:
        return CodeHostError("The git remote may not be read with this token (403).", permanent=True)
    if "not found" in text or " 404" in text or "does not appear to be a git repository" in text:
        return CodeHostError("The git remote has no repository at that URL (404).", permanent=True)
    if "ssl" in text or "certificate" in text:
        return CodeHostError("The git remote's TLS certificate is not valid.", permanent=True)
    if "redirect" in text:
        return CodeHostError("The git remote redirected, which is not followed; use its final URL.", permanent=True)
    return CodeHostError("The git remote could not be read.")


def _parse_log(output: str) -> list[HostCommit]:
    commits = []
    for record in output.split(RECORD)[1:]:
        header, _, names = record.partition(END)
        revision, author_name, author_email, date, message = (header.split(FIELD) + [""] * 5)[:5]
        files = tuple(line for line in names.splitlines() if line.strip())
        commits.append(HostCommit(revision, message.strip(), author_name, author_email, parse_date(date), files=files))
    return commits
