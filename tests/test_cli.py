"""`sleuth-jira` as a user runs it: a real subprocess against the test database."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.crypto import SecretBox
from app.db.outbox import LEASE
from app.jira_sites.tenants import record_install
from app.sleuth.api_keys import hash_key
from app.sleuth.deploys import DeployRegistration, register_deploy
from models import ApiKey, CodeDeployment, DeliveryStatus, IssueTracker, JiraDelivery, Organization, Project
from tests.conftest import TEST_SECRET_KEY
from tests.fakes.deployments import DeploymentsJira, Reply, eventually
from tests.fakes.servers import free_port, healthz


def run_cli(*arguments: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *arguments], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


async def test_org_create_prints_one_json_line_and_stores_only_the_hash(
    database: str, cli_env: dict[str, str], tmp_path: Path
) -> None:
    result = run_cli("org", "create", "acme", "--name", "Acme Inc", env=cli_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    created = json.loads(lines[0])
    assert created["slug"] == "acme" and created["name"] == "Acme Inc" and created["api_key"]
    organization = await Organization.get(slug="acme")
    stored = await ApiKey.get(organization=organization)
    assert stored.key_hash == hash_key(created["api_key"])
    assert created["api_key"] not in stored.key_hash


async def test_org_create_refuses_a_duplicate_slug(database: str, cli_env: dict[str, str], tmp_path: Path) -> None:
    assert run_cli("org", "create", "acme", env=cli_env, cwd=tmp_path).returncode == 0
    result = run_cli("org", "create", "acme", env=cli_env, cwd=tmp_path)
    assert result.returncode == 1
    assert "already exists" in result.stderr and result.stdout == ""


async def test_org_create_refuses_an_invalid_slug(database: str, cli_env: dict[str, str], tmp_path: Path) -> None:
    result = run_cli("org", "create", "Not A Slug!", env=cli_env, cwd=tmp_path)
    assert result.returncode == 1
    assert "not a valid slug" in result.stderr and "Traceback" not in result.stderr
    assert await Organization.all().count() == 0


async def test_migrate_reports_an_up_to_date_database(database: str, cli_env: dict[str, str], tmp_path: Path) -> None:
    result = run_cli("migrate", env=cli_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_an_unreachable_database_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "SLEUTH_SECRET_KEY": "s" * 32, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    result = run_cli("migrate", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("sleuth-jira: ") and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("database_url", "sentence"),
    [
        ("sqlite://a-folder", "cannot be used: unable to open database file."),
        ("sqlite://not-a-database.sqlite3", "cannot be used: file is not a database."),
        ("postgres://postgres@127.0.0.1:5432/test?maxsize=abc", "maxsize must be a number of connections"),
        ("postgres://postgres@127.0.0.1:5432/test?maxsize=0", "maxsize must be a number of connections"),
        ("postgres://postgres@127.0.0.1:5432/test?pool=3", "unknown option 'pool'"),
        ("psycopg://postgres@127.0.0.1:5432/test", "DATABASE_URL must look like"),
        ("postgres://postgres@127.0.0.1:5432", "names no database"),
        ("postgres://postgres:hunter2@127.0.0.1:notaport/test", "port must be a number"),
    ],
)
def test_a_database_that_cannot_be_used_is_one_line_never_a_hang(
    tmp_path: Path, database_url: str, sentence: str
) -> None:
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "not-a-database.sqlite3").write_text("not a database")
    env = {"PATH": "/usr/bin:/bin", "SLEUTH_SECRET_KEY": "s" * 32, "DATABASE_URL": database_url}
    result = run_cli("migrate", env=env, cwd=tmp_path)  # times out after 120 s: a hang fails
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("sleuth-jira: ") and result.stderr.count("\n") == 1
    assert sentence in result.stderr and "hunter2" not in result.stderr


async def test_serve_applies_migrations_then_answers_healthz(
    database_url: str, cli_env: dict[str, str], tmp_path: Path
) -> None:
    import asyncio

    import aiohttp

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "1"],
        env=cli_env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                try:
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                        assert response.status == 200
                        assert (await response.json())["database"] == "ok"
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError("sleuth-jira serve did not answer within 10 s")
    finally:
        server.terminate()
        server.wait(timeout=20)


async def test_the_access_log_never_writes_a_token_or_key_from_a_query_string(
    database_url: str, cli_env: dict[str, str], tmp_path: Path
) -> None:
    import asyncio

    import aiohttp

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "1", "--access-log"],
        env=cli_env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                try:
                    query = "jwt=eyJ.secret-page-token&api_key=slk_secret-key&environment=Staging"
                    async with session.get(f"http://127.0.0.1:{port}/healthz?{query}") as response:
                        assert response.status == 200
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()
    assert "/healthz?jwt=[redacted]&api_key=[redacted]&environment=Staging" in output

    assert "secret-page-token" not in output and "slk_secret-key" not in output


def test_the_apps_own_info_lines_are_written_when_served(capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing else configures the root logger under uvicorn: without this, the app's INFO lines (an import's
    progress, mirrors pruned) would never be written."""
    import logging
    import logging.config

    from app.log_config import log_config

    app_logger = logging.getLogger("app")
    saved = (app_logger.handlers[:], app_logger.level, app_logger.propagate)
    try:
        logging.config.dictConfig(log_config())
        logging.getLogger("app.sleuth.deploy_imports").info("Imported 3 deploys of acme/web-app.")
        assert "Imported 3 deploys of acme/web-app." in capsys.readouterr().err
    finally:
        app_logger.handlers[:], app_logger.level, app_logger.propagate = saved



