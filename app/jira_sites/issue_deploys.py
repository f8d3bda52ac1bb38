"""The deploys of one Jira issue as one Jira site sees them: what the deploy panel shows, on Connect and
on Forge alike.

Visibility (contract): a site sees a deploy when the deploy's project uses an issue tracker whose
normalized URL is one of the site's URLs (its base URL, or the custom domain it is displayed under) and
to which the site consented (`site_consent` granted: a Jira admin linked or approved the organization,
or the connection's account holds ADMINISTER there). Nothing else counts: not the organization, not the
tenant row, so a removed connection hides its deploys at once, a site never sees another site's
projects, and an organization cannot put its deploys into a site that did not agree.

This runs on every Jira issue view, so it is one SQL statement: the issue key's index finds the links
and the joins bring what the panel prints, newest first, grouped and counted here. Only an issue with
more deploys than the panel could show in all (MAX_PER_ENVIRONMENT for each environment type) costs a
second statement, whose window functions number and count each type's deploys so that at most
MAX_PER_ENVIRONMENT rows per type leave the database.

Either statement answers one row: the rows as one JSON text the database writes itself. Most loads
show what an earlier one showed, and a worker keeps the page it rendered by that text
(app/web/jira_pages/panel_pages.py), so an ordinary load costs one string for the driver to hand over,
hash and compare, whatever the issue carries; rows turned into Python values one column at a time cost
about 4 µs each, and a 250-deploy panel a millisecond (bench/results/why.md). The text is parsed only
when a page is rendered.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from tortoise import connections

from app.db.statements import fetch_short, placeholder_style, placeholders
from app.jira_sites.tenants import (
    UNCHANGED_PARAMETER_COUNT,
    TenantChanged,
    is_unchanged,
    unchanged_condition,
    unchanged_parameters,
)
from app.sleuth.issue_keys import find_issue_keys
from app.sleuth.urls import deploys_url
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
_ZERO = timedelta(0)
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
    change_name: str  # a manual change's name (empty for a deploy of code): shown instead of the sha
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

    @property
    def label(self) -> str:
        """What names it on the panel: the short sha, or a manual change's name."""
        return self.change_name or self.short_sha


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
    linked with (app/sleuth/issue_keys.py): a key those rules never find can have no deploy."""
    value = (raw or "").strip()
    if not value or len(value) > 80:
        return None
    found = find_issue_keys([value], limit=1)
    return found[0] if found and found[0] == value.upper() else None


@dataclass(frozen=True, slots=True)
class DeployRows:
    """The database's answer for one issue key, as the database wrote it. Equal answers compare equal and
    hash alike, so whatever is built from one answer can be reused for an equal one
    (app/web/jira_pages/panel_pages.py)."""

    issue_key: str | None  # None when the key given was not an issue key
    text: str  # a JSON array of rows, each an array of `_COLUMNS`' values; "" when there are none
    per_environment: int
    counted: bool = False  # the rows are the windowed statement's, each carrying its type's total

    def rows(self) -> list[list[Any]]:
        """The rows, newest first (`_TOTAL` after the columns when `counted`), dates as datetimes in UTC."""
        rows: list[list[Any]] = json.loads(self.text) if self.text else []
        for row in rows:
            row[_DATE] = _utc(row[_DATE])
        rows.sort(key=lambda row: (row[_DATE], row[_ID]), reverse=True)  # SQLite's JSON aggregate has no ORDER BY
        return rows


async def deploy_rows(
    site_urls: Sequence[str],
    issue_key: str,
    *,
    per_environment: int = MAX_PER_ENVIRONMENT,
    as_of: Tenant | None = None,
) -> DeployRows:
    """The rows of the deploys linked to `issue_key` from projects whose issue tracker is one of
    `site_urls` (normalized site URLs). One SQL statement for an issue with at most `per_environment`
    deploys for each environment type in all; for a longer history, a second one that numbers and
    counts each type's deploys so that only `per_environment` of each leave the database. None at all
    when the key is not an issue key or the site has no URL.

    `as_of`, a cached copy of the asking tenant's row: the answer holds only while the row still reads
    as it, checked in the same statement (or, when that finds nothing, by asking the row);
    `TenantChanged` otherwise."""
    key = normalize_issue_key(issue_key)
    urls = list(dict.fromkeys(url for url in site_urls if url))
    count, text, counted = 0, "", False
    if key is not None and urls:
        connection = connections.get("default")
        style, guarded = placeholder_style(connection), as_of is not None
        values = [key, *urls, *(unchanged_parameters(as_of) if as_of is not None else [])]
        limit = per_environment * len(ENVIRONMENT_ORDER) + 1
        ((count, text),) = await fetch_short(connection, _newest(style, len(urls), guarded=guarded), [*values, limit])
        counted = count == limit  # cut: the windowed statement keeps the newest of every type, and counts
        if counted:
            windowed = _windowed(style, len(urls), guarded=guarded)
            ((count, text),) = await fetch_short(connection, windowed, [*values, per_environment])
    if as_of is not None and not count and not await is_unchanged(as_of):
        raise TenantChanged
    return DeployRows(key, text if count else "", per_environment, counted)


def issue_deploys(answer: DeployRows, base_url: str) -> IssueDeploys:
    """The answer grouped by environment type in ENVIRONMENT_ORDER, newest first within each group.
    `base_url` is Sleuth's public URL, for the links to each deploy."""
    key = answer.issue_key
    return IssueDeploys(key, _groups(answer, key, base_url) if answer.text and key else [])


