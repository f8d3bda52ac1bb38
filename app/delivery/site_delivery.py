"""Delivering one tenant's claimed outbox rows to its Jira: the worker runs one of these per site, side
by side, so a slow or failing site holds up nobody else.

Deploys of one connection and history tag go together, up to MAX_PER_REQUEST per `POST {deployments}/bulk`
(a 413 halves that size for the rest of the batch), each request tagged with both (`bulk_properties`) so
that a removal can later delete them with `DELETE {deployments}/bulkByProperties?sleuthConnection=<id>`,
and an import the deploys it replaced with `?sleuthHistory=<tag>`.
Every answer is written down as soon as it arrives, under the claim's lease: once Jira has acknowledged
a row, stopping the worker does not undo the record (the write is shielded from cancellation), and rows
not yet answered go back to the outbox. No request sleeps in here: the client does not retry
(`max_retries=0`), and a row to be tried again gets a `next_attempt_at` instead (app/delivery/policy.py).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.crypto import SecretBox, SecretDecryptionError
from app.db.outbox import Claim, ClaimedDelivery, Outcome, release, settle
from app.delivery.badges import MAX_KEYS_PER_DEPLOY, update_badges
from app.delivery.policy import Disposition, disposition, gave_up, next_attempt, reason, retry_delay
from app.jira.client import (
    JiraClient,
    JiraError,
    JiraResponse,
    JiraResponseTooLarge,
    JiraUnreachable,
    RetryPolicy,
    parse_retry_after,
    rate_limit_reason,
)
from app.jira.deployments_api import (
    CONNECTION_PROPERTY,
    HISTORY_PROPERTY,
    DeploymentRecord,
    bulk_properties,
    bulk_request,
    deployment,
    remarks,
)
from app.jira_sites.access import TenantAccess, tenant_access, waiting_reason
from app.settings import Settings
from models import DeliveryKind, DeliveryStatus, Tenant

MAX_PER_REQUEST = 100  # deployments per bulk request; up to 500 keys each keeps a request well under a few MB
NO_RETRY = RetryPolicy(max_retries=0)  # a worker never sleeps on one site: the row is scheduled instead

UNINSTALLED = "The Jira site uninstalled the app; its deliveries are dropped."
DISABLED = "The app is disabled on the Jira site; waiting for it to be enabled."
UNREADABLE_CREDENTIAL = "The site's stored credential cannot be decrypted with the current SLEUTH_SECRET_KEY."


class _SiteUnavailable(Exception):
    """No usable answer from the site now: every row still in hand is tried again later."""

    def __init__(self, why: str, retry_after: float | None = None) -> None:
        super().__init__(why)
        self.why = why
        self.retry_after = retry_after


class _SiteRefused(Exception):
    """The site refuses the app itself: every row still in hand ends."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


