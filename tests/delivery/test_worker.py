"""The delivery worker (app/delivery/worker.py, app/delivery/site_delivery.py) against a Jira site on loopback
that verifies every JWT and qsh (tests/fake_deployments.py), on a real database, with a clock the tests
move instead of waiting."""

from __future__ import annotations

import asyncio
import io
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.crypto import SecretBox
from app.db.outbox import claim_due
from app.delivery.policy import GIVE_UP_AFTER, MAX_DELAY
from app.delivery.site_delivery import DISABLED, UNINSTALLED
from app.delivery.worker import DeliveryWorker
from app.jira.client import JiraClient
from app.jira_sites.access import FORGE_TOKEN_PURPOSE
from app.jira_sites.tenants import record_install, record_uninstall
from app.settings import Settings
from app.sleuth.deploy_imports import import_deploys
from app.sleuth.deploys import DeployRegistration, register_deploy
from app.sleuth.issue_trackers import remove_connection
from models import (
    CodeDeployment,
    DeliveryKind,
    DeliveryStatus,
    Deploy,
    IssueTracker,
    JiraDelivery,
    Organization,
    Project,
    SiteConsent,
    Tenant,
    TrackerProvider,
)
from tests.fakes.deployments import DeploymentsJira, Reply, accepted, eventually

SECRET = "shared-secret-of-site-a-0123456789abcdef0123456789abcdef"
BADGE = "com.atlassian.jira.issue:io.sleuth.jira:sleuth-deploys:status"


class Clock:
    """The worker's idea of now: starts at the real time, moves only when told."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def catch_up(self) -> None:
        """Not behind the real time (rows just written are due at the real time)."""
        self.now = max(self.now, datetime.now(UTC))


@dataclass
class World:
    """acme's project `web` uses the fake site as its tracker; the site installed the app."""

    organization: Organization
    tracker: IssueTracker
    tenant: Tenant
    site: DeploymentsJira
    settings: Settings
    jira: JiraClient
    clock: Clock

    def worker(self, **options: Any) -> DeliveryWorker:
        box = SecretBox(self.settings.secret_key)
        return DeliveryWorker(self.jira, settings=self.settings, secret_box=box, clock=self.clock, **options)

    async def deploy(self, n: int, *keys: str, environment: str = "production") -> int:
        message = " ".join(keys) + " change"
        commits = [{"revision": f"{n:040x}", "message": message}]
        payload = {"sha": f"{n:040x}", "environment": environment, "commits": commits}
        registered = await register_deploy(self.organization, "web-app", DeployRegistration.from_payload(payload))
        assert registered.deliveries == 1
        self.clock.catch_up()
        return registered.deploy.id


@pytest.fixture
async def world(
    database: str,
    settings: Settings,
    deployments_jira: DeploymentsJira,
    jira_client: JiraClient,
) -> World:
    tenant = await record_install(
        client_key="site-a",
        shared_secret=SECRET,
        base_url=deployments_jira.url,
        display_url=None,
        product_type="jira",
        installation_id=None,
        secret_box=SecretBox(settings.secret_key),
    )
    deployments_jira.shared_secret = SECRET
    organization = await Organization.create(slug="acme", name="Acme")
    tracker = await IssueTracker.create(site_consent=SiteConsent.GRANTED, 
        organization=organization, provider=TrackerProvider.JIRA, url=deployments_jira.url, tenant=tenant
    )
    project = await Project.create(organization=organization, slug="web", name="Web", issue_tracker=tracker)
    await CodeDeployment.create(organization=organization, project=project, slug="web-app", name="Web app")
    return World(organization, tracker, tenant, deployments_jira, settings, jira_client, Clock())


async def statuses() -> list[tuple[int | None, DeliveryStatus]]:
    return [(row.deploy_id, row.status) for row in await JiraDelivery.all().order_by("id")]


