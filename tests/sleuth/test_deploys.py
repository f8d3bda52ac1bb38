"""Registering deploys and reading deploy cards, in the domain (app/sleuth/deploys.py), on a real database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.sleuth.deploys import DeployRegistration, DuplicateDeploy, UnknownDeployment, deploy_cards, register_deploy
from app.sleuth.errors import InvalidInput
from models import CodeDeployment, Deploy, DeployCommit, DeployIssue, Environment, IssueTracker, Organization, Project
from tests.fakes.querycount import count_statements

SHA = "0123456789abcdef0123456789abcdef01234567"


def _sha(n: int) -> str:
    return f"{n:040x}"


@pytest.fixture
async def acme(database: str) -> Organization:
    organization = await Organization.create(slug="acme", name="Acme")
    project = await Project.create(organization=organization, slug="web", name="Web")
    await CodeDeployment.create(organization=organization, project=project, slug="web-app", name="Web app")
    return organization


async def _register(organization: Organization, **fields: Any) -> Any:
    return await register_deploy(organization, "web-app", DeployRegistration.from_payload({"sha": SHA} | fields))


async def test_a_thousand_commits_naming_300_keys_take_few_statements(acme: Organization) -> None:
    def message(n: int) -> str:
        key = n % 300 + 1
        return f"WEB-{key}: change\n\nAlso touches OPS-{key}" if n % 2 else f"WEB-{key} fix"

    commits = [
        {
            "revision": _sha(n),
            "message": message(n),
            "author": {"name": f"Dev {n}", "email": f"dev{n}@acme.test"},
            "date": "2024-05-01T12:00:00Z",
            "url": f"https://github.com/acme/web/commit/{_sha(n)}",
        }
        for n in range(1000)
    ]
    registration = DeployRegistration.from_payload({"sha": _sha(0), "commits": commits})
    with count_statements() as statements:
        registered = await register_deploy(acme, "web-app", registration)
    assert registered.created
    expected_keys = {f"WEB-{n}" for n in range(1, 301)} | {f"OPS-{n}" for n in range(1, 301) if n % 2 == 0}
    assert set(registered.issue_keys) == expected_keys
    stored = set(await DeployIssue.filter(deploy=registered.deploy).values_list("issue_key", flat=True))
    assert stored == expected_keys
    assert await DeployCommit.filter(deploy=registered.deploy).count() == 1000
    assert len(statements) <= 10, statements


@pytest.mark.parametrize(("environment", "reads"), [("Production", 1), (None, 2)])
async def test_a_registration_reads_once_unless_it_leaves_the_environment_to_the_project(
    acme: Organization, environment: str | None, reads: int
) -> None:
    """The code deployment, its project, the environment named and a deploy of the sha already in it come
    in one statement; the project's default environment is known only once the project is read."""
    await _register(acme, environment="production")
    payload = {"sha": _sha(2)} | ({"environment": environment} if environment else {})
    with count_statements() as statements:
        registered = await register_deploy(acme, "web-app", DeployRegistration.from_payload(payload))
    assert registered.created and registered.deploy.environment.slug == "production"
    assert len([statement for statement in statements if statement.lstrip().upper().startswith("SELECT")]) == reads
    with pytest.raises(DuplicateDeploy):
        await register_deploy(acme, "web-app", DeployRegistration.from_payload(payload))


async def test_keys_come_from_the_branch_pull_request_titles_and_commits_in_that_order(acme: Organization) -> None:
    registered = await _register(
        acme,
        branch="feature/web-7-login",
        pull_requests=[{"title": "OPS-2 Login page", "body": "WEB-99 is not scanned"}],
        commits=[{"revision": SHA, "message": "WEB-1 and WEB-7"}],
    )
    assert registered.issue_keys == ["WEB-7", "OPS-2", "WEB-1"]
    stored = await DeployIssue.filter(deploy=registered.deploy).order_by("id").values_list("issue_key", flat=True)
    assert stored == ["WEB-7", "OPS-2", "WEB-1"]


async def test_at_most_500_keys_are_linked(acme: Organization) -> None:
    message = " ".join(f"WEB-{n}" for n in range(1, 800))
    registered = await _register(acme, commits=[{"revision": SHA, "message": message}])
    assert len(registered.issue_keys) == 500
    assert await DeployIssue.all().count() == 500


async def test_the_environment_defaults_to_the_projects_and_is_created_once(acme: Organization) -> None:
    first = await _register(acme)
    assert first.deploy.environment.slug == "production"
    await Project.filter(slug="web").update(default_environment="staging")
    second = await _register(acme, sha=_sha(2))
    assert second.deploy.environment.slug == "staging"
    third = await _register(acme, sha=_sha(3), environment="Staging")
    assert third.deploy.environment.id == second.deploy.environment.id
    assert await Environment.all().count() == 2


async def test_the_author_is_the_email_field_or_the_deployed_commits_author(acme: Organization) -> None:
    commits = [
        {"revision": _sha(9), "message": "older", "author": {"name": "Old", "email": "old@acme.test"}},
        {"revision": SHA, "message": "head", "author": {"name": "Head", "email": "head@acme.test"}},
    ]
    from_commit = await _register(acme, commits=commits)
    assert (from_commit.deploy.author_email, from_commit.deploy.author_name) == ("head@acme.test", "Head")
    given = await _register(acme, sha=_sha(2), email="ci@acme.test", commits=commits)
    assert (given.deploy.author_email, given.deploy.author_name) == ("ci@acme.test", "")


