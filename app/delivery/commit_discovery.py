"""The commit-discovery worker: reads the commits of deploys registered with only a sha from their code
source (app/code_hosts/), links the issues they name, and hands the deploy to the Jira delivery worker.

Like the delivery worker it runs in every app process, is woken by the route that committed a job, and
polls only as a fallback; jobs are leases in the database (app/db/commit_discovery.py), so several
workers share them and a crashed one's jobs are taken over once its lease ends. A host that is down,
rate-limited (its `Retry-After` or GitHub's reset time honoured) or slow is asked again with backoff for
a day; a sha the host does not know yet (a push may land after the deploy call) for an hour; a bad
token or a missing repository not again. Each outcome is written on the deploy (`commits_status`,
`commits_error`), so no deploy is ever silently left without commits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from app.code_hosts.hosts import MAX_COMMITS, CodeHost, CodeHostError, CommitRange, UnknownRevision
from app.code_hosts.registry import CodeHosts
from app.crypto import SecretBox, SecretDecryptionError
from app.db.commit_discovery import LEASE, ClaimedDiscovery, claim_due, settle
from app.delivery.policy import gave_up, next_attempt, retry_delay
from app.sleuth.code_sources import repository_of
from app.sleuth.deploy_commits import previous_deploy, record_failure, record_found_commits, record_wait
from models import CodeSource, Deploy, DiscoveryStatus

log = logging.getLogger(__name__)

POLL_INTERVAL = 5.0
PRUNE_INTERVAL = 3600.0  # seconds between two prunings of the git mirrors
BATCH_SIZE = 20
UNKNOWN_REVISION_PATIENCE = timedelta(hours=1)
SOURCE_REMOVED = "The code source was removed before the deploy's commits were read."
UNREADABLE_TOKEN = "The code source's token cannot be decrypted (was SLEUTH_SECRET_KEY changed?); save it again."


def utc_now() -> datetime:
    return datetime.now(UTC)


class CommitDiscoveryWorker:
    """One per app (`app.commit_discovery`): `start()`/`stop()` with serving, `wake()` after a commit that
    queued a job. `run_once()` is one pass, for tests and tools. `delivered` is called when a deploy was
    queued for Jira (the delivery worker's `wake`)."""

    def __init__(
        self,
        hosts: CodeHosts,
        *,
        secret_box: SecretBox,
        delivered: Callable[[], None],
        poll_interval: float = POLL_INTERVAL,
        batch_size: int = BATCH_SIZE,
        lease: timedelta = LEASE,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.hosts = hosts
        self.secret_box = secret_box
        self.delivered = delivered
        self.poll_interval = poll_interval
        self.batch_size = batch_size
        self.lease = lease
        self.clock = clock
        self._wake = asyncio.Event()
        self._loop: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._loop = asyncio.create_task(self._run(), name="commit-discovery-worker")

    async def stop(self) -> None:
        """Stop at once: a job cut short keeps its lease and is taken again when the lease ends."""
        if self._loop is not None:
            self._loop.cancel()
            await asyncio.gather(self._loop, return_exceptions=True)
            self._loop = None

    async def run_once(self) -> int:
        """One pass; returns how many jobs it claimed. A job that fails unexpectedly keeps its lease and is
        taken again when the lease ends; the others of the pass are not held back by it."""
        jobs = await claim_due(now=self.clock(), limit=self.batch_size, lease=self.lease)
        outcomes = await asyncio.gather(*(self._discover(job) for job in jobs), return_exceptions=True)
        for job, outcome in zip(jobs, outcomes, strict=True):
            if isinstance(outcome, Exception):
                log.error("Reading the commits of deploy %s failed.", job.deploy_id, exc_info=outcome)
        return len(jobs)

    async def _run(self) -> None:
        pruned_at = 0.0
        while True:
            self._wake.clear()
            if time.monotonic() - pruned_at >= PRUNE_INTERVAL:
                pruned_at = time.monotonic()
                await self._prune_mirrors()
            try:
                claimed = await self.run_once()
            except Exception:  # the database may be away for a while: keep the loop alive
                log.exception("A commit-discovery pass failed; trying again in %.0f s.", self.poll_interval)
                claimed = 0
            if claimed >= self.batch_size:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_interval)

    async def _prune_mirrors(self) -> None:
        try:
            removed = await self.hosts.prune_mirrors()
        except OSError:
            log.exception("Pruning the git mirrors failed; trying again in an hour.")
            return
        if removed:
            log.info("Removed %d git mirrors, idle or past the size bound.", len(removed))

    async def _discover(self, job: ClaimedDiscovery) -> None:
        deploy = await Deploy.get_or_none(id=job.deploy_id).select_related("code_deployment__project__issue_tracker")
        source = await CodeSource.get_or_none(code_deployment_id=deploy.code_deployment_id) if deploy else None
        if deploy is None or source is None:
            await self._fail(job, SOURCE_REMOVED)
            return
        previous = await previous_deploy(deploy)
        try:
            host = self.hosts.host(repository_of(source, self.secret_box))
            found, base_gone = await _read(host, previous.sha if previous is not None else None, deploy.sha)
        except SecretDecryptionError:
            await self._fail(job, UNREADABLE_TOKEN)
        except CodeHostError as error:
            await self._retry_or_fail(job, error)
        else:
            recorded = await record_found_commits(deploy, found, source, limit=MAX_COMMITS, base_gone=base_gone)
            await settle(job, DiscoveryStatus.DONE)
            if recorded.deliveries:
                self.delivered()

    async def _retry_or_fail(self, job: ClaimedDiscovery, error: CodeHostError) -> None:
        retry_at = None
        if not error.permanent:
            retry_at = next_attempt(job.created_at, self.clock(), retry_delay(job.attempts, error.retry_after))
        patience_over = retry_at is not None and retry_at - job.created_at > UNKNOWN_REVISION_PATIENCE
        if isinstance(error, UnknownRevision) and patience_over:
            retry_at = None
        if retry_at is None:
            await self._fail(job, error.reason if error.permanent else gave_up(job.attempts, error.reason))
            return
        log.info("Commits of deploy %s: %s Asking again at %s.", job.deploy_id, error.reason, retry_at.isoformat())
        if await settle(job, DiscoveryStatus.PENDING, error=error.reason, retry_at=retry_at):
            await record_wait(job.deploy_id, f"Waiting to ask the code host again: {error.reason}")

    async def _fail(self, job: ClaimedDiscovery, reason: str) -> None:
        if await settle(job, DiscoveryStatus.FAILED, error=reason):
            await record_failure(job.deploy_id, reason)


async def _read(host: CodeHost, base: str | None, head: str) -> tuple[CommitRange, bool]:
    """The commits from `base` to `head`, and whether `base` is gone from the repository: when the host
    does not know one of the two and does know `head`, the previous deploy's commit was rewritten away
    (a force-push) and the deploy's own commit is all that can be read."""
    try:
        return await host.commits(base, head), False
    except UnknownRevision:
        if base is None:
            raise
    return await host.commits(None, head), True  # UnknownRevision again when the head is the unknown one
