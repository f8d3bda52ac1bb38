"""`import_deploys` as Sleuth's docs describe it (sleuth-api/deploy-import.md): a multipart `csv_file` of
`sha,date` rows replaces a code deployment's deploys in one environment; every row is checked before
anything is stored; the history's commits are read from the code source and it reaches Jira as backfill."""

from __future__ import annotations

import io
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from quart.datastructures import FileStorage
from quart.typing import TestClientProtocol as QuartClient

from models import Deploy, DeployIssue, JiraDelivery
from tests.fakes.code_hosts import FakeCodeHost
from tests.fakes.deployments import DeploymentsJira, eventually
from tests.fakes.organizations import Org
from tests.web.api.conftest import linked_site
from tests.web.api.test_deploys_with_only_a_sha import REGISTER, discovered, github_source

IMPORT = "/api/1/deployments/acme/web-app/import_deploys"


def csv_of(*lines: str) -> str:
    return "\n".join(lines) + "\n"


async def upload(client: QuartClient, org: Org, text: str | bytes, **form: str) -> Any:
    data = text.encode() if isinstance(text, str) else text
    files = {"csv_file": FileStorage(io.BytesIO(data), filename="deploys.csv", content_type="text/csv")}
    return await client.post(IMPORT, files=files, form=form, headers=org.headers)


async def test_an_import_replaces_the_environments_history(client: QuartClient, web_project: Org) -> None:
    kept = {"sha": "c" * 40, "environment": "staging"}
    for body in ({"sha": "a" * 40}, kept):
        assert (await client.post(REGISTER, json=body, headers=web_project.headers)).status_code == 200

    text = csv_of("sha,date", f"{'1' * 40},2026-01-02T10:00:00Z", f"{'2' * 40},2026-01-03 11:30:00", "")
    response = await upload(client, web_project, text)
    assert response.status_code == 200, await response.get_json()
    assert await response.get_json() == {"imported": 2, "replaced": 1, "environment": "production"}

    production = await Deploy.filter(environment__slug="production").order_by("date").values_list("sha", "imported")
    assert production == [("1" * 40, True), ("2" * 40, True)]
    assert await Deploy.filter(environment__slug="staging").values_list("sha", flat=True) == ["c" * 40]


async def test_the_environment_field_and_a_header_in_another_order(client: QuartClient, web_project: Org) -> None:
    text = csv_of("date,sha", f"2026-01-02T10:00:00+02:00,{'1' * 40}")
    response = await upload(client, web_project, text, environment="Staging")
    assert (await response.get_json())["environment"] == "staging"
    stored = await Deploy.get(sha="1" * 40)
    assert stored.date.isoformat().startswith("2026-01-02T08:00:00")


async def test_the_histories_commits_are_read_and_it_reaches_jira_as_backfill(
    client: QuartClient,
    web_project: Org,
    fake_host: FakeCodeHost,
    atlassian_key: rsa.RSAPrivateKey,
    deployments_jira: DeploymentsJira,
) -> None:
    await linked_site(client, web_project, atlassian_key, deployments_jira)
    await github_source(client, web_project, fake_host)
    first = fake_host.commit("ACME-1 start")
    fake_host.commit("ACME-2 login")
    second = fake_host.commit("ACME-3 search")

    response = await upload(client, web_project, csv_of("sha,date", f"{first},2026-01-01", f"{second},2026-01-05"))
    assert response.status_code == 200
    for deploy in await Deploy.all():
        await discovered(deploy.id)
    keys = await DeployIssue.filter(deploy__sha=second).order_by("issue_key").values_list("issue_key", flat=True)
    assert keys == ["ACME-2", "ACME-3"]

    await eventually(lambda: sum(len(bulk["deployments"]) for bulk in deployments_jira.bulks) == 2)
    assert await JiraDelivery.filter(backfill=True).count() == 2