async def test_a_deploy_reaches_jira_in_the_shape_of_the_deployments_api(world: World) -> None:
    deploy_id = await world.deploy(1, "ACME-12", "ACME-13")
    row = await JiraDelivery.get(deploy_id=deploy_id)

    assert await world.worker().run_once() == 1

    (body,) = world.site.bulks
    deploy = await Deploy.get(id=deploy_id)
    history = f"{deploy.code_deployment_id}.{deploy.environment_id}.0"  # no import has replaced deploys there
    assert body["properties"] == {
        "sleuthConnection": str(world.tracker.id), "sleuthOrganization": "acme", "sleuthHistory": history
    }
    assert body["providerMetadata"] == {"product": "Sleuth for Jira"}
    (sent,) = body["deployments"]
    assert (sent["deploymentSequenceNumber"], sent["updateSequenceNumber"]) == (deploy_id, row.update_sequence_number)
    assert sent["associations"] == [{"associationType": "issueIdOrKeys", "values": ["ACME-12", "ACME-13"]}]
    assert sent["url"] == f"{world.settings.base_url}/acme/web/deploys/{deploy_id}"
    pipeline = {"id": "acme/web-app", "displayName": "Web app", "url": f"{world.settings.base_url}/acme/web"}
    assert sent["pipeline"] == pipeline
    assert sent["environment"] == {"id": "acme/web/production", "displayName": "Production", "type": "production"}
    assert (sent["state"], sent["label"]) == ("successful", f"{1:040x}"[:7])
    assert world.site.refusals == []
    row = await JiraDelivery.get(id=row.id)
    assert (row.status, row.attempts, row.claimed_until, row.last_error, row.result) == (
        DeliveryStatus.DELIVERED,
        1,
        None,
        None,
        None,
    )
    assert await world.worker().run_once() == 0 and len(world.site.bulks) == 1


async def test_the_badge_counts_the_environments_an_issue_reached(world: World) -> None:
    await world.deploy(1, "ACME-12")
    await world.worker().run_once()
    assert world.site.properties == {"ACME-12": {BADGE: {"type": "badge", "value": {"label": "1"}}}}
    await world.deploy(2, "ACME-12", "ACME-14", environment="staging")
    await world.worker().run_once()
    assert world.site.properties["ACME-12"][BADGE]["value"] == {"label": "2"}
    assert world.site.properties["ACME-14"][BADGE]["value"] == {"label": "1"}
    assert world.site.refusals == []


async def test_at_most_50_issues_of_a_deploy_get_a_badge(world: World) -> None:
    keys = [f"ACME-{n}" for n in range(1, 61)]
    await world.deploy(1, *keys)
    await world.worker().run_once()
    assert list(world.site.properties) == keys[:50]


async def test_jiras_per_issue_write_limit_skips_that_issues_badge_only(world: World) -> None:
    deploy_id = await world.deploy(1, "ACME-1", "ACME-2", "ACME-3")
    world.site.property_replies["ACME-2"] = Reply(429, headers={"RateLimit-Reason": "jira-per-issue-on-write"})
    await world.worker().run_once()
    assert await statuses() == [(deploy_id, DeliveryStatus.DELIVERED)]
    assert list(world.site.properties) == ["ACME-1", "ACME-3"]


async def test_a_site_wide_rate_limit_stops_the_sites_badges(world: World) -> None:
    deploy_id = await world.deploy(1, "ACME-1", "ACME-2", "ACME-3")
    world.site.property_replies["ACME-1"] = Reply(429, headers={"RateLimit-Reason": "jira-burst-based"})
    await world.worker().run_once()
    assert await statuses() == [(deploy_id, DeliveryStatus.DELIVERED)]
    puts = [request for request in world.site.received if request.method == "PUT"]
    assert len(puts) == 1 and world.site.properties == {}


async def test_a_failing_badge_stops_the_sites_badges_but_not_its_delivery(world: World) -> None:
    deploy_id = await world.deploy(1, "ACME-1", "ACME-2", "ACME-3")
    world.site.property_status = 429
    await world.worker().run_once()
    assert await statuses() == [(deploy_id, DeliveryStatus.DELIVERED)]
    puts = [request for request in world.site.received if request.method == "PUT"]
    assert len(puts) == 1 and world.site.refusals == []


async def test_several_deploys_of_a_site_go_in_one_request(world: World) -> None:
    deploy_ids = [await world.deploy(n, f"ACME-{n}") for n in range(1, 4)]
    await world.worker().run_once()
    assert world.site.sequence_numbers() == deploy_ids and len(world.site.bulks) == 1
    assert {status for _, status in await statuses()} == {DeliveryStatus.DELIVERED}


