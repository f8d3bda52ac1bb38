"""Deploys that name only a sha: their commits are read from the code source in the background, their
issues linked, and the deploy pushed to Jira with them. End to end through the REST API, with a fake
code host and a Jira site on loopback, the app's own workers woken by the route."""

from __future__ import annotations

import asyncio
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient

from app.web.application import SleuthJira
from models import CommitDiscovery, Deploy, DeployIssue
from tests.fakes.code_hosts import TOKEN, FakeCodeHost, GitRemote
from tests.fakes.deployments import DeploymentsJira, eventually
from tests.fakes.organizations import Org
from tests.web.api.conftest import linked_site

REGISTER = "/api/1/deployments/acme/web-app/register_deploy"
DEPLOYMENT = "/api/1/orgs/acme/projects/web/deployments/web-app"


async def github_source(client: QuartClient, org: Org, host: FakeCodeHost, **fields: Any) -> dict[str, Any]:
    source = {"provider": "github_enterprise", "repository": "acme/web", "api_url": host.server.url + "/api/v3", "token": TOKEN}
    response = await client.patch(DEPLOYMENT, json={"code_source": source | fields}, headers=org.headers)
    answer = await response.get_json()
    assert response.status_code == 200, answer
    return answer  # type: ignore[no-any-return]


async def as_the_action(client: QuartClient, org: Org, sha: str, environment: str = "production") -> dict[str, Any]:
    """sleuth-io/sleuth-action's body, exactly: api_key, sha, environment, email (empty when not set)."""
    body = {"api_key": org.key, "sha": sha, "environment": environment, "email": ""}
    response = await client.post(REGISTER, json=body)
    answer = await response.get_json()
    assert response.status_code == 200, answer
    return answer["deploy"]  # type: ignore[no-any-return]


async def card(client: QuartClient, org: Org, deploy_id: int) -> dict[str, Any]:
    cards = await (await client.get("/api/1/orgs/acme/projects/web/deploys", headers=org.headers)).get_json()
    return next(card for card in cards if card["id"] == deploy_id)


async def discovered(deploy_id: int) -> None:
    async def done() -> bool:
        return (await Deploy.get(id=deploy_id)).commits_status != "pending"

    for _ in range(500):
        if await done():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the commits were not read in time")


async def test_the_actions_body_links_the_issues_of_the_commits_since_the_previous_deploy_and_jira_gets_them(
    client: QuartClient,
    web_project: Org,
    fake_host: FakeCodeHost,
    atlassian_key: rsa.RSAPrivateKey,
    deployments_jira: DeploymentsJira,
) -> None:
    site = deployments_jira
    await linked_site(client, web_project, atlassian_key, site)
    saved = await github_source(client, web_project, fake_host)
    assert saved["code_source"]["has_token"] is True and TOKEN not in str(saved)

    first = fake_host.commit("ACME-1 the first release")
    deploy = await as_the_action(client, web_project, first)
    assert deploy["commits_status"] == "pending" and deploy["issues"] == []
    await eventually(lambda: len(site.bulks) == 1)
    assert site.bulks[0]["deployments"][0]["associations"] == [{"associationType": "issueIdOrKeys", "values": ["ACME-1"]}]
    assert (await card(client, web_project, deploy["id"]))["commits_status"] == "found"

    fake_host.commit("ACME-2 fix the login")
    second = fake_host.commit("ACME-3 faster search (refs ACME-2)")
    fake_host.pulls[second] = [{"title": "ACME-4 Search", "head": {"ref": "feature/ACME-5-search"}}]
    deploy = await as_the_action(client, web_project, second)
    await eventually(lambda: len(site.bulks) == 2)
    (sent,) = site.bulks[1]["deployments"]
    assert sent["associations"] == [
        {"associationType": "issueIdOrKeys", "values": ["ACME-5", "ACME-4", "ACME-3", "ACME-2"]}
    ]
    shown = await card(client, web_project, deploy["id"])
    assert [issue["key"] for issue in shown["issues"]] == ["ACME-5", "ACME-4", "ACME-3", "ACME-2"]
    assert shown["issues"][0]["url"] == f"{site.url}/browse/ACME-5" and shown["commits_error"] is None
    assert site.refusals == []


async def test_a_sha_not_pushed_yet_waits_and_says_why_then_is_read(
    app: SleuthJira, client: QuartClient, web_project: Org, fake_host: FakeCodeHost
) -> None:
    await github_source(client, web_project, fake_host)
    head = fake_host.commit("ACME-1 start")
    fake_host.hidden.add(head)
    deploy = await as_the_action(client, web_project, head)
    await eventually_error(deploy["id"])
    shown = await card(client, web_project, deploy["id"])
    assert shown["commits_status"] == "pending" and "not pushed yet" in shown["commits_error"]
    fake_host.hidden.clear()
    await CommitDiscovery.filter(deploy_id=deploy["id"]).update(next_attempt_at=(await Deploy.get(id=deploy["id"])).date)
    app.commit_discovery.wake()
    await discovered(deploy["id"])
    assert await DeployIssue.filter(deploy_id=deploy["id"]).values_list("issue_key", flat=True) == ["ACME-1"]


