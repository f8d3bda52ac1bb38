"""Terraform Cloud's run notification pointed at register_deploy, as Sleuth's docs set it up
(`...register_deploy?api_key=...&environment=Staging`), with Terraform's own payload: only a run that
completed by applying registers a deploy, of the tip of the code source's branch."""

from __future__ import annotations

from typing import Any

import pytest
from quart.typing import TestClientProtocol as QuartClient

from models import Deploy
from tests.fakes.code_hosts import FakeCodeHost
from tests.fakes.organizations import Org
from tests.web.api.test_deploys_with_only_a_sha import REGISTER, discovered, github_source


def notification(trigger: str, run_status: str) -> dict[str, Any]:
    """Terraform Cloud's notification payload, version 1 (its docs' example, one notification)."""
    return {
        "payload_version": 1,
        "notification_configuration_id": "nc-AeUQ2zfKZzW9TiGZ",
        "run_url": "https://app.terraform.io/app/acme/web/runs/run-FwnENkvDnrpyFC7M",
        "run_id": "run-FwnENkvDnrpyFC7M",
        "run_message": "Add five new queue workers",
        "run_created_at": "2026-12-01T18:34:00.000Z",
        "run_created_by": "sample-user",
        "workspace_id": "ws-XdeUVMWShTesDMME",
        "workspace_name": "web",
        "organization_name": "acme",
        "notifications": [
            {
                "message": "Run Applied",
                "trigger": trigger,
                "run_status": run_status,
                "run_updated_at": "2026-12-01T18:37:04.000Z",
                "run_updated_by": "sample-user",
            }
        ],
    }


async def send(client: QuartClient, org: Org, body: dict[str, Any], environment: str = "Staging") -> Any:
    return await client.post(REGISTER, query_string={"api_key": org.key, "environment": environment}, json=body)


async def test_an_applied_run_registers_the_tip_of_the_branch_and_its_commits_are_read(
    client: QuartClient, web_project: Org, fake_host: FakeCodeHost
) -> None:
    await github_source(client, web_project, fake_host)
    tip = fake_host.commit("ACME-7 more queue workers")

    response = await send(client, web_project, notification("run:completed", "applied"))
    assert response.status_code == 200, await response.get_json()
    deploy = (await response.get_json())["deploy"]
    assert deploy["sha"] == tip and deploy["environment"] == "staging" and deploy["environment_name"] == "Staging"
    assert deploy["date"].startswith("2026-12-01T18:37:04")
    assert deploy["links"] == {"Terraform run": "https://app.terraform.io/app/acme/web/runs/run-FwnENkvDnrpyFC7M"}

    await discovered(deploy["id"])
    stored = await Deploy.get(id=deploy["id"]).prefetch_related("issues")
    assert [issue.issue_key for issue in stored.issues] == ["ACME-7"]


async def test_the_same_tip_applied_twice_is_one_deploy(
    client: QuartClient, web_project: Org, fake_host: FakeCodeHost
) -> None:
    await github_source(client, web_project, fake_host)
    fake_host.commit("ACME-7 more queue workers")
    for _ in range(2):
        response = await send(client, web_project, notification("run:completed", "applied"))
        assert response.status_code == 200
    assert await Deploy.all().count() == 1


async def test_a_named_branch_is_the_one_read(client: QuartClient, web_project: Org, fake_host: FakeCodeHost) -> None:
    fake_host.branch = "release"
    await github_source(client, web_project, fake_host, branch="release")
    tip = fake_host.commit("ACME-8 release")
    response = await send(client, web_project, notification("run:completed", "applied"))
    assert (await response.get_json())["deploy"]["sha"] == tip


@pytest.mark.parametrize(
    ("trigger", "run_status"),
    [
        ("verification", ""),
        ("run:created", "pending"),
        ("run:planning", "planning"),
        ("run:needs_attention", "planned"),
        ("run:applying", "applying"),
        ("run:errored", "errored"),
        ("run:completed", "planned_and_finished"),  # a plan with nothing to apply
    ],
)
async def test_every_other_trigger_is_200_and_ignored(
    client: QuartClient, web_project: Org, fake_host: FakeCodeHost, trigger: str, run_status: str
) -> None:
    await github_source(client, web_project, fake_host)
    fake_host.commit("ACME-7 more queue workers")
    response = await send(client, web_project, notification(trigger, run_status))
    assert response.status_code == 200
    assert "Only a run that completed by applying" in (await response.get_json())["ignored"]
    assert await Deploy.all().count() == 0


async def test_no_code_source_is_400_with_a_sentence(client: QuartClient, web_project: Org) -> None:
    response = await send(client, web_project, notification("run:completed", "applied"))
    assert response.status_code == 400
    assert "give the code deployment a code source" in (await response.get_json())["error"]
    assert await Deploy.all().count() == 0


async def test_a_branch_gone_from_the_repository_is_400_and_a_host_outage_503(
    client: QuartClient, web_project: Org, fake_host: FakeCodeHost
) -> None:
    await github_source(client, web_project, fake_host, branch="main")
    fake_host.commit("ACME-7 more queue workers")
    fake_host.branch = "trunk"
    response = await send(client, web_project, notification("run:completed", "applied"))
    assert response.status_code == 400 and "no such branch" in (await response.get_json())["error"]

    fake_host.refuse = 502
    response = await send(client, web_project, notification("run:completed", "applied"))
    assert response.status_code == 503 and "502" in (await response.get_json())["error"]
    assert await Deploy.all().count() == 0


async def test_a_bad_key_or_an_unknown_deployment_is_401(client: QuartClient, web_project: Org, globex: Org) -> None:
    response = await send(client, globex, notification("run:completed", "applied"))
    assert response.status_code == 401
    response = await client.post(
        "/api/1/deployments/acme/nope/register_deploy",
        query_string={"api_key": web_project.key},
        json=notification("run:completed", "applied"),
    )
    assert response.status_code == 401


async def test_a_payload_of_another_version_is_400(client: QuartClient, web_project: Org) -> None:
    response = await send(client, web_project, {"payload_version": "two", "notifications": "none"})
    assert response.status_code == 400
    assert "Terraform Cloud notification" in (await response.get_json())["error"]