async def test_rejections_and_unknown_keys_are_recorded_not_retried(world: World) -> None:
    kept, refused = await world.deploy(1, "ACME-1", "NOPE-1"), await world.deploy(2, "ACME-2")

    def answer(body: dict[str, Any]) -> dict[str, Any]:
        (key,) = [item for item in accepted(body)["acceptedDeployments"] if item["deploymentSequenceNumber"] == refused]
        rejection = {"key": key, "errors": [{"message": "The environment type is not valid."}]}
        return accepted(body, rejectedDeployments=[rejection], unknownIssueKeys=["NOPE-1"])

    world.site.answer = answer
    await world.worker().run_once()
    rows = {row.deploy_id: row for row in await JiraDelivery.all()}
    assert (rows[kept].status, rows[kept].result) == (DeliveryStatus.DELIVERED, {"unknownIssueKeys": ["NOPE-1"]})
    assert (rows[refused].status, rows[refused].result) == (
        DeliveryStatus.DELIVERED,
        {"rejected": ["The environment type is not valid."]},
    )
    assert list(world.site.properties) == ["ACME-1"]  # no badge for an unknown key or a rejected deploy
    world.clock.advance(3600)
    assert await world.worker().run_once() == 0


@pytest.mark.parametrize(
    ("header", "said"),
    [("jira-quota-tenant-based", ", jira-quota-tenant-based"), ("<script>alert(1)</script>", "")],
    ids=["named limit", "unreadable reason"],
)
async def test_a_429_names_the_limit_jira_said_it_hit(world: World, header: str, said: str) -> None:
    deploy_id = await world.deploy(1, "ACME-1")
    world.site.replies = [Reply(429, {}, {"Retry-After": "30", "RateLimit-Reason": header})]
    await world.worker().run_once()
    row = await JiraDelivery.get(deploy_id=deploy_id)
    assert row.last_error == f"Jira limited the rate of the app's requests (429{said})."


async def test_a_429_waits_for_retry_after_then_delivers(world: World) -> None:
    deploy_id = await world.deploy(1, "ACME-1")
    world.site.replies = [Reply(429, {}, {"Retry-After": "30"})]
    worker = world.worker()
    await worker.run_once()
    row = await JiraDelivery.get(deploy_id=deploy_id)
    assert (row.status, row.attempts, row.claimed_until) == (DeliveryStatus.PENDING, 1, None)
    assert row.last_error == "Jira limited the rate of the app's requests (429)."
    assert world.clock.now + timedelta(seconds=30) <= row.next_attempt_at <= world.clock.now + timedelta(seconds=36)

    world.clock.advance(29)
    assert await worker.run_once() == 0 and len(world.site.bulks) == 1
    world.clock.advance(8)
    await worker.run_once()
    assert await statuses() == [(deploy_id, DeliveryStatus.DELIVERED)]
    assert world.site.sequence_numbers() == [deploy_id, deploy_id] and world.site.refusals == []


async def test_server_errors_back_off_exponentially_then_deliver(world: World) -> None:
    deploy_id = await world.deploy(1, "ACME-1")
    world.site.replies = [Reply(500), Reply(502), Reply(503)]
    worker = world.worker()
    delays = []
    for _ in range(3):
        await worker.run_once()
        row = await JiraDelivery.get(deploy_id=deploy_id)
        assert row.status is DeliveryStatus.PENDING and "server error" in (row.last_error or "")
        delays.append((row.next_attempt_at - world.clock.now).total_seconds())
        world.clock.advance(MAX_DELAY * 1.3 + 1)
    assert 3.5 <= delays[0] <= 6.5 and 7 <= delays[1] <= 13 and 14 <= delays[2] <= 26
    await worker.run_once()
    row = await JiraDelivery.get(deploy_id=deploy_id)
    assert (row.status, row.attempts, row.last_error) == (DeliveryStatus.DELIVERED, 4, None)
    assert len(world.site.bulks) == 4


async def test_a_site_that_keeps_failing_is_given_up_after_a_day(world: World) -> None:
    deploy_id = await world.deploy(1, "ACME-1")
    world.site.replies = [Reply(503)]
    world.clock.advance(GIVE_UP_AFTER.total_seconds() - 1)
    await world.worker().run_once()
    row = await JiraDelivery.get(deploy_id=deploy_id)
    assert row.status is DeliveryStatus.FAILED
    assert (row.last_error or "").startswith("Gave up after 1 attempts in 24 hours; the last: The Jira site answered")


@pytest.mark.parametrize("status", [403, 401, 404, 400])
async def test_a_refusal_ends_the_delivery_with_the_reason(world: World, status: int) -> None:
    deploy_id = await world.deploy(1, "ACME-1")
    world.site.replies = [Reply(status, {"errorMessages": ["secret detail"]})]
    await world.worker().run_once()
    row = await JiraDelivery.get(deploy_id=deploy_id)
    assert row.status is DeliveryStatus.FAILED and f"({status})" in (row.last_error or "")
    assert "secret detail" not in (row.last_error or "")
    world.clock.advance(86400)
    assert await world.worker().run_once() == 0 and len(world.site.bulks) == 1
    assert world.site.properties == {}


