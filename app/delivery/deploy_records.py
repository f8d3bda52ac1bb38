"""Deploys as the Deployments API transform wants them (app/jira/deployments_api.py `DeploymentRecord`),
read for a whole batch at once: two queries whatever the number of deploys (the deploys joined to
their environment, code deployment, project and organization; then all their issue keys)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from functools import lru_cache, partial
from typing import Any

from app.db.statements import as_datetime, fetch_rows, placeholders
from app.jira.deployments_api import DeploymentRecord, history_tag
from app.sleuth.urls import deploy_url, project_url
from models import ChangeSourceKind


async def deployment_records(deploy_ids: Collection[int], *, base_url: str) -> dict[int, DeploymentRecord]:
    """The records of the deploys that still exist, by deploy id; links point at Sleuth at `base_url`.

    Written as SQL rather than through the ORM: the worker runs this for every deploy registered, in
    the same process as the registrations, and the ORM's query building cost more than the queries."""
    if not deploy_ids:
        return {}
    ids = _padded(sorted(set(deploy_ids)))
    rows = await fetch_rows(partial(_deploys_sql, count=len(ids)), ids)
    keys: dict[int, list[str]] = defaultdict(list)
    for link in await fetch_rows(partial(_issue_keys_sql, count=len(ids)), ids):
        keys[link["deploy_id"]].append(link["issue_key"])
    return {row["id"]: _record(row, keys[row["id"]], base_url) for row in rows}


def _padded(ids: list[int]) -> list[int]:
    """`ids` repeated at the end up to the next power of two: `IN (...)` means the same, and a worker's
    batches of 1 to 200 deploys then need 9 statements (each prepared once per connection), not 200."""
    size = 1 << (len(ids) - 1).bit_length()
    return ids + ids[-1:] * (size - len(ids))


@lru_cache(maxsize=32)
def _deploys_sql(style: str, count: int) -> str:
    marks = ", ".join(placeholders(style, count))
    return (
        'SELECT d."id", d."sha", d."date", d."author_email", d."name", c."kind", e."slug" AS "environment_slug", '
        'e."name" AS "environment_name", e."jira_type", c."slug" AS "code_deployment_slug", '
        'c."name" AS "code_deployment_name", p."slug" AS "project_slug", o."slug" AS "organization_slug", '
        'd."code_deployment_id", d."environment_id", e."history_generation" '
        'FROM "deploy" d JOIN "environment" e ON e."id" = d."environment_id" '
        'JOIN "code_deployment" c ON c."id" = d."code_deployment_id" JOIN "project" p ON p."id" = c."project_id" '
        f'JOIN "organization" o ON o."id" = p."organization_id" WHERE d."id" IN ({marks})'
    )


@lru_cache(maxsize=32)
def _issue_keys_sql(style: str, count: int) -> str:
    marks = ", ".join(placeholders(style, count))
    return f'SELECT "deploy_id", "issue_key" FROM "deploy_issue" WHERE "deploy_id" IN ({marks}) ORDER BY "id"'


def _record(row: Mapping[str, Any], issue_keys: list[str], base_url: str) -> DeploymentRecord:
    organization, project = row["organization_slug"], row["project_slug"]
    return DeploymentRecord(
        deploy_id=row["id"],
        sha=row["sha"],
        manual_change=row["name"] if row["kind"] == ChangeSourceKind.MANUAL else None,
        date=as_datetime(row["date"]),
        author_email=row["author_email"],
        issue_keys=issue_keys,
        organization_slug=organization,
        project_slug=project,
        code_deployment_slug=row["code_deployment_slug"],
        code_deployment_name=row["code_deployment_name"],
        environment_slug=row["environment_slug"],
        environment_name=row["environment_name"],
        environment_type=row["jira_type"],
        deploy_url=deploy_url(base_url, organization, project, row["id"]),
        pipeline_url=project_url(base_url, organization, project),
        history=history_tag(row["code_deployment_id"], row["environment_id"], row["history_generation"]),
    )
