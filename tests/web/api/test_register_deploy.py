"""`register_deploy` as Sleuth's clients call it: JSON and form bodies, every refusal, duplicates, limits."""

from __future__ import annotations

import json
from typing import Any

import pytest
from quart.typing import TestClientProtocol as QuartClient

from models import Deploy, DeployCommit, DeployIssue, Environment
from tests.web.api.conftest import Org

SHA = "0123456789abcdef0123456789abcdef01234567"
REGISTER = "/api/1/deployments/acme/web-app/register_deploy"


async def _nothing_stored() -> None:
    assert await Deploy.all().count() == 0
    assert await DeployCommit.all().count() == 0 and await DeployIssue.all().count() == 0
    assert await Environment.all().count() == 0


async def test_a_full_json_registration(client: QuartClient, web_project: Org) -> None:
    body = {
        "sha": SHA.upper(),
        "environment": "Staging EU",
        "date": "2024-05-01T12:30:00+02:00",
        "tags": ["#release", "#db-migration"],
        "email": "dev@acme.test",
        "links": {"CI run": "https://ci.acme.test/runs/42", "Docs": "http://docs.acme.test"},
        "branch": "feature/WEB-7-login",
        "pull_requests": [{"title": "OPS-3 login page", "number": 12}],
        "commits": [
            {
                "revision": SHA,
                "message": "Merge pull request #12 from acme/WEB-7-login\n\nFixes web-8",
                "author": {"name": "Dev", "email": "dev@acme.test", "username": "dev"},
                "date": "2024-05-01T10:00:00Z",
                "url": "https://github.com/acme/web/commit/" + SHA,
                "files": [{"path": "a.py", "additions": 1, "deletions": 0}],
                "parents": ["abcdef0"],
            }
        ],
    }
    response = await client.post(REGISTER, json=body, headers=web_project.headers)
    assert response.status_code == 200, await response.get_json()
    answer = await response.get_json()
    assert answer["created"] is True
    card = answer["deploy"]
    assert card["sha"] == SHA and card["short_sha"] == SHA[:7]
    environment = (card["environment"], card["environment_name"], card["environment_type"])
    assert environment == ("staging-eu", "Staging EU", "staging")
    assert card["date"] == "2024-05-01T10:30:00Z"
    assert card["tags"] == ["#release", "#db-migration"]
    assert card["links"] == body["links"]
    assert card["author"] == {"email": "dev@acme.test", "name": "Dev"}
    assert card["branch"] == "feature/WEB-7-login" and card["code_deployment"] == "web-app"
    assert card["issues"] == [{"key": key, "url": None} for key in ("WEB-7", "OPS-3", "WEB-8")]
    commit = await DeployCommit.get(deploy_id=card["id"])
    assert (commit.revision, commit.author_email, commit.url) == (SHA, "dev@acme.test", body["commits"][0]["url"])


@pytest.mark.parametrize("encoding", ["json", "form"])
async def test_the_github_actions_shape(client: QuartClient, web_project: Org, encoding: str) -> None:
    fields = {"api_key": web_project.key, "sha": SHA, "environment": "production", "email": "ci@acme.test"}
    response = await (client.post(REGISTER, json=fields) if encoding == "json" else client.post(REGISTER, form=fields))
    assert response.status_code == 200, await response.get_json()
    deploy = await Deploy.get().select_related("environment")
    assert (deploy.sha, deploy.environment.slug, deploy.author_email) == (SHA, "production", "ci@acme.test")