async def test_a_413_halves_the_request(world: World) -> None:
    deploy_ids = [await world.deploy(n, f"ACME-{n}") for n in range(1, 6)]
    world.site.replies = [Reply(413)]
    await world.worker().run_once()
    assert [len(body["deployments"]) for body in world.site.bulks] == [5, 2, 2, 1]
    assert world.site.sequence_numbers()[5:] == deploy_ids
    assert {status for _, status in await statuses()} == {DeliveryStatus.DELIVERED}


async def test_a_deployment_too_large_on_its_own_fails(world: World) -> None:
    deploy_id = await world.deploy(1, "ACME-1")
    world.site.replies = [Reply(413)]
    await world.worker().run_once()
    row = await JiraDelivery.get(deploy_id=deploy_id)
    assert row.status is DeliveryStatus.FAILED and "413" in (row.last_error or "")


async def test_an_uninstalled_sites_deliveries_are_dropped(world: World) -> None:
    deploy_id = await world.deploy(1, "ACME-1")
    await record_uninstall("site-a")
    await world.worker().run_once()
    row = await JiraDelivery.get(deploy_id=deploy_id)
    assert (row.status, row.last_error) == (DeliveryStatus.FAILED, UNINSTALLED)
    assert world.site.received == []


async def test_a_disabled_site_or_one_without_a_credential_yet_is_waited_for(world: World) -> None:
    deploy_id = await world.deploy(1, "ACME-1")
    await Tenant.filter(id=world.tenant.id).update(enabled=False)
    await world.worker().run_once()
    row = await JiraDelivery.get(deploy_id=deploy_id)
    assert (row.status, row.last_error) == (DeliveryStatus.PENDING, DISABLED)
    # A site heard from through Forge that has no app token yet: the next hourly token will do.
    await Tenant.filter(id=world.tenant.id).update(enabled=True, forge_api_base_url=world.site.url)
    world.clock.advance(MAX_DELAY * 1.3 + 1)
    await world.worker().run_once()
    row = await JiraDelivery.get(deploy_id=deploy_id)
    assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 2)
    assert row.last_error == (
        "The site has no Forge app token yet; waiting for the next one, which Forge brings every hour."
    )
    assert world.site.received == []


async def forge_site(world: World, *, token_lifetime: timedelta, keep_connect: bool = False) -> None:
    """Make the world's site a Forge installation whose app token lives `token_lifetime` from now."""
    box = SecretBox(world.settings.secret_key)
    connect = {} if keep_connect else {"client_key": None, "shared_secret": None}
    await Tenant.filter(id=world.tenant.id).update(
        **connect,
        cloud_id="cloud-1",
        installation_id="5c6d7e8f-0000-4000-8000-000000000001",
        forge_api_base_url=world.site.url,
        forge_system_token=box.encrypt("forge-system-token", FORGE_TOKEN_PURPOSE),
        forge_token_expires_at=world.clock.now + token_lifetime,
    )
    world.site.system_token = "forge-system-token"
    if not keep_connect:
        world.site.shared_secret = None


async def test_a_forge_site_gets_its_deploys_and_badges_with_its_app_token(world: World) -> None:
    await forge_site(world, token_lifetime=timedelta(hours=1))
    deploy_id = await world.deploy(1, "ACME-1")
    await world.worker().run_once()
    assert world.site.sequence_numbers() == [deploy_id] and world.site.refusals == []
    assert world.site.properties == {"ACME-1": {BADGE: {"type": "badge", "value": {"label": "1"}}}}
    assert {request.headers["Authorization"] for request in world.site.received} == {"Bearer forge-system-token"}
    assert await statuses() == [(deploy_id, DeliveryStatus.DELIVERED)]


async def test_a_forge_site_has_a_removed_connections_deploys_deleted_with_its_app_token(world: World) -> None:
    await forge_site(world, token_lifetime=timedelta(hours=1))
    await world.deploy(1, "ACME-1")
    await world.worker().run_once()
    assert await remove_connection(world.organization, world.tracker.id) == 1
    world.clock.catch_up()
    await world.worker().run_once()
    assert world.site.deletes == [{"sleuthConnection": str(world.tracker.id)}] and world.site.refusals == []
    assert {request.headers["Authorization"] for request in world.site.received} == {"Bearer forge-system-token"}


