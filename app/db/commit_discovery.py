"""The commit-discovery jobs (models/code_source.py `CommitDiscovery`): one per deploy whose commits are
to be read from its code source, written in the transaction that stores the deploy, then leased by a
worker (app/delivery/commit_discovery.py) exactly as the outbox's rows are (app/db/outbox.py): a worker
that dies leaves its jobs leased until `claimed_until`, after which any worker claims them again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from app.db.statements import as_datetime, lease_statement, placeholder_style, placeholders
from models import CommitDiscovery, DiscoveryStatus

LEASE = timedelta(minutes=5)  # a code host's calls time out after 20 s each; a git fetch after 2 minutes
_COLUMNS = '"id", "deploy_id", "attempts", "created_at"'


async def enqueue_discovery(connection: BaseDBAsyncClient, deploy_id: int, now: datetime) -> None:
    """Inside the transaction that stores the deploy: its commits are to be read, starting now."""
    await CommitDiscovery.create(deploy_id=deploy_id, next_attempt_at=now, using_db=connection)


async def enqueue_imported_discoveries(
    connection: BaseDBAsyncClient, code_deployment_id: int, environment_id: int, now: datetime
) -> None:
    """Inside an import's transaction: one backfill job per imported deploy of that code deployment and
    environment, written by one INSERT ... SELECT."""
    due, created, updated, backfill, code_deployment, environment = placeholders(placeholder_style(connection), 6)
    await connection.execute_query(
        'INSERT INTO "commit_discovery" ("deploy_id", "status", "attempts", "next_attempt_at", "created_at", '
        '"updated_at", "backfill") '
        f'SELECT d."id", \'pending\', 0, {due}, {created}, {updated}, {backfill} FROM "deploy" d '
        f'WHERE d."code_deployment_id" = {code_deployment} AND d."environment_id" = {environment}',
        [now, now, now, True, code_deployment_id, environment_id],  # in the order they appear: `?` is positional
    )


@dataclass(frozen=True, slots=True)
class ClaimedDiscovery:
    id: int
    deploy_id: int
    attempts: int  # claims so far, this one included
    created_at: datetime
    until: datetime  # the lease


async def claim_due(*, now: datetime, limit: int, lease: timedelta = LEASE) -> list[ClaimedDiscovery]:
    until, connection = now + lease, connections.get("default")
    statement = lease_statement(connection, "commit_discovery", _COLUMNS)
    rows = await connection.execute_query_dict(statement, [until, now, now, limit])
    return [
        ClaimedDiscovery(row["id"], row["deploy_id"], row["attempts"], _utc(as_datetime(row["created_at"])), until)
        for row in sorted(rows, key=lambda row: row["id"])
    ]


async def settle(
    job: ClaimedDiscovery, status: DiscoveryStatus, *, error: str | None = None, retry_at: datetime | None = None
) -> bool:
    """Record what became of a job still held under its lease (False when the lease was lost meanwhile)."""
    changes: dict[str, object] = {"status": status, "claimed_until": None, "last_error": error}
    if retry_at is not None:
        changes["next_attempt_at"] = retry_at
    held = CommitDiscovery.filter(id=job.id, status=DiscoveryStatus.PENDING, claimed_until=job.until)
    return bool(await held.update(**changes))


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite's text, written in UTC
