"""The deploys of one Jira issue as one Jira site sees them: what the deploy panel shows, on Connect and
on Forge alike.

Visibility (contract): a site sees a deploy when the deploy's project uses an issue tracker whose
normalized URL is one of the site's URLs (its base URL, or the custom domain it is displayed under) and
to which the site consented (`site_consent` granted: a Jira admin linked or approved the organization,
or the connection's account holds ADMINISTER there). Nothing else counts: not the organization, not the
tenant row, so a removed connection hides its deploys at once, a site never sees another site's
projects, and an organization cannot put its deploys into a site that did not agree.

This runs on every Jira issue view, so it is one SQL statement: the issue key's index finds the links
and the joins bring what the panel prints, sorted, grouped and counted here. Only an issue with
more deploys than the panel could show in all (MAX_PER_ENVIRONMENT for each environment type) costs a
second statement, whose window functions number and count each type's deploys so that at most
MAX_PER_ENVIRONMENT rows per type leave the database.

Either statement answers one row: the rows as one JSON text the database writes itself. Most loads
show what an earlier one showed, and a worker keeps the page it rendered with that text
(app/web/jira_pages/panel_pages.py), so an ordinary load costs one string for the driver to hand over
and compare, whatever the issue carries; rows turned into Python values one column at a time cost
about 4 µs each, and a 250-deploy panel a millisecond (bench/results/why.md). The text is parsed only
when a page is rendered.

On PostgreSQL an answer also carries a stamp (`Stamp`): the issue's links counted and summed, and the
row versions of the few rows the deploys hang from. Given the answer it kept, a load first asks for the
stamp alone, from the issue key's index and a few rows read by key, and reads the deploys again only when
it reads differently: a 250-deploy panel that has not changed costs the database its links, not 250
deploys written as JSON (bench/results/why.md).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

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
class Stamp:
    """What a PostgreSQL answer was read from (`_stamp`): `text` reads differently once any change that
    could alter the answer has committed. The ids are those of the code deployments and environments of
    every deploy linked to the issue, seen or not, comma-separated, for the stamp to be read again."""

    text: str
    code_deployments: str
    environments: str


@dataclass(frozen=True, slots=True)
class DeployRows:
    """The database's answer for one issue key, as the database wrote it. Equal answers compare equal,
    whatever their stamps, so whatever is built from one answer can be reused for an equal one
    (app/web/jira_pages/panel_pages.py)."""

    issue_key: str | None  # None when the key given was not an issue key
    text: str  # the statement's JSON (`_answer`); "" when it found no deploys
    per_environment: int
    counted: bool = False  # the rows are the windowed statement's, each carrying its type's total
    stamp: Stamp | None = field(default=None, compare=False)  # None on SQLite, or when nothing was asked

    def rows(self) -> list[list[Any]]:
        """The rows, newest first (`_TOTAL` after the columns when `counted`), dates as datetimes in UTC."""
        rows = _full_rows(json.loads(self.text)) if self.text else []
        for row in rows:
            row[_DATE] = _utc(row[_DATE])
        rows.sort(key=lambda row: (row[_DATE], row[_ID]), reverse=True)  # the statements do not sort them
        return rows


async def deploy_rows(
    site_urls: Sequence[str],
    issue_key: str,
    *,
    per_environment: int = MAX_PER_ENVIRONMENT,
    as_of: Tenant | None = None,
    known: DeployRows | None = None,
) -> DeployRows:
    """The rows of the deploys linked to `issue_key` from projects whose issue tracker is one of
    `site_urls` (normalized site URLs). One SQL statement for an issue with at most `per_environment`
    deploys for each environment type in all; for a longer history, a second one that numbers and
    counts each type's deploys so that only `per_environment` of each leave the database. None at all
    when the key is not an issue key or the site has no URL.

    `as_of`, a cached copy of the asking tenant's row: the answer holds only while the row still reads
    as it, checked in the same statement (or, when that finds nothing, by asking the row);
    `TenantChanged` otherwise.

    `known`, the answer an earlier call gave for the same site URLs, key and `per_environment`: it is
    given back as it is when its stamp still reads the same (PostgreSQL), in one short statement."""
    key = normalize_issue_key(issue_key)
    urls = list(dict.fromkeys(url for url in site_urls if url))
    count, text, counted, stamp = 0, "", False, None
    if key is not None and urls:
        connection = connections.get("default")
        style, guarded = placeholder_style(connection), as_of is not None
        guard = unchanged_parameters(as_of) if as_of is not None else []
        if known is not None and known.stamp is not None and known.issue_key == key:
            if known.per_environment == per_environment and await _stamped_alike(connection, known.stamp, key, guard):
                return known
        values = [key, *urls, *guard]
        limit = per_environment * len(ENVIRONMENT_ORDER) + 1
        statement = _newest(style, len(urls), guarded=guarded)
        ((count, text, *stamped),) = await fetch_short(connection, statement, [*values, limit])
        counted = count == limit  # cut: the windowed statement keeps the newest of every type, and counts
        if counted:
            windowed = _windowed(style, len(urls), guarded=guarded)
            ((count, text, *stamped),) = await fetch_short(connection, windowed, [*values, per_environment])
        stamp = Stamp(*stamped) if stamped[0] is not None else None
    if as_of is not None and not count and not await is_unchanged(as_of):
        raise TenantChanged
    return DeployRows(key, text if count else "", per_environment, counted, stamp)


async def _stamped_alike(connection: BaseDBAsyncClient, stamp: Stamp, key: str, guard: list[Any]) -> bool:
    """Whether the stamp of `key` over `stamp`'s ids still reads as `stamp`: nothing the answer was read
    from has changed since. `guard`: the tenant check of `as_of` (`TenantChanged` if it fails)."""
    values = [key, stamp.code_deployments, stamp.environments, *guard]
    ((tenant_unchanged, now),) = await fetch_short(connection, _restamp(bool(guard)), values)
    if not tenant_unchanged:
        raise TenantChanged
    return bool(now == stamp.text)


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


# The row `DeployRows.rows` gives for each deploy, by position: the deploy's columns as the statements
# select them (`_DEPLOY_COLUMNS`), then those of its environment and of its code deployment (with its project
# and organization), which the statements send once each however many deploys share them.
(
    _ID, _SHA, _DATE, _AUTHOR_NAME, _AUTHOR_EMAIL, _TAGS, _CHANGE_NAME, _ENVIRONMENT_SLUG, _ENVIRONMENT_NAME, _TYPE,
    _CODE_DEPLOYMENT_SLUG, _CODE_DEPLOYMENT_NAME, _PROJECT_SLUG, _PROJECT_NAME, _ORGANIZATION_SLUG,
    _TOTAL,  # the windowed statement's count of the row's environment type, after the columns
) = range(16)  # fmt: skip
_DEPLOY_COLUMNS = (
    "id", "sha", "date", "author_name", "author_email", "tags", "name", "environment_id", "code_deployment_id",
)  # fmt: skip
_ENVIRONMENT, _CODE_DEPLOYMENT = 7, 8  # the positions of the two ids among _DEPLOY_COLUMNS


def _full_rows(answer: list[list[Any]]) -> list[list[Any]]:
    """The statement's JSON, [deploys, environments, code deployments], as one row per deploy in the
    positions above: each deploy's columns with its environment's and its code deployment's after them."""
    deploys, environments, code_deployments = answer
    environment = {row[0]: row[1:] for row in environments}
    code_deployment = {row[0]: row[1:] for row in code_deployments}
    return [
        [*row[:_ENVIRONMENT], *environment[row[_ENVIRONMENT]], *code_deployment[row[_CODE_DEPLOYMENT]],
         *row[_CODE_DEPLOYMENT + 1:]]
        for row in deploys
    ]  # fmt: skip


