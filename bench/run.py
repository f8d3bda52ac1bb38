"""`make bench` / `make bench-quick`: every performance target measured side by side in one run.

Machines are noisy, so the report is ratios and medians of alternating runs, never a lone number:
our panel against atlassian-connect-express on the same database engine, and against a bare Quart
route on the same server. Writes bench/results/latest.md and prints it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import jwt

from app.connect.jwt import query_string_hash
from bench import datagen, ingest, jwt_verify, servers
from bench.load import LoadResult, wrk

RESULTS = Path(__file__).resolve().parent / "results"
WHY = RESULTS / "why.md"
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
SECRET_KEY = "bench-secret-key-0123456789abcdef0123456789"
PANEL_KEYS = 200  # distinct issue URLs (each with its own token) the load rotates over
# Several times as many issues as a worker keeps rendered pages for (app/web/jira_pages/panel_pages.py): rotating
# over these, no load finds its page kept, so every page is rendered, as on a site whose issues are each
# viewed once.
COLD_PANEL_KEYS = 4_000


@dataclass(frozen=True)
class Plan:
    quick: bool
    rounds: int
    seconds: int
    memory_seconds: int
    scale_sizes: Sequence[int]
    engines: Sequence[str]


# The scale section starts at the size of bench/api_loaded.py's data (issue 18: p50 at 1,000,000 deploys
# within 1.25x of 2,000).
QUICK = Plan(quick=True, rounds=1, seconds=4, memory_seconds=8, scale_sizes=(2_000, 100_000), engines=("postgres",))
FULL = Plan(
    quick=False, rounds=3, seconds=10, memory_seconds=60, scale_sizes=(2_000, 100_000, 1_000_000),
    engines=("postgres", "sqlite"),
)


@dataclass
class Verdicts:
    """Each target of the issue with this run's result and whether it was met, for the closing table."""

    rows: list[str] = field(default_factory=list)

    def add(self, target: str, result: str, met: bool) -> None:
        self.rows.append(f"| {target} | {result} | {'met' if met else '**missed**'} |")


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        for line in lines:
            print(line, flush=True)
            self.lines.append(line)


def panel_path(issue_key: str, issued_at: int) -> str:
    """The panel's URL for one issue with a page token for its own qsh, as Jira sends it (a token differs
    from another of the same issue by `issued_at`). It lives Jira's 15 minutes: the app refuses a token that
    claims more than app/connect/jwt.py's MAX_LIFETIME_SECONDS (the 6 hours these had were answered 401 since that rule came)."""
    path = f"/jira/panel?issueKey={issue_key}"
    claims = {"iss": datagen.CLIENT_KEY, "sub": "557058:bench", "iat": issued_at, "exp": issued_at + 900,
              "qsh": query_string_hash("GET", path)}
    return f"{path}&jwt={jwt.encode(claims, datagen.SHARED_SECRET, algorithm='HS256')}"


def panel_paths(count: int) -> list[str]:
    """Panel URLs of issues that carry deploys, each with a page token for its own qsh (as Jira sends)."""
    now = int(time.time())
    return [panel_path(datagen.issue_key(number * 37 % 10_000 + 1), now) for number in range(1, count + 1)]


def hot_panel_paths() -> list[str]:
    """PANEL_KEYS panel URLs over datagen's hot issues, which have as many deploys at every size."""
    now = int(time.time())
    keys = [datagen.hot_issue_key(number % datagen.HOT_ISSUES + 1) for number in range(PANEL_KEYS)]
    return [panel_path(key, now - number) for number, key in enumerate(keys)]


async def check_panel(url: str, path: str) -> None:
    """One request before the load: a benchmark of 401s would be worthless."""
    async with aiohttp.ClientSession() as session, session.get(url + path) as response:
        body = await response.text()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status} to the panel: {body[:300]}")


