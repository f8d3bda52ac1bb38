"""The deploy panel against atlassian-connect-express on data loaded the way users load it (issue 18).

bench/run.py's panel section reads a database written row by row by bench/datagen.py and ANALYZEd. Here only
the fixture (organization, API key, tenant, projects) is written directly, without statistics; every deploy,
commit and issue link comes through `register_deploy` over HTTP to a running `sleuth-jira serve`: 2,000
deploys of 50 commits on one code deployment, each in one of four environments. Among the keys the commits
name are issues carried by exactly 5, 50 and 250 deploys (250: the most one panel statement returns). Their
panels are loaded against ACE, alternating, for PostgreSQL as loaded (no statistics: autovacuum is off on
these machines), PostgreSQL after ANALYZE, and SQLite.

    .venv/bin/python -m bench.api_loaded [--quick]    # writes bench/results/api-loaded.md
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import itertools
import os
import random
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from app.jira_sites.issue_deploys import MAX_PER_ENVIRONMENT, SHORT_SHA_LENGTH
from bench import datagen, servers
from bench import run as bench
from bench.ingest import post_deploy
from bench.load import LoadResult

DEPLOYS = 2_000
COMMITS = 50  # per deploy, each naming one issue key
ENVIRONMENTS = ("production", "staging", "testing", "development")
SIZES = (5, 50, 250)  # how many deploys carry each measured issue
ISSUES_PER_SIZE = 8  # distinct issues of each size the load rotates over...
TOKENS_PER_ISSUE = 25  # ...each with as many page tokens: 200 URLs, as bench/run.py's PANEL_KEYS
BACKGROUND_KEYS = 5_000  # the other keys the commits name (each in about 20 deploys), as bench/panel_plan.py
LOAD_CLIENTS = 4  # concurrent register_deploy callers while loading
CONNECTIONS = 10  # wrk -c, as issue 18 measured
CODE_DEPLOYMENT = "service-1"  # datagen's, in the organization "bench" whose tracker is the installed site
# The ratio to ACE each row must reach, by engine and issue size (250: measured, no target).
TARGETS = {("postgres", 5): 1.5, ("postgres", 50): 1.0, ("sqlite", 5): 1.5, ("sqlite", 50): 1.5}


@dataclass(frozen=True)
class Setup:
    label: str  # as the table names it
    engine: str  # "postgres" or "sqlite": which targets apply, and ACE's store
    analyze: bool = False  # ANALYZE before its runs (the setups before it on the same data had no statistics)


SETUPS = (
    Setup("PostgreSQL, no ANALYZE", "postgres"),
    Setup("PostgreSQL, after ANALYZE", "postgres", analyze=True),
    Setup("SQLite", "sqlite"),
)


def measured_key(size: int, number: int) -> str:
    return f"HOT{size}-{number + 1}"


def measured_keys(deploy: int) -> list[str]:
    """The measured issues deploy number `deploy` (1..DEPLOYS) carries: issue `number` of a size on every
    (DEPLOYS / size)th deploy from `number` on, so exactly `size` deploys each."""
    return [
        measured_key(size, number)
        for size in SIZES
        for number in range(ISSUES_PER_SIZE)
        if (deploy - number) % (DEPLOYS // size) == 0
    ]


def deploy_body(deploy: int) -> dict[str, Any]:
    """What CI sends for deploy number `deploy`: its measured issues in its first commits' messages, the
    rest naming background keys. The environment is drawn at random (seeded by the number) so that each
    measured issue's deploys spread over all four, which a plain `deploy % 4` would not for every size."""
    keys = measured_keys(deploy)
    messages = [
        f"{keys[index] if index < len(keys) else f'WEB-{(deploy * COMMITS + index) % BACKGROUND_KEYS + 1}'} change {index}"
        for index in range(COMMITS)
    ]
    return {
        "sha": sha(str(deploy)),
        "environment": random.Random(deploy).choice(ENVIRONMENTS),
        "commits": [{"revision": sha(f"{deploy}.{index}"), "message": message} for index, message in enumerate(messages)],
    }


