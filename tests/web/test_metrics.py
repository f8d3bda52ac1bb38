"""`GET /metrics`: off (404) unless SLEUTH_METRICS=1; then the outbox, the commit-discovery jobs, the
PostgreSQL connection pool and the request latency per route family, in Prometheus' text format."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client.parser import text_string_to_metric_families

from app import create_app
from app.settings import Settings
from models import CodeDeployment, CommitDiscovery, Deploy, Environment, Organization, Project
from tests.conftest import QuartClient


async def test_off_unless_asked(client: QuartClient) -> None:
    response = await client.get("/metrics")
    assert response.status_code == 404


async def test_the_job_tables_and_the_latency_of_requests(database: str, make_settings: Callable[..., Settings]) -> None:
    organization = await Organization.create(slug="acme", name="Acme")
    project = await Project.create(organization=organization, slug="web", name="Web")
    web_app = await CodeDeployment.create(organization=organization, project=project, slug="web-app", name="Web app")
    environment = await Environment.create(project=project, slug="production", name="Production")
    deploy = await Deploy.create(code_deployment=web_app, environment=environment, sha="a" * 40, date="2026-12-01T00:00:00Z")
    await CommitDiscovery.create(deploy=deploy, next_attempt_at="2026-12-01T00:00:00Z")

    app = create_app(make_settings(SLEUTH_METRICS="1", SLEUTH_BACKGROUND_JOBS="0"))  # the job stays pending
    async with app.test_app():
        client = app.test_client()
        assert (await client.get("/healthz")).status_code == 200
        response = await client.get("/metrics")
    assert response.status_code == 200 and response.content_type.startswith("text/plain")
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(await response.get_data(as_text=True))
        for sample in family.samples
    }
    assert samples[("sleuth_commit_discovery_jobs", (("status", "pending"),))] == 1
    assert samples[("sleuth_commit_discovery_oldest_pending_seconds", ())] >= 0
    assert samples[("sleuth_outbox_oldest_pending_seconds", ())] == 0  # nothing pending
    healthz = (("family", "health"), ("method", "GET"), ("status", "2xx"))
    assert samples[("sleuth_request_seconds_count", healthz)] == 1
    pool = {labels[0][1]: value for (name, labels), value in samples.items() if name == "sleuth_db_pool_connections"}
    if database.startswith("postgres"):
        assert pool["max"] == 8 and 1 <= pool["open"] <= 8 and 0 <= pool["in_use"] <= pool["open"]
    else:
        assert pool == {}  # SQLite has no pool