async def deploys_for_issue(
    site_urls: Sequence[str],
    issue_key: str,
    *,
    base_url: str = "",
    per_environment: int = MAX_PER_ENVIRONMENT,
    as_of: Tenant | None = None,
) -> IssueDeploys:
    """`deploy_rows` grouped by `issue_deploys`: the deploys of `issue_key` that the site sees."""
    answer = await deploy_rows(site_urls, issue_key, per_environment=per_environment, as_of=as_of)
    return issue_deploys(answer, base_url)


def _groups(answer: DeployRows, key: str, base_url: str) -> list[EnvironmentGroup]:
    """The rows (newest first) into groups in ENVIRONMENT_ORDER. Each project's link prefix is worked out
    once."""
    rows_by_type: dict[str, list[Any]] = {}
    for row in answer.rows():
        rows_by_type.setdefault(row[_TYPE], []).append(row)
    project_links: dict[tuple[str, str], str] = {}
    groups: list[EnvironmentGroup] = []
    for environment_type in sorted(rows_by_type, key=lambda value: _RANK.get(value, len(_RANK))):
        rows = rows_by_type[environment_type]
        total = rows[0][_TOTAL] if answer.counted else len(rows)
        jira_type = JiraEnvironmentType(environment_type)
        deploys = []
        for row in rows[: answer.per_environment]:
            deploy_id, organization, project = row[_ID], row[_ORGANIZATION_SLUG], row[_PROJECT_SLUG]
            link = project_links.get((organization, project))
            if link is None:
                link = project_links[(organization, project)] = deploys_url(base_url, organization, project)
            tags = row[_TAGS]
            deploys.append(
                IssueDeploy(
                    id=deploy_id,
                    sha=row[_SHA],
                    date=row[_DATE],
                    author_name=row[_AUTHOR_NAME],
                    author_email=row[_AUTHOR_EMAIL],
                    tags=tuple(tags) if isinstance(tags, list) else (),
                    change_name=row[_CHANGE_NAME],
                    environment_slug=row[_ENVIRONMENT_SLUG],
                    environment_name=row[_ENVIRONMENT_NAME],
                    environment_type=jira_type,
                    code_deployment_slug=row[_CODE_DEPLOYMENT_SLUG],
                    code_deployment_name=row[_CODE_DEPLOYMENT_NAME],
                    project_slug=project,
                    project_name=row[_PROJECT_NAME],
                    organization_slug=organization,
                    url=f"{link}/{deploy_id}",  # links.deploy_url, with its project part worked out once
                )
            )
        groups.append(_group(deploys, total, key, base_url))
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