def sha(seed: str) -> str:
    """A git-like sha: distinct short shas, as the panel prints them."""
    return hashlib.sha1(seed.encode()).hexdigest()  # a name, not a digest anyone relies on


@asynccontextmanager
async def seeded_database(engine: str, workdir: Path) -> AsyncIterator[str]:
    """The fixture only (datagen's, no deploys, no ANALYZE). Its tracker is consented to by the site, so the
    panel shows the deploys and each registration writes its outbox row as for a real site (delivered by
    nobody: the server runs without its background jobs, so no call leaves this machine)."""
    async with bench.database(engine, 0, workdir, analyze=False) as url:
        yield url


async def load_through_api(database_url: str) -> float:
    """Every deploy through register_deploy, LOAD_CLIENTS at a time; answers deploys/s. Then checks that
    each measured issue is carried by as many deploys as intended."""
    bodies: Iterator[dict[str, Any]] = map(deploy_body, range(1, DEPLOYS + 1))
    async with servers.ours(database_url, bench.SECRET_KEY, background_jobs=False) as server:
        url = f"{server.url}/api/1/deployments/bench/{CODE_DEPLOYMENT}/register_deploy"

        async def client(session: aiohttp.ClientSession) -> None:
            for body in bodies:  # one iterator shared by the clients: each deploy is sent once
                await post_deploy(session, url, datagen.API_KEY, body)

        started = time.perf_counter()
        async with aiohttp.ClientSession() as session:
            await asyncio.gather(*(client(session) for _ in range(LOAD_CLIENTS)))
        rate = DEPLOYS / (time.perf_counter() - started)
        for size in SIZES:
            await _check_issue(server.url, database_url, size)
    return rate


async def _check_issue(url: str, database_url: str, size: int) -> None:
    """The first issue of `size` is linked to `size` deploys, and its panel shows them (at most
    MAX_PER_ENVIRONMENT of each environment): a benchmark of empty panels would be worthless."""
    key = measured_key(size, 0)
    (linked,) = (await bench.execute(database_url, "SELECT count(*) FROM deploy_issue WHERE issue_key = $1", key))[0]
    carriers = [deploy for deploy in range(1, DEPLOYS + 1) if key in measured_keys(deploy)]
    async with aiohttp.ClientSession() as session, session.get(url + bench.panel_path(key, int(time.time()))) as response:
        page = await response.text()
    shown = sum(sha(str(deploy))[:SHORT_SHA_LENGTH] in page for deploy in carriers)
    if linked != size or shown < min(size, MAX_PER_ENVIRONMENT):
        raise RuntimeError(f"{key}: {linked} deploys linked, {shown} shown on its panel; {size} expected")


def issue_paths(size: int) -> list[str]:
    """The panel URLs the load of one size rotates over: its issues, each with several page tokens."""
    now = int(time.time())
    return [
        bench.panel_path(measured_key(size, number), now - token)
        for token, number in itertools.product(range(TOKENS_PER_ISSUE), range(ISSUES_PER_SIZE))
    ]


async def panels_against_ace(
    setup: Setup, database_url: str, plan: bench.Plan, workdir: Path
) -> dict[int, tuple[LoadResult, LoadResult]]:
    """Ours and ACE for each size, alternating (ours, ACE, next size...), `plan.rounds` times; medians."""
    runs: dict[tuple[int, str], list[LoadResult]] = {(size, name): [] for size in SIZES for name in ("ours", "ace")}
    paths = {size: issue_paths(size) for size in SIZES}
    async with bench.ace_store(setup.engine, workdir) as store:
        seeded = False
        for _, size, name in itertools.product(range(plan.rounds), SIZES, ("ours", "ace")):
            starter = (
                servers.ours(database_url, bench.SECRET_KEY, background_jobs=False) if name == "ours" else servers.ace(store)
            )
            async with starter as server:
                if name == "ace" and not seeded:
                    await bench.seed_ace_tenant(store)
                    seeded = True
                runs[size, name].append(await bench.load(server, paths[size], plan.seconds, CONNECTIONS))
    return {size: (bench.summarize(runs[size, "ours"]), bench.summarize(runs[size, "ace"])) for size in SIZES}


