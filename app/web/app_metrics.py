"""What `GET /metrics` (app/web/metrics.py) says, in Prometheus' format (prometheus_client): the outbox's
rows by kind and status with the age of the oldest pending one (how far behind Jira is), the
commit-discovery jobs likewise, the PostgreSQL connection pool of this process (open, in use and the cap;
in use at the cap means requests wait for a connection), and the latency of requests per route family
(the blueprint: `api_deploys`, `jira_panel`...; bounded labels). The panel's fast path answers outside Quart,
so its loads are not in the histogram (bench/ measures them). Each app has its own registry: no global
state, and two apps in one test process never share counts.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Gauge, Histogram
from quart import Response, g, request
from tortoise.functions import Count, Min

from app.db.setup import pool_usage
from models import CommitDiscovery, JiraDelivery

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class AppMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.latency = Histogram(
            "sleuth_request_seconds", "Time to answer a request, by route family, method and status class.",
            ["family", "method", "status"], buckets=LATENCY_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.outbox = Gauge(
            "sleuth_outbox_rows", "Rows of the Jira outbox, by kind and status.", ["kind", "status"],
            registry=self.registry,
        )  # fmt: skip
        self.outbox_oldest = Gauge(
            "sleuth_outbox_oldest_pending_seconds", "Age of the oldest pending outbox row.", registry=self.registry
        )
        self.discovery = Gauge(
            "sleuth_commit_discovery_jobs", "Commit-discovery jobs, by status.", ["status"], registry=self.registry
        )
        self.pool = Gauge(
            "sleuth_db_pool_connections", "PostgreSQL connections of this process: open, in use, and the cap.",
            ["state"], registry=self.registry,
        )  # fmt: skip
        self.discovery_oldest = Gauge(
            "sleuth_commit_discovery_oldest_pending_seconds", "Age of the oldest pending commit-discovery job.",
            registry=self.registry,
        )  # fmt: skip

    def started(self) -> None:
        g.metrics_started = time.perf_counter()

    def answered(self, response: Response) -> Response:
        started = g.get("metrics_started")
        if started is not None:
            family = request.blueprint or "none"
            status = f"{response.status_code // 100}xx"
            self.latency.labels(family, request.method, status).observe(time.perf_counter() - started)
        return response

    async def refresh(self, now: datetime) -> None:
        """Read the job tables: a few grouped counts, only when scraped."""
        self.outbox.clear()
        rows = await JiraDelivery.all().group_by("kind", "status").annotate(n=Count("id")).values("kind", "status", "n")
        for row in rows:
            self.outbox.labels(row["kind"], row["status"]).set(row["n"])
        self.outbox_oldest.set(await _oldest_pending_age(JiraDelivery, now))
        self.discovery.clear()
        jobs = await CommitDiscovery.all().group_by("status").annotate(n=Count("id")).values("status", "n")
        for row in jobs:
            self.discovery.labels(row["status"]).set(row["n"])
        self.discovery_oldest.set(await _oldest_pending_age(CommitDiscovery, now))
        pool = pool_usage()
        if pool is not None:
            for state, value in (("open", pool.open), ("in_use", pool.in_use), ("max", pool.max_size)):
                self.pool.labels(state).set(value)


async def _oldest_pending_age(model: type[JiraDelivery] | type[CommitDiscovery], now: datetime) -> float:
    found = await model.filter(status="pending").annotate(oldest=Min("created_at")).values("oldest")
    oldest = found[0]["oldest"] if found else None
    if oldest is None:
        return 0.0
    if isinstance(oldest, str):  # SQLite hands aggregates back as text
        oldest = datetime.fromisoformat(oldest)
    return max(0.0, (now - oldest.astimezone(UTC)).total_seconds())
