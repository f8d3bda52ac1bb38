"""The deploys of an issue as one Jira site sees them (app/jira_sites/issue_deploys.py), on a real database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
from tortoise import connections

from app.db import setup as db
from app.jira_sites.issue_deploys import (
    MAX_PER_ENVIRONMENT,
    _newest,
    deploy_rows,
    deploys_for_issue,
    normalize_issue_key,
)
from app.jira_sites.tenants import TenantChanged
from app.sleuth.environments import find_or_create_environment
from app.sleuth.issue_trackers import remove_connection
from app.sleuth.manual_changes import ManualChange, register_manual_deploy
from models import (
    CodeDeployment,
    Deploy,
    DeployIssue,
    Environment,
    IssueTracker,
    JiraEnvironmentType,
    Organization,
    Project,
    SiteConsent,
    Tenant,
    TrackerProvider,
)
from tests.fakes.query_plans import plan_after_switch
from tests.fakes.querycount import count_statements

LINKS_INDEX = "idx_deploy_issu_issue_k_05e391"  # (issue_key, deploy_id): models/deploy.py

SITE_A = "https://acme.atlassian.net"
SITE_A_DISPLAY = "https://jira.acme.example"
SITE_B = "https://globex.atlassian.net"
SLEUTH = "https://sleuth.example"
START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


async def project_on(org_slug: str, site_url: str | None, slug: str = "web") -> CodeDeployment:
    """A project of the organization `org_slug` (made when new) whose issue tracker is `site_url`, and
    its code deployment."""
    organization, _ = await Organization.get_or_create(slug=org_slug, defaults={"name": org_slug.title()})
    tracker = None
    if site_url:
        tracker = await IssueTracker.create(site_consent=SiteConsent.GRANTED, organization=organization, provider=TrackerProvider.JIRA, url=site_url)
    project = await Project.create(organization=organization, slug=slug, name=slug.title(), issue_tracker=tracker)
    return await CodeDeployment.create(
        organization=organization, project=project, slug=f"{slug}-app", name=f"{slug.title()} app"
    )


async def deploy(
    code_deployment: CodeDeployment,
    n: int,
    *keys: str,
    environment: str = "Production",
    minutes: int | None = None,
    tags: list[str] | None = None,
) -> Deploy:
    project = await Project.get(id=code_deployment.project_id)  # type: ignore[attr-defined]
    created = await Deploy.create(
        code_deployment=code_deployment,
        environment=await find_or_create_environment(project, environment),
        sha=f"{n:040x}",
        date=START + timedelta(minutes=n if minutes is None else minutes),
        author_name="Dev Eloper",
        author_email="dev@acme.test",
        tags=tags or [],
    )
    await DeployIssue.bulk_create([DeployIssue(deploy=created, issue_key=key) for key in keys])
    return created


def shas(result: object) -> list[str]:
    return [item.sha[-4:] for item in result.deploys]  # type: ignore[attr-defined]


async def test_a_site_sees_only_projects_whose_tracker_is_the_site(database: str) -> None:
    acme_web = await project_on("acme", SITE_A)
    acme_api = await project_on("acme", SITE_B, "api")  # same organization, another site
    globex = await project_on("globex", SITE_B)
    untracked = await project_on("initech", None)
    await deploy(acme_web, 1, "ACME-12")
    await deploy(acme_api, 2, "ACME-12")
    await deploy(globex, 3, "ACME-12")
    await deploy(untracked, 4, "ACME-12")
    await deploy(acme_web, 5, "ACME-13")  # another issue

    site_a = await deploys_for_issue([SITE_A], "ACME-12", base_url=SLEUTH)
    assert [(d.organization_slug, d.project_slug, d.sha[-1]) for d in site_a.deploys] == [("acme", "web", "1")]
    site_b = await deploys_for_issue([SITE_B], "ACME-12", base_url=SLEUTH)
    assert sorted((d.organization_slug, d.project_slug) for d in site_b.deploys) == [("acme", "api"), ("globex", "web")]
    assert (await deploys_for_issue(["https://initech.atlassian.net"], "ACME-12")).deploys == []
    assert (await deploys_for_issue([], "ACME-12")).deploys == []
    # The URL must be equal, not a prefix or a different scheme.
    assert (await deploys_for_issue([SITE_A + "/jira", "http://acme.atlassian.net"], "ACME-12")).deploys == []


async def test_the_display_url_counts_as_the_site(database: str) -> None:
    on_display = await project_on("acme", SITE_A_DISPLAY)
    on_base = await project_on("acme", SITE_A, "api")
    await deploy(on_display, 1, "ACME-12", minutes=1)
    await deploy(on_base, 2, "ACME-12", minutes=2)
    result = await deploys_for_issue([SITE_A, SITE_A_DISPLAY], "ACME-12")
    assert [d.project_slug for d in result.deploys] == ["api", "web"]
    assert [d.project_slug for d in (await deploys_for_issue([SITE_A_DISPLAY], "ACME-12")).deploys] == ["web"]


async def test_a_removed_connection_hides_its_deploys(database: str) -> None:
    code_deployment = await project_on("acme", SITE_A)
    await deploy(code_deployment, 1, "ACME-12")
    assert len((await deploys_for_issue([SITE_A], "ACME-12")).deploys) == 1
    organization = await Organization.get(slug="acme")
    tracker = await IssueTracker.get(organization=organization)
    await remove_connection(organization, tracker.id)
    assert (await deploys_for_issue([SITE_A], "ACME-12")).deploys == []


async def test_groups_come_in_jira_order_and_newest_first(database: str) -> None:
    code_deployment = await project_on("acme", SITE_A)
    await deploy(code_deployment, 1, "ACME-12", environment="sandbox", minutes=50)
    await deploy(code_deployment, 2, "ACME-12", environment="dev", minutes=40)
    await deploy(code_deployment, 3, "ACME-12", environment="QA", minutes=30)
    await deploy(code_deployment, 4, "ACME-12", environment="Staging", minutes=20)
    await deploy(code_deployment, 5, "ACME-12", environment="production", minutes=10)
    await deploy(code_deployment, 6, "ACME-12", environment="Production EU", minutes=15, tags=["#release", "#eu"])
    await deploy(code_deployment, 7, "ACME-12", environment="production", minutes=5)

    result = await deploys_for_issue([SITE_A], "ACME-12", base_url=SLEUTH)
    assert [group.type for group in result.groups] == list(JiraEnvironmentType)
    assert [group.label for group in result.groups] == [
        "Production", "Staging", "Testing", "Development", "Other environments"
    ]  # fmt: skip
    production = result.groups[0]
    assert [d.sha[-1] for d in production.deploys] == ["6", "5", "7"]
    assert (production.total, production.hidden, production.more) == (3, 0, [])
    newest = production.deploys[0]
    assert (newest.environment_slug, newest.environment_name, newest.environment_type) == (
        "production-eu", "Production EU", JiraEnvironmentType.PRODUCTION
    )  # fmt: skip
    assert newest.tags == ("#release", "#eu")
    assert newest.short_sha == "0000000" and len(newest.sha) == 40
    assert newest.date == START + timedelta(minutes=15)
    assert (newest.author_name, newest.author_email) == ("Dev Eloper", "dev@acme.test")
    assert (newest.code_deployment_slug, newest.code_deployment_name) == ("web-app", "Web app")
    assert (newest.project_slug, newest.project_name, newest.organization_slug) == ("web", "Web", "acme")
    assert newest.url == f"{SLEUTH}/acme/web/deploys/{newest.id}"
    assert result.total == 7


async def test_ties_on_the_date_are_broken_by_the_newest_registration(database: str) -> None:
    code_deployment = await project_on("acme", SITE_A)
    for n in (1, 2, 3):
        await deploy(code_deployment, n, "ACME-12", environment=f"prod-{n}", minutes=0)
    assert [d.sha[-1] for d in (await deploys_for_issue([SITE_A], "ACME-12")).deploys] == ["3", "2", "1"]


async def test_each_environment_type_is_bounded_with_a_link_to_the_rest(database: str) -> None:
    web = await project_on("acme", SITE_A)
    api = await project_on("acme", SITE_A, "api")
    extra = 5
    for n in range(MAX_PER_ENVIRONMENT + extra):
        await deploy(web, n, "ACME-12")
    await deploy(api, 1000, "ACME-12", minutes=10_000)  # the newest production deploy
    await deploy(web, 2000, "ACME-12", environment="staging")

    result = await deploys_for_issue([SITE_A], "ACME-12", base_url=SLEUTH)
    production, staging = result.groups
    assert len(production.deploys) == MAX_PER_ENVIRONMENT
    assert (production.total, production.hidden) == (MAX_PER_ENVIRONMENT + extra + 1, extra + 1)
    assert production.deploys[0].project_slug == "api"
    assert [(link.project_name, link.url) for link in production.more] == [
        ("Api", f"{SLEUTH}/acme/api/deploys?issue=ACME-12"),
        ("Web", f"{SLEUTH}/acme/web/deploys?issue=ACME-12"),
    ]
    assert (staging.total, len(staging.deploys), staging.more) == (1, 1, [])
    assert len((await deploys_for_issue([SITE_A], "ACME-12", per_environment=3)).groups[0].deploys) == 3


@pytest.mark.parametrize("count", [10, 11, 14])
async def test_a_history_longer_than_the_panel_shows_is_cut_by_a_second_statement(database: str, count: int) -> None:
    """Two per type and five types: up to ten rows, the newest-first statement has them all and they are
    grouped and counted here; from eleven, the windowed statement numbers and counts them. Same answer."""
    code_deployment = await project_on("acme", SITE_A)
    environments = ("production", "staging", "dev")
    for n in range(count):
        await deploy(code_deployment, n, "ACME-12", environment=environments[n % 3])
    with count_statements() as statements:
        result = await deploys_for_issue([SITE_A], "ACME-12", per_environment=2)
    assert len(statements) == (1 if count <= 10 else 2)
    expected = [[n for n in reversed(range(count)) if n % 3 == index][:2] for index in range(3)]
    assert [[int(d.sha, 16) for d in group.deploys] for group in result.groups] == expected
    assert [group.total for group in result.groups] == [len(range(index, count, 3)) for index in range(3)]


@pytest.mark.parametrize("given", ["ACME-12", "acme-12", " Acme-12 "])
async def test_the_key_is_matched_upper_cased(database: str, given: str) -> None:
    await deploy(await project_on("acme", SITE_A), 1, "ACME-12")
    result = await deploys_for_issue([SITE_A], given)
    assert result.issue_key == "ACME-12" and len(result.deploys) == 1


@pytest.mark.parametrize("given", ["", "ACME", "ACME-", "ACME-0", "A-1", "ACME-12 ACME-13", "ACME-12x", "x" * 500, "UTF-8"])
def test_what_is_not_an_issue_key(given: str) -> None:
    assert normalize_issue_key(given) is None


async def test_one_statement_per_call_and_none_for_a_non_key(database: str) -> None:
    code_deployment = await project_on("acme", SITE_A)
    for n in range(20):
        await deploy(code_deployment, n, "ACME-12", environment=("production", "staging", "dev")[n % 3])
    with count_statements() as statements:
        result = await deploys_for_issue([SITE_A, SITE_A_DISPLAY], "ACME-12")
    assert len(result.deploys) == 20
    assert len(statements) == 1, statements
    with count_statements() as statements:
        assert (await deploys_for_issue([SITE_A], "not a key")).deploys == []
    assert statements == []


async def test_hostile_text_comes_back_as_stored(database: str) -> None:
    """The domain returns data; escaping is the templates' job (tests/views/test_jira_panel.py)."""
    organization = await Organization.create(slug="acme", name="Acme")
    tracker = await IssueTracker.create(site_consent=SiteConsent.GRANTED, organization=organization, provider=TrackerProvider.JIRA, url=SITE_A)
    hostile = "<script>alert('x')</script>"
    project = await Project.create(organization=organization, slug="web", name=hostile, issue_tracker=tracker)
    code_deployment = await CodeDeployment.create(organization=organization, project=project, slug="web", name=hostile)
    await deploy(code_deployment, 1, "ACME-12", environment=hostile)
    (found,) = (await deploys_for_issue([SITE_A], "ACME-12")).deploys
    assert (found.project_name, found.code_deployment_name, found.environment_name) == (hostile, hostile, hostile)


