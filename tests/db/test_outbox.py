"""The outbox (app/db/outbox.py) on a real database: rows written with the deploy or the removal that
causes them, for exactly the sites that see the connection; claims that lease each row to one worker."""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.crypto import SecretBox
from app.db.outbox import CONNECTION_REMOVED, LEASE, Outcome, claim_due, release, renew, settle
from app.jira_sites.tenants import record_install, record_uninstall
from app.sleuth.deploy_imports import import_deploys
from app.sleuth.deploys import DeployRegistration, RegisteredDeploy, register_deploy
from app.sleuth.issue_trackers import remove_connection
from models import (
    CodeDeployment,
    DeliveryKind,
    DeliveryStatus,
    Environment,
    IssueTracker,
    JiraDelivery,
    Organization,
    Project,
    SiteConsent,
    Tenant,
    TrackerProvider,
)
from tests.conftest import TEST_SECRET_KEY
from tests.fakes.querycount import count_statements

SITE = "https://acme.atlassian.net"
BOX = SecretBox(TEST_SECRET_KEY)


async def install(client_key: str, base_url: str, display_url: str | None = None) -> Tenant:
    return await record_install(
        client_key=client_key,
        shared_secret=f"secret-of-{client_key}-0123456789abcdef0123456789abcdef",
        base_url=base_url,
        display_url=display_url,
        product_type="jira",
        installation_id=None,
        secret_box=BOX,
    )


@dataclass
class Acme:
    organization: Organization
    tracker: IssueTracker


@pytest.fixture
async def acme(database: str) -> Acme:
    organization = await Organization.create(slug="acme", name="Acme")
    tracker = await IssueTracker.create(site_consent=SiteConsent.GRANTED, organization=organization, provider=TrackerProvider.JIRA, url=SITE)
    project = await Project.create(organization=organization, slug="web", name="Web", issue_tracker=tracker)
    await CodeDeployment.create(organization=organization, project=project, slug="web-app", name="Web app")
    return Acme(organization, tracker)


async def deploy(acme: Acme, n: int = 1, **fields: Any) -> RegisteredDeploy:
    payload = {"sha": f"{n:040x}", "commits": [{"revision": f"{n:040x}", "message": f"ACME-{n} fix"}]} | fields
    return await register_deploy(acme.organization, "web-app", DeployRegistration.from_payload(payload))


async def test_a_deploy_is_queued_for_every_installed_site_that_sees_its_tracker(acme: Acme) -> None:
    by_base = await install("by-base", SITE)
    by_display = await install("by-display", "https://acme-jira.internal.test", display_url=SITE)
    await install("gone", SITE)
    await record_uninstall("gone")
    await install("elsewhere", "https://globex.atlassian.net")
    before = datetime.now(UTC)

    registered = await deploy(acme)

    rows = await JiraDelivery.all().order_by("tenant_id")
    assert registered.deliveries == 2
    assert [row.tenant_id for row in rows] == [by_base.id, by_display.id]
    for row in rows:
        assert (row.kind, row.status, row.attempts) == (DeliveryKind.DEPLOY, DeliveryStatus.PENDING, 0)
        assert (row.deploy_id, row.connection_id, row.claimed_until) == (registered.deploy.id, acme.tracker.id, None)
        assert before <= row.next_attempt_at <= datetime.now(UTC)
        assert before.timestamp() * 1000 - 1 <= row.update_sequence_number <= datetime.now(UTC).timestamp() * 1000


async def test_queueing_costs_one_statement_whatever_the_number_of_sites(acme: Acme) -> None:
    for n in range(5):
        await install(f"site-{n}", SITE)
    with count_statements() as statements:
        registered = await deploy(acme)
    outbox = [sql for sql in statements if '"tenant"' in sql or '"jira_delivery"' in sql]
    assert registered.deliveries == 5 and len(outbox) == 1, outbox
    assert await JiraDelivery.filter(deploy_id=registered.deploy.id).count() == 5


async def test_nothing_is_queued_without_a_tracker_an_installed_site_or_a_new_deploy(acme: Acme) -> None:
    assert (await deploy(acme, 1)).deliveries == 0  # no site installed yet
    await install("site-a", SITE)
    repeat = await deploy(acme, 1, ignore_if_duplicate=True)
    assert (repeat.created, repeat.deliveries) == (False, 0)
    await Project.filter(slug="web").update(issue_tracker_id=None)
    assert (await deploy(acme, 2)).deliveries == 0
    assert await JiraDelivery.all().count() == 0


