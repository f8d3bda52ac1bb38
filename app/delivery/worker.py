"""The delivery worker: pushes the outbox (app/db/outbox.py) into each site's Jira Deployments API.

It runs as a task of every app process, started and stopped with serving. A registered deploy should
reach Jira within 2 s while Jira answers, so the route that commits outbox rows wakes it (`wake()`);
polling every POLL_INTERVAL seconds is only the fallback, for rows whose retry time came, rows of other
processes and rows left by a worker that died.

Each pass claims up to BATCH_SIZE due rows with a lease, reads their tenants and deploys in three
queries, and hands each tenant's rows to its own task (app/delivery/site_delivery.py): the loop never waits for
a site, so a slow one delays nobody else. Several workers, in one process or many, share the table
safely: a row is leased to one of them at a time. Stopping lets the tasks in flight finish for a few
seconds, then cancels them; what Jira acknowledged stays recorded and the rest returns to the outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from app.connect.descriptor import issue_status_property_key
from app.crypto import SecretBox
from app.db.outbox import LEASE, Claim, ClaimedDelivery, claim_due, renew
from app.delivery.deploy_records import deployment_records
from app.delivery.site_delivery import SiteDelivery
from app.jira.client import JiraClient
from app.settings import Settings
from models import Tenant

log = logging.getLogger(__name__)

POLL_INTERVAL = 5.0
BATCH_SIZE = 200
MAX_SITES_IN_FLIGHT = 200  # tenant tasks running at once; beyond it the loop waits before claiming more
STOP_GRACE = 10.0


def utc_now() -> datetime:
    return datetime.now(UTC)


async def _finish(tasks: list[asyncio.Task[None]], deadline: float) -> None:
    """Let `tasks` run until `deadline` (the event loop's clock), then cancel what is left."""
    if not tasks:
        return
    _, late = await asyncio.wait(tasks, timeout=max(0.0, deadline - asyncio.get_running_loop().time()))
    for task in late:
        task.cancel()
    await asyncio.gather(*late, return_exceptions=True)


class DeliveryWorker:
    """One worker per app (`app.delivery`): `start()` and `stop()` with serving, `wake()` after a
    commit that queued rows. `run_once()` is one pass, for tests and tools."""

    def __init__(
        self,
        jira: JiraClient,
        *,
        settings: Settings,
        secret_box: SecretBox,
        poll_interval: float = POLL_INTERVAL,
        batch_size: int = BATCH_SIZE,
        lease: timedelta = LEASE,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.jira = jira
        self.settings = settings
        self.secret_box = secret_box
        self.poll_interval = poll_interval
        self.batch_size = batch_size
        self.lease = lease
        self.clock = clock
        self.badge_property = issue_status_property_key(settings)
        self._wake = asyncio.Event()
        self._stopping = False
        self._loop: asyncio.Task[None] | None = None
        self._sites: set[asyncio.Task[None]] = set()
        self._heartbeats: set[asyncio.Task[None]] = set()  # one per claim whose sites are at work

    def wake(self) -> None:
        """New rows were committed: run a pass now rather than at the next poll."""
        self._wake.set()

    def start(self) -> None:
        self._stopping = False
        self._loop = asyncio.create_task(self._run(), name="jira-delivery-worker")

    async def stop(self, grace: float = STOP_GRACE) -> None:
        """Stop claiming; give the sites in flight `grace` seconds, then cancel them (their unanswered
        rows go back to the outbox). Safe to call twice."""
        self._stopping = True
        self._wake.set()
        deadline = asyncio.get_running_loop().time() + grace
        if self._loop is not None:  # first the loop, which may still start a site or two
            await _finish([self._loop], deadline)
            self._loop = None
        await _finish(list(self._sites), deadline)
        await _finish(list(self._heartbeats), deadline)

    async def run_once(self) -> int:
        """One pass, waiting for its sites to finish; returns how many rows it claimed."""
        claimed, sites = await self._dispatch()
        await asyncio.gather(*sites)
        return claimed

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            if len(self._sites) >= MAX_SITES_IN_FLIGHT:
                await asyncio.wait(self._sites, return_when=asyncio.FIRST_COMPLETED)
            try:
                claimed, _ = await self._dispatch()
            except Exception:  # the database may be away for a while: keep the loop alive
                log.exception("A delivery pass failed; trying again in %.0f s.", self.poll_interval)
                claimed = 0
            if claimed >= self.batch_size or self._stopping:
                continue  # more may be due at once
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_interval)

    async def _dispatch(self) -> tuple[int, list[asyncio.Task[None]]]:
        """Claim due rows and start one task per tenant."""
        claim = await claim_due(now=self.clock(), limit=self.batch_size, lease=self.lease)
        if not claim.deliveries:
            return 0, []
        by_tenant: dict[int, list[ClaimedDelivery]] = defaultdict(list)
        for delivery in claim.deliveries:
            by_tenant[delivery.tenant_id].append(delivery)
        tenants = {tenant.id: tenant for tenant in await Tenant.filter(id__in=list(by_tenant))}
        deploy_ids = {delivery.deploy_id for delivery in claim.deliveries if delivery.deploy_id is not None}
        records = await deployment_records(deploy_ids, base_url=self.settings.base_url)
        sites = []
        for tenant_id, deliveries in by_tenant.items():
            site = SiteDelivery(
                jira=self.jira,
                settings=self.settings,
                secret_box=self.secret_box,
                claim=claim,
                tenant=tenants.get(tenant_id),
                deliveries=deliveries,
                records=records,
                clock=self.clock,
                badge_property=self.badge_property,
            )
            task = asyncio.create_task(site.run(), name=f"jira-delivery-tenant-{tenant_id}")
            self._sites.add(task)
            task.add_done_callback(self._finished)
            sites.append(task)
        if sites:
            heartbeat = asyncio.create_task(self._keep(claim, sites), name="jira-delivery-lease")
            self._heartbeats.add(heartbeat)
            heartbeat.add_done_callback(self._heartbeats.discard)
        return len(claim.deliveries), sites

    async def _keep(self, claim: Claim, sites: list[asyncio.Task[None]]) -> None:
        """Renew the claim's lease while its sites are at work, so that only a dead worker's rows wait."""
        interval = self.lease.total_seconds() / 3
        while True:
            done, _ = await asyncio.wait(sites, timeout=interval)
            if len(done) == len(sites):
                return
            await renew(claim, self.clock() + self.lease)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._sites.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # Its unsettled rows stay leased and are tried again when the lease runs out.
            log.error("Delivering to a Jira site failed.", exc_info=task.exception())
