"""The soak: `sleuth-jira serve --workers 2` on PostgreSQL under mixed traffic for a long while (10 minutes;
60 s with --quick), to see what a short benchmark cannot: errors that come with time, latency that drifts,
memory that does not level off.

`python -m bench.soak [--seconds N] [--quick]`, and a section of `make bench` / `make bench-quick`. The traffic, from clients in this process, one request at
a time each: the deploy panel of 200 issues (Connect page tokens), `register_deploy` with commits naming
those issues, the REST API's deploy list, and Connect's `enabled` lifecycle callback. The deploys go on to
a Jira site on loopback (the app's delivery workers push them, with badges). Written to
bench/results/soak.md: requests and errors per kind, p50 and p99, and the servers' resident memory
sampled every 5 s, flat when the samples after the warm-up (the first fifth of the run) stay within ±10%
of their median.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import jwt
from aiohttp import web

from app.connect.jwt import query_string_hash
from app.crypto import SecretBox
from app.db import setup as db
from app.jira_sites.tenants import record_install
from app.sleuth.organizations import create_organization
from bench import servers
from bench.run import POSTGRES_ADMIN_URL
from models import CodeDeployment, IssueTracker, Project, SiteConsent, TrackerProvider

RESULTS = Path(__file__).resolve().parent / "results" / "soak.md"
SECRET_KEY = "soak-secret-key-0123456789abcdef0123456789"
CLIENT_KEY = "soak-site"
SHARED_SECRET = "soak-shared-secret-0123456789abcdef0123456789abcdef"
ISSUES = 200
CLIENTS = 6
RSS_EVERY = 5.0
FLAT_WITHIN = 0.10


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def record(self, kind: str, seconds: float, status: int) -> None:
        self.latencies[kind].append(seconds)
        if status >= 300:
            self.errors[kind].append(str(status))


async def jira_site() -> tuple[web.AppRunner, str]:
    """The Jira site the deploys are pushed to: 202 for deployments, 200 for badges."""

    async def bulk(request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response({"acceptedDeployments": [], "unknownIssueKeys": [], "_": len(body["deployments"])},
                                 status=202)  # fmt: skip

    async def ok(request: web.Request) -> web.Response:
        return web.Response(status=200)

    site = web.Application()
    site.router.add_post("/rest/deployments/0.1/bulk", bulk)
    site.router.add_put("/rest/api/3/issue/{key}/properties/{name}", ok)
    runner = web.AppRunner(site, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


async def seed(database_url: str, site_url: str) -> str:
    """acme's project `web` (code deployment `web-app`) on the installed, consenting site; its API key."""
    await db.migrate(database_url)
    await db.connect(database_url)
    try:
        tenant = await record_install(
            client_key=CLIENT_KEY, shared_secret=SHARED_SECRET, base_url=site_url, display_url=None,
            product_type="jira", installation_id=None, secret_box=SecretBox(SECRET_KEY),
        )  # fmt: skip
        organization, key = await create_organization("acme")
        tracker = await IssueTracker.create(organization=organization, provider=TrackerProvider.JIRA, url=site_url,
                                            tenant=tenant, site_consent=SiteConsent.GRANTED)  # fmt: skip
        project = await Project.create(organization=organization, slug="web", name="Web", issue_tracker=tracker)
        await CodeDeployment.create(organization=organization, project=project, slug="web-app", name="Web app")
    finally:
        await db.disconnect()
    return key


def tenant_token(method: str, path_and_query: str, lifetime: int = 900) -> str:
    """A Connect JWT of the site; page tokens live Jira's 15 minutes (the app refuses more than 30)."""
    now = int(time.time())
    claims = {"iss": CLIENT_KEY, "iat": now, "exp": now + lifetime, "qsh": query_string_hash(method, path_and_query)}
    return jwt.encode(claims | {"sub": "557058:soak"}, SHARED_SECRET, algorithm="HS256")


def panel_paths() -> list[str]:
    paths = []
    for number in range(1, ISSUES + 1):
        path = f"/jira/panel?issueKey=WEB-{number}"
        paths.append(f"{path}&jwt={tenant_token('GET', path)}")
    return paths


Request = Callable[[aiohttp.ClientSession], Awaitable[int]]


