"""The outbox of what Jira sites must still be told (models/delivery.py): rows written in the same
transaction as the change they report, so a registered deploy cannot be lost between the database and
Jira, then claimed with a lease and settled by the delivery workers (app/delivery/worker.py).

A site is told about a deploy when it would show it in the panel: an installed tenant whose base URL or
display URL equals the project's issue-tracker URL (all three are stored normalized).

Claims are leases, not locks held in memory: a worker that dies leaves its rows leased until
`claimed_until`, after which any worker claims them again. On PostgreSQL the claim skips rows another
worker is claiming at that instant (`FOR UPDATE SKIP LOCKED`); SQLite has a single writer. Settling
and releasing touch only rows that are still pending under the lease the caller holds, so a row dropped
meanwhile (its connection removed) stays dropped, and a worker whose lease ran out never overwrites the
row's next owner.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from tortoise import connections
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from app.db.statements import fetch_rows, lease_statement, placeholders
from models import DeliveryKind, DeliveryStatus, Deploy, IssueTracker, JiraDelivery, SiteConsent

# A claim's lease, renewed every LEASE / 3 while its worker is working on it (`renew`): a crashed worker's
# rows move to another within LEASE. At least twice a request's 10 s timeout, so a delete queued behind
# deploys in flight (enqueue_connection_removal) always comes after their answer.
LEASE = timedelta(seconds=30)
CONNECTION_REMOVED = "The issue-tracker connection was removed before this deploy reached Jira."


def sequence_number(now: datetime) -> int:
    """Jira's updateSequenceNumber: epoch milliseconds, so a later delivery replaces an earlier one."""
    return int(now.timestamp() * 1000)


async def _queue_for_site(
    site_url: str, kind: DeliveryKind, connection_id: int, *, deploy: Deploy | None, now: datetime, due: datetime,
    history: str | None = None,
) -> int:  # fmt: skip
    """One row per installed tenant that sees a tracker at `site_url`, written by one INSERT ... SELECT
    (every registration runs it: no round trip to read the tenants first). Returns how many. An imported
    deploy's rows are backfill, claimed after every live one."""
    values = [
        kind.value, deploy.id if deploy else None, connection_id, history, sequence_number(now),
        DeliveryStatus.PENDING.value, due, now, now, bool(deploy and deploy.imported), site_url, site_url, True,
    ]
    # RETURNING to count them: Tortoise's asyncpg client reads the count of an INSERT from the wrong field.
    written = await fetch_rows(_queue_sql, values)
    return len(written)


@lru_cache(maxsize=4)
def _queue_sql(style: str) -> str:
    """Parameters: kind, deploy id, connection id, history, sequence number, status, due, now (twice),
    backfill, the site URL (twice), installed."""
    (
        kind, deploy, connection, history, sequence, status, due, created, updated, backfill, base_url, display_url,
        installed,
    ) = placeholders(style, 13)  # fmt: skip
    return (
        'INSERT INTO "jira_delivery" ("kind", "tenant_id", "deploy_id", "connection_id", "history", '
        '"update_sequence_number", "status", "attempts", "next_attempt_at", "created_at", "updated_at", "backfill") '
        f'SELECT {kind}, t."id", {deploy}, {connection}, {history}, {sequence}, {status}, 0, {due}, {created}, '
        f'{updated}, {backfill} '
        f'FROM "tenant" t WHERE (t."base_url" = {base_url} OR t."display_url" = {display_url}) '
        f'AND t."installed" = {installed} RETURNING "id"'
    )


async def enqueue_deploy(deploy: Deploy, tracker: IssueTracker | None, *, now: datetime | None = None) -> int:
    """Write one DEPLOY delivery per tenant that sees `tracker`'s site; call it inside the transaction
    that stores the deploy. Returns how many were written (wake the worker after commit if any). Nothing
    is sent to a site that did not consent to the tracker's organization."""
    if tracker is None or tracker.site_consent != SiteConsent.GRANTED:
        return 0
    when = now or datetime.now(UTC)
    return await _queue_for_site(tracker.url, DeliveryKind.DEPLOY, tracker.id, deploy=deploy, now=when, due=when)


async def enqueue_imported(
    code_deployment_id: int, environment_id: int, tracker: IssueTracker | None, *, now: datetime
) -> int:
    """Inside an import's transaction: one backfill DEPLOY row per imported deploy of that code deployment
    and environment and per tenant that sees `tracker`'s site, by one INSERT ... SELECT. Returns how many."""
    if tracker is None or tracker.site_consent != SiteConsent.GRANTED:
        return 0
    values = [
        DeliveryKind.DEPLOY.value, tracker.id, sequence_number(now), DeliveryStatus.PENDING.value, now, now, now,
        True, tracker.url, tracker.url, True, code_deployment_id, environment_id,
    ]
    return len(await fetch_rows(_imported_sql, values))