async def test_a_duplicate_sha_is_refused_and_changes_nothing(acme: Organization) -> None:
    first = await _register(acme, commits=[{"revision": SHA, "message": "WEB-1"}])
    with pytest.raises(DuplicateDeploy, match="already registered in the environment 'production'"):
        await _register(acme, commits=[{"revision": SHA, "message": "WEB-2"}], tags="#again")
    repeat = await _register(acme, ignore_if_duplicate="true", commits=[{"revision": SHA, "message": "WEB-3"}])
    assert not repeat.created and repeat.deploy.id == first.deploy.id and repeat.issue_keys == ["WEB-1"]
    assert await Deploy.all().count() == 1 and await DeployCommit.all().count() == 1
    assert await DeployIssue.all().values_list("issue_key", flat=True) == ["WEB-1"]
    elsewhere = await _register(acme, environment="staging")  # the same sha in another environment is a new deploy
    assert elsewhere.created


async def test_concurrent_registrations_of_one_sha_store_one_deploy(acme: Organization) -> None:
    results = await asyncio.gather(
        *(_register(acme, ignore_if_duplicate=True, environment="QA") for _ in range(4)), return_exceptions=True
    )
    assert not [result for result in results if isinstance(result, BaseException)], results
    assert len({result.deploy.id for result in results}) == 1
    assert sum(result.created for result in results) == 1
    assert await Deploy.all().count() == 1


async def test_an_unknown_or_foreign_deployment_is_refused(acme: Organization) -> None:
    other = await Organization.create(slug="globex", name="Globex")
    with pytest.raises(UnknownDeployment):
        await register_deploy(acme, "nope", DeployRegistration.from_payload({"sha": SHA}))
    with pytest.raises(UnknownDeployment):
        await register_deploy(other, "web-app", DeployRegistration.from_payload({"sha": SHA}))
    assert await Deploy.all().count() == 0 and await Environment.all().count() == 0


async def _deploys(organization: Organization, count: int, *, same_date: bool = False) -> None:
    start = datetime(2024, 5, 1, tzinfo=UTC)
    for n in range(count):
        date = start if same_date else start + timedelta(minutes=n)
        await _register(
            organization,
            sha=_sha(n + 1),
            date=date.isoformat(),
            environment="staging" if n % 2 else "production",
            commits=[{"revision": _sha(n + 1), "message": f"WEB-{n + 1} and OPS-1"}],
        )


@pytest.mark.parametrize("same_date", [False, True], ids=["distinct-dates", "one-date"])
async def test_cards_page_newest_first_with_a_cursor(acme: Organization, same_date: bool) -> None:
    await _deploys(acme, 7, same_date=same_date)
    project = await Project.get(slug="web").select_related("issue_tracker")
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        page = await deploy_cards(project, limit=3, cursor=cursor)
        seen += [deploy.sha for deploy in page.deploys]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [_sha(n) for n in range(7, 0, -1)]


async def test_dates_in_any_time_zone_are_stored_as_the_same_instant_and_sort_in_time_order(acme: Organization) -> None:
    # 12:00 UTC written as 14:00+02:00, then 12:30 UTC: as text in their own zones they would sort the other way.
    await _register(acme, sha=_sha(1), date="2024-05-01T14:00:00+02:00")
    await _register(acme, sha=_sha(2), date="2024-05-01T12:30:00Z")
    project = await Project.get(slug="web").select_related("issue_tracker")
    page = await deploy_cards(project, limit=10)
    assert [deploy.sha for deploy in page.deploys] == [_sha(2), _sha(1)]
    assert page.deploys[1].date == datetime(2024, 5, 1, 12, tzinfo=UTC)


async def test_cards_filter_by_environment_and_issue(acme: Organization) -> None:
    await _deploys(acme, 6)
    project = await Project.get(slug="web").select_related("issue_tracker")
    staging = await deploy_cards(project, limit=50, environment="Staging")
    assert [deploy.sha for deploy in staging.deploys] == [_sha(6), _sha(4), _sha(2)]
    by_issue = await deploy_cards(project, limit=50, issue="web-3")
    assert [deploy.sha for deploy in by_issue.deploys] == [_sha(3)]
    shared = await deploy_cards(project, limit=50, issue="OPS-1", environment="production")
    assert [deploy.sha for deploy in shared.deploys] == [_sha(5), _sha(3), _sha(1)]
    assert (await deploy_cards(project, limit=50, environment="nowhere")).deploys == []


async def test_cards_take_the_same_few_statements_for_any_page_size(acme: Organization) -> None:
    await _deploys(acme, 20)
    organization = await Organization.get(slug="acme")
    tracker = await IssueTracker.create(organization=organization, provider="jira", url="https://acme.atlassian.net")
    await Project.filter(slug="web").update(issue_tracker=tracker)
    project = await Project.get(slug="web").select_related("issue_tracker")
    for limit in (2, 20):
        with count_statements() as statements:
            page = await deploy_cards(project, limit=limit)
            keys = [[issue.issue_key for issue in deploy.issues] for deploy in page.deploys]
            environments = {deploy.environment.slug for deploy in page.deploys}
        assert len(statements) == 2, statements  # deploys (joined), then all their issues
        assert keys[0] == ["WEB-20", "OPS-1"] and environments == {"production", "staging"}
    assert page.tracker is not None and page.tracker.url == "https://acme.atlassian.net"


async def test_a_cursor_that_was_not_given_out_is_refused(acme: Organization) -> None:
    project = await Project.get(slug="web").select_related("issue_tracker")
    for cursor in ("nonsense!", "bm9uc2Vuc2U", "MjAyNHww"):
        with pytest.raises(InvalidInput, match="cursor"):
            await deploy_cards(project, limit=5, cursor=cursor)