async def test_a_reimport_takes_what_it_replaced_out_of_jiras_deployments_panel(
    client: QuartClient, web_project: Org, atlassian_key: rsa.RSAPrivateKey, deployments_jira: DeploymentsJira
) -> None:
    """The route wakes the delivery worker for the deletes as for the pushes: the site ends up holding the
    new history and staging's deploy, never production's replaced one."""
    await linked_site(client, web_project, atlassian_key, deployments_jira)
    for body in ({"sha": "a" * 40}, {"sha": "c" * 40, "environment": "staging"}):
        assert (await client.post(REGISTER, json=body, headers=web_project.headers)).status_code == 200
    await eventually(lambda: len(deployments_jira.held) == 2)

    response = await upload(client, web_project, csv_of("sha,date", f"{'1' * 40},2026-01-02", f"{'2' * 40},2026-01-03"))
    assert (await response.get_json())["replaced"] == 1
    kept = sorted(await Deploy.filter(sha__in=["c" * 40, "1" * 40, "2" * 40]).values_list("id", flat=True))
    await eventually(lambda: deployments_jira.held_sequence_numbers() == kept)
    assert [list(delete) for delete in deployments_jira.deletes] == [["sleuthHistory"]]


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        (csv_of("sha,date", f"{'1' * 40},2026-01-02", f"nope,2026-01-03"), "Line 3: the sha 'nope'"),
        (csv_of("sha,date", f"{'1' * 40},yesterday"), "Line 2: the date 'yesterday'"),
        (csv_of("sha,date", f"{'1' * 40},2026-01-02", f"{'1' * 40},2026-01-03"), "Line 3: the sha 1111111111111111111111111111111111111111 is already on line 2"),  # noqa: E501
        (csv_of("revision,when", f"{'1' * 40},2026-01-02"), "first line must be the header sha,date"),
        (csv_of("sha,date", f"{'1' * 40},2026-01-02,extra"), "Line 2: expected 2 columns"),
        (csv_of("sha,date", f"{'1' * 40},9999-12-31T23:59:59-14:00"), "Line 2: the date"),
        ("", "first line must be the header"),
    ],
)
async def test_a_bad_row_is_400_naming_its_line_and_the_history_stays(
    client: QuartClient, web_project: Org, text: str, sentence: str
) -> None:
    assert (await client.post(REGISTER, json={"sha": "a" * 40}, headers=web_project.headers)).status_code == 200
    response = await upload(client, web_project, text)
    assert response.status_code == 400
    assert sentence in (await response.get_json())["error"]
    assert await Deploy.all().values_list("sha", flat=True) == ["a" * 40]


async def test_a_file_that_is_not_utf8_is_400(client: QuartClient, web_project: Org) -> None:
    response = await upload(client, web_project, b"sha,date\n\xff\xfe,2026\n")
    assert response.status_code == 400 and "UTF-8" in (await response.get_json())["error"]


async def test_no_file_is_400_and_a_wrong_key_or_deployment_401(
    client: QuartClient, web_project: Org, globex: Org
) -> None:
    response = await client.post(IMPORT, form={"environment": "production"}, headers=web_project.headers)
    assert response.status_code == 400 and "csv_file" in (await response.get_json())["error"]
    assert (await upload(client, globex, csv_of("sha,date"))).status_code == 401
    files = {"csv_file": FileStorage(io.BytesIO(b"sha,date\n"), filename="d.csv")}
    response = await client.post(
        "/api/1/deployments/acme/nope/import_deploys", files=files, headers=web_project.headers
    )
    assert response.status_code == 401


async def test_the_key_as_a_form_field_as_sleuths_docs_allow(client: QuartClient, web_project: Org) -> None:
    files = {"csv_file": FileStorage(io.BytesIO(csv_of("sha,date", f"{'1' * 40},2026-01-02").encode()), filename="d.csv")}
    response = await client.post(IMPORT, files=files, form={"api_key": web_project.key})
    assert response.status_code == 200, await response.get_json()