@asynccontextmanager
async def database(engine: str, deploys: int, workdir: Path, *, analyze: bool = True) -> AsyncIterator[str]:
    """A bench database of `deploys` written by datagen, dropped on leaving; `analyze=False`: no statistics."""
    if engine == "sqlite":
        path = workdir / f"bench-{deploys}.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite://{path}"
        await datagen.build(url, deploys, SECRET_KEY, analyze=analyze)
        yield url
        path.unlink(missing_ok=True)
        return
    name = f"sleuth_bench_{deploys}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        await datagen.build(url, deploys, SECRET_KEY, analyze=analyze)
        yield url
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@asynccontextmanager
async def ace_store(engine: str, workdir: Path) -> AsyncIterator[dict[str, str]]:
    """An empty database for ACE's store; the tenant row goes in once ACE has created its table."""
    if engine == "sqlite":
        path = workdir / "ace.sqlite3"
        path.unlink(missing_ok=True)
        yield {"ACE_SQLITE_FILE": str(path)}
        path.unlink(missing_ok=True)
        return
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    await admin.execute('DROP DATABASE IF EXISTS "sleuth_bench_ace" WITH (FORCE)')
    await admin.execute('CREATE DATABASE "sleuth_bench_ace"')
    try:
        yield {"ACE_DATABASE_URL": POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/sleuth_bench_ace"}
    finally:
        await admin.execute('DROP DATABASE IF EXISTS "sleuth_bench_ace" WITH (FORCE)')
        await admin.close()


async def seed_ace_tenant(store: dict[str, str]) -> None:
    """ACE creates its table in the background after it starts listening: retry until it exists."""
    for _ in range(100):
        try:
            return await _insert_ace_tenant(store)
        except (asyncpg.UndefinedTableError, sqlite3.OperationalError):
            await asyncio.sleep(0.1)
    raise RuntimeError("ACE did not create its AddonSettings table")


async def _insert_ace_tenant(store: dict[str, str]) -> None:
    client_info = json.dumps({
        "key": "io.sleuth.jira.ace-peer", "clientKey": datagen.CLIENT_KEY, "sharedSecret": datagen.SHARED_SECRET,
        "baseUrl": datagen.SITE_URL, "productType": "jira", "eventType": "installed",
    })
    if "ACE_SQLITE_FILE" in store:
        with sqlite3.connect(store["ACE_SQLITE_FILE"]) as connection:
            connection.execute(
                'INSERT INTO AddonSettings ("clientKey", "key", "val") VALUES (?, ?, ?)',
                (datagen.CLIENT_KEY, "clientInfo", client_info),
            )
        return
    connection = await asyncpg.connect(store["ACE_DATABASE_URL"])
    try:
        await connection.execute(
            'INSERT INTO "AddonSettings" ("clientKey", key, val) VALUES ($1, $2, $3::json)',
            datagen.CLIENT_KEY, "clientInfo", client_info,
        )
    finally:
        await connection.close()


WARM_UP_SECONDS = 2  # every server gets the same: connection pools fill, PostgreSQL settles on its plans


async def load(server: servers.Server, paths: Sequence[str], seconds: int, connections: int = 16) -> LoadResult:
    await check_panel(server.url, paths[0])
    await wrk(server.url, paths, WARM_UP_SECONDS, connections)
    cpu_before = servers.cpu_seconds(server.pid)
    result = await wrk(server.url, paths, seconds, connections)
    cpu = servers.cpu_seconds(server.pid) - cpu_before
    if result.errors:
        raise RuntimeError(f"{server.name}: {result.errors} failed requests under load")
    return replace(result, cpu_us_per_request=cpu / (result.requests_per_second * seconds) * 1e6)


def summarize(results: Sequence[LoadResult]) -> LoadResult:
    return LoadResult(
        statistics.median(r.requests_per_second for r in results),
        statistics.median(r.p50_ms for r in results),
        statistics.median(r.p99_ms for r in results),
        0,
        statistics.median(r.cpu_us_per_request for r in results),
    )


async def panel_versus_peers(engine: str, database_url: str, plan: Plan, workdir: Path, verdicts: Verdicts) -> str:
    """One row: our panel (pages kept, and every page rendered), ACE's authenticated route and a bare Quart
    route, in alternating runs."""
    paths = {"ours": panel_paths(PANEL_KEYS), "cold": panel_paths(COLD_PANEL_KEYS), "bare": ["/"]}
    paths["ace"] = paths["ours"]
    runs: dict[str, list[LoadResult]] = {name: [] for name in paths}
    async with ace_store(engine, workdir) as store:
        starters: dict[str, Callable[[], AbstractAsyncContextManager[servers.Server]]] = {
            "ours": lambda: servers.ours(database_url, SECRET_KEY, background_jobs=False),
            "ace": lambda: servers.ace(store),
            "bare": servers.bare,
        }
        starters["cold"] = starters["ours"]  # the same server, over more issues than it keeps pages for
        seeded = False
        for _ in range(plan.rounds):
            for name in ("ours", "ace", "bare", "cold"):  # alternate, so drift in the machine hits them all
                async with starters[name]() as server:
                    if name == "ace" and not seeded:
                        await seed_ace_tenant(store)
                        seeded = True
                    runs[name].append(await load(server, paths[name], plan.seconds))
    ours, ace, bare, cold = (summarize(runs[name]) for name in ("ours", "ace", "bare", "cold"))
    versus_ace = ours.requests_per_second / ace.requests_per_second
    verdicts.add(f"panel ≥ 1.5x ACE ({engine})", f"{versus_ace:.2f}x", versus_ace >= 1.5)
    verdicts.add(f"panel p99 no worse than ACE's ({engine})", f"{ours.p99_ms:.1f} vs {ace.p99_ms:.1f} ms", ours.p99_ms <= ace.p99_ms)
    versus_bare = ours.requests_per_second / bare.requests_per_second
    verdicts.add(f"panel ≥ 0.5 of bare Quart ({engine})", f"{versus_bare:.2f}", versus_bare >= 0.5)
    return (
        f"| {engine} | {ours.requests_per_second:,.0f} | {ace.requests_per_second:,.0f} | "
        f"**{ours.requests_per_second / ace.requests_per_second:.2f}x** | {ours.p99_ms:.1f} / {ace.p99_ms:.1f} | "
        f"{bare.requests_per_second:,.0f} | {ours.requests_per_second / bare.requests_per_second:.2f} | "
        f"{ours.cpu_us_per_request:,.0f} / {ace.cpu_us_per_request:,.0f} / {bare.cpu_us_per_request:,.0f} | "
        f"{cold.requests_per_second:,.0f} ({cold.requests_per_second / ace.requests_per_second:.2f}x ACE, "
        f"{cold.cpu_us_per_request:,.0f} µs) |"
    )


async def memory_under_load(database_url: str, plan: Plan, verdicts: Verdicts) -> str:
    """Peak RSS of our server under panel load, and whether it grows from the first to the last sixth. The
    load rotates over more issues than the worker keeps pages for, so the kept pages are at their limit."""
    paths = panel_paths(COLD_PANEL_KEYS)
    async with servers.ours(database_url, SECRET_KEY, background_jobs=False) as server:
        await check_panel(server.url, paths[0])
        samples: list[int] = []

        async def sample() -> None:
            while True:
                samples.append(servers.children_rss_kib(server.pid))
                await asyncio.sleep(1)

        sampler = asyncio.create_task(sample())
        await wrk(server.url, paths, plan.memory_seconds)
        sampler.cancel()
    sixth = max(1, len(samples) // 6)
    early, late = statistics.median(samples[1 : sixth + 1]), statistics.median(samples[-sixth:])
    peak_mb, growth_mb = max(samples) / 1024, (late - early) / 1024
    # "No growth": the late median within 5% of the early one (allocator noise, not a leak).
    verdicts.add("memory ≤ 150 MB, no growth", f"{peak_mb:.0f} MB peak, {growth_mb:+.1f} MB", peak_mb <= 150 and late <= early * 1.05)
    return (
        f"| {plan.memory_seconds} s of panel load | {max(samples) / 1024:.0f} MB | {early / 1024:.0f} MB | "
        f"{late / 1024:.0f} MB | {(late - early) / 1024:+.1f} MB |"
    )


async def ingest_row(engine: str, database_url: str, plan: Plan, verdicts: Verdicts) -> str:
    """register_deploy alone: the server delivers nothing (datagen's sites are not on loopback), as when the
    delivery worker runs in processes of its own (`sleuth-jira worker`)."""
    async with servers.ours(database_url, SECRET_KEY, background_jobs=False) as server:
        result = await ingest.measure(server.url, datagen.API_KEY, database_url, quick=plan.quick)
    share = result.deploys_per_second / result.raw_deploys_per_second
    verdicts.add(f"1,000-commit deploy ≤ 100 ms ({engine})", f"{result.big_deploy_median_ms:.0f} ms", result.big_deploy_median_ms <= 100)
    verdicts.add(f"≥ 300 deploys/s, 10 commits, 4 clients ({engine})", f"{result.deploys_per_second:,.0f}", result.deploys_per_second >= 300)
    verdicts.add(f"≥ 30% of raw executemany ({engine})", f"{share:.0%}", share >= 0.3)
    return (
        f"| {engine} | {result.big_deploy_median_ms:.0f} ms ({result.big_deploy_runs} runs) | "
        f"{result.deploys_per_second:,.0f} | {result.raw_deploys_per_second:,.0f} | "
        f"{result.deploys_per_second / result.raw_deploys_per_second:.0%} |"
    )


async def scale(plan: Plan, workdir: Path, verdicts: Verdicts) -> list[str]:
    """The panels of datagen's hot issues (the same at every size) as the deploys grow, without statistics
    and then after ANALYZE of the same data."""
    rows = []
    baselines: dict[bool, float] = {}
    for size in plan.scale_sizes:
        async with database("postgres", size, workdir, analyze=False) as database_url:
            for analyzed in (False, True):
                if analyzed:
                    await execute(database_url, "ANALYZE")
                async with servers.ours(database_url, SECRET_KEY, background_jobs=False) as server:
                    # Tokens made once the database is built: they live Jira's 15 minutes, a build takes minutes.
                    result = await load(server, hot_panel_paths(), plan.seconds)
                baseline = baselines.setdefault(analyzed, result.p50_ms)
                rows.append(
                    f"| {size:,} | {'ANALYZE' if analyzed else 'none'} | {size * datagen.LINKS_PER_DEPLOY:,} | "
                    f"{result.p50_ms:.2f} ms | {result.p99_ms:.2f} ms | {result.requests_per_second:,.0f} | "
                    f"{result.p50_ms / baseline:.2f} |"
                )
                if size == plan.scale_sizes[-1]:
                    growth = result.p50_ms / baseline
                    verdicts.add(
                        f"p50 at {size:,} deploys ≤ 1.25x of {plan.scale_sizes[0]:,} "
                        f"({'after ANALYZE' if analyzed else 'no statistics'})", f"{growth:.2f}x", growth <= 1.25,
                    )
    return rows


async def execute(database_url: str, statement: str, *values: Any) -> list[Any]:
    """A statement of the benchmark's own, outside the server (ANALYZE, counts), on either engine."""
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url.removeprefix("sqlite://")) as connection:
            return connection.execute(statement.replace("$1", "?"), values).fetchall()
    connection = await asyncpg.connect(database_url)
    try:
        return list(await connection.fetch(statement, *values))
    finally:
        await connection.close()


def machine() -> str:
    versions = {
        "python": platform.python_version(),
        "node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip(),
        "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split()[1],
        "postgres": subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip(),
    }
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}: {os.cpu_count()} cores, "
        f"{platform.machine()}, {', '.join(f'{k} {v}' for k, v in versions.items())}"
    )