def _visible(style: str, url_count: int, *, guarded: bool, typed: bool = False) -> tuple[list[str], str, list[str]]:
    """What both statements share: the common table expressions before theirs, and the FROM and WHERE of
    the issue's deploys (`d`; `typed`: with `e."jira_type"`, their environment's type) from projects whose
    issue tracker is one of the site's URLs and consented, with the tenant check of `as_of`
    (tenants.unchanged_condition, an uncorrelated EXISTS run once); then the mark left for what follows.

    On PostgreSQL every table is read by key from the issue's links, whatever the statistics and the plan
    cache say (tests/jira_sites/test_issue_deploys.py and tests/db/test_hot_statement_plans.py read the
    plans after the cache's switch): the links are a MATERIALIZED common table expression read from the
    issue key's index; each deploy is read by primary key in a LATERAL subquery that cannot be flattened
    (OFFSET 0); and so is each of their distinct code deployments, with its project and tracker, to keep
    those the site sees. Joined directly, PostgreSQL's generic plan (chosen after five executions of the
    prepared statement) walked every deploy of the code deployment newest first and probed the issue's
    links for each (issue 18: 6.3 ms a load at 2,000 deploys, growing with all of them), and without
    statistics it read every site's code deployments to join them. Each step is materialized, so that it is
    joined to the next once, as a set (bench/results/panel-plan.md, after ANALYZE)."""
    key, *marks = placeholders(style, url_count + 2 + (UNCHANGED_PARAMETER_COUNT if guarded else 0))
    urls = ", ".join(marks[:url_count])
    guard = f" AND {unchanged_condition(marks[url_count:-1])}" if guarded else ""
    site = f't."url" IN ({urls}) AND t."site_consent" = \'granted\'{guard}'
    trackers = (
        'JOIN "project" p ON p."id" = c."project_id" JOIN "issue_tracker" t ON t."id" = p."issue_tracker_id"'
    )
    if style != "$":  # SQLite: its planner starts from the issue key's index and reads the rest by rowid
        deploys = (
            f'"deploy_issue" i JOIN "deploy" d ON d."id" = i."deploy_id" AND i."issue_key" = {key}\n'
            f'  JOIN "code_deployment" c ON c."id" = d."code_deployment_id" {trackers}'
        )
        types = '\n  JOIN "environment" e ON e."id" = d."environment_id"' if typed else ""
        return [], f"FROM {deploys}{types}\n  WHERE {site}", marks[-1:]
    deploy_columns = ", ".join(f'linked."{column}"' for column in _DEPLOY_COLUMNS)
    expressions = [
        f'i AS MATERIALIZED (SELECT "deploy_id" FROM "deploy_issue" WHERE "issue_key" = {key})',
        f'd AS MATERIALIZED (SELECT linked.* FROM i CROSS JOIN LATERAL (SELECT {deploy_columns} '
        'FROM "deploy" linked WHERE linked."id" = i."deploy_id" OFFSET 0) linked)',
        'linked_code_deployments AS MATERIALIZED (SELECT DISTINCT "code_deployment_id" AS "id" FROM d)',
        'v AS MATERIALIZED (SELECT x."id" AS "code_deployment_id" FROM linked_code_deployments x '
        f'CROSS JOIN LATERAL (SELECT 1 FROM "code_deployment" c {trackers} '
        f'WHERE c."id" = x."id" AND {site} OFFSET 0) seen)',
        'linked_environments AS MATERIALIZED (SELECT DISTINCT "environment_id" AS "id" FROM d)',
    ]
    deploys = 'FROM d JOIN v ON v."code_deployment_id" = d."code_deployment_id"'
    if typed:
        expressions.append(
            'e AS MATERIALIZED (SELECT x."id" AS "environment_id", e."jira_type" FROM linked_environments x '
            'CROSS JOIN LATERAL (SELECT "jira_type" FROM "environment" e WHERE e."id" = x."id" OFFSET 0) e)'
        )
        deploys += ' JOIN e ON e."environment_id" = d."environment_id"'
    return expressions, deploys, marks[-1:]


