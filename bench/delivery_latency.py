"""How long a registered deploy takes to reach a Jira site's Deployments API (target: 2 s at p99 while
Jira answers). `python -m bench.delivery_latency [--deploys N] [--database URL] [--code-source-delay S]`.

With `--code-source-delay`, deploys are registered as the Sleuth GitHub Action sends them (the sha alone)
and their commits are read from a code source, a GitHub API on loopback answering each call after that
many seconds (0.2 in the freshness target): the latency then includes reading the commits.

In one process: the real app (its delivery worker woken by the route), a real HTTP site on loopback
answering 202 at once, a real database (a fresh SQLite file by default; a PostgreSQL URL to an empty,
migrated database works too). Each deploy is registered through the REST API one after the other; the
latency is from sending `register_deploy` to the site receiving the deployment.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from aiohttp import web

from app import create_app
from app.db import setup as db
from app.jira_sites.tenants import record_install
from app.settings import Settings
from app.sleuth.code_sources import TOKEN_PURPOSE
from app.sleuth.organizations import create_organization
from models import CodeDeployment, CodeHostProvider, CodeSource, IssueTracker, Project, SiteConsent, TrackerProvider

SECRET_KEY = "bench-secret-key-0123456789abcdef0123456789"
PATIENCE = 30.0  # seconds a deploy may take to arrive before the run stops: a deploy that never comes is a bug


async def measure(deploys: int, database_url: str, code_source_delay: float | None = None) -> list[float]:
    arrivals: dict[int, float] = {}

    async def github(request: web.Request) -> web.Response:
        """GitHub's commit, compare and pulls answers for the sha in the path, after the delay."""
        await asyncio.sleep(code_source_delay or 0)
        sha = request.match_info.get("sha") or request.match_info.get("range", "").partition("...")[2]
        commit = {"sha": sha, "commit": {"message": f"WEB-{int(sha[:7], 16)} change", "author": {"name": "Dev"}}}
        if request.path.endswith("/pulls"):
            return web.json_response([])
        if "compare" in request.path:
            return web.json_response({"total_commits": 1, "commits": [commit]})
        return web.json_response(commit)

    async def bulk(request: web.Request) -> web.Response:
        for item in (await request.json())["deployments"]:
            arrivals.setdefault(int(item["label"], 16), time.perf_counter())
        return web.json_response({"acceptedDeployments": []}, status=202)

    async def badge(request: web.Request) -> web.Response:
        return web.Response(status=200)

    site = web.Application()
    site.router.add_post("/rest/deployments/0.1/bulk", bulk)
    site.router.add_put("/rest/api/3/issue/{key}/properties/{name}", badge)
    site.router.add_get("/api/v3/repos/acme/web/commits/{sha}", github)
    site.router.add_get("/api/v3/repos/acme/web/commits/{sha}/pulls", github)
    site.router.add_get("/api/v3/repos/acme/web/compare/{range}", github)
    runner = web.AppRunner(site, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    site_url = f"http://127.0.0.1:{runner.addresses[0][1]}"

    settings = Settings.from_env(
        {"DATABASE_URL": database_url, "SLEUTH_SECRET_KEY": SECRET_KEY, "SLEUTH_ENV": "test", "SLEUTH_ALLOW_PRIVATE_URLS": "1"}
    )
    await db.migrate(database_url)
    app = create_app(settings)
    latencies = []
    async with app.test_app():
        tenant = await record_install(
            client_key="bench-site",
            shared_secret="bench-shared-secret-0123456789abcdef0123456789",
            base_url=site_url,
            display_url=None,
            product_type="jira",
            installation_id=None,
            secret_box=app.secret_box,
        )
        organization, key = await create_organization("bench")
        tracker = await IssueTracker.create(  # the site consented: otherwise it is sent nothing
            organization=organization, provider=TrackerProvider.JIRA, url=site_url, tenant=tenant,
            site_consent=SiteConsent.GRANTED,
        )  # fmt: skip
        project = await Project.create(organization=organization, slug="web", name="Web", issue_tracker=tracker)
        code_deployment = await CodeDeployment.create(
            organization=organization, project=project, slug="web-app", name="Web app"
        )
        if code_source_delay is not None:
            await CodeSource.create(
                code_deployment=code_deployment, provider=CodeHostProvider.GITHUB_ENTERPRISE, repository="acme/web",
                api_url=f"{site_url}/api/v3", token=app.secret_box.encrypt("bench-token", TOKEN_PURPOSE),
            )  # fmt: skip
        client = app.test_client()
        for n in range(1, deploys + 1):
            sha = f"{n:07x}" + "0" * 33
            given = {"commits": [{"revision": sha, "message": f"WEB-{n} change"}]} if code_source_delay is None else {}
            body = {"sha": sha} | given
            sent = time.perf_counter()
            response = await client.post(
                "/api/1/deployments/bench/web-app/register_deploy", json=body, headers={"Authorization": f"apikey {key}"}
            )
            assert response.status_code == 200, await response.get_data(as_text=True)
            while n not in arrivals:
                if time.perf_counter() - sent > PATIENCE:
                    raise SystemExit(f"Deploy {n} did not reach the site within {PATIENCE:.0f} s.")
                await asyncio.sleep(0.001)
            latencies.append(arrivals[n] - sent)
    await runner.cleanup()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deploys", type=int, default=300)
    parser.add_argument("--database", help="a Tortoise URL (default: a new SQLite file)")
    parser.add_argument("--code-source-delay", type=float, help="read commits from a GitHub answering after S seconds")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database or f"sqlite://{Path(folder) / 'bench.sqlite3'}"
        latencies = sorted(asyncio.run(measure(arguments.deploys, url, arguments.code_source_delay)))
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(
        f"{len(latencies)} deploys: register_deploy sent -> deployment received by the site, "
        f"median {statistics.median(latencies) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