async def test_serve_without_its_worker_says_so(database_url: str, cli_env: dict[str, str], tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--no-worker"]
    server = subprocess.Popen(command, env=cli_env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert (await healthz(f"http://127.0.0.1:{port}"))["background_jobs"] == "off (serve --no-worker)"
    finally:
        server.terminate()
        server.wait(timeout=20)


async def _one_deploy_for_a_site(deployments_jira: DeploymentsJira, sha_digit: str, message: str) -> None:
    """acme's code deployment web-app on the installed, consenting site `deployments_jira`, and one deploy
    registered for it (its delivery queued in the outbox)."""
    secret = "shared-secret-of-the-worker-site-0123456789abcdef"
    deployments_jira.shared_secret = secret
    tenant = await record_install(
        client_key="worker-site", shared_secret=secret, base_url=deployments_jira.url, display_url=None,
        product_type="jira", installation_id=None, secret_box=SecretBox(TEST_SECRET_KEY),
    )  # fmt: skip
    organization = await Organization.create(slug="acme", name="Acme")
    tracker = await IssueTracker.create(
        organization=organization, provider="jira", url=deployments_jira.url, tenant=tenant, site_consent="granted"
    )
    project = await Project.create(organization=organization, slug="web", name="Web", issue_tracker=tracker)
    await CodeDeployment.create(organization=organization, project=project, slug="web-app", name="Web app")
    sha = sha_digit * 40
    payload = {"sha": sha, "commits": [{"revision": sha, "message": message}]}
    await register_deploy(organization, "web-app", DeployRegistration.from_payload(payload))


async def test_the_worker_command_delivers_to_jira_and_stops_on_sigterm(
    database: str, cli_env: dict[str, str], tmp_path: Path, deployments_jira: DeploymentsJira
) -> None:
    import signal

    await _one_deploy_for_a_site(deployments_jira, "a", "ACME-1 fix")

    env = cli_env | {"SLEUTH_ALLOW_PRIVATE_URLS": "1"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker"], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        await eventually(lambda: bool(deployments_jira.bulks), seconds=30)
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=30)[0].decode()
    assert worker.returncode == 0, output
    assert deployments_jira.bulks[0]["deployments"][0]["associations"][0]["values"] == ["ACME-1"]
    assert await JiraDelivery.filter(status=DeliveryStatus.DELIVERED).count() == 1


async def test_rows_of_a_worker_killed_mid_delivery_are_sent_by_the_next_within_its_lease(
    database: str, cli_env: dict[str, str], tmp_path: Path, deployments_jira: DeploymentsJira
) -> None:
    """SIGKILL while Jira holds the answer: nothing is recorded, the row stays leased no longer than LEASE
    (a dead worker renews nothing), and the next worker sends it again: Jira sees it twice (the same
    sequence numbers, a harmless resend), the outbox records one delivery."""
    import signal

    await _one_deploy_for_a_site(deployments_jira, "b", "ACME-2 fix")
    held = asyncio.Event()
    deployments_jira.replies = [Reply(hold=held)]

    env = cli_env | {"SLEUTH_ALLOW_PRIVATE_URLS": "1"}
    command = [sys.executable, "-m", "app.cli", "worker"]
    first = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        await eventually(lambda: len(deployments_jira.bulks) == 1, seconds=30)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    killed = time.monotonic()
    held.set()
    second = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        await eventually(lambda: len(deployments_jira.bulks) == 2, seconds=LEASE.total_seconds() + 15)
        moved_after = time.monotonic() - killed
        await eventually(lambda: deployments_jira.properties != {}, seconds=10)  # the badge: recorded by then
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    assert moved_after <= LEASE.total_seconds() + 5
    assert deployments_jira.sequence_numbers()[0] == deployments_jira.sequence_numbers()[1]
    (row,) = await JiraDelivery.all()
    assert row.status is DeliveryStatus.DELIVERED and row.claimed_until is None


def test_json_log_lines_are_one_object_each(capsys: pytest.CaptureFixture[str]) -> None:
    import logging
    import logging.config

    from app.log_config import log_config

    app_logger = logging.getLogger("app")
    saved = (app_logger.handlers[:], app_logger.level, app_logger.propagate)
    try:
        logging.config.dictConfig(log_config("json"))
        logging.getLogger("app.delivery.worker").warning("A delivery pass failed; trying again in %d s.", 5)
        line = capsys.readouterr().err.strip().splitlines()[-1]
    finally:
        app_logger.handlers[:], app_logger.level, app_logger.propagate = saved
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["logger"] == "app.delivery.worker"
    assert entry["message"] == "A delivery pass failed; trying again in 5 s." and entry["time"].endswith("+00:00")