_SELECTED = ", ".join(f'd."{column}"' for column in _DEPLOY_COLUMNS)


@lru_cache(maxsize=32)
def _newest(style: str, url_count: int, *, guarded: bool) -> str:
    """The deploys, at most a number given last: the statement of an ordinary load, which PostgreSQL answers
    with about a third less work than the windowed one (bench/results/why.md). Answers one row: how many
    deploys, and what they show as JSON (`_answer`). Unsorted: an answer with all of the issue's deploys
    is sorted where it is read (`DeployRows.rows`), and one cut at the limit is not used (`deploy_rows`
    asks the windowed statement instead); sorting them here was a third of SQLite's time for 250."""
    expressions, visible, (limit,) = _visible(style, url_count, guarded=guarded)
    top = f"top AS MATERIALIZED (SELECT {_SELECTED}\n  {visible}\nLIMIT {limit})"
    return _with([*expressions, top], _answer(style))


@lru_cache(maxsize=32)
def _windowed(style: str, url_count: int, *, guarded: bool) -> str:
    """The newest deploys of each environment type, at most a number given last per type: window
    functions number each type's deploys and count them (`_groups` puts the types in order). Answers as
    `_newest`, each deploy carrying its type's total after its columns (`_TOTAL`)."""
    expressions, visible, (limit,) = _visible(style, url_count, guarded=guarded, typed=True)
    top = f"""top AS MATERIALIZED (SELECT * FROM (
  SELECT {_SELECTED},
         COUNT(*) OVER (PARTITION BY e."jira_type") AS "total",
         ROW_NUMBER() OVER (PARTITION BY e."jira_type" ORDER BY d."date" DESC, d."id" DESC) AS "number"
  {visible}
) ranked
WHERE "number" <= {limit})"""
    return _with([*expressions, top], _answer(style, extra=("total",)))


