"""The deploys of one Jira issue as one Jira site sees them: what the deploy panel shows, on Connect and
on Forge alike.

Visibility (contract): a site sees a deploy when the deploy's project uses an issue tracker whose
normalized URL is one of the site's URLs (its base URL, or the custom domain it is displayed under).
Nothing else counts: not the organization, not the tenant row, so a removed connection hides its
deploys at once and a site never sees another site's projects.

This runs on every Jira issue view, so it is one SQL statement: the issue key's index finds the links,
the joins bring what the panel prints, and window functions number the deploys of each environment type
and count them, so at most MAX_PER_ENVIRONMENT rows per type leave the database, newest first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from tortoise import connections

from app.connect.tenants import (
    UNCHANGED_PARAMETER_COUNT,
    TenantChanged,
    is_unchanged,
    unchanged_condition,
    unchanged_parameters,
)
from app.db import as_datetime, placeholder_style, placeholders
from app.issue_keys import find_issue_keys
from app.links import deploys_url
from models import JiraEnvironmentType, Tenant

MAX_PER_ENVIRONMENT = 50
SHORT_SHA_LENGTH = 7

# Production first, then staging, testing, development, and the rest (Jira's order of environment types).
ENVIRONMENT_ORDER: tuple[JiraEnvironmentType, ...] = (
    JiraEnvironmentType.PRODUCTION,
    JiraEnvironmentType.STAGING,
    JiraEnvironmentType.TESTING,
    JiraEnvironmentType.DEVELOPMENT,
    JiraEnvironmentType.UNMAPPED,
)
ENVIRONMENT_LABELS: dict[JiraEnvironmentType, str] = {
    JiraEnvironmentType.PRODUCTION: "Production",
    JiraEnvironmentType.STAGING: "Staging",
    JiraEnvironmentType.TESTING: "Testing",
    JiraEnvironmentType.DEVELOPMENT: "Development",
    JiraEnvironmentType.UNMAPPED: "Other environments",
}
_RANK = {environment_type.value: rank for rank, environment_type in enumerate(ENVIRONMENT_ORDER)}


@dataclass(slots=True)  # not frozen: a frozen dataclass is slower to build, and this one is built per row
class IssueDeploy:
    """One deploy that carried the issue, with what the panel prints about it."""

    id: int
    sha: str
    date: datetime
    author_name: str
    author_email: str
    tags: tuple[str, ...]
    environment_slug: str
    environment_name: str
    environment_type: JiraEnvironmentType
    code_deployment_slug: str
    code_deployment_name: str
    project_slug: str
    project_name: str
    organization_slug: str
    url: str  # the deploy in Sleuth

    @property
    def short_sha(self) -> str:
        return self.sha[:SHORT_SHA_LENGTH]


@dataclass(frozen=True, slots=True)
class MoreLink:
    """Where Sleuth lists every deploy of the issue in one project ("more in Sleuth")."""

    organization_slug: str
    project_name: str
    url: str


@dataclass(frozen=True, slots=True)
class EnvironmentGroup:
    """The deploys of one environment type, newest first: at most MAX_PER_ENVIRONMENT of `total`."""

    type: JiraEnvironmentType
    deploys: list[IssueDeploy]
    total: int
    more: list[MoreLink]  # empty unless some deploys are left out

    @property
    def label(self) -> str:
        return ENVIRONMENT_LABELS[self.type]

    @property
    def hidden(self) -> int:
        return self.total - len(self.deploys)


@dataclass(frozen=True, slots=True)
class IssueDeploys:
    """The answer for one issue key: `issue_key` is None when the key given was not an issue key."""

    issue_key: str | None
    groups: list[EnvironmentGroup]

    @property
    def deploys(self) -> list[IssueDeploy]:
        """Every deploy shown, in group order, newest first within each group."""
        return [deploy for group in self.groups for deploy in group.deploys]

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def normalize_issue_key(raw: str | None) -> str | None:
    """`acme-12 ` -> `ACME-12`, or None when `raw` is not exactly one issue key by the rules deploys are
    linked with (app/issue_keys.py): a key those rules never find can have no deploy."""
    value = (raw or "").strip()
    if not value or len(value) > 80:
        return None
    found = find_issue_keys([value], limit=1)
    return found[0] if found and found[0] == value.upper() else None


async def deploys_for_issue(
    site_urls: Sequence[str],
    issue_key: str,
    *,
    base_url: str = "",
    per_environment: int = MAX_PER_ENVIRONMENT,
    as_of: Tenant | None = None,
) -> IssueDeploys:
    """The deploys linked to `issue_key` from projects whose issue tracker is one of `site_urls`
    (normalized site URLs), grouped by environment type in ENVIRONMENT_ORDER, newest first, at most
    `per_environment` per group. `base_url` is Sleuth's public URL, for the links to each deploy.
    One SQL statement; none when the key is not an issue key or the site has no URL.

    `as_of`, a cached copy of the asking tenant's row: the answer holds only while the row still reads
    as it, checked in the same statement (or, when that finds nothing, by asking the row);
    `TenantChanged` otherwise."""
    key = normalize_issue_key(issue_key)
    urls = list(dict.fromkeys(url for url in site_urls if url))
    rows: Sequence[Any] = ()
    if key is not None and urls:
        connection = connections.get("default")
        sql = _query(placeholder_style(connection), len(urls), guarded=as_of is not None)
        guard = unchanged_parameters(as_of) if as_of is not None else []
        _, rows = await connection.execute_query(sql, [key, *urls, *guard, per_environment])
    if as_of is not None and not rows and not await is_unchanged(as_of):
        raise TenantChanged
    return IssueDeploys(key, _groups(rows, key, base_url) if rows and key else [])


def _groups(rows: Sequence[Any], key: str, base_url: str) -> list[EnvironmentGroup]:
    """Rows (ordered by type rank, then newest first) into groups. It runs for every panel load, so what
    repeats across rows is worked out once: each project's link prefix and each distinct tags value."""
    groups: list[EnvironmentGroup] = []
    current: list[IssueDeploy] = []
    total = 0
    environment_type: str | None = None
    jira_type = JiraEnvironmentType.UNMAPPED
    project_links: dict[tuple[str, str], str] = {}
    tag_values: dict[Any, tuple[str, ...]] = {}
    for row in rows:
        if row[8] != environment_type:
            if current:
                groups.append(_group(current, total, key, base_url))
            environment_type, current, total = row[8], [], row[14]
            jira_type = JiraEnvironmentType(environment_type)
        deploy_id, date, organization, project = row[0], row[2], row[13], row[11]
        link = project_links.get((organization, project))
        if link is None:
            link = project_links[(organization, project)] = deploys_url(base_url, organization, project)
        tags = tag_values.get(row[5])
        if tags is None:
            tags = tag_values[row[5]] = _tags(row[5])
        current.append(
            IssueDeploy(
                id=deploy_id,
                sha=row[1],
                date=as_datetime(date),
                author_name=row[3],
                author_email=row[4],
                tags=tags,
                environment_slug=row[6],
                environment_name=row[7],
                environment_type=jira_type,
                code_deployment_slug=row[9],
                code_deployment_name=row[10],
                project_slug=project,
                project_name=row[12],
                organization_slug=organization,
                url=f"{link}/{deploy_id}",  # links.deploy_url, with its project part worked out once
            )
        )
    if current:
        groups.append(_group(current, total, key, base_url))
    return groups