async def test_removing_a_connection_drops_its_pending_deploys_and_queues_one_delete_per_site(acme: Acme) -> None:
    site_a = await install("site-a", SITE)
    site_b = await install("site-b", "https://b.test", display_url=SITE)
    first, second = await deploy(acme, 1), await deploy(acme, 2)
    await JiraDelivery.filter(deploy_id=first.deploy.id).update(status=DeliveryStatus.DELIVERED)
    before = datetime.now(UTC)

    assert await remove_connection(acme.organization, acme.tracker.id) == 2

    dropped = await JiraDelivery.filter(deploy_id=second.deploy.id)
    assert {(row.status, row.last_error) for row in dropped} == {(DeliveryStatus.FAILED, CONNECTION_REMOVED)}
    assert {row.status for row in await JiraDelivery.filter(deploy_id=first.deploy.id)} == {DeliveryStatus.DELIVERED}
    removals = await JiraDelivery.filter(kind=DeliveryKind.REMOVE_CONNECTION).order_by("tenant_id")
    assert [(row.tenant_id, row.connection_id, row.deploy_id) for row in removals] == [
        (site_a.id, acme.tracker.id, None),
        (site_b.id, acme.tracker.id, None),
    ]
    assert all(before <= row.next_attempt_at <= datetime.now(UTC) for row in removals)


async def test_a_delete_waits_for_the_deploys_of_its_connection_in_flight(acme: Acme) -> None:
    await install("site-a", SITE)
    registered = await deploy(acme)
    now = datetime.now(UTC)
    claim = await claim_due(now=now, limit=10)  # a worker is sending it right now
    await remove_connection(acme.organization, acme.tracker.id)
    removal = await JiraDelivery.get(kind=DeliveryKind.REMOVE_CONNECTION)
    assert removal.next_attempt_at == claim.until
    # The worker's answer arrives after the removal: the dropped row stays dropped.
    await settle(claim, {claim.deliveries[0].id: Outcome(DeliveryStatus.DELIVERED)})
    row = await JiraDelivery.get(deploy_id=registered.deploy.id)
    assert (row.status, row.last_error) == (DeliveryStatus.FAILED, CONNECTION_REMOVED)


def history(*numbers: int) -> io.BytesIO:
    return io.BytesIO(b"sha,date\n" + b"".join(f"{n:040x},2025-01-{n:02d}\n".encode() for n in numbers))


async def test_an_import_that_replaces_deploys_queues_a_delete_per_site_and_history_tag(acme: Acme) -> None:
    await install("site-a", SITE)
    await install("site-b", "https://acme-jira.internal.test", display_url=SITE)
    await install("elsewhere", "https://globex.atlassian.net")
    await import_deploys(acme.organization, "web-app", "production", history(1))  # replaces nothing: no delete
    assert not await JiraDelivery.exists(kind=DeliveryKind.REMOVE_HISTORY)

    await import_deploys(acme.organization, "web-app", "production", history(2))
    await import_deploys(acme.organization, "web-app", "production", history(3))
    code_deployment = await CodeDeployment.get(slug="web-app")
    production = await Environment.get(slug="production")
    assert production.history_generation == 2
    removals = await JiraDelivery.filter(kind=DeliveryKind.REMOVE_HISTORY).order_by("id").values_list(
        "tenant__client_key", "history"
    )
    tag = f"{code_deployment.id}.{production.id}"
    assert removals == [  # the second import: generation 0; the third: 0 again (harmless) and 1
        ("site-a", f"{tag}.0"), ("site-b", f"{tag}.0"),
        ("site-a", f"{tag}.0"), ("site-b", f"{tag}.0"), ("site-a", f"{tag}.1"), ("site-b", f"{tag}.1"),
    ]  # fmt: skip


async def test_an_imports_delete_waits_for_the_replaced_deploys_in_flight(acme: Acme) -> None:
    await install("site-a", SITE)
    await deploy(acme, environment="production")
    claim = await claim_due(now=datetime.now(UTC), limit=10)  # a worker is sending it right now
    await import_deploys(acme.organization, "web-app", "production", history(2))
    removal = await JiraDelivery.get(kind=DeliveryKind.REMOVE_HISTORY)
    assert removal.next_attempt_at == claim.until


async def test_an_import_without_a_site_that_consented_queues_no_delete(acme: Acme) -> None:
    await install("site-a", SITE)
    await deploy(acme, environment="production")
    await IssueTracker.filter(id=acme.tracker.id).update(site_consent=SiteConsent.PENDING)
    await import_deploys(acme.organization, "web-app", "production", history(2))
    assert not await JiraDelivery.exists(kind=DeliveryKind.REMOVE_HISTORY)