async def test_a_form_with_repeated_tags_and_links(client: QuartClient, web_project: Org) -> None:
    body = (
        f"api_key={web_project.key}&sha={SHA}&environment=Staging&tags=%23one&tags=%23two,%23three"
        "&links=ci%3Dhttps://ci.acme.test/1&links=docs%3Dhttps://docs.acme.test&ignore_if_duplicate=true&date="
    )
    response = await client.post(
        REGISTER, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 200, await response.get_json()
    card = (await response.get_json())["deploy"]
    assert card["tags"] == ["#one", "#two", "#three"]
    assert card["links"] == {"ci": "https://ci.acme.test/1", "docs": "https://docs.acme.test"}
    assert card["environment"] == "staging"


async def test_a_single_tag_string_and_a_single_form_link(client: QuartClient, web_project: Org) -> None:
    response = await client.post(
        REGISTER, form={"sha": SHA, "tags": "#hotfix", "links": "ci=https://ci.acme.test"}, headers=web_project.headers
    )
    card = (await response.get_json())["deploy"]
    assert card["tags"] == ["#hotfix"] and card["links"] == {"ci": "https://ci.acme.test"}


async def test_environment_defaults_to_production(client: QuartClient, web_project: Org) -> None:
    response = await client.post(REGISTER, json={"sha": SHA[:7]}, headers=web_project.headers)
    card = (await response.get_json())["deploy"]
    assert (card["environment"], card["environment_name"], card["sha"]) == ("production", "Production", SHA[:7])


BAD_INPUTS: list[tuple[str, Any, str]] = [
    ("no sha", {}, "'sha'"),
    ("sha not hex", {"sha": "not-a-sha"}, "hexadecimal"),
    ("sha too short", {"sha": "abc12"}, "hexadecimal"),
    ("sha too long", {"sha": SHA + "0"}, "hexadecimal"),
    ("sha a number", {"sha": 1234567}, "'sha'"),
    ("date in words", {"sha": SHA, "date": "yesterday"}, "ISO 8601"),
    ("date a number", {"sha": SHA, "date": 1714567890}, "ISO 8601"),
    ("tag uppercase", {"sha": SHA, "tags": "#ok,#Release"}, "'#Release' is not a tag"),
    ("tag without #", {"sha": SHA, "tags": "release"}, "is not a tag"),
    ("tag with a dot", {"sha": SHA, "tags": ["#v1.2"]}, "is not a tag"),
    ("tags of numbers", {"sha": SHA, "tags": [1, 2]}, "'tags'"),
    ("too many tags", {"sha": SHA, "tags": [f"#t{n}" for n in range(51)]}, "at most 50 tags"),
    ("bad email", {"sha": SHA, "email": "not-an-email"}, "email address"),
    ("link not http", {"sha": SHA, "links": {"x": "javascript:alert(1)"}}, "the link 'x' is not an http(s) URL"),
    ("link without name", {"sha": SHA, "links": {"": "https://x.test"}}, "name of 1 to 255"),
    ("links a number", {"sha": SHA, "links": 5}, "'links'"),
    ("environment blank of letters", {"sha": SHA, "environment": "!!!"}, "not a usable environment name"),
    ("environment too long", {"sha": SHA, "environment": "e" * 256}, "'environment'"),
    ("commits not a list", {"sha": SHA, "commits": "abc"}, "'commits'"),
    ("commit without revision", {"sha": SHA, "commits": [{"message": "WEB-1"}]}, "'commits.0.revision'"),
    ("commit with a bad date", {"sha": SHA, "commits": [{"revision": SHA, "date": "soon"}]}, "'commits.0.date'"),
    ("date past the calendar in UTC", {"sha": SHA, "date": "9999-12-31T23:59:59-23:59"}, "out of range once converted to UTC"),
    ("date before it in UTC", {"sha": SHA, "date": "0001-01-01T00:00:00+14:00"}, "out of range once converted to UTC"),
    ("commit date past it", {"sha": SHA, "commits": [{"revision": SHA, "date": "9999-12-31T23:59:59-14:00"}]}, "'commits.0.date'"),  # noqa: E501
    ("pull request not an object", {"sha": SHA, "pull_requests": ["WEB-1"]}, "'pull_requests.0'"),
    ("ignore_if_duplicate not a flag", {"sha": SHA, "ignore_if_duplicate": "maybe"}, "'ignore_if_duplicate'"),
]


@pytest.mark.parametrize(("case", "body", "expected"), BAD_INPUTS, ids=[case for case, _, _ in BAD_INPUTS])
async def test_bad_input_is_400_with_a_sentence_and_stores_nothing(
    client: QuartClient, web_project: Org, case: str, body: dict[str, Any], expected: str
) -> None:
    response = await client.post(REGISTER, json=body, headers=web_project.headers)
    assert response.status_code == 400
    message = (await response.get_json())["error"]
    assert expected in message and message.endswith(".")
    await _nothing_stored()


@pytest.mark.parametrize(
    ("data", "content_type", "expected"),
    [
        ("{not json", "application/json", "neither JSON nor a form"),
        ("[1, 2]", "application/json", "must be an object"),
        ("[" * 100_000, "application/json", "neither JSON nor a form"),  # nested past the JSON parser's depth
        ("[" * 100_000 + '"\\u0000"', "text/plain", "NUL character"),  # found without parsing the body
        ("sha: abc", "text/plain", "neither JSON nor a form"),
        ("links=no-equals-sign&sha=" + SHA, "application/x-www-form-urlencoded", "name=url"),
        ("sha=" + SHA + "&email=", "application/x-www-form-urlencoded", None),  # a blank field is left out
    ],
)
async def test_bodies_that_are_not_a_deploy(
    client: QuartClient, web_project: Org, data: str, content_type: str, expected: str | None
) -> None:
    response = await client.post(REGISTER, data=data, headers=web_project.headers | {"Content-Type": content_type})
    if expected is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert expected in (await response.get_json())["error"]
    await _nothing_stored()


@pytest.mark.parametrize(
    ("content_type", "encoding"),
    [("text/plain", "utf-8"), ("application/octet-stream", "utf-8"), ("application/json", "utf-16")],
)
async def test_a_nul_in_a_json_body_of_any_type_or_encoding_is_400_and_stores_nothing(
    client: QuartClient, web_project: Org, content_type: str, encoding: str
) -> None:
    # The body is read as JSON whatever its type, and json.loads detects UTF-16: the NUL guard must see it too.
    body = json.dumps({"sha": SHA, "commits": [{"revision": SHA, "message": "ACME-1 a\u0000b"}]}).encode(encoding)
    response = await client.post(REGISTER, data=body, headers=web_project.headers | {"Content-Type": content_type})
    assert response.status_code == 400
    assert "NUL" in (await response.get_json())["error"]
    await _nothing_stored()


async def test_the_text_of_a_nul_escape_is_not_a_nul(client: QuartClient, web_project: Org) -> None:
    body = {"sha": SHA, "commits": [{"revision": SHA, "message": "ACME-1 escape \\u0000 in C"}]}
    response = await client.post(REGISTER, json=body, headers=web_project.headers)
    assert response.status_code == 200, await response.get_data(as_text=True)
    assert await DeployCommit.get(revision=SHA).values_list("message", flat=True) == "ACME-1 escape \\u0000 in C"


async def test_an_unknown_deployment_is_401_as_in_sleuth(client: QuartClient, web_project: Org) -> None:
    response = await client.post(
        "/api/1/deployments/acme/nope/register_deploy", json={"sha": SHA}, headers=web_project.headers
    )
    assert response.status_code == 401
    assert (await response.get_json())["error"] == "Organization 'acme' has no code deployment 'nope'."
    await _nothing_stored()


async def test_a_wrong_key_is_401_and_stores_nothing(client: QuartClient, web_project: Org) -> None:
    response = await client.post(REGISTER, json={"sha": SHA, "api_key": "slk_nope"})
    assert response.status_code == 401
    await _nothing_stored()


async def test_a_duplicate_sha_is_400_unless_ignored(client: QuartClient, web_project: Org) -> None:
    first = await client.post(REGISTER, json={"sha": SHA, "tags": "#one"}, headers=web_project.headers)
    assert first.status_code == 200
    again = await client.post(REGISTER, json={"sha": SHA, "tags": "#two"}, headers=web_project.headers)
    assert again.status_code == 400
    assert "already registered" in (await again.get_json())["error"]
    for flag in ("true", True, "1"):
        ignored = await client.post(
            REGISTER, json={"sha": SHA, "tags": "#three", "ignore_if_duplicate": flag}, headers=web_project.headers
        )
        assert ignored.status_code == 200
        answer = await ignored.get_json()
        assert answer["created"] is False and answer["deploy"]["tags"] == ["#one"]
    form = await client.post(REGISTER, form={"sha": SHA, "ignore_if_duplicate": "true"}, headers=web_project.headers)
    assert form.status_code == 200
    assert await Deploy.all().count() == 1


async def test_a_body_over_10_mb_is_413(client: QuartClient, web_project: Org) -> None:
    padding = "x" * (10 * 1024 * 1024)
    response = await client.post(
        REGISTER,
        data=json.dumps({"sha": SHA, "padding": padding}),
        headers=web_project.headers | {"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert "larger than 10 MB" in (await response.get_json())["error"]
    await _nothing_stored()


async def test_more_than_5000_commits_is_413(client: QuartClient, web_project: Org) -> None:
    commits = [{"revision": SHA} for _ in range(5001)]
    response = await client.post(REGISTER, json={"sha": SHA, "commits": commits}, headers=web_project.headers)
    assert response.status_code == 413
    assert "at most 5000 commits" in (await response.get_json())["error"]
    await _nothing_stored()


async def test_a_thousand_commit_deploy_links_every_key(client: QuartClient, web_project: Org) -> None:
    commits = [{"revision": f"{n:040x}", "message": f"WEB-{n % 300 + 1} change"} for n in range(1000)]
    response = await client.post(REGISTER, json={"sha": SHA, "commits": commits}, headers=web_project.headers)
    assert response.status_code == 200
    issues = (await response.get_json())["deploy"]["issues"]
    assert {issue["key"] for issue in issues} == {f"WEB-{n}" for n in range(1, 301)}
    assert await DeployIssue.all().count() == 300 and await DeployCommit.all().count() == 1000


@pytest.mark.parametrize(
    "path",
    [
        "/api/1/acme/web-app/register_deploy",  # the legacy path of Sleuth's older docs
        "/api/1/deployments/acme/web-app/register-deploy",  # Sleuth's PowerShell example
    ],
)
async def test_the_other_paths_real_clients_post_to(client: QuartClient, web_project: Org, path: str) -> None:
    response = await client.post(path, json={"sha": SHA, "environment": "production"}, headers=web_project.headers)
    assert response.status_code == 200, await response.get_json()
    assert (await Deploy.get()).sha == SHA
    other_org = await client.post(path.replace("acme", "globex"), json={"sha": SHA}, headers=web_project.headers)
    assert other_org.status_code == 401


async def test_the_actions_empty_environment_and_email_mean_not_given(client: QuartClient, web_project: Org) -> None:
    fields = {"api_key": web_project.key, "sha": SHA, "environment": "", "email": ""}  # the Action sends both, always
    response = await client.post(REGISTER, json=fields)
    assert response.status_code == 200, await response.get_json()
    deploy = await Deploy.get().select_related("environment")
    assert (deploy.environment.slug, deploy.author_email) == ("production", "")


@pytest.mark.parametrize("ignore", ["true", True, "1"])
async def test_the_clis_body_registered_twice(client: QuartClient, web_project: Org, ignore: object) -> None:
    """sleuth-client's body: naive UTC date, commits with files and parents, `files`, ignore_if_duplicate."""
    body = {
        "sha": SHA,
        "environment": "production",
        "date": "2024-05-01T10:30:00.123456",
        "commits": [
            {
                "revision": SHA,
                "message": "WEB-9 fix the login",
                "author": {"name": "Dev", "email": "dev@acme.test", "username": "dev@acme.test"},
                "date": "2024-05-01T09:00:00+02:00",
                "files": ["a.py"],
                "parents": ["abcdef0"],
                "url": "",
            }
        ],
        "files": [{"path": "a.py", "url": "", "additions": 0, "deletions": 0}],
        "ignore_if_duplicate": ignore,
        "pull_requests": [],
    }
    headers = {"AUTHORIZATION": f"Bearer {web_project.key}"}
    for created in (True, False):
        response = await client.post(REGISTER, json=body, headers=headers)
        assert response.status_code == 200, await response.get_json()
        answer = await response.get_json()
        assert answer["created"] is created and answer["deploy"]["issues"][0]["key"] == "WEB-9"
    assert answer["deploy"]["date"] == "2024-05-01T10:30:00.123456Z"  # a naive date is UTC


async def test_a_date_with_a_space_for_the_t(client: QuartClient, web_project: Org) -> None:
    response = await client.post(REGISTER, json={"sha": SHA, "date": "2024-05-01 10:30:00"}, headers=web_project.headers)
    assert response.status_code == 200 and (await response.get_json())["deploy"]["date"] == "2024-05-01T10:30:00Z"


@pytest.mark.parametrize(
    "body",
    [
        '{"api_key": "\\ud800", "sha": "0123456789abcdef0123456789abcdef01234567"}',
        '{"sha": "0123456789abcdef0123456789abcdef01234567", "commits": [{"revision": "0123456", "message": "WEB-1 \\udfff"}]}',
        '{"sha": "0123456789abcdef0123456789abcdef01234567", "email": "a\\udc00@acme.test"}',
        '{"sha": "0123456789abcdef0123456789abcdef01234567", "links": {"\\ud83d": "https://ci.acme.test"}}',
    ],
    ids=["api_key", "commit message", "email", "link name"],
)
async def test_a_lone_surrogate_anywhere_is_400_even_without_a_key(client: QuartClient, web_project: Org, body: str) -> None:
    response = await client.post(REGISTER, data=body, headers=web_project.headers | {"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "lone surrogate" in (await response.get_json())["error"]
    anonymous = await client.post(REGISTER, data=body, headers={"Content-Type": "application/json"})
    assert anonymous.status_code == 400
    await _nothing_stored()


async def test_a_surrogate_pair_is_text(client: QuartClient, web_project: Org) -> None:
    body = '{"sha": "0123456789abcdef0123456789abcdef01234567", "commits": [{"revision": "0123456", "message": "WEB-1 \\ud83d\\ude80"}]}'
    response = await client.post(REGISTER, data=body, headers=web_project.headers | {"Content-Type": "application/json"})
    assert response.status_code == 200, await response.get_json()