@dataclass
class SiteDelivery:
    """One tenant's share of a claim. `tenant` is None if the row's tenant vanished meanwhile."""

    jira: JiraClient
    settings: Settings
    secret_box: SecretBox
    claim: Claim
    tenant: Tenant | None
    deliveries: Sequence[ClaimedDelivery]
    records: Mapping[int, DeploymentRecord]
    clock: Callable[[], datetime]
    badge_property: str
    _unsettled: set[int] = field(init=False)
    _settling: list[asyncio.Future[None]] = field(init=False, default_factory=list)
    _badge_keys: dict[str, None] = field(init=False, default_factory=dict)  # issues of deploys Jira took, in order

    def __post_init__(self) -> None:
        self._unsettled = {delivery.id for delivery in self.deliveries}

    async def run(self) -> None:
        try:
            access = await self._deliver()
        except asyncio.CancelledError:
            # Stopping: what Jira answered is recorded, what it did not goes back to the outbox.
            await asyncio.gather(*self._settling, return_exceptions=True)
            await release(self.claim, self._unsettled)
            raise
        if access is not None and self._badge_keys and self.tenant is not None:
            await update_badges(self.jira, self.tenant, access, self.badge_property, list(self._badge_keys))

    async def _deliver(self) -> TenantAccess | None:
        """Send everything in hand; returns how the site was called (None: it was not)."""
        tenant = self.tenant
        if tenant is None or not tenant.installed:
            await self._end_all(UNINSTALLED)
            return None
        if not tenant.enabled:
            await self._postpone_all(DISABLED)
            return None
        try:
            access = tenant_access(tenant, settings=self.settings, secret_box=self.secret_box, now=self.clock())
        except SecretDecryptionError:
            await self._end_all(UNREADABLE_CREDENTIAL)
            return None
        if access is None:
            await self._postpone_all(waiting_reason(tenant))
            return None
        try:
            tagged_alike: dict[tuple[int, str], list[tuple[ClaimedDelivery, DeploymentRecord]]] = defaultdict(list)
            for delivery in self.deliveries:
                # a deploy deleted since the claim took its rows with it (ON DELETE CASCADE): no record
                record = self.records.get(delivery.deploy_id) if delivery.deploy_id is not None else None
                if delivery.kind is DeliveryKind.DEPLOY and record is not None:
                    tagged_alike[delivery.connection_id, record.history].append((delivery, record))
            for (connection_id, _), pushes in tagged_alike.items():
                await self._push(access, connection_id, pushes)
            for delivery in self.deliveries:
                if delivery.kind is not DeliveryKind.DEPLOY:
                    await self._remove(access, delivery)
        except _SiteUnavailable as unavailable:
            await self._postpone_all(unavailable.why, unavailable.retry_after)
        except _SiteRefused as refused:
            await self._end_all(refused.why)
        return access

    async def _push(
        self, access: TenantAccess, connection_id: int, remaining: list[tuple[ClaimedDelivery, DeploymentRecord]]
    ) -> None:
        """Deploys of one connection and history tag in bulk requests; the issues of those Jira took get a
        badge."""
        size = MAX_PER_REQUEST
        while remaining:
            chunk = remaining[:size]
            properties = bulk_properties(connection_id, chunk[0][1])
            deployments = [deployment(record, delivery.update_sequence_number) for delivery, record in chunk]
            body = bulk_request(deployments, properties)
            response = await self._call("POST", access, "/bulk", json=body)
            verdict = disposition(response.status)
            if verdict is Disposition.TOO_LARGE and len(chunk) > 1:
                size = len(chunk) // 2
                continue
            remaining = remaining[len(chunk) :]
            if verdict is Disposition.DELIVERED:
                await self._accepted(chunk, response.json())
            else:
                failed = Outcome(DeliveryStatus.FAILED, reason(response.status))
                await self._settle({delivery.id: failed for delivery, _ in chunk})

    async def _accepted(self, chunk: list[tuple[ClaimedDelivery, DeploymentRecord]], answer: Any) -> None:
        """Record Jira's 202 (with what it said of each deployment); the issues it took get a badge."""
        outcomes = {}
        for delivery, record in chunk:
            said = remarks(answer, record)
            outcomes[delivery.id] = Outcome(DeliveryStatus.DELIVERED, result=said)
            if not (said and "rejected" in said):
                unknown = set((said or {}).get("unknownIssueKeys", ()))
                keys = [key for key in record.issue_keys[:MAX_KEYS_PER_DEPLOY] if key not in unknown]
                self._badge_keys.update(dict.fromkeys(keys))
        await self._settle(outcomes)

    async def _remove(self, access: TenantAccess, delivery: ClaimedDelivery) -> None:
        """Delete what was sent for a removed connection, or with a history tag an import replaced."""
        if delivery.kind is DeliveryKind.REMOVE_HISTORY:
            params = {HISTORY_PROPERTY: str(delivery.history)}
        else:
            params = {CONNECTION_PROPERTY: str(delivery.connection_id)}
        response = await self._call("DELETE", access, "/bulkByProperties", params=params)
        if disposition(response.status) is Disposition.DELIVERED:
            await self._settle({delivery.id: Outcome(DeliveryStatus.DELIVERED)})
        else:
            await self._settle({delivery.id: Outcome(DeliveryStatus.FAILED, reason(response.status))})

    async def _call(self, method: str, access: TenantAccess, path: str, **arguments: Any) -> JiraResponse:
        """One call to the site's Deployments API; raises for what ends or postpones the whole site."""
        try:
            response = await self.jira.request(
                method,
                access.deployments_site_url,
                access.deployments_path + path,
                auth=access.auth,
                idempotent=True,  # sequence numbers make a resend harmless
                retry=NO_RETRY,
                **arguments,
            )
        except (JiraUnreachable, JiraResponseTooLarge) as error:
            raise _SiteUnavailable(error.reason) from None
        except JiraError as error:  # address or redirect refused: the site's URL will not change by itself
            raise _SiteRefused(error.reason) from None
        verdict = disposition(response.status)
        if verdict is Disposition.RETRY:
            why = reason(response.status, rate_limit_reason(response.headers))
            raise _SiteUnavailable(why, parse_retry_after(response.headers.get("Retry-After")))
        if verdict is Disposition.REFUSED:
            raise _SiteRefused(reason(response.status))
        return response

    async def _settle(self, outcomes: Mapping[int, Outcome]) -> None:
        self._unsettled.difference_update(outcomes)
        recording = asyncio.ensure_future(settle(self.claim, outcomes))
        self._settling.append(recording)
        await asyncio.shield(recording)

    def _in_hand(self) -> list[ClaimedDelivery]:
        return [delivery for delivery in self.deliveries if delivery.id in self._unsettled]

    async def _end_all(self, why: str) -> None:
        await self._settle({delivery.id: Outcome(DeliveryStatus.FAILED, why) for delivery in self._in_hand()})

    async def _postpone_all(self, why: str, retry_after: float | None = None) -> None:
        """Try again later, all at the same time (one site, one backoff), or give up on rows over a day old."""
        in_hand = self._in_hand()
        if not in_hand:
            return
        delay = retry_delay(max(delivery.attempts for delivery in in_hand), retry_after)
        now, outcomes = self.clock(), {}
        for delivery in in_hand:
            when = next_attempt(delivery.created_at, now, delay)
            outcomes[delivery.id] = (
                Outcome(DeliveryStatus.PENDING, why, next_attempt_at=when)
                if when is not None
                else Outcome(DeliveryStatus.FAILED, gave_up(delivery.attempts, why))
            )
        await self._settle(outcomes)