async def test_a_manual_change_is_labelled_by_its_name_a_deploy_by_its_short_sha(database: str) -> None:
    web_app = await project_on("acme", SITE_A)
    await deploy(web_app, 1, "ACME-12")
    organization = await Organization.get(slug="acme")
    project = await Project.get(slug="web")
    change = ManualChange.from_payload({"name": "ACME-12 flag on", "environment": "Production"})
    await register_manual_deploy(organization, project.slug, change, now=START + timedelta(minutes=5))
    (group,) = (await deploys_for_issue([SITE_A], "ACME-12")).groups
    assert [item.label for item in group.deploys] == ["ACME-12 flag on", "0000000"]


@pytest.mark.parametrize("key", ["ACME-1", "ACME-2", "not a key"])  # rows found, none found, no query at all
async def test_a_cached_tenant_copy_is_confirmed_in_the_same_round_trip(database: str, key: str) -> None:
    deployment = await project_on("acme", SITE_A)
    await deploy(deployment, 1, "ACME-1")
    tenant = await Tenant.create(client_key="acme", shared_secret="v1.sealed", base_url=SITE_A)
    result = await deploys_for_issue([SITE_A], key, base_url=SLEUTH, as_of=tenant)
    assert len(result.deploys) == (1 if key == "ACME-1" else 0)
    kept = await deploy_rows([SITE_A], key, as_of=tenant)
    await Tenant.filter(id=tenant.id).update(shared_secret="v1.sealed-again")  # a reinstall, by another worker
    with pytest.raises(TenantChanged):
        await deploys_for_issue([SITE_A], key, base_url=SLEUTH, as_of=tenant)
    with pytest.raises(TenantChanged):  # a kept answer is never given back on a stale copy's word either
        await deploy_rows([SITE_A], key, as_of=tenant, known=kept)


