"""The database stopped under load, with real processes: `sleuth-jira serve` on a PostgreSQL cluster of the
test's own (tests/postgres_cluster.py), `register_deploy` sent without pause by a client, the cluster
stopped for 5 s and started again.

What must hold: while the database is away every answer is a 503 with `Retry-After` and a sentence (never a
500, never a hang); once it is back the same process answers 200 again, with no restart; and every deploy
answered 200 is stored, with its row in the Jira outbox, while none is stored twice.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest

from app.db import setup as db
from app.sleuth.organizations import create_organization
from models import CodeDeployment, Deploy, IssueTracker, JiraDelivery, Project, SiteConsent, Tenant, TrackerProvider
from tests.conftest import TEST_SECRET_KEY
from tests.fakes.servers import free_port, healthz
from tests.postgres_cluster import Cluster, new_cluster

SITE_URL = "https://acme.atlassian.net"
OUTAGE_SECONDS = 5.0


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    made = new_cluster()
    if made is None:
        pytest.skip("no PostgreSQL server is installed to start a cluster of the test's own")
    try:
        yield made
    finally:
        made.remove()


async def seed(url: str) -> str:
    """acme, whose project `web` (code deployment `web-app`) uses a site that installed the app; its API key."""
    await db.migrate(url)
    await db.connect(url)
    try:
        acme, key = await create_organization("acme", "Acme")
        tenant = await Tenant.create(client_key="acme-site", shared_secret="-", base_url=SITE_URL, installed=True)
        tracker = await IssueTracker.create(organization=acme, provider=TrackerProvider.JIRA, url=SITE_URL,
                                            tenant=tenant, site_consent=SiteConsent.GRANTED)  # fmt: skip
        project = await Project.create(organization=acme, slug="web", name="Web", issue_tracker=tracker)
        await CodeDeployment.create(organization=acme, project=project, slug="web-app", name="Web app")
    finally:
        await db.disconnect()
    return key


@pytest.fixture
async def served(cluster: Cluster, tmp_path: Path) -> AsyncIterator[tuple[str, str, subprocess.Popen[bytes]]]:
    """The app on the cluster, without its background jobs (the outbox rows stay to be counted)."""
    cluster.create_database("sleuth")
    url = cluster.url("sleuth")
    key = await seed(url)
    environ = {name: value for name, value in os.environ.items() if not name.startswith(("SLEUTH_", "DATABASE_"))}
    environ |= {"DATABASE_URL": url, "SLEUTH_SECRET_KEY": TEST_SECRET_KEY, "SLEUTH_ENV": "test",
                "SLEUTH_DATA_DIR": str(tmp_path / "var")}  # fmt: skip
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--no-worker"],
        env=environ, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{port}", key, server
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@dataclass
class Load:
    """register_deploy without pause, one request at a time: what each sha got, in order."""

    base_url: str
    key: str
    answers: list[tuple[str, int, str | None, float]] = field(default_factory=list)  # sha, status, Retry-After, time
    sent: int = 0

    async def run(self, until: asyncio.Event) -> None:
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout, headers={"Authorization": f"apikey {self.key}"}) as session:
            while not until.is_set():
                self.sent += 1
                sha = f"{self.sent:040x}"
                body = {"sha": sha, "environment": "production", "commits": [{"revision": sha, "message": "ACME-1 x"}]}
                url = f"{self.base_url}/api/1/deployments/acme/web-app/register_deploy"
                async with session.post(url, json=body) as response:
                    await response.read()
                    self.answers.append((sha, response.status, response.headers.get("Retry-After"), time.monotonic()))

    def statuses_since(self, moment: float) -> list[int]:
        return [status for _, status, _, at in self.answers if at >= moment]


async def test_a_database_stopped_under_load_answers_503_then_recovers_and_loses_nothing(
    cluster: Cluster, served: tuple[str, str, subprocess.Popen[bytes]]
) -> None:
    base_url, key, server = served
    await healthz(base_url)
    load, stop = Load(base_url, key), asyncio.Event()
    sending = asyncio.create_task(load.run(stop))
    await asyncio.sleep(1.0)

    await asyncio.to_thread(cluster.stop)
    stopped = time.monotonic()
    await asyncio.sleep(OUTAGE_SECONDS)
    starting = time.monotonic()
    await asyncio.to_thread(cluster.start)
    restarted = time.monotonic()
    for _ in range(150):  # up to 15 s for the pool to find the server again
        if load.statuses_since(restarted)[-5:] == [200] * 5:
            break
        await asyncio.sleep(0.1)
    stop.set()
    await sending

    during = [(status, retry) for _, status, retry, at in load.answers if stopped + 0.5 <= at < starting]
    assert during, "no request was answered while the database was away"
    assert {status for status, _ in during} == {503} and {retry for _, retry in during} == {"5"}
    assert {status for _, status, _, _ in load.answers} <= {200, 503}  # never a 500
    assert 200 in [status for _, status, _, at in load.answers if at < stopped]
    assert load.statuses_since(restarted)[-5:] == [200] * 5  # the same process, with no restart
    assert server.poll() is None

    answered = {sha for sha, status, _, _ in load.answers if status == 200}
    await db.connect(cluster.url("sleuth"))
    try:
        stored = await Deploy.all().values_list("sha", flat=True)
        queued = await JiraDelivery.all().values_list("deploy__sha", flat=True)
    finally:
        await db.disconnect()
    assert answered <= set(stored) and len(stored) == len(set(stored))  # every 200 kept, none twice
    assert sorted(queued) == sorted(stored)  # each with its one outbox row
