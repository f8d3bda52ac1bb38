"""The deploy panel's statement on PostgreSQL past the plan cache's switch to a generic plan (issue 18).

A scratch database (created and dropped on the server of TEST_POSTGRES_URL) gets N deploys of one code
deployment over four environments, 50 issue keys each as commits name them, and one issue on every 40th
deploy; then the panel's statement is PREPAREd, executed ten times (PostgreSQL picks a generic plan after
five) and EXPLAIN ANALYZEd, without statistics (autovacuum is off on these machines) or after ANALYZE.

    .venv/bin/python -m bench.panel_plan --deploys 2000 [--analyze] [--plan]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets

import asyncpg

from app.db import setup as db
from app.jira_sites.issue_deploys import _newest

SITE = "https://acme.atlassian.net"
SEED = """
INSERT INTO organization (slug, name, created_at) VALUES ('acme', 'Acme', now());
INSERT INTO issue_tracker (organization_id, provider, label, url, custom_header_names, workspace, healthy, created_at,
  site_consent, consent_source) VALUES (1, 'jira', '', '{site}', '[]', '', true, now(), 'granted', '');
INSERT INTO project (organization_id, slug, name, issue_tracker_id, default_environment, created_at)
  VALUES (1, 'web', 'Web', 1, 'production', now());
INSERT INTO code_deployment (organization_id, project_id, slug, name, repository_url, kind, created_at)
  VALUES (1, 1, 'web-app', 'Web app', '', 'code', now());
INSERT INTO environment (project_id, slug, name, jira_type, created_at) SELECT 1, 'env' || g, 'Env ' || g,
  (ARRAY['production', 'staging', 'testing', 'development'])[g], now() FROM generate_series(1, 4) g;
INSERT INTO deploy (code_deployment_id, environment_id, sha, date, author_email, author_name, branch, tags, links,
  name, description, imported, commits_status, created_at) SELECT 1, 1 + g % 4, lpad(to_hex(g), 40, '0'),
  now() - g * interval '1 minute', '', '', '', '[]', '{{}}', '', '', false, 'given', now()
  FROM generate_series(1, {deploys}) g;
INSERT INTO deploy_issue (deploy_id, issue_key) SELECT d.id, 'WEB-' || ((d.id * 50 + k) % 5000)
  FROM deploy d, generate_series(1, 50) k;
INSERT INTO deploy_issue (deploy_id, issue_key) SELECT id, 'HOT-1' FROM deploy WHERE id % 40 = 0;
"""


async def measure(deploys: int, analyze: bool) -> list[str]:
    admin_url = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
    admin = await asyncpg.connect(admin_url)
    name = f"bench_panel_plan_{secrets.token_hex(3)}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    try:
        await db.migrate(url)
        connection = await asyncpg.connect(url)
        try:
            await connection.execute(SEED.format(site=SITE, deploys=deploys))
            if analyze:
                await connection.execute("ANALYZE")
            await connection.execute(f"PREPARE panel(text, text, int) AS {_newest('$', 1, guarded=False)}")
            for _ in range(10):
                await connection.fetch(f"EXECUTE panel('HOT-1', '{SITE}', 51)")
            rows = await connection.fetch(f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE panel('HOT-1', '{SITE}', 51)")
            return [row[0] for row in rows]
        finally:
            await connection.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deploys", type=int, default=2000)
    parser.add_argument("--analyze", action="store_true")
    parser.add_argument("--plan", action="store_true", help="print the whole plan, not its execution time alone")
    arguments = parser.parse_args()
    plan = asyncio.run(measure(arguments.deploys, arguments.analyze))
    print("\n".join(plan) if arguments.plan else next(line for line in plan if line.startswith("Execution Time")))


if __name__ == "__main__":
    main()