async def test_a_kept_answer_comes_back_as_it_is_while_nothing_it_was_read_from_changed(database: str) -> None:
    """On PostgreSQL the kept answer is checked by its stamp alone, in one short statement, and given back; on
    SQLite (no stamp) the deploys are read again and the answer is equal."""
    web_app = await project_on("acme", SITE_A)
    for n in range(3):
        await deploy(web_app, n, "ACME-12", environment=("production", "staging")[n % 2])
    first = await deploy_rows([SITE_A], "ACME-12")
    with count_statements() as statements:
        again = await deploy_rows([SITE_A], "ACME-12", known=first)
    assert again == first and len(statements) == 1
    assert (again is first) == (db.dialect() == "postgres")
    assert (first.stamp is not None) == (db.dialect() == "postgres")
    # An answer kept for another key or another cut is not the answer to this question.
    other = await deploy_rows([SITE_A], "ACME-13")
    assert await deploy_rows([SITE_A], "ACME-12", known=other) == first
    assert (await deploy_rows([SITE_A], "ACME-12", per_environment=1, known=first)).per_environment == 1


async def _new_deploy(web_app: CodeDeployment) -> None:
    await deploy(web_app, 9, "ACME-12")


async def _deploy_removed(web_app: CodeDeployment) -> None:
    await Deploy.filter(sha=f"{1:040x}").delete()  # its links go with it


