"""Ingest: `register_deploy` as CI calls it, next to the database's own limit for the same rows.

- latency of a deploy with 1,000 commits naming 300 distinct issue keys (median over runs);
- sustained deploys/s for 10-commit deploys from 4 concurrent clients;
- the same rows (a deploy, its commits, its issue links) inserted with the driver's raw
  executemany, one transaction per deploy, at the same concurrency: the ceiling.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import sqlite3
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
import asyncpg

from bench.datagen import issue_key


@dataclass(frozen=True)
class IngestResult:
    big_deploy_median_ms: float
    big_deploy_runs: int
    deploys_per_second: float
    raw_deploys_per_second: float


def _sha(rng: random.Random) -> str:
    return f"{rng.getrandbits(160):040x}"


def deploy_body(rng: random.Random, commits: int, distinct_keys: int, environment: str) -> dict[str, Any]:
    keys = [issue_key(rng.randrange(1, 1_000_000)) for _ in range(distinct_keys)]
    return {
        "sha": _sha(rng),
        "environment": environment,
        "email": "ci@bench.test",
        "commits": [
            {
                "revision": _sha(rng),
                "message": f"{keys[index % distinct_keys]} change number {index}\n\nMore words about it.",
                "author": {"name": "Bench Dev", "email": "dev@bench.test"},
                "date": "2026-11-27T10:00:00Z",
                "url": f"https://git.example/commit/{index}",
            }
            for index in range(commits)
        ],
    }


async def post_deploy(session: aiohttp.ClientSession, url: str, api_key: str, body: dict[str, Any]) -> None:
    """One register_deploy call as CI makes it; anything but a 200 stops the benchmark."""
    async with session.post(url, json=body, headers={"Authorization": f"apikey {api_key}"}) as response:
        if response.status != 200:
            raise RuntimeError(f"register_deploy answered {response.status}: {(await response.text())[:200]}")


async def big_deploy_latency(url: str, api_key: str, runs: int, rng: random.Random) -> list[float]:
    timings = []
    async with aiohttp.ClientSession() as session:
        await post_deploy(session, url, api_key, deploy_body(rng, 1000, 300, "ingest"))  # warm-up
        for _ in range(runs):
            body = deploy_body(rng, 1000, 300, "ingest")
            started = time.perf_counter()
            await post_deploy(session, url, api_key, body)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


async def sustained(url: str, api_key: str, seconds: float, clients: int, rng: random.Random) -> float:
    bodies = (deploy_body(rng, 10, 3, "ingest") for _ in itertools.count())
    done = 0
    deadline = time.perf_counter() + seconds

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await post_deploy(session, url, api_key, next(bodies))
            done += 1

    async with aiohttp.ClientSession() as session:
        started = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(clients)))
        return done / (time.perf_counter() - started)


def _raw_rows(body: dict[str, Any], deploy_id: int) -> tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    now = datetime.now(UTC)
    deploy = (deploy_id, 1, 1, body["sha"], now, "ci@bench.test", "", "", "[]", "{}", now)
    commits = [(deploy_id, c["revision"], c["message"], "Bench Dev", "dev@bench.test", now, c["url"]) for c in body["commits"]]
    keys = sorted({c["message"].split()[0] for c in body["commits"]})
    return deploy, commits, [(deploy_id, key) for key in keys]


DEPLOY_INSERT = (
    'INSERT INTO "deploy" (id, code_deployment_id, environment_id, sha, date, author_email, author_name, branch, '
    "tags, links, created_at) VALUES ({})"
)
COMMIT_INSERT = (
    'INSERT INTO "deploy_commit" (deploy_id, revision, message, author_name, author_email, date, url) VALUES ({})'
)
ISSUE_INSERT = 'INSERT INTO "deploy_issue" (deploy_id, issue_key) VALUES ({})'


def _marks(count: int, postgres: bool) -> str:
    return ", ".join(f"${index}" if postgres else "?" for index in range(1, count + 1))


async def raw_postgres(database_url: str, seconds: float, clients: int, rng: random.Random, first_id: int) -> float:
    ids = itertools.count(first_id)
    pool = await asyncpg.create_pool(database_url, min_size=clients, max_size=clients)
    done = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal done
        async with pool.acquire() as connection:
            while time.perf_counter() < deadline:
                deploy, commits, issues = _raw_rows(deploy_body(rng, 10, 3, "raw"), next(ids))
                async with connection.transaction():
                    await connection.execute(DEPLOY_INSERT.format(_marks(11, True)), *deploy)
                    await connection.executemany(COMMIT_INSERT.format(_marks(7, True)), commits)
                    await connection.executemany(ISSUE_INSERT.format(_marks(2, True)), issues)
                done += 1

    try:
        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        return done / (time.perf_counter() - started)
    finally:
        await pool.close()


def raw_sqlite(path: str, seconds: float, rng: random.Random, first_id: int) -> float:
    """SQLite has one writer: concurrent clients would only queue, so the ceiling is one sequential writer."""
    connection = sqlite3.connect(path, isolation_level=None)
    done, deploy_id = 0, first_id
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    try:
        while time.perf_counter() < deadline:
            deploy, commits, issues = _raw_rows(deploy_body(rng, 10, 3, "raw"), deploy_id)
            connection.execute("BEGIN")
            connection.execute(DEPLOY_INSERT.format(_marks(11, False)), [str(v) if isinstance(v, datetime) else v for v in deploy])
            connection.executemany(COMMIT_INSERT.format(_marks(7, False)), [[str(v) if isinstance(v, datetime) else v for v in row] for row in commits])
            connection.executemany(ISSUE_INSERT.format(_marks(2, False)), issues)
            connection.execute("COMMIT")
            done += 1
            deploy_id += 1
    finally:
        connection.close()
    return done / (time.perf_counter() - started)


async def measure(
    base_url: str, api_key: str, database_url: str, *, quick: bool, first_raw_id: int = 50_000_000
) -> IngestResult:
    rng = random.Random(11)
    url = f"{base_url}/api/1/deployments/bench/service-1/register_deploy"
    runs, seconds = (10, 3.0) if quick else (30, 10.0)
    timings = await big_deploy_latency(url, api_key, runs, rng)
    rate = await sustained(url, api_key, seconds, clients=4, rng=rng)
    if database_url.startswith("sqlite://"):
        raw = await asyncio.to_thread(raw_sqlite, database_url.removeprefix("sqlite://"), seconds, rng, first_raw_id)
    else:
        raw = await raw_postgres(database_url, seconds, 4, rng, first_raw_id)
    return IngestResult(statistics.median(timings), runs, rate, raw)


if __name__ == "__main__":
    print(json.dumps(deploy_body(random.Random(1), 2, 2, "production"), indent=2))
