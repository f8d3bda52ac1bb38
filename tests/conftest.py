"""Shared fixtures: a real database (SQLite always, PostgreSQL when one answers), the app, its client,
organizations, and the fake Atlassian and Jira servers of tests/fakes/ running on 127.0.0.1.

Every test that asks for `database` (directly or through `app`/`client`) runs once per backend. The
PostgreSQL run gets a fresh database for the test session, built by the real migrations and dropped at
the end; each test starts from empty tables.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from quart.typing import TestClientProtocol as QuartClient
from tortoise import connections
from tortoise.backends.base.executor import EXECUTOR_CACHE

import models
from app import create_app
from app.db import setup as db
from app.jira.client import JiraClient
from app.settings import Settings
from app.sleuth.organizations import create_organization
from app.web.application import SleuthJira
from models import Project
from tests.fakes.atlassian import (
    KID,
    SLEUTH_UNDER_A_PATH,
    KeyServer,
    SignedInstall,
    install_site,
    new_rsa_key,
    public_pem,
)
from tests.fakes.clock import FakeClock
from tests.fakes.code_hosts import FakeCodeHost
from tests.fakes.deployments import DeploymentsJira
from tests.fakes.forge_installations import ServerInfo
from tests.fakes.forge_platform import APP_UUID, ENVIRONMENT_ID, Jwks
from tests.fakes.forge_platform import KID as FORGE_KID
from tests.fakes.jira import FakeJira
from tests.fakes.organizations import Org, make_org
from tests.fakes.permission_site import PermissionSite
from tests.log_secrets import TEST_SECRETS, LogKeeper, scan
from tests.postgres_databases import empty_database

TEST_SECRET_KEY = "test-secret-key-" + "0123456789abcdef" * 2


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    # Tortoise caches compiled queries per connection name; both backends use "default", so a
    # switch of backend within the session must start from an empty cache.
    EXECUTOR_CACHE.clear()
    if request.param == "sqlite":
        url = f"sqlite://{tmp_path_factory.mktemp('sqlite') / 'sleuth-test.sqlite3'}"
        await db.migrate(url)
        yield url
        return
    async with empty_database("sleuth_test") as url:
        try:
            await db.migrate(url)
            yield url
        finally:
            await db.disconnect()
            EXECUTOR_CACHE.clear()


async def _empty_all_tables() -> None:
    connection = connections.get("default")
    for model in reversed(models.__models__):  # children before parents
        await connection.execute_script(f'DELETE FROM "{model._meta.db_table}"')


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[str]:
    await db.connect(database_url)
    await _empty_all_tables()
    yield database_url
    await db.disconnect()


@pytest.fixture
def make_settings(database_url: str, tmp_path: Path) -> Callable[..., Settings]:
    def make(**overrides: str) -> Settings:
        environ = {
            "SLEUTH_ENV": "test",
            "SLEUTH_DATA_DIR": str(tmp_path / "data"),
            "DATABASE_URL": database_url,
            "SLEUTH_SECRET_KEY": TEST_SECRET_KEY,
            "SLEUTH_BASE_URL": "http://127.0.0.1:8000",
            "SLEUTH_ALLOW_PRIVATE_URLS": "1",
        }
        environ.update(overrides)
        return Settings.from_env(environ)

    return make


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
async def app(database: str, settings: Settings) -> AsyncIterator[SleuthJira]:
    application = create_app(settings)
    async with application.test_app():
        yield application


@pytest.fixture
def client(app: SleuthJira) -> QuartClient:
    return app.test_client()


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    """The environment for running `sleuth-jira` as a subprocess against the test database."""
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("SLEUTH_", "DATABASE_", "FORGE_"))}
    environ.update({"DATABASE_URL": database_url, "SLEUTH_SECRET_KEY": TEST_SECRET_KEY, "SLEUTH_ENV": "test"})
    return environ

# Organizations: `acme` and `globex`, each with its API key.


@pytest.fixture
async def acme(database: str) -> Org:
    return await make_org("acme")


@pytest.fixture
async def globex(database: str) -> Org:
    return await make_org("globex")


# Fake sites on 127.0.0.1: a Jira that checks connections and answers issues, a Jira with a Deployments
# API, a Jira that answers permission checks, and the outbound client that calls them.


@pytest.fixture
async def fake_jira() -> AsyncIterator[FakeJira]:
    site = FakeJira()
    await site.start()
    yield site
    await site.stop()


@pytest.fixture
async def deployments_jira() -> AsyncIterator[DeploymentsJira]:
    site = DeploymentsJira()
    await site.start()
    yield site
    site.release_all()
    await site.stop()


@pytest.fixture
async def permission_site() -> AsyncIterator[PermissionSite]:
    site = PermissionSite()
    await site.start()
    yield site
    await site.stop()


@pytest.fixture
async def jira_client() -> AsyncIterator[JiraClient]:
    client = JiraClient(allow_private_urls=True, user_agent="sleuth-jira/test", timeout=2)
    await client.start()
    yield client
    await client.close()


@pytest.fixture
async def fake_host() -> AsyncIterator[FakeCodeHost]:
    """GitHub, GitLab, Bitbucket and Azure DevOps on 127.0.0.1, over one commit graph."""
    host = FakeCodeHost()
    await host.start()
    yield host
    await host.stop()


# Atlassian's install keys and a site installed the way Jira installs one (Connect).


@pytest.fixture(scope="session")
def atlassian_key() -> rsa.RSAPrivateKey:
    """The key Atlassian signs installs with; the key server publishes it under KID."""
    return new_rsa_key()


@pytest.fixture(scope="session")
def attacker_key() -> rsa.RSAPrivateKey:
    return new_rsa_key()


@pytest.fixture
async def key_server(atlassian_key: rsa.RSAPrivateKey) -> AsyncIterator[KeyServer]:
    server = KeyServer(keys={KID: public_pem(atlassian_key)})
    await server.start()
    yield server
    await server.server.stop()


@pytest.fixture
def signed_install(client: QuartClient, atlassian_key: rsa.RSAPrivateKey) -> SignedInstall:
    """`await signed_install(client_key, **body)`: install a site on the test app; returns its shared secret."""

    async def install(client_key: str, **body: Any) -> str:
        return await install_site(client, atlassian_key, client_key, **body)

    return install


@pytest.fixture
async def app_under_a_path(
    database: str, make_settings: Callable[..., Settings], key_server: KeyServer
) -> AsyncIterator[SleuthJira]:
    """The app served under a base URL with a path (SLEUTH_UNDER_A_PATH): every route lives below /sleuth."""
    app = create_app(make_settings(CONNECT_INSTALL_KEYS_URL=key_server.server.url, SLEUTH_BASE_URL=SLEUTH_UNDER_A_PATH))
    async with app.test_app():
        yield app


# Forge: its signing keys, a JWKS that publishes the first, a clock, and a site's serverInfo.


@pytest.fixture(scope="session")
def forge_key() -> rsa.RSAPrivateKey:
    return new_rsa_key()


@pytest.fixture(scope="session")
def rotated_key() -> rsa.RSAPrivateKey:
    return new_rsa_key()


@pytest.fixture(scope="session")
def stranger_key() -> rsa.RSAPrivateKey:
    """A key Forge never published."""
    return new_rsa_key()


@pytest.fixture
async def jwks(forge_key: rsa.RSAPrivateKey) -> AsyncIterator[Jwks]:
    server = Jwks(keys={FORGE_KID: forge_key})
    await server.start()
    yield server
    await server.server.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def forge_and_connect_settings(make_settings: Callable[..., Settings], jwks: Jwks, key_server: KeyServer) -> Settings:
    """Settings of an app that serves Forge (this test JWKS) and Connect (this test key server); a test
    module uses it as its `settings` (`settings = forge_and_connect_settings`)."""
    return make_settings(
        FORGE_APP_ID=APP_UUID,
        FORGE_JWKS_URL=jwks.url,
        FORGE_ENVIRONMENT_IDS=ENVIRONMENT_ID,
        CONNECT_INSTALL_KEYS_URL=key_server.server.url,
    )


@pytest.fixture
async def server_info() -> AsyncIterator[ServerInfo]:
    """The site's serverInfo, answering SITE_URL as Jira may write it (stored normalized)."""
    site = ServerInfo(base_url="HTTP://127.0.0.1:8765/")
    await site.start()
    yield site
    await site.server.stop()