# What both statements select, in the order of the driver's row tuples; rows are read by these names.
_COLUMNS: tuple[tuple[str, str], ...] = (
    ('d."id"', "id"),
    ('d."sha"', "sha"),
    ('d."date"', "date"),
    ('d."author_name"', "author_name"),
    ('d."author_email"', "author_email"),
    ('d."tags"', "tags"),
    ('d."name"', "change_name"),
    ('e."slug"', "environment_slug"),
    ('e."name"', "environment_name"),
    ('e."jira_type"', "environment_type"),
    ('c."slug"', "code_deployment_slug"),
    ('c."name"', "code_deployment_name"),
    ('p."slug"', "project_slug"),
    ('p."name"', "project_name"),
    ('o."slug"', "organization_slug"),
)
_SELECTED = ", ".join(f'{expression} AS "{name}"' for expression, name in _COLUMNS)
_DEPLOY_COLUMNS = (  # what the statements read of a deploy: its columns of _COLUMNS, and what it joins by
    "id", "sha", "date", "author_name", "author_email", "tags", "name", "environment_id", "code_deployment_id",
)  # fmt: skip
(
    _ID, _SHA, _DATE, _AUTHOR_NAME, _AUTHOR_EMAIL, _TAGS, _CHANGE_NAME, _ENVIRONMENT_SLUG, _ENVIRONMENT_NAME, _TYPE,
    _CODE_DEPLOYMENT_SLUG, _CODE_DEPLOYMENT_NAME, _PROJECT_SLUG, _PROJECT_NAME, _ORGANIZATION_SLUG,
    _TOTAL,  # the windowed statement's count of the row's environment type, after the columns
) = range(len(_COLUMNS) + 1)  # fmt: skip


def _joined(style: str, url_count: int, *, guarded: bool) -> tuple[str, str, list[str]]:
    """The statements' WITH, and their FROM and WHERE, with the placeholder marks left for what follows:
    the issue key's links, the rows behind them, and only projects whose issue tracker is one of the
    site's URLs, with the tenant check of `as_of` (tenants.unchanged_condition, an uncorrelated EXISTS
    run once).

    On PostgreSQL the issue's links are a MATERIALIZED common table expression, read first from the issue
    key's index, and each deploy is then read by primary key in a LATERAL subquery that cannot be
    flattened: the work is bounded by the issue's own links, whatever the statistics and the plan cache
    say (tests/jira_sites/test_issue_deploys.py reads the plan after the cache's switch). Joined directly,
    PostgreSQL's generic plan (chosen after five executions of the prepared statement) walked every deploy
    of the code deployment newest first and probed the issue's links for each (issue 18: 6.3 ms a load at
    2,000 deploys, growing with all of them)."""
    key, *marks = placeholders(style, url_count + 2 + (UNCHANGED_PARAMETER_COUNT if guarded else 0))
    urls = ", ".join(marks[:url_count])
    guard = f" AND {unchanged_condition(marks[url_count:-1])}" if guarded else ""
    if style != "$":  # SQLite: its planner starts from the issue key's index on its own
        links, deploys = "", f'"deploy_issue" i JOIN "deploy" d ON d."id" = i."deploy_id" AND i."issue_key" = {key}'
    else:
        deploy_columns = ", ".join(f'linked."{column}"' for column in _DEPLOY_COLUMNS)
        # OFFSET 0 keeps the subquery from being flattened into a join the planner could reorder. The deploys
        # are a MATERIALIZED CTE of their own, joined to the other tables once as a set: joined inside the
        # loop over the links, after ANALYZE the planner re-read the environments (every site's) and code
        # deployments for each link (bench/results/why.md, the run of 2026-12-05: 2.7 ms for 250 links).
        links = (
            f'WITH i AS MATERIALIZED (SELECT "deploy_id" FROM "deploy_issue" WHERE "issue_key" = {key}),\n'
            f'd AS MATERIALIZED (SELECT linked.* FROM i CROSS JOIN LATERAL (SELECT {deploy_columns} '
            'FROM "deploy" linked WHERE linked."id" = i."deploy_id" OFFSET 0) linked)'
        )
        deploys = "d"
    return (
        links,
        f"""FROM {deploys}
  JOIN "environment" e ON e."id" = d."environment_id"
  JOIN "code_deployment" c ON c."id" = d."code_deployment_id"
  JOIN "project" p ON p."id" = c."project_id"
  JOIN "issue_tracker" t ON t."id" = p."issue_tracker_id"
  JOIN "organization" o ON o."id" = p."organization_id"
  WHERE t."url" IN ({urls}) AND t."site_consent" = 'granted'{guard}""",
        marks[-1:],
    )


