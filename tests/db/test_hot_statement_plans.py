"""The plans of the hot statements, on PostgreSQL past the plan cache's switch (issue 18): the
tenant by clientKey (every Connect request), the API key by hash (every API call), register_deploy's reads (every
registration), the panel's statement among many sites, and the claims of the outbox and of commit discovery (every
worker poll). Each must find its rows through the index meant for it, whatever the plan cache and the statistics
say: with none (autovacuum is off on some servers, so none is the state after loading) and after ANALYZE. A Seq Scan
of any table here would grow with the table; the tables are big enough that the planner would pick one if the
statement let it. The panel's deploys on a code deployment with many: tests/jira_sites/test_issue_deploys.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from tortoise import connections

from app.db import outbox
from app.db import setup as db
from app.db.commit_discovery import _COLUMNS as DISCOVERY_COLUMNS
from app.db.statements import lease_statement
from app.jira_sites.issue_deploys import _newest, _restamp, _windowed
from app.jira_sites.tenants import _tenant_by_client_key
from app.sleuth.api_keys import _live_key_by_hash
from app.sleuth.deploys import _code_deployment_by_slug, _environment_and_deploy_by_slug
from tests.fakes.query_plans import plan_after_switch
from tests.postgres_databases import empty_database

SITES = 2_000  # organizations, each with an API key, a tenant, a tracker, a project and its code deployment
DEPLOYS = 20_000  # on the first ten code deployments, each with a delivery and a commit-discovery job
PENDING = 200  # of those jobs, still due; the rest settled, as on a server that has run a while
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)

# One statement per table, all with generate_series; explicit ids so that the rows can name each other.
SEED = f"""
INSERT INTO organization (id, slug, name, created_at) SELECT g, 'org-' || g, 'Org ' || g, now()
  FROM generate_series(1, {SITES}) g;
INSERT INTO api_key (id, organization_id, kind, scope, key_hash, label, created_at, revoked_at)
  SELECT g, g, 'org_key', 'all', md5(g::text) || md5(g::text), '', now(), CASE WHEN g % 10 = 0 THEN now() END
  FROM generate_series(1, {SITES}) g;
INSERT INTO tenant (id, client_key, shared_secret, base_url, product_type, installed, enabled, created_at, updated_at)
  SELECT g, 'client-' || g, 'secret', 'https://site-' || g || '.atlassian.net', 'jira', true, true, now(), now()
  FROM generate_series(1, {SITES}) g;
INSERT INTO issue_tracker (id, organization_id, provider, label, url, custom_header_names, workspace, healthy,
  tenant_id, site_consent, consent_source, created_at)
  SELECT g, g, 'jira', '', 'https://site-' || g || '.atlassian.net', '[]', '', true, g, 'granted', '', now()
  FROM generate_series(1, {SITES}) g;
INSERT INTO project (id, organization_id, slug, name, issue_tracker_id, default_environment, created_at)
  SELECT g, g, 'web', 'Web', g, 'production', now() FROM generate_series(1, {SITES}) g;
INSERT INTO code_deployment (id, organization_id, project_id, slug, name, repository_url, kind, created_at)
  SELECT g, g, g, 'web-app', 'Web app', '', 'code', now() FROM generate_series(1, {SITES}) g;
INSERT INTO code_source (code_deployment_id, provider, repository, url, api_url, path_includes, path_excludes,
  created_at, updated_at)
  SELECT g, 'github', 'acme/web', '', '', '[]', '[]', now(), now() FROM generate_series(2, {SITES}, 2) g;
INSERT INTO environment (id, project_id, slug, name, jira_type, created_at)
  SELECT g, (g - 1) / 4 + 1, (ARRAY['production', 'staging', 'testing', 'development'])[(g - 1) % 4 + 1], 'Env',
  (ARRAY['production', 'staging', 'testing', 'development'])[(g - 1) % 4 + 1], now()
  FROM generate_series(1, {SITES} * 4) g;
INSERT INTO deploy (id, code_deployment_id, environment_id, sha, date, author_email, author_name, branch, tags,
  links, name, description, imported, commits_status, created_at)
  SELECT g, g % 10 + 1, (g % 10) * 4 + g % 4 + 1, md5(g::text) || '00000000', now() - g * interval '1 minute',
  '', '', '', '[]', '{{}}', '', '', false, 'given', now() FROM generate_series(1, {DEPLOYS}) g;
INSERT INTO deploy_issue (deploy_id, issue_key) SELECT g, 'WEB-' || g % 500 + 1 FROM generate_series(1, {DEPLOYS}) g;
INSERT INTO jira_delivery (kind, tenant_id, deploy_id, connection_id, update_sequence_number, status, attempts,
  next_attempt_at, created_at, updated_at, backfill)
  SELECT 'deploy', g % 10 + 1, g, g % 10 + 1, g, CASE WHEN g > {DEPLOYS - PENDING} THEN 'pending' ELSE 'delivered' END,
  1, now() - g * interval '1 minute', now(), now(), g % 3 = 0 FROM generate_series(1, {DEPLOYS}) g;
INSERT INTO commit_discovery (deploy_id, status, attempts, next_attempt_at, created_at, updated_at, backfill)
  SELECT g, CASE WHEN g > {DEPLOYS - PENDING} THEN 'pending' ELSE 'done' END, 1, now() - g * interval '1 minute',
  now(), now(), g % 3 = 0 FROM generate_series(1, {DEPLOYS}) g;