@lru_cache(maxsize=4)
def _imported_sql(style: str) -> str:
    (
        kind, connection, sequence, status, due, created, updated, backfill, base_url, display_url, installed,
        code_deployment, environment,
    ) = placeholders(style, 13)  # fmt: skip
    return (
        'INSERT INTO "jira_delivery" ("kind", "tenant_id", "deploy_id", "connection_id", "update_sequence_number", '
        '"status", "attempts", "next_attempt_at", "created_at", "updated_at", "backfill") '
        f'SELECT {kind}, t."id", d."id", {connection}, {sequence}, {status}, 0, {due}, {created}, {updated}, '
        f'{backfill} FROM "deploy" d JOIN "tenant" t ON (t."base_url" = {base_url} OR t."display_url" = {display_url}) '
        f'AND t."installed" = {installed} WHERE d."code_deployment_id" = {code_deployment} '
        f'AND d."environment_id" = {environment} RETURNING "id"'
    )


async def enqueue_connection_removal(connection: IssueTracker, *, now: datetime | None = None) -> int:
    """Inside the transaction that removes `connection`: drop its deploys not yet delivered, and ask each
    tenant that sees its site to delete everything sent for it (`DELETE bulkByProperties`).

    A deploy of the connection that a worker is sending right now may still land in Jira; the delete is
    therefore due only once the last such lease has run out, so it always comes after. Returns how many
    deletes were written."""
    if connection.site_consent != SiteConsent.GRANTED:
        return 0  # nothing was ever queued for a site that did not consent
    when = now or datetime.now(UTC)
    pending = JiraDelivery.filter(connection_id=connection.id, kind=DeliveryKind.DEPLOY, status=DeliveryStatus.PENDING)
    due = await _held_until(pending, now=when)
    await pending.update(status=DeliveryStatus.FAILED, last_error=CONNECTION_REMOVED)
    return await _queue_for_site(
        connection.url, DeliveryKind.REMOVE_CONNECTION, connection.id, deploy=None, now=when, due=due
    )


async def pushes_in_flight_until(code_deployment_id: int, environment_id: int, *, now: datetime) -> datetime:
    """When the pushes of a code deployment's deploys in an environment that workers hold now will have
    had their answer (`now` when none is held): a delete of those deploys queued before that could come
    first, and leave in Jira a deploy sent just after it. Read it before the deploys are deleted, which
    takes their rows with them."""
    pending = JiraDelivery.filter(
        kind=DeliveryKind.DEPLOY, status=DeliveryStatus.PENDING,
        deploy__code_deployment_id=code_deployment_id, deploy__environment_id=environment_id,
    )  # fmt: skip
    return await _held_until(pending, now=now)


async def _held_until(rows: QuerySet[JiraDelivery], *, now: datetime) -> datetime:
    """The end of the latest lease a worker holds on any of `rows` (`now` when none is held)."""
    latest = rows.filter(claimed_until__gt=now).order_by("-claimed_until").limit(1)
    leases: list[datetime] = await latest.values_list("claimed_until", flat=True)  # type: ignore[assignment]
    return max([now, *leases])


async def enqueue_history_removal(
    histories: Collection[str], tracker: IssueTracker | None, *, now: datetime, due: datetime
) -> int:
    """Inside the import that replaced a code deployment's deploys in an environment: ask each tenant that
    sees `tracker`'s site to delete what it was sent of them, one `DELETE bulkByProperties` per history tag
    they were sent with (app/jira/deployments_api.py `history_tag`), due at `due` (`pushes_in_flight_until`).
    Returns how many rows were written."""
    if tracker is None or tracker.site_consent != SiteConsent.GRANTED:
        return 0
    written = 0
    for history in histories:
        written += await _queue_for_site(
            tracker.url, DeliveryKind.REMOVE_HISTORY, tracker.id, deploy=None, now=now, due=due, history=history
        )
    return written


@dataclass(frozen=True, slots=True)
class ClaimedDelivery:
    id: int
    kind: DeliveryKind
    tenant_id: int
    deploy_id: int | None
    connection_id: int
    history: str | None  # remove_history rows: the history tag to delete
    update_sequence_number: int
    attempts: int  # claims so far, this one included
    created_at: datetime


@dataclass(slots=True)
class Claim:
    """Rows one worker holds until `until` (moved forward by `renew`); settle or release them with the same
    claim. Its lock keeps a renewal and a settlement from crossing: each matches the rows by `until`."""

    until: datetime
    deliveries: list[ClaimedDelivery]
    lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)


_COLUMNS = (
    '"id", "kind", "tenant_id", "deploy_id", "connection_id", "history", "update_sequence_number", "attempts", '
    '"created_at"'
)