@lru_cache(maxsize=32)
def _newest(style: str, url_count: int, *, guarded: bool) -> str:
    """The deploys newest first, at most a number given last: the statement of an ordinary load, which
    PostgreSQL answers with about a third less work than the windowed one (bench/results/why.md).
    Answers one row: how many rows, and the rows as JSON (`_as_json`)."""
    links, joined, (limit,) = _joined(style, url_count, guarded=guarded)
    newest = f'SELECT {_SELECTED}\n  {joined}\nORDER BY d."date" DESC, d."id" DESC LIMIT {limit}'
    return f"{links}\n{_as_json(style, newest)}"


@lru_cache(maxsize=32)
def _windowed(style: str, url_count: int, *, guarded: bool) -> str:
    """The newest deploys of each environment type, at most a number given last per type: window
    functions number each type's deploys and count them (`_groups` puts the types in order). Answers as
    `_newest`, each row carrying its type's total after the columns (`_TOTAL`)."""
    links, joined, (limit,) = _joined(style, url_count, guarded=guarded)
    ranked = f"""SELECT * FROM (
  SELECT {_SELECTED},
         COUNT(*) OVER (PARTITION BY e."jira_type") AS "total",
         ROW_NUMBER() OVER (PARTITION BY e."jira_type" ORDER BY d."date" DESC, d."id" DESC) AS "number"
  {joined}
) ranked
WHERE "number" <= {limit}"""
    return f"{links}\n{_as_json(style, ranked, extra=('total',))}"


def _as_json(style: str, rows: str, extra: tuple[str, ...] = ()) -> str:
    """One row for the `rows` of a SELECT of `_COLUMNS` (and `extra`): their count, and a JSON array of
    arrays of their values, newest first, written by the database (PostgreSQL's json_agg, or SQLite's
    JSON functions). The tags are embedded as JSON, not as text."""
    names = [name for _, name in _COLUMNS] + list(extra)
    if style == "$":
        values = ", ".join(f'r."{name}"' for name in names)
        aggregate = f'json_agg(json_build_array({values}) ORDER BY r."date" DESC, r."id" DESC)::text'
    else:  # SQLite before 3.44 has no ORDER BY in an aggregate: DeployRows.rows sorts
        values = ", ".join(f'json(r."{name}")' if name == "tags" else f'r."{name}"' for name in names)
        aggregate = f"json_group_array(json_array({values}))"
    return f"SELECT COUNT(*), {aggregate}\nFROM ({rows}) r"


def _utc(value: str) -> datetime:
    """A date as the JSON answer writes it: ISO text with its offset (PostgreSQL's in the session's time
    zone), read into UTC as the drivers hand a date column."""
    when = datetime.fromisoformat(value)
    return when if when.utcoffset() == _ZERO else when.astimezone(UTC)


def site_urls(tenant: Tenant) -> list[str]:
    """The URLs a tenant's site is known by: its base URL and its custom display URL (either may be unset)."""
    return [url for url in (tenant.base_url, tenant.display_url) if url]