# The admin pages (Connect and Forge): an organization to link.


@pytest.fixture
async def acme_key(database: str) -> str:
    """The API key of the organization "Acme Inc" (slug acme), which has the projects web and api."""
    acme, key = await create_organization("acme", "Acme Inc")
    for slug in ("web", "api"):
        await Project.create(organization=acme, slug=slug, name=slug.title())
    return key


# The secret scan of the log (tests/log_secrets.py): a handler on the root logger keeps every record of the
# session (the root at INFO at least), and the run fails if any of them holds a secret the tests use or the
# shape of a credential, whatever the tests' own results.

_LOG_KEEPER = pytest.StashKey[LogKeeper]()
_ROOT_LEVEL = pytest.StashKey[int]()
_LOG_SCAN_REPORT = pytest.StashKey[list[str]]()


def pytest_sessionstart(session: pytest.Session) -> None:
    root = logging.getLogger()
    session.config.stash[_ROOT_LEVEL] = root.level
    if root.level > logging.INFO:
        root.setLevel(logging.INFO)
    keeper = session.config.stash[_LOG_KEEPER] = LogKeeper()
    root.addHandler(keeper)


def pytest_sessionfinish(session: pytest.Session) -> None:
    keeper = session.config.stash.get(_LOG_KEEPER, None)
    if keeper is None:
        return
    root = logging.getLogger()
    problems = [str(finding) for finding in scan(keeper.records, [*TEST_SECRETS, TEST_SECRET_KEY])]
    if keeper not in root.handlers:
        problems.append("the scan's handler was taken off the root logger during the run: later records went unscanned")
    root.removeHandler(keeper)
    root.setLevel(session.config.stash[_ROOT_LEVEL])
    summary = f"log secret scan: {len(keeper.records)} log records, " + (
        f"{len(problems)} problems: the run fails" if problems else "no secret in any"
    )
    session.config.stash[_LOG_SCAN_REPORT] = [*problems[:50], *(["..."] if len(problems) > 50 else []), summary]
    if problems and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if session.config.pluginmanager.get_plugin("terminalreporter") is None:
        print("\n".join(session.config.stash[_LOG_SCAN_REPORT]), file=sys.stderr)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    report = config.stash.get(_LOG_SCAN_REPORT, [])
    if len(report) > 1:
        terminalreporter.write_sep("=", "secrets in the log", red=True, bold=True)
    for line in report:
        terminalreporter.write_line(line, red=len(report) > 1)