async def test_a_forge_site_whose_token_runs_out_waits_and_never_falls_back_to_connect(world: World) -> None:
    """The site still holds its Connect secret (it came from Connect), yet once it is on Forge a Connect JWT
    is not what it honours: the push waits for the next app token and says so."""
    await forge_site(world, token_lifetime=timedelta(seconds=50), keep_connect=True)
    deploy_id = await world.deploy(1, "ACME-1")
    await world.worker().run_once()
    row = await JiraDelivery.get(deploy_id=deploy_id)
    assert row.status is DeliveryStatus.PENDING and world.site.received == []
    assert row.last_error is not None and row.last_error.startswith("The site's Forge app token is good only until ")


async def import_history(world: World, *numbers: int) -> list[int]:
    """Import deploys `numbers` into production (no code source: they go to Jira as they are); their ids."""
    upload = io.BytesIO(b"sha,date\n" + b"".join(f"{n:040x},2026-01-{n % 28 + 1:02d}\n".encode() for n in numbers))
    await import_deploys(world.organization, "web-app", "production", upload)
    world.clock.catch_up()
    return sorted(await Deploy.filter(imported=True, environment__slug="production").values_list("id", flat=True))


async def test_an_import_deletes_from_jira_exactly_the_deploys_it_replaced(world: World) -> None:
    """What the site's Deployments panel holds follows the history: production's live deploy goes with
    the import; staging's stays, and so does the history the import brought."""
    replaced = await world.deploy(1, "ACME-1")
    staging = await world.deploy(2, "ACME-2", environment="staging")
    await world.worker().run_once()
    assert world.site.held_sequence_numbers() == [replaced, staging]

    imported = await import_history(world, 11, 12)
    await world.worker().run_once()
    assert world.site.held_sequence_numbers() == [staging, *imported]
    (delete,) = world.site.deletes
    assert list(delete) == ["sleuthHistory"]  # never the connection: that would take staging's too
    assert await JiraDelivery.filter(kind=DeliveryKind.REMOVE_HISTORY, status=DeliveryStatus.DELIVERED).count() == 1


async def test_a_deploy_pushed_after_an_import_outlives_the_imports_delete(world: World) -> None:
    """Registered just after the import, it reaches the worker in the same claim as the delete, and is
    pushed first: it carries the environment's next history tag, which the delete does not name."""
    await world.deploy(1, "ACME-1")
    await world.worker().run_once()
    imported = await import_history(world, 11)
    after = await world.deploy(3, "ACME-3")
    await world.worker().run_once()
    assert world.site.held_sequence_numbers() == sorted([*imported, after])


async def test_a_second_import_deletes_the_first_ones_history_and_every_deploy_since(world: World) -> None:
    await world.deploy(1, "ACME-1")
    await world.worker().run_once()
    await import_history(world, 11)
    await world.worker().run_once()
    await world.deploy(3, "ACME-3")
    await world.worker().run_once()

    second = await import_history(world, 21, 22)
    await world.worker().run_once()
    assert world.site.held_sequence_numbers() == second


async def test_a_removed_connection_is_deleted_from_jira_by_its_property(world: World) -> None:
    delivered = await world.deploy(1, "ACME-1")
    await world.worker().run_once()
    await world.deploy(2, "ACME-2")
    assert await remove_connection(world.organization, world.tracker.id) == 1
    world.clock.catch_up()
    await world.worker().run_once()
    assert world.site.deletes == [{"sleuthConnection": str(world.tracker.id)}]
    assert world.site.sequence_numbers() == [delivered]  # the dropped deploy was never sent
    removal = await JiraDelivery.get(kind=DeliveryKind.REMOVE_CONNECTION)
    assert removal.status is DeliveryStatus.DELIVERED and world.site.refusals == []


async def test_a_worker_stopped_mid_request_loses_nothing_and_resends_only_the_unanswered(world: World) -> None:
    acknowledged = await world.deploy(1, "ACME-1")
    await world.worker().run_once()
    unanswered = await world.deploy(2, "ACME-2")
    answer = asyncio.Event()
    world.site.replies = [Reply(hold=answer)]
    worker = world.worker()
    worker.start()
    worker.wake()
    await eventually(lambda: len(world.site.bulks) == 2)  # Jira received it and has not answered
    await worker.stop(grace=0)
    answer.set()
    row = await JiraDelivery.get(deploy_id=unanswered)
    assert (row.status, row.claimed_until) == (DeliveryStatus.PENDING, None)  # back in the outbox at once

    await world.worker().run_once()  # the restarted worker
    assert world.site.sequence_numbers() == [acknowledged, unanswered, unanswered]
    assert await statuses() == [(acknowledged, DeliveryStatus.DELIVERED), (unanswered, DeliveryStatus.DELIVERED)]