def rows(setup: Setup, results: dict[int, tuple[LoadResult, LoadResult]], verdicts: bench.Verdicts) -> list[str]:
    lines = []
    for size, (ours, ace) in results.items():
        ratio = ours.requests_per_second / ace.requests_per_second
        target = TARGETS.get((setup.engine, size))
        if target is not None:
            verdicts.add(f"API-loaded panel, {size} deploys ≥ {target}x ACE ({setup.label})", f"{ratio:.2f}x", ratio >= target)
        verdicts.add(
            f"API-loaded panel, {size} deploys, p99 no worse than ACE's ({setup.label})",
            f"{ours.p99_ms:.1f} vs {ace.p99_ms:.1f} ms", ours.p99_ms <= ace.p99_ms,
        )
        lines.append(
            f"| {setup.label} | {size} | {ours.requests_per_second:,.0f} | {ace.requests_per_second:,.0f} | "
            f"**{ratio:.2f}x** | {f'≥ {target}x' if target else '-'} | {ours.p50_ms:.2f} / {ace.p50_ms:.2f} | "
            f"{ours.p99_ms:.1f} / {ace.p99_ms:.1f} | {ours.cpu_us_per_request:,.0f} / {ace.cpu_us_per_request:,.0f} |"
        )
    return lines


async def section(plan: bench.Plan, workdir: Path, verdicts: bench.Verdicts) -> list[str]:
    """The report's section: the table of every setup and size, with how fast the data went in."""
    table: list[str] = []
    loaded: list[str] = []
    for engine in ("postgres", "sqlite"):
        async with seeded_database(engine, workdir) as database_url:
            rate = await load_through_api(database_url)
            loaded.append(f"{engine} {rate:,.0f} deploys/s")
            for setup in (setup for setup in SETUPS if setup.engine == engine):
                if setup.analyze:
                    await bench.execute(database_url, "ANALYZE")
                table += rows(setup, await panels_against_ace(setup, database_url, plan, workdir), verdicts)
    return [
        "## Deploy panel against ACE, data loaded through register_deploy (issue 18)", "",
        (
            f"{DEPLOYS:,} deploys of {COMMITS} commits on one code deployment, over {len(ENVIRONMENTS)} environments, "
            f"registered over HTTP by {LOAD_CLIENTS} clients ({', '.join(loaded)}); only the fixture (organization, "
            "API key, tenant) is written directly, without statistics. Each row loads the panels of "
            f"{ISSUES_PER_SIZE} issues carried by that many deploys ({TOKENS_PER_ISSUE} page tokens each). Medians "
            f"of {plan.rounds} alternating run(s) of {plan.seconds} s; wrk -c{CONNECTIONS} on core 1, one server "
            "process on core 0 (PostgreSQL unpinned). `python -m bench.api_loaded` runs this section alone."
        ), "",
        (
            "| database | issue's deploys | ours req/s | ACE req/s | ours / ACE | target | p50 ms ours / ACE "
            "| p99 ms ours / ACE | server CPU µs per request, ours / ACE |"
        ),
        "|---|---|---|---|---|---|---|---|---|",
        *table,
    ]


async def main(plan: bench.Plan) -> None:
    workdir = Path(os.environ.get("BENCH_WORKDIR", "/tmp/sleuth-bench"))
    workdir.mkdir(parents=True, exist_ok=True)
    verdicts, started = bench.Verdicts(), time.perf_counter()
    lines = [
        f"# Panel on API-loaded data ({'quick' if plan.quick else 'full'})", "", bench.machine(), "",
        *(await section(plan, workdir, verdicts)), "",
        f"Total time: {time.perf_counter() - started:.0f} s.", "",
        "## Targets met and missed (this run)", "", "| target | result | verdict |", "|---|---|---|", *verdicts.rows,
    ]
    bench.RESULTS.mkdir(exist_ok=True)
    (bench.RESULTS / "api-loaded.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round of short runs")
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(bench.QUICK if arguments.quick else bench.FULL)))