def _claimed(row: Mapping[str, Any]) -> ClaimedDelivery:
    created_at = JiraDelivery._meta.fields_map["created_at"].to_python_value(row["created_at"])
    return ClaimedDelivery(
        id=row["id"],
        kind=DeliveryKind(row["kind"]),
        tenant_id=row["tenant_id"],
        deploy_id=row["deploy_id"],
        connection_id=row["connection_id"],
        history=row["history"],
        update_sequence_number=row["update_sequence_number"],
        attempts=row["attempts"],
        created_at=created_at,
    )


async def claim_due(*, now: datetime, limit: int, lease: timedelta = LEASE) -> Claim:
    """Lease up to `limit` due, unleased pending rows (oldest due first) in one statement."""
    until, connection = now + lease, connections.get("default")
    statement = lease_statement(connection, "jira_delivery", _COLUMNS)
    rows = await connection.execute_query_dict(statement, [until, now, now, limit])
    return Claim(until, sorted((_claimed(row) for row in rows), key=lambda delivery: delivery.id))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one claimed row: delivered (with Jira's remarks in `result`), failed for good,
    or pending again until `next_attempt_at`."""

    status: DeliveryStatus
    last_error: str | None = None
    result: dict[str, Any] | None = None
    next_attempt_at: datetime | None = None


async def renew(claim: Claim, until: datetime) -> None:
    """Hold the claim's rows that are still pending under it until `until`."""
    async with claim.lock:
        ids = [delivery.id for delivery in claim.deliveries]
        await _held(claim, ids).update(claimed_until=until)
        claim.until = until


async def settle(claim: Claim, outcomes: Mapping[int, Outcome]) -> None:
    """Record outcomes, one UPDATE per distinct outcome; each row leaves the claim."""
    async with claim.lock:
        await _settle(claim, outcomes)


async def _settle(claim: Claim, outcomes: Mapping[int, Outcome]) -> None:
    distinct: dict[str, Outcome] = {}
    ids_of: dict[str, list[int]] = defaultdict(list)
    for delivery_id, outcome in outcomes.items():
        key = json.dumps([outcome.status, outcome.last_error, outcome.result, str(outcome.next_attempt_at)])
        distinct[key] = outcome
        ids_of[key].append(delivery_id)
    for key, outcome in distinct.items():
        changes: dict[str, Any] = {
            "status": outcome.status,
            "claimed_until": None,
            "last_error": outcome.last_error,
            "result": outcome.result,
        }
        if outcome.next_attempt_at is not None:
            changes["next_attempt_at"] = outcome.next_attempt_at
        await _held(claim, ids_of[key]).update(**changes)


async def release(claim: Claim, ids: Collection[int]) -> None:
    """Give rows back unsettled (the worker is stopping): any worker may claim them at once."""
    if ids:
        async with claim.lock:
            await _held(claim, ids).update(claimed_until=None)


async def due_now(tenant_id: int, *, now: datetime) -> int:
    """Make the tenant's pending rows that wait for a later attempt due at once (a new credential came);
    rows a worker holds are left to it. Returns how many."""
    return await JiraDelivery.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        tenant_id=tenant_id,
        status=DeliveryStatus.PENDING,
        next_attempt_at__gt=now,
    ).update(next_attempt_at=now)


@dataclass(frozen=True, slots=True)
class DeliveryState:
    """What became of one deploy's push to one site's Deployments panel, as its card tells it."""

    site_url: str
    status: DeliveryStatus
    last_error: str | None
    result: Mapping[str, Any] | None  # Jira's remarks: `rejected` messages, `unknownIssueKeys`

    @property
    def rejected(self) -> list[str]:
        return list((self.result or {}).get("rejected", []))

    @property
    def unknown_issue_keys(self) -> list[str]:
        return list((self.result or {}).get("unknownIssueKeys", []))


async def delivery_states(deploy_ids: Collection[int]) -> dict[int, list[DeliveryState]]:
    """For each deploy, what each site's outbox row says (one query; deploys no site sees have none)."""
    rows = await JiraDelivery.filter(deploy_id__in=list(deploy_ids), kind=DeliveryKind.DEPLOY).order_by("id").values(
        "deploy_id", "status", "last_error", "result", "tenant__base_url"
    )
    states: dict[int, list[DeliveryState]] = defaultdict(list)
    for row in rows:
        state = DeliveryState(row["tenant__base_url"], DeliveryStatus(row["status"]), row["last_error"], row["result"])
        states[row["deploy_id"]].append(state)
    return states


def _held(claim: Claim, ids: Collection[int]) -> QuerySet[JiraDelivery]:
    return JiraDelivery.filter(id__in=list(ids), status=DeliveryStatus.PENDING, claimed_until=claim.until)