async def eventually_error(deploy_id: int) -> None:
    for _ in range(500):
        if (await Deploy.get(id=deploy_id)).commits_error:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("no error was recorded in time")


async def test_history_rewritten_since_the_previous_deploy_reads_the_deploys_own_commit(
    client: QuartClient, web_project: Org, fake_host: FakeCodeHost
) -> None:
    await github_source(client, web_project, fake_host)
    first = await as_the_action(client, web_project, fake_host.commit("ACME-1 start"))
    await discovered(first["id"])
    fake_host.hidden.add(first["sha"])  # force-pushed away
    fake_host.commit("ACME-2 lost with the old history")
    deploy = await as_the_action(client, web_project, fake_host.commit("ACME-3 on the new history"))
    await discovered(deploy["id"])
    shown = await card(client, web_project, deploy["id"])
    assert shown["commits_status"] == "found" and "no longer in the repository" in shown["commits_note"]
    assert [issue["key"] for issue in shown["issues"]] == ["ACME-3"]


async def test_a_token_the_host_refuses_fails_the_deploy_with_the_reason(
    client: QuartClient, web_project: Org, fake_host: FakeCodeHost
) -> None:
    await github_source(client, web_project, fake_host)
    head = fake_host.commit("ACME-1 start")
    fake_host.refuse = 401
    deploy = await as_the_action(client, web_project, head)
    await discovered(deploy["id"])
    shown = await card(client, web_project, deploy["id"])
    assert shown["commits_status"] == "failed" and "refused the token" in shown["commits_error"]


async def test_a_deploy_without_commits_or_code_source_says_so(client: QuartClient, web_project: Org) -> None:
    deploy = await as_the_action(client, web_project, "a" * 40)
    assert deploy["commits_status"] == "failed" and "no code source" in deploy["commits_error"]


async def test_commits_sent_with_the_deploy_are_used_as_they_are(
    client: QuartClient, web_project: Org, fake_host: FakeCodeHost
) -> None:
    await github_source(client, web_project, fake_host)
    body = {"sha": "b" * 40, "commits": [{"revision": "b" * 40, "message": "ACME-9 given"}]}
    response = await client.post(REGISTER, json=body, headers=web_project.headers)
    deploy = (await response.get_json())["deploy"]
    assert deploy["commits_status"] == "given" and [issue["key"] for issue in deploy["issues"]] == ["ACME-9"]
    assert await CommitDiscovery.all().count() == 0


async def test_a_range_over_the_cap_keeps_the_newest_with_a_note(
    client: QuartClient, web_project: Org, fake_host: FakeCodeHost
) -> None:
    await github_source(client, web_project, fake_host)
    first = await as_the_action(client, web_project, fake_host.commit("ACME-1 start"))
    await discovered(first["id"])
    fake_host.commit("ACME-2 the oldest, cut")
    for number in range(1000):
        fake_host.commit(f"change {number}")
    deploy = await as_the_action(client, web_project, fake_host.head or "")
    await discovered(deploy["id"])
    shown = await card(client, web_project, deploy["id"])
    assert shown["commits_status"] == "found" and "only the newest 1000" in shown["commits_note"]
    assert shown["issues"] == []  # ACME-2 was the 1,001st


async def test_a_monorepos_paths_leave_out_commits_that_touch_none_of_them(
    tmp_path: Any, client: QuartClient, web_project: Org
) -> None:
    remote = GitRemote(tmp_path / "remote")
    remote.root.mkdir()
    await remote.start()
    try:
        source = {"provider": "custom_git", "url": remote.url, "token": TOKEN, "path_includes": ["web/"]}
        first_sha = remote.commit("ACME-1 start", {"web/a.py": "a"})
        response = await client.patch(DEPLOYMENT, json={"code_source": source}, headers=web_project.headers)
        assert response.status_code == 200, await response.get_json()
        first = await as_the_action(client, web_project, first_sha)
        await discovered(first["id"])
        remote.commit("ACME-2 the web app", {"web/b.py": "b"})
        head = remote.commit("OPS-3 the ops scripts", {"ops/c.sh": "c"})
        deploy = await as_the_action(client, web_project, head)
        await discovered(deploy["id"])
        keys = await DeployIssue.filter(deploy_id=deploy["id"]).values_list("issue_key", flat=True)
        assert keys == ["ACME-2"]
    finally:
        await remote.stop()