async def main(plan: Plan) -> None:
    from bench import (  # not at the top: they use this module's helpers (and run alone too)
        api_loaded,
        soak,
    )

    workdir = Path(os.environ.get("BENCH_WORKDIR", "/tmp/sleuth-bench"))
    workdir.mkdir(parents=True, exist_ok=True)
    report, verdicts = Report(), Verdicts()
    started = time.perf_counter()
    report.add(f"# Benchmark results ({'quick' if plan.quick else 'full'})", "", machine(), "")

    costs = await asyncio.to_thread(jwt_verify.run, plan.quick)
    report.add(
        "## JWT verification per page token (median)", "",
        "| ours | atlassian-jwt Authenticator | ratio | target |", "|---|---|---|---|",
        f"| {costs['ours_us']:.1f} µs | {costs['atlassian_jwt_us']:.1f} µs | "
        f"{costs['ours_us'] / costs['atlassian_jwt_us']:.2f} | ≤ 50 µs |", "",
    )
    verdicts.add(
        "JWT verification ≤ 50 µs median",
        f"{costs['ours_us']:.1f} µs (atlassian-jwt's Authenticator: {costs['atlassian_jwt_us']:.1f} µs)",
        costs["ours_us"] <= 50,
    )
    report.add(
        "## Deploy panel against atlassian-connect-express (100,000 deploys, 1,000,000 issue links)", "",
        f"Medians of {plan.rounds} alternating run(s) of {plan.seconds} s each; wrk -c16 on core 1, one server "
        "process on core 0. Targets: ours ≥ 1.5x ACE, p99 no worse than ACE's; ours ≥ 0.5 of bare Quart. The "
        "CPU column is each server's own CPU time per request (the database's is not in it), which varies less "
        f"than requests/s when the machine's speed drifts between runs. The load rotates over {PANEL_KEYS} issues, "
        "so our worker renders each page once and keeps it with its answer, and each load asks PostgreSQL only "
        "whether that answer's stamp still reads the same (SQLite reads the rows again) "
        f"(app/web/jira_pages/panel_pages.py); the last column rotates over {COLD_PANEL_KEYS:,} issues instead, more than "
        "it keeps, so that every load reads its rows and renders its page.", "",
        "| engine | ours req/s | ACE req/s | ours / ACE | p99 ms ours / ACE | bare Quart req/s | ours / bare "
        "| server CPU µs per request, ours / ACE / bare | ours, every page rendered: req/s (vs ACE, CPU µs) |",
        "|---|---|---|---|---|---|---|---|---|",
    )
    memory_rows, ingest_rows = [], []
    for engine in plan.engines:
        async with database(engine, 100_000, workdir) as database_url:
            report.add(await panel_versus_peers(engine, database_url, plan, workdir, verdicts))
            if engine == plan.engines[0]:
                memory_rows.append(await memory_under_load(database_url, plan, verdicts))
            ingest_rows.append(await ingest_row(engine, database_url, plan, verdicts))
    report.add(
        "", "## Memory of one worker under panel load (target ≤ 150 MB, no growth)", "",
        f"The load rotates over {COLD_PANEL_KEYS:,} issues, so the worker's kept pages are at their limit.", "",
        "| run | peak RSS | early median | late median | growth |", "|---|---|---|---|---|", *memory_rows, "",
        "## Ingest: register_deploy (targets: 1,000 commits / 300 keys ≤ 100 ms median; ≥ 300 deploys/s; ≥ 30% of raw)", "",
        "| engine | 1,000-commit deploy | 10-commit deploys/s (4 clients) | raw executemany deploys/s | share of raw |",
        "|---|---|---|---|---|", *ingest_rows, "",
        "## Scale: panel latency as data grows (PostgreSQL; target: p50 at the largest ≤ 1.25x the smallest)", "",
        f"The panels of {datagen.HOT_ISSUES} issues carried by {datagen.HOT_DEPLOYS} deploys each at every size "
        "(bench/datagen.py, written by its fast generator), measured without statistics and then after ANALYZE "
        "of the same data; each is compared with the smallest size in the same state.", "",
        "| deploys | statistics | issue links | p50 | p99 | req/s | p50 / smallest |", "|---|---|---|---|---|---|---|",
        *(await scale(plan, workdir, verdicts)), "",
        *(await api_loaded.section(plan, workdir, verdicts)), "",
        *(await soak.section(plan.quick, verdicts)), "",
        f"Total time: {time.perf_counter() - started:.0f} s. Rerun with `make bench` (or `make bench-quick`).", "",
        "## Targets met and missed (this run)", "", "| target | result | verdict |", "|---|---|---|", *verdicts.rows,
    )
    if WHY.exists():  # the why of the misses, written by people after a run (it says which run it explains)
        report.add("", WHY.read_text().rstrip())
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / ("latest-quick.md" if plan.quick else "latest.md")).write_text("\n".join(report.lines) + "\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the 2-minute version")
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(QUICK if arguments.quick else FULL)))