async def _link_to_an_older_deploy(web_app: CodeDeployment) -> None:
    """Its commits read from the code source after the deploy was registered (app/sleuth/deploy_commits.py)."""
    await DeployIssue.create(deploy=await Deploy.get(sha=f"{3:040x}"), issue_key="ACME-12")


async def _environment_renamed(web_app: CodeDeployment) -> None:
    await Environment.filter(slug="production").update(name="Live")


async def _environment_retyped(web_app: CodeDeployment) -> None:
    await Environment.filter(slug="production").update(jira_type=JiraEnvironmentType.STAGING)


async def _code_deployment_renamed(web_app: CodeDeployment) -> None:
    await CodeDeployment.filter(id=web_app.id).update(name="Storefront")


async def _project_renamed(web_app: CodeDeployment) -> None:
    await Project.filter(id=web_app.project_id).update(name="Shop")  # type: ignore[attr-defined]


async def _organization_renamed(web_app: CodeDeployment) -> None:
    await Organization.filter(slug="acme").update(slug="acme-corp")


async def _connection_removed(web_app: CodeDeployment) -> None:
    organization = await Organization.get(slug="acme")
    await remove_connection(organization, (await IssueTracker.get(url=SITE_A)).id)


async def _consent_withdrawn(web_app: CodeDeployment) -> None:
    await IssueTracker.filter(url=SITE_A).update(site_consent=SiteConsent.REFUSED)


async def _tracker_moved_to_another_site(web_app: CodeDeployment) -> None:
    await IssueTracker.filter(url=SITE_A).update(url=SITE_B)


async def _hidden_project_given_the_site(web_app: CodeDeployment) -> None:
    """A project the site did not see (its deploys of the issue hidden) now uses a tracker of the site."""
    hidden = await Project.get(slug="hidden")
    hidden.issue_tracker = await IssueTracker.get(url=SITE_A)
    await hidden.save(update_fields=["issue_tracker_id"])