async def test_a_claim_leases_due_rows_to_one_worker_until_the_lease_runs_out(acme: Acme) -> None:
    await install("site-a", SITE)
    due = [(await deploy(acme, n)).deploy.id for n in range(1, 4)]
    later = await deploy(acme, 4)
    await JiraDelivery.filter(deploy_id=later.deploy.id).update(next_attempt_at=datetime.now(UTC) + timedelta(hours=1))
    now = datetime.now(UTC)

    claim = await claim_due(now=now, limit=10)
    assert [delivery.deploy_id for delivery in claim.deliveries] == due
    assert {delivery.attempts for delivery in claim.deliveries} == {1}
    assert claim.until == now + LEASE
    assert (await claim_due(now=now + timedelta(seconds=30), limit=10)).deliveries == []

    again = await claim_due(now=claim.until + timedelta(seconds=1), limit=2)  # the first worker died
    assert [delivery.deploy_id for delivery in again.deliveries] == due[:2]
    assert {delivery.attempts for delivery in again.deliveries} == {2}
    # The first worker's lease has run out: what it records now is ignored; the new holder's counts.
    await settle(claim, {delivery.id: Outcome(DeliveryStatus.FAILED, "late") for delivery in claim.deliveries})
    assert await JiraDelivery.filter(status=DeliveryStatus.FAILED).count() == 1  # the row nobody re-claimed
    await release(again, [delivery.id for delivery in again.deliveries])
    rows = await JiraDelivery.filter(deploy_id__in=due[:2])
    assert {(row.status, row.claimed_until) for row in rows} == {(DeliveryStatus.PENDING, None)}


async def test_imported_history_is_claimed_only_after_every_live_deploy(acme: Acme) -> None:
    await install("site-a", SITE)
    await import_deploys(acme.organization, "web-app", "staging", history(*range(1, 6)))
    live = await deploy(acme, 99)  # registered after the import: due later than all of its rows
    assert await JiraDelivery.filter(backfill=True).count() == 5

    first = await claim_due(now=datetime.now(UTC), limit=1)
    assert [delivery.deploy_id for delivery in first.deliveries] == [live.deploy.id]
    rest = await claim_due(now=datetime.now(UTC), limit=10)
    assert len(rest.deliveries) == 5 and live.deploy.id not in {delivery.deploy_id for delivery in rest.deliveries}


async def test_a_renewed_claim_keeps_its_rows_and_still_settles_them(acme: Acme) -> None:
    await install("site-a", SITE)
    deploy_id = (await deploy(acme, 1)).deploy.id
    now = datetime.now(UTC)
    claim = await claim_due(now=now, limit=10)
    await renew(claim, now + timedelta(minutes=10))
    assert (await claim_due(now=now + LEASE + timedelta(seconds=1), limit=10)).deliveries == []  # still held
    await settle(claim, {claim.deliveries[0].id: Outcome(DeliveryStatus.DELIVERED)})
    assert (await JiraDelivery.get(deploy_id=deploy_id)).status == DeliveryStatus.DELIVERED


async def test_settling_records_each_outcome_and_ends_the_lease(acme: Acme) -> None:
    await install("site-a", SITE)
    for n in range(1, 4):
        await deploy(acme, n)
    now = datetime.now(UTC)
    claim = await claim_due(now=now, limit=10)
    first, second, third = (delivery.id for delivery in claim.deliveries)
    retry_at = now + timedelta(seconds=7)
    await settle(
        claim,
        {
            first: Outcome(DeliveryStatus.DELIVERED, result={"unknownIssueKeys": ["ACME-1"]}),
            second: Outcome(DeliveryStatus.PENDING, "Jira limited the rate (429).", next_attempt_at=retry_at),
            third: Outcome(DeliveryStatus.FAILED, "Jira refused access (403)."),
        },
    )
    rows = {row.id: row for row in await JiraDelivery.all()}
    assert (rows[first].status, rows[first].result, rows[first].claimed_until) == (
        DeliveryStatus.DELIVERED,
        {"unknownIssueKeys": ["ACME-1"]},
        None,
    )
    assert (rows[second].status, rows[second].next_attempt_at, rows[second].last_error) == (
        DeliveryStatus.PENDING,
        retry_at,
        "Jira limited the rate (429).",
    )
    assert (rows[third].status, rows[third].last_error) == (DeliveryStatus.FAILED, "Jira refused access (403).")
    assert (await claim_due(now=now, limit=10)).deliveries == []
    assert [delivery.id for delivery in (await claim_due(now=retry_at, limit=10)).deliveries] == [second]


async def test_claims_made_at_the_same_moment_never_share_a_row(acme: Acme) -> None:
    await install("site-a", SITE)
    for n in range(1, 31):
        await deploy(acme, n)
    now = datetime.now(UTC)
    claims = await asyncio.gather(*(claim_due(now=now, limit=7) for _ in range(6)))
    ids = [delivery.id for claim in claims for delivery in claim.deliveries]
    assert len(ids) == len(set(ids)) == 30