def _with(expressions: list[str], select: str) -> str:
    return "WITH " + ",\n".join(expressions) + "\n" + select


def _answer(style: str, extra: tuple[str, ...] = ()) -> str:
    """The one row both statements answer for their deploys (`top`): how many, and one JSON text of three
    arrays written by the database (PostgreSQL's json_agg, SQLite's JSON functions): the deploys, each an
    array of `_DEPLOY_COLUMNS` (and `extra`), with its tags embedded as JSON; their
    environments; and their code deployments, with project and organization (`_full_rows` reads them)."""
    if style == "$":
        deploy = ", ".join(f'r."{name}"' for name in (*_DEPLOY_COLUMNS, *extra))
        # Each environment and code deployment by primary key, in a LATERAL subquery that cannot be flattened
        # (OFFSET 0), as the deploys are read: never a scan of every site's rows, whatever the statistics say.
        parts = (
            f"SELECT json_agg(json_build_array({deploy})) FROM top r",
            'SELECT json_agg(json_build_array(e."id", e."slug", e."name", e."jira_type") ORDER BY e."id") '
            'FROM (SELECT DISTINCT "environment_id" FROM top) x CROSS JOIN LATERAL '
            '(SELECT * FROM "environment" e WHERE e."id" = x."environment_id" OFFSET 0) e',
            'SELECT json_agg(json_build_array(c."id", c."slug", c."name", c."project_slug", c."project_name", '
            'c."organization_slug") ORDER BY c."id") '
            'FROM (SELECT DISTINCT "code_deployment_id" FROM top) x CROSS JOIN LATERAL '
            '(SELECT c."id", c."slug", c."name", p."slug" AS "project_slug", p."name" AS "project_name", '
            'o."slug" AS "organization_slug" FROM "code_deployment" c JOIN "project" p ON p."id" = c."project_id" '
            'JOIN "organization" o ON o."id" = p."organization_id" WHERE c."id" = x."code_deployment_id" OFFSET 0) c',
        )
        arrays = [f"COALESCE(({part})::text, '[]')" for part in parts]
        linked = ("linked_code_deployments", "linked_environments")
        ids = [f"(SELECT COALESCE(string_agg(\"id\"::text, ','), '') FROM {name})" for name in linked]
        stamp = _stamp('SELECT "deploy_id" FROM i', *(f'SELECT "id" FROM {name}' for name in linked))
        stamped = f"{stamp}, {', '.join(ids)}"
    else:  # SQLite reads the rows by rowid on its own
        names = (*_DEPLOY_COLUMNS, *extra)
        deploy = ", ".join(f'json(r."{name}")' if name == "tags" else f'r."{name}"' for name in names)
        parts = (
            f"SELECT json_group_array(json_array({deploy})) FROM top r",
            'SELECT json_group_array(json_array(e."id", e."slug", e."name", e."jira_type")) FROM "environment" e '
            'WHERE e."id" IN (SELECT "environment_id" FROM top)',
            'SELECT json_group_array(json_array(c."id", c."slug", c."name", p."slug", p."name", o."slug")) '
            'FROM "code_deployment" c JOIN "project" p ON p."id" = c."project_id" '
            'JOIN "organization" o ON o."id" = p."organization_id" '
            'WHERE c."id" IN (SELECT "code_deployment_id" FROM top)',
        )
        arrays = [f"({part})" for part in parts]
        stamped = "NULL, NULL, NULL"  # no row versions to stamp with: SQLite reads its answer in-process
    answer = "\n  || ',' || ".join(arrays)
    return f"SELECT (SELECT COUNT(*) FROM top),\n  '[' || {answer} || ']',\n  {stamped}"


