"""Bench data: a migrated database holding N deploys and 10 issue links per deploy, written fast.

The schema comes from the real migrations; rows go in with the drivers' bulk paths (sqlite3
`executemany` in one transaction, asyncpg `copy_records_to_table`), so 1,000,000 issue links take
seconds, not minutes.

Shape: one organization ("bench") linked to the installed site https://bench.atlassian.net through
ten projects, plus a second organization on another site as noise (the panel must not see it). Issue
keys are drawn from a key space as large as the number of deploys, so an issue carries ten deploys on
average at every size: the panel's cost should stay flat as the data grows. Beside them, HOT_ISSUES issues
(`hot_issue_key`) are carried by exactly HOT_DEPLOYS deploys each, spread evenly over all of them, so that
the scale section compares the same panel at every size.

Both connections are consented to by their sites, as a Jira admin's link would (the panel shows only
such deploys), so a server on this data must run without its background jobs (bench/servers.py's
`background_jobs=False`): its delivery worker would otherwise push to the sites' URLs, which are not on
loopback.
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from app.crypto import SecretBox
from app.db import setup as db
from app.jira_sites.tenants import SHARED_SECRET_PURPOSE
from app.sleuth.api_keys import hash_key

SITE_URL = "https://bench.atlassian.net"
OTHER_SITE_URL = "https://other.atlassian.net"
CLIENT_KEY = "bench-client-key"
SHARED_SECRET = "bench-shared-secret-0123456789abcdef0123456789abcdef"
API_KEY = "slk_bench-organization-key-0123456789abcdef"
LINKS_PER_DEPLOY = 10
HOT_ISSUES = 8
HOT_DEPLOYS = 50
PROJECTS = 10
ENVIRONMENTS = (("production", "Production"), ("staging", "Staging"), ("development", "Development"))
BATCH = 50_000


@dataclass(frozen=True)
class Table:
    name: str
    columns: Sequence[str]
    rows: list[tuple[Any, ...]]


def _now() -> datetime:
    return datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def issue_key(number: int) -> str:
    return f"BENCH-{number}"


def hot_issue_key(number: int) -> str:
    """One of the HOT_ISSUES issues (numbered from 1) carried by HOT_DEPLOYS deploys at every size (the site
    sees those of its own organization's projects: about five in six)."""
    return f"HOT-{number}"


def fixed_rows(secret_key: str) -> list[Table]:
    """Organizations, the tenant, connections, projects, environments and code deployments."""
    now = _now()
    secret = SecretBox(secret_key).encrypt(SHARED_SECRET, SHARED_SECRET_PURPOSE)
    tenant = Table(
        "tenant",
        ("id", "client_key", "shared_secret", "base_url", "display_url", "product_type", "installed", "enabled",
         "created_at", "updated_at"),
        [(1, CLIENT_KEY, secret, SITE_URL, None, "jira", True, True, now, now)],
    )
    organizations = Table("organization", ("id", "slug", "name", "created_at"),
                          [(1, "bench", "Bench", now), (2, "other", "Other", now)])
    api_keys = Table("api_key", ("id", "organization_id", "kind", "scope", "key_hash", "label", "created_at"),
                     [(1, 1, "org_key", "all", hash_key(API_KEY), "bench", now)])
    trackers = Table(
        "issue_tracker",
        ("id", "organization_id", "provider", "label", "url", "custom_header_names", "workspace", "healthy",
         "tenant_id", "site_consent", "consent_source", "created_at"),
        [(1, 1, "jira", "bench", SITE_URL, "[]", "", True, 1, "granted", "admin_link", now),
         (2, 2, "jira", "other", OTHER_SITE_URL, "[]", "", True, None, "granted", "admin_link", now)],
    )
    projects, environments, code_deployments = [], [], []
    for project_id in range(1, PROJECTS + 3):
        organization_id, tracker_id = (1, 1) if project_id <= PROJECTS else (2, 2)
        projects.append((project_id, organization_id, f"project-{project_id}", f"Project {project_id}", tracker_id,
                         "production", now))
        code_deployments.append((project_id, organization_id, project_id, f"service-{project_id}",
                                 f"Service {project_id}", "", now))
        for offset, (slug, name) in enumerate(ENVIRONMENTS):
            environments.append(((project_id - 1) * len(ENVIRONMENTS) + offset + 1, project_id, slug, name, slug, now))
    return [
        tenant,
        organizations,
        api_keys,
        trackers,
        Table("project", ("id", "organization_id", "slug", "name", "issue_tracker_id", "default_environment",
                          "created_at"), projects),
        Table("environment", ("id", "project_id", "slug", "name", "jira_type", "created_at"), environments),
        Table("code_deployment", ("id", "organization_id", "project_id", "slug", "name", "repository_url",
                                  "created_at"), code_deployments),
    ]


DEPLOY_COLUMNS = ("id", "code_deployment_id", "environment_id", "sha", "date", "author_email", "author_name",
                  "branch", "tags", "links", "created_at")
LINK_COLUMNS = ("id", "deploy_id", "issue_key")


def deploy_batches(deploys: int, seed: int = 7) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Deploy rows and their issue links, in batches; deterministic for a seed."""
    rng = random.Random(seed)
    start = _now() - timedelta(days=365)
    step = timedelta(days=365) / max(deploys, 1)
    project_count = PROJECTS + 2
    deploy_rows: list[tuple[Any, ...]] = []
    link_rows: list[tuple[Any, ...]] = []
    link_id = 0
    hot_step = max(deploys // HOT_DEPLOYS, 1)
    for deploy_id in range(1, deploys + 1):
        project_id = deploy_id % project_count + 1
        environment_id = (project_id - 1) * len(ENVIRONMENTS) + deploy_id % len(ENVIRONMENTS) + 1
        when = start + step * deploy_id
        deploy_rows.append((deploy_id, project_id, environment_id, f"{rng.getrandbits(160):040x}", when,
                            "dev@bench.test", "Bench Dev", "main", '["#bench"]', "{}", when))
        for number in rng.sample(range(1, deploys + 1), min(LINKS_PER_DEPLOY, deploys)):
            link_id += 1
            link_rows.append((link_id, deploy_id, issue_key(number)))
        hot = (deploy_id - 1) % hot_step
        if hot < HOT_ISSUES and (deploy_id - 1) // hot_step < HOT_DEPLOYS:
            link_id += 1
            link_rows.append((link_id, deploy_id, hot_issue_key(hot + 1)))
        if len(deploy_rows) >= BATCH:
            yield deploy_rows, link_rows
            deploy_rows, link_rows = [], []
    if deploy_rows:
        yield deploy_rows, link_rows


def _sqlite_value(value: Any) -> Any:
    return str(value) if isinstance(value, datetime) else value


def _fill_sqlite(path: str, deploys: int, secret_key: str, analyze: bool) -> None:
    connection = sqlite3.connect(path)
    try:
        with connection:
            for table in fixed_rows(secret_key):
                _sqlite_insert(connection, table.name, table.columns, table.rows)
            for deploy_rows, link_rows in deploy_batches(deploys):
                _sqlite_insert(connection, "deploy", DEPLOY_COLUMNS, deploy_rows)
                _sqlite_insert(connection, "deploy_issue", LINK_COLUMNS, link_rows)
        if analyze:
            connection.execute("ANALYZE")
    finally:
        connection.close()


def _sqlite_insert(connection: sqlite3.Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    names = ", ".join(f'"{column}"' for column in columns)
    marks = ", ".join("?" for _ in columns)
    connection.executemany(
        f'INSERT INTO "{table}" ({names}) VALUES ({marks})', ([_sqlite_value(v) for v in row] for row in rows)
    )


async def _fill_postgres(url: str, deploys: int, secret_key: str, analyze: bool) -> None:
    connection = await asyncpg.connect(url)
    try:
        async with connection.transaction():
            for table in fixed_rows(secret_key):
                await connection.copy_records_to_table(table.name, records=table.rows, columns=list(table.columns))
            for deploy_rows, link_rows in deploy_batches(deploys):
                await connection.copy_records_to_table("deploy", records=deploy_rows, columns=list(DEPLOY_COLUMNS))
                await connection.copy_records_to_table("deploy_issue", records=link_rows, columns=list(LINK_COLUMNS))
            for table in ("tenant", "organization", "api_key", "issue_tracker", "project", "environment",
                          "code_deployment", "deploy", "deploy_issue"):
                await connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT MAX(id) FROM \"{table}\"))"
                )
        if analyze:
            await connection.execute("ANALYZE")
    finally:
        await connection.close()


async def build(database_url: str, deploys: int, secret_key: str, *, analyze: bool = True) -> None:
    """Migrate an empty database and fill it; `analyze=False` leaves the planner without statistics, as
    on a server whose autovacuum is off (bench/api_loaded.py loads its deploys afterwards, over HTTP)."""
    await db.migrate(database_url)
    if database_url.startswith("sqlite://"):
        await asyncio.to_thread(_fill_sqlite, database_url.removeprefix("sqlite://"), deploys, secret_key, analyze)
    else:
        await _fill_postgres(database_url, deploys, secret_key, analyze)


def describe(deploys: int) -> dict[str, int]:
    return {"deploys": deploys, "issue_links": deploys * LINKS_PER_DEPLOY, "issue_keys": deploys}


if __name__ == "__main__":
    import argparse
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--deploys", type=int, default=100_000)
    parser.add_argument("--secret-key", default="bench-secret-key-0123456789abcdef0123456789")
    arguments = parser.parse_args()
    started = time.perf_counter()
    asyncio.run(build(arguments.database_url, arguments.deploys, arguments.secret_key))
    print(json.dumps({**describe(arguments.deploys), "seconds": round(time.perf_counter() - started, 1)}))
