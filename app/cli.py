"""`sleuth-jira`: serve | migrate | org create | token create | user create.

Every command reads the settings first; a bad setting or bad input ends with one line on stderr and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging.config
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any, NoReturn

from app.db import setup as db
from app.dev_jira import DevJira, run
from app.settings import Settings, SettingsError
from app.sleuth.errors import DomainError
from app.sleuth.organizations import OrganizationError, create_access_token, create_organization
from app.sleuth.users import create_user
from models.organization import ApiKeyScope
from models.user import UserRole

PROG = "sleuth-jira"


class CommandError(Exception):
    """A command cannot do what was asked; the message is printed as is."""


def _fail(message: str, status: int = 1) -> NoReturn:
    print(f"{PROG}: {message}", file=sys.stderr)
    raise SystemExit(status)


def _with_database(settings: Settings, work: Callable[[], Awaitable[Any]]) -> Any:
    """Run `work` with the ORM connected to the (migrated) database."""

    async def run() -> Any:
        await db.migrate(settings.database_url)
        await db.connect(settings.database_url)
        try:
            return await work()
        finally:
            await db.disconnect()

    return asyncio.run(run())


def _migrate(settings: Settings, _: argparse.Namespace) -> None:
    applied = asyncio.run(db.migrate(settings.database_url))
    print(f"Applied {len(applied)} migration(s): {', '.join(applied)}." if applied else "The database is up to date.")


def _serve(settings: Settings, arguments: argparse.Namespace) -> None:
    import uvicorn

    from app.log_config import log_config

    if arguments.no_worker:  # read by create_app in each of uvicorn's worker processes
        os.environ["SLEUTH_BACKGROUND_JOBS"] = "0"
    asyncio.run(db.migrate(settings.database_url))
    uvicorn.run(
        "app:create_app",
        factory=True,
        host=arguments.host,
        port=arguments.port,
        workers=arguments.workers,
        proxy_headers=bool(settings.trusted_proxies),  # X-Forwarded-For only from SLEUTH_TRUSTED_PROXIES
        forwarded_allow_ips=list(settings.trusted_proxies),
        server_header=False,
        log_level="info",
        access_log=arguments.access_log,
        log_config=log_config(settings.log_format),
    )


def _worker(settings: Settings, _: argparse.Namespace) -> None:
    """The background jobs alone (Jira deliveries, commit discovery), until SIGTERM or SIGINT: web servers
    started with `serve --no-worker` and workers then scale apart, any number of each on one database."""
    from app import create_app
    from app.log_config import log_config

    logging.config.dictConfig(log_config(settings.log_format))

    async def work() -> None:
        await db.migrate(settings.database_url)
        app = create_app(replace(settings, background_jobs=True))
        stop = asyncio.Event()
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            asyncio.get_running_loop().add_signal_handler(signal_number, stop.set)
        await app.startup()  # the app's lifespan: database, clients, and the workers
        print("sleuth-jira worker: running the background jobs; stop with SIGTERM.", flush=True)
        try:
            await stop.wait()
        finally:
            await app.shutdown()  # the workers stop first, leaving what they hold to the next one

    asyncio.run(work())


def _org_create(settings: Settings, arguments: argparse.Namespace) -> None:
    async def create() -> dict[str, str]:
        try:
            organization, api_key = await create_organization(arguments.slug, arguments.name)
        except OrganizationError as error:
            raise CommandError(str(error)) from None
        return {"slug": organization.slug, "name": organization.name, "api_key": api_key}

    print(json.dumps(_with_database(settings, create)))


def _token_create(settings: Settings, arguments: argparse.Namespace) -> None:
    async def create() -> dict[str, str]:
        scope = ApiKeyScope(arguments.scope)
        try:
            token = await create_access_token(arguments.org, scope, arguments.label)
        except OrganizationError as error:
            raise CommandError(str(error)) from None
        return {"org": arguments.org, "scope": scope.value, "token": token}

    print(json.dumps(_with_database(settings, create)))


def _read_password() -> str:
    """From a prompt (typed twice, not echoed) at a terminal; else the first line of stdin, so a
    script can pipe it in without it showing in the process list."""
    import getpass

    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat the password: ") != password:
            raise CommandError("The two passwords differ.")
        return password
    return sys.stdin.readline().rstrip("\r\n")


def _user_create(settings: Settings, arguments: argparse.Namespace) -> None:
    password = _read_password()

    async def create() -> dict[str, str]:
        try:
            user = await create_user(arguments.org, arguments.email, password, UserRole(arguments.role), arguments.name)
        except DomainError as error:
            raise CommandError(error.message) from None
        return {"org": arguments.org, "email": user.email, "name": user.name, "role": user.role.value}

    print(json.dumps(_with_database(settings, create)))


def _dev_jira(settings: Settings, arguments: argparse.Namespace) -> None:
    site = DevJira(app_url=arguments.app.rstrip("/"), port=arguments.port)
    start_app = " ".join(f"{name}={value}" for name, value in site.settings().items())
    print(
        f"dev-jira: a Jira site at {site.url} for the Sleuth app at {site.app_url}.\n"
        f"Start the app with:  {start_app} make run   (or: make dev)\n"
        f"Then open {site.url}/browse/ACME-12 (the issue panel) or {site.url}/admin (the admin page).",
        flush=True,
    )
    asyncio.run(run(site))


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _port(raw: str) -> int:
    value = int(raw)
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError("must be between 1 and 65535")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Sleuth for Jira backend.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="apply pending migrations, then serve the app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument("--workers", type=_positive_int, default=1)
    serve.add_argument(
        "--access-log", action="store_true", help="log every request (off by default: the proxy in front logs them)"
    )
    serve.add_argument(
        "--no-worker", action="store_true", help="serve requests only; run the background jobs with `worker`"
    )
    serve.set_defaults(handler=_serve)

    worker = commands.add_parser("worker", help="apply pending migrations, then run the background jobs alone")
    worker.set_defaults(handler=_worker)

    migrate = commands.add_parser("migrate", help="apply pending migrations and exit")
    migrate.set_defaults(handler=_migrate)

    org = commands.add_parser("org", help="manage organizations")
    org_commands = org.add_subparsers(dest="org_command", required=True, metavar="ORG_COMMAND")
    org_create = org_commands.add_parser("create", help="create an organization and print its API key once")
    org_create.add_argument("slug")
    org_create.add_argument("--name")
    org_create.set_defaults(handler=_org_create)

    token = commands.add_parser("token", help="manage access tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True, metavar="TOKEN_COMMAND")
    token_create = token_commands.add_parser("create", help="create an access token and print it once")
    token_create.add_argument("--org", required=True, help="the organization's slug")
    token_create.add_argument("--scope", choices=[scope.value for scope in ApiKeyScope], default="all")
    token_create.add_argument("--label", default="")
    token_create.set_defaults(handler=_token_create)

    user = commands.add_parser("user", help="manage the people who sign in to the Sleuth UI")
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="USER_COMMAND")
    user_create = user_commands.add_parser(
        "create", help="create a user; the password is prompted for, or read from stdin's first line"
    )
    user_create.add_argument("--org", required=True, help="the organization's slug")
    user_create.add_argument("--email", required=True)
    user_create.add_argument("--role", choices=[role.value for role in UserRole], default=UserRole.MEMBER.value)
    user_create.add_argument("--name", default="")
    user_create.set_defaults(handler=_user_create)

    dev_jira = commands.add_parser(
        "dev-jira", help="run a Jira site on this machine for developing and demoing the app (no Atlassian account)"
    )
    dev_jira.add_argument("--port", type=_port, default=8001)
    dev_jira.add_argument("--app", default="http://127.0.0.1:8000", help="the app's SLEUTH_BASE_URL")
    dev_jira.set_defaults(handler=_dev_jira)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    arguments = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        arguments.handler(settings, arguments)
    except (SettingsError, CommandError) as error:
        _fail(str(error))
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except OSError as error:  # database file not writable, port in use, PostgreSQL down...
        _fail(f"{error.strerror or error}.")


if __name__ == "__main__":
    main()
