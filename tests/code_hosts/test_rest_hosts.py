"""GitHub, GitHub Enterprise, GitLab, Bitbucket Cloud and Azure DevOps against one fake host on loopback
that answers each API's paths, fields, pagination and errors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from app.code_hosts.hosts import MAX_COMMITS, CodeHost, CodeHostError, Repository, UnknownRevision
from app.code_hosts.registry import CodeHosts
from app.jira.client import JiraClient
from models import CodeHostProvider
from tests.fakes.code_hosts import TOKEN, FakeCodeHost

PROVIDERS = {
    CodeHostProvider.GITHUB_ENTERPRISE: ("acme/web", "/api/v3"),
    CodeHostProvider.GITLAB: ("acme/platform/web", "/api/v4"),
    CodeHostProvider.BITBUCKET: ("acme/web", "/2.0"),
    CodeHostProvider.AZURE_DEVOPS: ("acme/platform/web", ""),
}


@pytest.fixture
async def code_hosts(tmp_path) -> AsyncIterator[CodeHosts]:  # type: ignore[no-untyped-def]
    client = JiraClient(allow_private_urls=True, user_agent="sleuth-jira/test", timeout=5, service="code host")
    await client.start()
    yield CodeHosts(client, data_dir=tmp_path, allow_private_urls=True)
    await client.close()


def host_for(code_hosts: CodeHosts, fake: FakeCodeHost, provider: CodeHostProvider, token: str = TOKEN) -> CodeHost:
    name, api_path = PROVIDERS[provider]
    return code_hosts.host(Repository(provider, name=name, api_url=fake.server.url + api_path, token=token))


@pytest.fixture(params=list(PROVIDERS), ids=[provider.value for provider in PROVIDERS])
def provider(request: pytest.FixtureRequest) -> CodeHostProvider:
    return request.param  # type: ignore[no-any-return]


async def test_the_commits_since_the_previous_deploy_newest_first(
    code_hosts: CodeHosts, fake_host: FakeCodeHost, provider: CodeHostProvider
) -> None:
    first = fake_host.commit("WEB-1 start")
    fake_host.commit("WEB-2 the login page")
    head = fake_host.commit("OPS-3 the deploy script\n\nAlso WEB-4")
    found = await host_for(code_hosts, fake_host, provider).commits(first, head)
    assert [commit.message for commit in found.commits] == ["OPS-3 the deploy script\n\nAlso WEB-4", "WEB-2 the login page"]
    newest = found.commits[0]
    assert (newest.revision, newest.author_name, newest.author_email) == (head, "Dev", "dev@acme.test")
    assert newest.date is not None and newest.url.endswith(head) and not found.truncated


async def test_an_environments_first_deploy_is_its_head_commit_alone(
    code_hosts: CodeHosts, fake_host: FakeCodeHost, provider: CodeHostProvider
) -> None:
    fake_host.commit("WEB-1 start")
    head = fake_host.commit("WEB-2 next")
    found = await host_for(code_hosts, fake_host, provider).commits(None, head)
    assert [commit.revision for commit in found.commits] == [head]


async def test_a_range_over_the_cap_keeps_the_newest(
    code_hosts: CodeHosts, fake_host: FakeCodeHost, provider: CodeHostProvider
) -> None:
    base = fake_host.commit("WEB-1 start")
    for number in range(MAX_COMMITS + 5):
        fake_host.commit(f"change {number}")
    found = await host_for(code_hosts, fake_host, provider).commits(base, fake_host.head or "")
    assert len(found.commits) == MAX_COMMITS and found.truncated
    assert found.commits[0].message == f"change {MAX_COMMITS + 4}"


async def test_a_sha_the_host_does_not_know_yet(
    code_hosts: CodeHosts, fake_host: FakeCodeHost, provider: CodeHostProvider
) -> None:
    base = fake_host.commit("WEB-1 start")
    head = fake_host.commit("WEB-2 next")
    fake_host.hidden.add(head)
    with pytest.raises(UnknownRevision) as unknown:
        await host_for(code_hosts, fake_host, provider).commits(base, head)
    assert not unknown.value.permanent


async def test_the_check_and_its_refusals(code_hosts: CodeHosts, fake_host: FakeCodeHost, provider: CodeHostProvider) -> None:
    await host_for(code_hosts, fake_host, provider).check()
    with pytest.raises(CodeHostError) as bad_token:
        await host_for(code_hosts, fake_host, provider, token="wrong-token").check()
    assert bad_token.value.permanent and "401" in bad_token.value.reason
    fake_host.refuse = 404
    with pytest.raises(CodeHostError) as missing:
        await host_for(code_hosts, fake_host, provider).check()
    assert missing.value.permanent and "no such repository" in missing.value.reason


async def test_rate_limits_and_outages_are_retried_after_the_hosts_wait(
    code_hosts: CodeHosts, fake_host: FakeCodeHost, provider: CodeHostProvider
) -> None:
    head = fake_host.commit("WEB-1 start")
    fake_host.refuse, fake_host.refuse_headers = 429, {"Retry-After": "30"}
    with pytest.raises(CodeHostError) as limited:
        await host_for(code_hosts, fake_host, provider).commits(None, head)
    assert not limited.value.permanent and limited.value.retry_after == 30
    fake_host.refuse, fake_host.refuse_headers = 502, {}
    with pytest.raises(CodeHostError) as down:
        await host_for(code_hosts, fake_host, provider).commits(None, head)
    assert not down.value.permanent


async def test_githubs_exhausted_rate_limit_waits_for_its_reset(code_hosts: CodeHosts, fake_host: FakeCodeHost) -> None:
    import time

    head = fake_host.commit("WEB-1 start")
    reset = int(time.time()) + 600
    fake_host.refuse, fake_host.refuse_headers = 403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}
    with pytest.raises(CodeHostError) as limited:
        await host_for(code_hosts, fake_host, CodeHostProvider.GITHUB_ENTERPRISE).commits(None, head)
    assert not limited.value.permanent and 590 < (limited.value.retry_after or 0) <= 600


async def test_githubs_pull_requests_of_the_head_give_titles_and_the_branch(
    code_hosts: CodeHosts, fake_host: FakeCodeHost
) -> None:
    base = fake_host.commit("start")
    head = fake_host.commit("fix the login")
    fake_host.pulls[head] = [{"title": "WEB-7 Login page", "head": {"ref": "feature/WEB-8-login"}}]
    found = await host_for(code_hosts, fake_host, CodeHostProvider.GITHUB_ENTERPRISE).commits(base, head)
    assert found.pull_request_titles == ["WEB-7 Login page"] and found.branch == "feature/WEB-8-login"


async def test_the_tip_of_the_default_branch_or_a_named_one(
    code_hosts: CodeHosts, fake_host: FakeCodeHost, provider: CodeHostProvider
) -> None:
    fake_host.commit("WEB-1 start")
    tip = fake_host.commit("WEB-2 next")
    host = host_for(code_hosts, fake_host, provider)
    assert await host.head("") == tip
    assert await host.head("main") == tip


async def test_a_branch_the_repository_does_not_have_is_a_permanent_refusal(
    code_hosts: CodeHosts, fake_host: FakeCodeHost, provider: CodeHostProvider
) -> None:
    fake_host.commit("WEB-1 start")
    with pytest.raises(CodeHostError, match="no such branch") as refused:
        await host_for(code_hosts, fake_host, provider).head("release/2026")
    assert refused.value.permanent