def _group(deploys: list[IssueDeploy], total: int, key: str, base_url: str) -> EnvironmentGroup:
    more: dict[tuple[str, str], MoreLink] = {}
    if total > len(deploys):
        query = urlencode({"issue": key})
        for deploy in deploys:
            where = (deploy.organization_slug, deploy.project_slug)
            if where not in more:
                url = f"{deploys_url(base_url, *where)}?{query}"
                more[where] = MoreLink(deploy.organization_slug, deploy.project_name, url)
    return EnvironmentGroup(deploys[0].environment_type, deploys, total, list(more.values()))


def _tags(value: Any) -> tuple[str, ...]:
    """The JSON column as the driver hands it: text on both SQLite and PostgreSQL (asyncpg)."""
    tags = json.loads(value) if isinstance(value, str) else value
    return tuple(tags) if isinstance(tags, list) else ()


@lru_cache(maxsize=32)
def _query(style: str, url_count: int, *, guarded: bool) -> str:
    """The one statement, for a driver's placeholder style, a number of site URLs, and whether it carries
    the tenant check of `as_of` (tenants.unchanged_condition, an uncorrelated EXISTS run once).

    Columns by position (read by `_groups`): 0 id, 1 sha, 2 date, 3 author_name, 4 author_email, 5 tags,
    6 environment slug, 7 environment name, 8 environment type, 9 code deployment slug, 10 its name,
    11 project slug, 12 project name, 13 organization slug, 14 the group's total, 15 the row's number.
    """
    # In the order they appear in the text: `?` placeholders are positional.
    key, *marks, limit = placeholders(style, url_count + 2 + (UNCHANGED_PARAMETER_COUNT if guarded else 0))
    urls = ", ".join(marks[:url_count])
    guard = f" AND {unchanged_condition(marks[url_count:])}" if guarded else ""
    rank = " ".join(f"WHEN '{value}' THEN {rank}" for value, rank in _RANK.items())
    return f"""
SELECT * FROM (
  SELECT d."id", d."sha", d."date", d."author_name", d."author_email", d."tags",
         e."slug" AS "environment_slug", e."name" AS "environment_name", e."jira_type",
         c."slug" AS "code_deployment_slug", c."name" AS "code_deployment_name",
         p."slug" AS "project_slug", p."name" AS "project_name", o."slug" AS "organization_slug",
         COUNT(*) OVER (PARTITION BY e."jira_type") AS "total",
         ROW_NUMBER() OVER (PARTITION BY e."jira_type" ORDER BY d."date" DESC, d."id" DESC) AS "number"
  FROM "deploy_issue" i
  JOIN "deploy" d ON d."id" = i."deploy_id"
  JOIN "environment" e ON e."id" = d."environment_id"
  JOIN "code_deployment" c ON c."id" = d."code_deployment_id"
  JOIN "project" p ON p."id" = c."project_id"
  JOIN "issue_tracker" t ON t."id" = p."issue_tracker_id"
  JOIN "organization" o ON o."id" = p."organization_id"
  WHERE i."issue_key" = {key} AND t."url" IN ({urls}){guard}
) ranked
WHERE "number" <= {limit}
ORDER BY CASE "jira_type" {rank} ELSE {len(_RANK)} END, "number"
""".strip()


def site_urls(tenant: Tenant) -> list[str]:
    """The URLs a tenant's site is known by: its base URL and its custom display URL (either may be unset)."""
    return [url for url in (tenant.base_url, tenant.display_url) if url]
