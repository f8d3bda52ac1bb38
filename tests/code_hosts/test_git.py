"""custom_git: commits read by the `git` binary from a real remote speaking git's smart HTTP on loopback."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.code_hosts.git import LAST_USED, CustomGit, mirror_name, prune_mirrors
from app.code_hosts.hosts import CodeHostError, Repository, UnknownRevision
from app.code_hosts.registry import CodeHosts
from app.jira.client import JiraClient
from models import CodeHostProvider
from tests.fakes.code_hosts import TOKEN, GitRemote
from tests.fakes.dns import FakeDns


@pytest.fixture
async def remote(tmp_path: Path) -> AsyncIterator[GitRemote]:
    server = GitRemote(tmp_path / "remote")
    server.root.mkdir()
    await server.start()
    yield server
    await server.stop()


def host(remote: GitRemote, tmp_path: Path, token: str | None = TOKEN, *, allow_private: bool = True) -> CustomGit:
    repository = Repository(CodeHostProvider.CUSTOM_GIT, url=remote.url, token=token)
    return CustomGit(repository, mirrors=tmp_path / "mirrors", lock=asyncio.Lock(), allow_private=allow_private)


async def test_the_commits_since_the_previous_deploy_newest_first_with_their_files(remote: GitRemote, tmp_path: Path) -> None:
    first = remote.commit("WEB-1 start", {"web/a.py": "a"})
    remote.commit("WEB-2 the login page", {"web/login.py": "b"})
    third = remote.commit("OPS-3 the deploy script", {"ops/deploy.sh": "c"})
    found = await host(remote, tmp_path).commits(first, third)
    assert [commit.message for commit in found.commits] == ["OPS-3 the deploy script", "WEB-2 the login page"]
    assert found.commits[0].files == ("ops/deploy.sh",) and found.commits[0].author_email == "dev@acme.test"
    assert found.commits[0].revision == third and not found.truncated


async def test_an_environments_first_deploy_is_its_head_commit_alone(remote: GitRemote, tmp_path: Path) -> None:
    remote.commit("WEB-1 start")
    head = remote.commit("WEB-2 next")
    found = await host(remote, tmp_path).commits(None, head)
    assert [commit.revision for commit in found.commits] == [head]


async def test_a_sha_not_pushed_yet_is_an_unknown_revision(remote: GitRemote, tmp_path: Path) -> None:
    head = remote.commit("WEB-1 start")
    with pytest.raises(UnknownRevision):
        await host(remote, tmp_path).commits(head, "f" * 40)


async def test_history_rewritten_since_the_previous_deploy_is_an_unknown_revision(
    remote: GitRemote, tmp_path: Path
) -> None:
    """The worker then reads the head alone (tests/web/api/test_deploys_with_only_a_sha.py)."""
    remote.commit("WEB-1 start")
    gone = remote.commit("WEB-2 wip")
    head = remote.rewrite_last("WEB-2 done")
    with pytest.raises(UnknownRevision):
        await host(remote, tmp_path).commits(gone, head)
    assert [commit.message for commit in (await host(remote, tmp_path).commits(None, head)).commits] == ["WEB-2 done"]


async def test_the_mirror_is_fetched_again_for_new_commits(remote: GitRemote, tmp_path: Path) -> None:
    code_host = host(remote, tmp_path)
    first = remote.commit("WEB-1 start")
    await code_host.commits(None, first)
    second = remote.commit("WEB-2 next")
    assert [c.message for c in (await code_host.commits(first, second)).commits] == ["WEB-2 next"]


async def test_check_reads_the_remote_with_the_token(remote: GitRemote, tmp_path: Path) -> None:
    remote.commit("WEB-1 start")
    await host(remote, tmp_path).check()
    with pytest.raises(CodeHostError) as refused:
        await host(remote, tmp_path, token="wrong").check()
    assert refused.value.permanent and "401" in refused.value.reason and "wrong" not in refused.value.reason


async def test_a_loopback_remote_is_refused_unless_private_urls_are_allowed(remote: GitRemote, tmp_path: Path) -> None:
    with pytest.raises(CodeHostError) as refused:
        await host(remote, tmp_path, allow_private=False).check()
    assert refused.value.permanent
    assert remote.requests == 0  # git never ran


def named_host(
    remote: GitRemote, tmp_path: Path, dns: FakeDns, *, scheme: str = "http", allow_private: bool
) -> CustomGit:
    """The remote at `git.acme.test` (its port on 127.0.0.1), a name only `dns` answers."""
    url = remote.url.replace("http://127.0.0.1", f"{scheme}://git.acme.test")
    repository = Repository(CodeHostProvider.CUSTOM_GIT, url=url, token=TOKEN)
    return CustomGit(
        repository, mirrors=tmp_path / "mirrors", lock=asyncio.Lock(), allow_private=allow_private, resolve=dns.resolve
    )


async def test_git_goes_to_the_addresses_that_were_checked_and_asks_no_dns_itself(
    remote: GitRemote, tmp_path: Path
) -> None:
    """So a name cannot answer the check with one address and git with another (DNS rebinding): git
    reaches the remote only through the answer the check was given, IPv6 first (nobody listens there)."""
    tip = remote.commit("WEB-1 start")
    dns = FakeDns({"git.acme.test": ["::1", "127.0.0.1"]})
    code_host = named_host(remote, tmp_path, dns, allow_private=True)
    await code_host.check()
    assert await code_host.head("main") == tip
    assert [commit.revision for commit in (await code_host.commits(None, tip)).commits] == [tip]
    assert dns.asked == ["git.acme.test"] * 3  # once for each call that reaches the remote


@pytest.mark.parametrize("answers", [["140.82.112.3", "127.0.0.1"], ["10.0.0.7"], ["::ffff:127.0.0.1"]])
async def test_a_name_with_any_private_address_is_refused_before_git_runs(
    remote: GitRemote, tmp_path: Path, answers: list[str]
) -> None:
    code_host = named_host(remote, tmp_path, FakeDns({"git.acme.test": answers}), scheme="https", allow_private=False)
    for call in (code_host.check(), code_host.head("main"), code_host.commits(None, "0" * 40)):
        with pytest.raises(CodeHostError, match="private, loopback or link-local") as refused:
            await call
        assert refused.value.permanent
    assert remote.requests == 0


async def test_a_name_that_does_not_resolve_is_a_passing_failure(remote: GitRemote, tmp_path: Path) -> None:
    code_host = named_host(remote, tmp_path, FakeDns({}), scheme="https", allow_private=False)
    with pytest.raises(CodeHostError, match="does not resolve") as failed:
        await code_host.check()
    assert not failed.value.permanent  # DNS may answer again later
    assert remote.requests == 0


async def test_only_http_and_https_remotes(tmp_path: Path) -> None:
    for url in ("file:///etc", "ext::sh -c touch% /tmp/pwned", "ssh://git@example.com/repo.git"):
        repository = Repository(CodeHostProvider.CUSTOM_GIT, url=url)
        code_host = CustomGit(repository, mirrors=tmp_path / "mirrors", lock=asyncio.Lock(), allow_private=True)
        with pytest.raises(CodeHostError):
            await code_host.check()
    assert not Path("/tmp/pwned").exists()


async def test_the_tip_of_the_remotes_default_branch_or_a_named_one(remote: GitRemote, tmp_path: Path) -> None:
    remote.commit("WEB-1 start")
    tip = remote.commit("WEB-2 next")
    assert await host(remote, tmp_path).head("") == tip
    assert await host(remote, tmp_path).head("main") == tip
    with pytest.raises(CodeHostError, match="no such branch") as refused:
        await host(remote, tmp_path).head("release")
    assert refused.value.permanent


def _mirror(root: Path, name: str, size: int, last_used: float) -> None:
    mirror = root / f"{name}.git"
    mirror.mkdir(parents=True)
    (mirror / "pack").write_bytes(b"x" * size)
    (mirror / LAST_USED).touch()
    os.utime(mirror / LAST_USED, (last_used, last_used))


def test_idle_mirrors_go_then_the_least_recently_used_until_the_rest_fit(tmp_path: Path) -> None:
    now = time.time()
    day = 86_400
    _mirror(tmp_path, "idle", 10, now - 31 * day)
    _mirror(tmp_path, "old", 400, now - 3 * day)
    _mirror(tmp_path, "busy", 400, now - 5 * day)
    _mirror(tmp_path, "recent", 400, now - day)
    removed = prune_mirrors(tmp_path, max_bytes=900, busy={"busy.git"}, now=now)
    assert removed == ["idle.git", "old.git"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["busy.git", "recent.git"]
    assert prune_mirrors(tmp_path, max_bytes=900, busy=set(), now=now) == []


async def test_a_pruned_mirror_is_fetched_again_when_needed(remote: GitRemote, tmp_path: Path) -> None:
    client = JiraClient(allow_private_urls=True, user_agent="test", timeout=5, service="code host")
    hosts = CodeHosts(client, data_dir=tmp_path, allow_private_urls=True, mirrors_max_bytes=1)
    repository = Repository(CodeHostProvider.CUSTOM_GIT, url=remote.url, token=TOKEN)
    first = remote.commit("WEB-1 start")
    await hosts.host(repository).commits(None, first)
    assert await hosts.prune_mirrors() == [mirror_name(remote.url)]
    assert not (tmp_path / "git-mirrors" / mirror_name(remote.url)).exists()
    second = remote.commit("WEB-2 next")
    assert [c.message for c in (await hosts.host(repository).commits(first, second)).commits] == ["WEB-2 next"]