@pytest.mark.parametrize(
    "change",
    [
        _new_deploy, _deploy_removed, _link_to_an_older_deploy, _environment_renamed, _environment_retyped,
        _code_deployment_renamed, _project_renamed, _organization_renamed, _connection_removed, _consent_withdrawn,
        _tracker_moved_to_another_site, _hidden_project_given_the_site,
    ],
)  # fmt: skip
async def test_a_kept_answer_is_read_again_after_any_change_to_what_it_shows(
    database: str, change: Callable[[CodeDeployment], Awaitable[None]]
) -> None:
    """Every committed change the panel could show, or that changes which deploys the site sees, makes the
    kept answer's stamp read differently: the next load reads the deploys again and shows the change."""
    web_app = await project_on("acme", SITE_A)
    hidden = await project_on("acme", None, "hidden")
    for n in (1, 2):
        await deploy(web_app, n, "ACME-12")
    await deploy(web_app, 3, "ACME-99", environment="staging")  # the issue comes to it later
    await deploy(hidden, 4, "ACME-12")
    first = await deploy_rows([SITE_A], "ACME-12")
    await change(web_app)
    again = await deploy_rows([SITE_A], "ACME-12", known=first)
    assert again == await deploy_rows([SITE_A], "ACME-12")  # what a load without a kept answer reads
    assert again.text != first.text


async def test_a_change_the_site_cannot_see_costs_a_reread_and_the_same_answer(database: str) -> None:
    web_app = await project_on("acme", SITE_A)
    elsewhere = await project_on("globex", SITE_B)
    await deploy(web_app, 1, "ACME-12")
    await deploy(elsewhere, 2, "ACME-12")
    first = await deploy_rows([SITE_A], "ACME-12")
    await deploy(elsewhere, 3, "ACME-12")  # another site's project: a new link, nothing the site sees
    again = await deploy_rows([SITE_A], "ACME-12", known=first)
    assert again == first and again is not first


async def test_the_panels_plan_reads_the_issues_links_never_every_deploy(database: str) -> None:
    """Issue 18: PostgreSQL switches a prepared statement to a generic plan after five executions; the one
    it chose for the old statement walked every deploy newest first. Without statistics (autovacuum is
    off) and past the switch, the plan must start from the issue's links and read deploys by primary key."""
    if db.dialect() != "postgres":
        pytest.skip("the plan cache is PostgreSQL's")
    web_app = await project_on("acme", SITE_A)
    environment = await find_or_create_environment(await Project.get(id=web_app.project_id), "Production")  # type: ignore[attr-defined]
    async with connections.get("default").acquire_connection() as raw:
        await raw.execute(
            'INSERT INTO "deploy" ("code_deployment_id", "environment_id", "sha", "date", "author_email", "author_name", '
            '"branch", "tags", "links", "name", "description", "imported", "commits_status", "created_at") '
            "SELECT $1, $2, lpad(to_hex(g), 40, '0'), now() - g * interval '1 minute', '', '', '', '[]', '{}', '', '', "
            "false, 'given', now() FROM generate_series(1, 2000) g",
            web_app.id, environment.id,
        )
        await raw.execute(
            # 50 issues a deploy, as commits name them; ACME-7 on every 40th deploy
            """INSERT INTO "deploy_issue" ("deploy_id", "issue_key") SELECT d."id", 'WEB-' || ((d."id" * 50 + k) % 5000) """
            """FROM "deploy" d, generate_series(1, 50) k"""
        )
        await raw.execute(
            """INSERT INTO "deploy_issue" ("deploy_id", "issue_key") SELECT "id", 'ACME-7' FROM "deploy" WHERE "id" % 40 = 0"""
        )
        plan = await plan_after_switch(raw, _newest("$", 1, guarded=False), ["ACME-7", SITE_A, 51])
    reads_of_deploys = [line for line in plan.splitlines() if " on deploy " in line]
    assert reads_of_deploys and all("Index Scan using deploy_pkey" in line for line in reads_of_deploys), plan
    assert LINKS_INDEX in plan and "Backward" not in plan, plan


async def test_on_sqlite_the_panel_reads_the_links_from_their_index_alone(database: str) -> None:
    """The links' index holds the deploy too: SQLite goes from it to each deploy by its rowid without reading
    the link rows (those reads were half of a 250-deploy panel's statement), and reads no table whole."""
    if db.dialect() != "sqlite":
        pytest.skip("SQLite's plan")
    explained = await connections.get("default").execute_query_dict(
        f"EXPLAIN QUERY PLAN {_newest('?', 1, guarded=False)}", ["ACME-7", SITE_A, 51]
    )
    steps = [row["detail"] for row in explained]
    assert f"SEARCH i USING COVERING INDEX {LINKS_INDEX} (issue_key=?)" in steps, steps
    assert "SEARCH d USING INTEGER PRIMARY KEY (rowid=?)" in steps, steps
    scanned = {step.split()[1] for step in steps if step.startswith("SCAN")}
    assert scanned <= {"top", "r", "CONSTANT"}, steps  # only the statement's own deploys, never a table