def _stamp(links: str, code_deployments: str, environments: str) -> str:
    """SQL for the stamp of an answer on PostgreSQL (`Stamp`), from queries of the ids it covers: the issue's
    links (`links`, their deploy ids), counted, summed and their hashes XORed; then, for each code
    deployment (`code_deployments`), the row version (`xmin`: the transaction that wrote it) of it, its
    project, the project's issue tracker and organization; and for each environment (`environments`), its
    own. Each row is read by primary key, as the answer's are.

    That covers every change that can alter an answer. A deploy linked, a link added to an older deploy
    (its commits read later) or a deploy removed (with its links) changes the links: deploy ids are never
    reused, so another set of links reading the same would take links removed and added between two loads
    that balance their count, sum and XOR of hashes all at once. A rename, a project given another tracker,
    a tracker's URL or consent changed, or any of those rows removed changes a row version. A deploy's own
    columns that the panel shows are written once and never updated (its commits' status and branch are,
    but the panel shows neither), so the deploys themselves need not be read. A change that leaves the
    answer as it was (a link to a deploy the site does not see) only costs a reread."""
    link_numbers = (
        "(SELECT COUNT(*)::text || '.' || COALESCE(SUM(l.\"deploy_id\"), 0)::text || '.' "
        f"|| COALESCE(BIT_XOR(hashint4(l.\"deploy_id\")), 0)::text FROM ({links}) l)"
    )
    code_deployment_versions = (
        "c.xmin::text || '.' || p.xmin::text || '.' || COALESCE(t.xmin::text, '-') || '.' || o.xmin::text "
        'FROM "code_deployment" c JOIN "project" p ON p."id" = c."project_id" '
        'LEFT JOIN "issue_tracker" t ON t."id" = p."issue_tracker_id" '
        'JOIN "organization" o ON o."id" = p."organization_id"'
    )
    return " || '/' || ".join(
        [
            link_numbers,
            _row_versions(code_deployments, f'{code_deployment_versions} WHERE c."id" = x."id"'),
            _row_versions(environments, 'e.xmin::text FROM "environment" e WHERE e."id" = x."id"'),
        ]
    )


def _row_versions(ids: str, versions: str) -> str:
    """`id.versions` for each id of the query `ids`, in id order; `-` for an id whose rows are gone."""
    return (
        f"COALESCE((SELECT string_agg(x.\"id\"::text || '.' || COALESCE(seen.\"versions\", '-'), ',' "
        f'ORDER BY x."id") FROM ({ids}) x("id") '
        f"LEFT JOIN LATERAL (SELECT {versions} OFFSET 0) seen(\"versions\") ON TRUE), '')"
    )


@lru_cache(maxsize=4)
def _restamp(guarded: bool) -> str:
    """The stamp of an issue key ($1) over the code deployments ($2) and environments ($3) a `Stamp` lists,
    after whether the tenant row still reads as `as_of` ($4 on, when `guarded`; TRUE otherwise)."""
    key, code_deployments, environments, *guard = placeholders("$", 3 + (UNCHANGED_PARAMETER_COUNT if guarded else 0))
    tenant = unchanged_condition(guard) if guarded else "TRUE"
    # The ids are split in a subquery the planner cannot see into, so that its estimate is the same with or
    # without the values: PostgreSQL then keeps one generic plan instead of planning every load anew.
    listed = "SELECT unnest((SELECT string_to_array({}::text, ',')))::int"
    stamp = _stamp(
        f'SELECT "deploy_id" FROM "deploy_issue" WHERE "issue_key" = {key}',
        listed.format(code_deployments),
        listed.format(environments),
    )
    return f"SELECT {tenant}, {stamp}"


def _utc(value: str) -> datetime:
    """A date as the JSON answer writes it: ISO text with its offset (PostgreSQL's in the session's time
    zone), read into UTC as the drivers hand a date column."""
    when = datetime.fromisoformat(value)
    return when if when.utcoffset() == _ZERO else when.astimezone(UTC)


def site_urls(tenant: Tenant) -> list[str]:
    """The URLs a tenant's site is known by: its base URL and its custom display URL (either may be unset)."""
    return [url for url in (tenant.base_url, tenant.display_url) if url]