async def test_rows_of_a_worker_that_died_are_sent_once_its_lease_ran_out(world: World) -> None:
    deploy_id = await world.deploy(1, "ACME-1")
    dead = await claim_due(now=world.clock.now, limit=10)  # claimed, then the process died
    assert [delivery.deploy_id for delivery in dead.deliveries] == [deploy_id]
    worker = world.worker()
    assert await worker.run_once() == 0
    world.clock.now = dead.until + timedelta(seconds=1)
    assert await worker.run_once() == 1
    assert world.site.sequence_numbers() == [deploy_id]
    assert (await JiraDelivery.get(deploy_id=deploy_id)).attempts == 2


async def test_a_working_worker_renews_its_lease_so_another_never_takes_its_rows(world: World) -> None:
    deploy_id = await world.deploy(1, "ACME-1")
    answer = asyncio.Event()
    world.site.replies = [Reply(hold=answer)]
    lease = timedelta(seconds=0.3)
    working = asyncio.create_task(world.worker(lease=lease).run_once())
    await eventually(lambda: len(world.site.bulks) == 1)  # Jira received it and is slow to answer
    world.clock.now += timedelta(seconds=5)  # long past the first lease
    await asyncio.sleep(0.25)  # the heartbeat (every lease / 3) renews from the new now
    row = await JiraDelivery.get(deploy_id=deploy_id)
    assert row.claimed_until is not None and row.claimed_until > world.clock.now
    assert await world.worker(lease=lease).run_once() == 0  # another worker finds nothing to take
    answer.set()
    assert await working == 1
    assert world.site.sequence_numbers() == [deploy_id]  # sent once
    assert await statuses() == [(deploy_id, DeliveryStatus.DELIVERED)]


async def test_two_workers_at_once_never_send_the_same_row(world: World) -> None:
    deploy_ids = [await world.deploy(n, f"ACME-{n}") for n in range(1, 41)]
    workers = [world.worker(batch_size=3, poll_interval=0.05) for _ in range(2)]
    for worker in workers:
        worker.start()
    try:
        await eventually(lambda: len(world.site.sequence_numbers()) >= 40)
        await eventually(lambda: len(world.site.properties) == 40)
    finally:
        for worker in workers:
            await worker.stop()
    assert sorted(world.site.sequence_numbers()) == deploy_ids
    assert len(world.site.bulks) >= 14  # batches of at most 3
    assert {status for _, status in await statuses()} == {DeliveryStatus.DELIVERED}


FORGE_DIR = Path(__file__).resolve().parents[2] / "forge"
# The Forge function's logic (forge/src/badge.js) run by node, with Jira's answer fetched from the fake site
# the way `requestJira` would fetch it inside Forge: the same property key and shape the worker wrote.
READ_BADGE = """
import { badgePropertyKey, dynamicProperties } from '%s';
const [siteUrl, token, issueKey] = process.argv.slice(1);
const url = `${siteUrl}/rest/api/3/issue/${issueKey}/properties/${badgePropertyKey(process.env.SLEUTH_APP_KEY)}`;
const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
console.log(JSON.stringify(dynamicProperties(response.ok ? await response.json() : null)));
"""


async def test_the_forge_badge_function_shows_what_the_worker_wrote(world: World) -> None:
    await forge_site(world, token_lifetime=timedelta(hours=1))
    await world.deploy(1, "ACME-1")
    await world.deploy(2, "ACME-1", environment="staging")
    await world.worker().run_once()

    async def badge_function(issue_key: str) -> Any:
        script = READ_BADGE % (FORGE_DIR / "src" / "badge.js").as_uri()
        node = await asyncio.create_subprocess_exec(
            "node", "--input-type=module", "-e", script, world.site.url, "forge-system-token", issue_key,
            stdout=asyncio.subprocess.PIPE, env={"PATH": os.environ["PATH"]},
        )  # fmt: skip
        output, _ = await node.communicate()
        assert node.returncode == 0
        return json.loads(output)

    assert await badge_function("ACME-1") == {"status": {"type": "badge", "value": {"label": "2"}}}
    assert await badge_function("ACME-2") == {}  # no deploy, no property: no badge