"""
DEPLOY_SHA = "c4ca4238a0b923820dcc509a6f75849b00000000"  # deploy 1's: md5('1') and the padding


def assert_indexed(plan: str, *indexes: str) -> None:
    """Every table read through an index (no Seq Scan), and through each of `indexes`."""
    assert "Seq Scan" not in plan, plan
    for index in indexes:
        assert index in plan, plan


@pytest.fixture(scope="module", params=[False, True], ids=["no-statistics", "analyzed"])
async def seeded(database_url: str, request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """A database of this module's own, seeded once for all its tests (a seed takes seconds), with no
    statistics or after ANALYZE: the claims lease rows, so the two never share one."""
    if not database_url.startswith("postgres"):
        pytest.skip("the plan cache is PostgreSQL's")
    async with empty_database("sleuth_plans") as url:
        await db.migrate(url)
        connection = await asyncpg.connect(url)
        try:
            await connection.execute(SEED)
            if request.param:
                await connection.execute("ANALYZE")
        finally:
            await connection.close()
        yield url


@pytest.fixture
async def big_tables(seeded: str) -> AsyncIterator[None]:
    """The app's connection on the seeded database, as the statements meet it."""
    await db.connect(seeded)
    yield
    await db.disconnect()


async def plan(statement: str, *values: object) -> str:
    async with connections.get("default").acquire_connection() as raw:
        return await plan_after_switch(raw, statement, values)


async def test_the_tenant_is_found_by_its_client_key(big_tables: None) -> None:
    assert_indexed(await plan(_tenant_by_client_key("$"), "client-77"), "tenant_client_key_key")


async def test_the_api_key_is_found_by_its_hash(big_tables: None) -> None:
    found = await plan(_live_key_by_hash("$"), "0" * 64)
    assert_indexed(found, "api_key_key_hash_key", "organization_pkey")


async def test_a_registration_reads_its_code_deployment_environment_and_sha_by_their_keys(big_tables: None) -> None:
    """The one read of a registration that names its environment, and the one that does not (the project's
    default environment, known once the project is read): a deploy of the same sha is probed by the
    unique index on (code deployment, environment, sha), never by walking the code deployment's deploys."""
    first = await plan(_code_deployment_by_slug("$"), "production", DEPLOY_SHA, 1, "web-app")
    unique_deploy = "uid_deploy_code_de_1325de"
    assert_indexed(first, "uid_code_deploy_organiz_05a015", "code_source_code_deployment_id_key", unique_deploy)
    default = await plan(_environment_and_deploy_by_slug("$"), 1, DEPLOY_SHA, 1, "production")
    assert_indexed(default, "uid_environment_project_b1150f", unique_deploy)


async def test_a_registration_finds_the_tenants_of_its_site_by_url(big_tables: None) -> None:
    """The outbox's INSERT ... SELECT of every registration: the tenants whose base or display URL is the
    tracker's, through their two URL indexes."""
    site = "https://site-3.atlassian.net"
    values = ["deploy", 1, 3, None, 1, "pending", NOW, NOW, NOW, False, site, site, True]
    found = await plan(outbox._queue_sql("$"), *values)
    assert_indexed(found, "idx_tenant_base_ur_230947", "idx_tenant_display_a7a833")


async def test_the_panel_reads_every_table_by_an_index(big_tables: None) -> None:
    """The deploy panel's statement, guarded as the fast path runs it, among every site's rows: the links by
    the issue key's index, and the deploys, environments, code deployments, projects, trackers and
    organizations by their keys (the deploys' part of the plan: tests/jira_sites/test_issue_deploys.py)."""
    site = "https://site-1.atlassian.net"
    values = ("WEB-7", site, 1, "secret", site, "")
    for statement, limit in ((_newest("$", 1, guarded=True), 251), (_windowed("$", 1, guarded=True), 50)):
        found = await plan(statement, *values, limit)
        assert_indexed(found, "idx_deploy_issu_issue_k_05e391", "deploy_pkey", "environment_pkey", "organization_pkey")


async def test_a_kept_panels_stamp_reads_the_links_and_a_few_rows_by_key(big_tables: None) -> None:
    """What an unchanged panel costs the database: the issue's links from the issue key's index, and the
    listed code deployments (with project, tracker, organization) and environments by primary key. The ids
    come as one text each, which the plan cannot see into: PostgreSQL keeps one generic plan for it rather
    than planning every load (the planning cost more than the execution)."""
    found = await plan(_restamp(True), "WEB-7", "1,2,3", "1,2,5", 1, "secret", "https://site-1.atlassian.net", "")
    indexes = ("code_deployment_pkey", "project_pkey", "issue_tracker_pkey", "organization_pkey", "environment_pkey")
    assert_indexed(found, "idx_deploy_issu_issue_k_05e391", *indexes)
    assert "deploy_pkey" not in found and " on deploy " not in found, found  # no deploy is read
    assert "WEB-7" not in found, found  # a generic plan: the key is still a parameter, not planned for


@pytest.mark.parametrize(("table", "columns", "index"), [
    ("jira_delivery", outbox._COLUMNS, "idx_jira_delive_status_eb2991"),
    ("commit_discovery", DISCOVERY_COLUMNS, "idx_commit_disc_status_3340c0"),
])  # fmt: skip
async def test_a_claim_reads_only_pending_rows_in_the_order_it_takes_them(
    big_tables: None, table: str, columns: str, index: str
) -> None:
    """A worker's poll reads the due pending rows from the (status, backfill, next_attempt_at) index, in the
    order it takes them, and leases them by primary key: the settled rows, nearly all of the table, are
    never read, and the due ones are not sorted to take the first few (migration 7)."""
    statement = lease_statement(connections.get("default"), table, columns)
    found = await plan(statement, NOW + timedelta(seconds=30), NOW, NOW, 10)
    assert_indexed(found, index, f"{table}_pkey")
    assert "Sort" not in found, found