def traffic(base_url: str, key: str, site_url: str) -> list[tuple[str, int, Request]]:
    """(kind, weight, one request of that kind) for the clients to draw from."""
    paths = panel_paths()
    counter = iter(range(1, 10**9))
    api = {"Authorization": f"apikey {key}"}

    async def panel(session: aiohttp.ClientSession) -> int:
        async with session.get(base_url + random.choice(paths)) as response:
            await response.read()
            return response.status

    async def register(session: aiohttp.ClientSession) -> int:
        number = next(counter)
        sha = f"{number:040x}"
        keys = " ".join(f"WEB-{random.randint(1, ISSUES)}" for _ in range(3))
        body = {"sha": sha, "environment": random.choice(("production", "staging", "qa")),
                "commits": [{"revision": sha, "message": f"{keys} change {number}"}]}  # fmt: skip
        async with session.post(f"{base_url}/api/1/deployments/acme/web-app/register_deploy", json=body,
                                headers=api) as response:  # fmt: skip
            await response.read()
            return response.status

    async def deploy_list(session: aiohttp.ClientSession) -> int:
        async with session.get(f"{base_url}/api/1/orgs/acme/projects/web/deploys?limit=50", headers=api) as response:
            await response.read()
            return response.status

    async def lifecycle(session: aiohttp.ClientSession) -> int:
        body = {"key": "io.sleuth.jira", "clientKey": CLIENT_KEY, "baseUrl": site_url, "productType": "jira",
                "description": "Jira", "eventType": "enabled"}  # fmt: skip
        token = tenant_token("POST", "/connect/enabled", lifetime=120)
        async with session.post(f"{base_url}/connect/enabled", json=body,
                                headers={"Authorization": f"JWT {token}"}) as response:  # fmt: skip
            await response.read()
            return response.status

    return [("panel", 60, panel), ("register_deploy", 20, register), ("deploy list", 15, deploy_list),
            ("lifecycle", 5, lifecycle)]  # fmt: skip


async def client(session: aiohttp.ClientSession, kinds: list[tuple[str, int, Request]], until: float,
                 tally: Tally) -> None:  # fmt: skip
    weights = [weight for _, weight, _ in kinds]
    while time.monotonic() < until:
        kind, _, request = random.choices(kinds, weights)[0]
        started = time.perf_counter()
        try:
            status = await request(session)
        except (aiohttp.ClientError, TimeoutError) as error:
            tally.errors[kind].append(type(error).__name__)
            continue
        tally.record(kind, time.perf_counter() - started, status)


async def sample_memory(pid: int, until: float, samples: list[tuple[float, float]]) -> None:
    started = time.monotonic()
    while time.monotonic() < until:
        samples.append((time.monotonic() - started, servers.children_rss_kib(pid) / 1024))
        await asyncio.sleep(RSS_EVERY)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def report(seconds: int, tally: Tally, samples: list[tuple[float, float]]) -> tuple[str, bool]:
    warm = [rss for at, rss in samples if at >= seconds / 5] or [rss for _, rss in samples]
    middle = statistics.median(warm)
    flat = all(abs(rss - middle) <= FLAT_WITHIN * middle for rss in warm)
    errors = sum(len(found) for found in tally.errors.values())
    lines = [
        "# Soak (issue 21)",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `python -m bench.soak --seconds {seconds}`: `sleuth-jira serve "
        f"--workers 2` on PostgreSQL (pinned to core 0), {CLIENTS} clients in the bench process, one request at "
        "a time each; the deploys are pushed to a Jira site on loopback by the app's delivery workers.",
        "",
        "| kind | requests | errors | p50 ms | p99 ms |",
        "|---|---|---|---|---|",
    ]
    for kind, latencies in sorted(tally.latencies.items()):
        lines.append(
            f"| {kind} | {len(latencies):,} | {len(tally.errors.get(kind, []))} | "
            f"{percentile(latencies, 0.5) * 1000:.1f} | {percentile(latencies, 0.99) * 1000:.1f} |"
        )
    lines += [
        "",
        f"Errors: {errors}" + (f" ({dict((kind, found[:5]) for kind, found in tally.errors.items() if found)})" if errors else "."),
        "",
        "Resident memory of the server processes (both workers and their parent), MB, every 5 s: "
        + ", ".join(f"{rss:.0f}" for _, rss in samples),
        "",
        f"After the warm-up: median {middle:.1f} MB, min {min(warm):.1f}, max {max(warm):.1f}: "
        + ("flat (within ±10%)." if flat else "**not flat** (beyond ±10%)."),
    ]
    return "\n".join(lines) + "\n", flat and errors == 0


async def soak(seconds: int) -> tuple[str, bool]:
    name = "sleuth_soak"
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    database_url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    runner, site_url = await jira_site()
    try:
        key = await seed(database_url, site_url)
        async with servers.ours(database_url, SECRET_KEY, workers=2, allow_private_urls=True) as server:
            tally, samples = Tally(), []
            until = time.monotonic() + seconds
            timeout = aiohttp.ClientTimeout(total=30)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                kinds = traffic(server.url, key, site_url)
                await asyncio.gather(
                    sample_memory(server.pid, until, samples),
                    *(client(session, kinds, until, tally) for _ in range(CLIENTS)),
                )
        return report(seconds, tally, samples)
    finally:
        await runner.cleanup()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def section(quick: bool, verdicts: Any) -> list[str]:
    """The soak as a section of `make bench` (10 minutes; 60 s in `make bench-quick`), with its verdict."""
    seconds = 60 if quick else 600
    text, passed = await soak(seconds)
    RESULTS.write_text(text)
    verdicts.add(f"soak {seconds} s: 0 errors, memory flat within ±10%", "see soak.md", passed)
    return ["## Soak", "", *text.splitlines()[2:]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--quick", action="store_true", help="60 s")
    arguments = parser.parse_args()
    text, passed = asyncio.run(soak(60 if arguments.quick else arguments.seconds))
    RESULTS.write_text(text)
    print(text)
    raise SystemExit(0 if passed else 1)


if __name__ == "__main__":
    main()
