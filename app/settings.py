"""The settings of the contract, read once from the environment into one frozen object.

Every bad value raises `SettingsError` with one sentence; the CLI prints that sentence and exits
non-zero, so a misconfigured deployment never starts half-working.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, parse_qs, urlsplit

ENVIRONMENTS = ("development", "test", "production")
APP_KEY_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
FORGE_APP_ARI_PREFIX = "ari:cloud:ecosystem::app/"
DATABASE_SCHEMES = ("sqlite", "postgres", "asyncpg")  # the drivers installed: SQLite's and asyncpg
POSTGRES_OPTIONS = ("maxsize", "minsize", "ssl", "application_name")
MIN_SECRET_KEY_LENGTH = 32
DEV_SECRET_KEY_FILE = Path("var/secret.key")
FORGE_DEPLOYMENTS_APIS = ("api-base-url", "gateway")


class SettingsError(ValueError):
    """A setting has a value the app cannot run with; the message is one sentence for the operator."""


@dataclass(frozen=True, slots=True)
class Settings:
    base_url: str
    database_url: str
    secret_key: str
    app_key: str
    env: str
    connect_install_keys_url: str
    connect_all_js_url: str  # Atlassian's all.js, which the Connect pages load (`sleuth-jira dev-jira` serves a stand-in)
    allow_private_urls: bool
    forge_app_id: str | None
    forge_jwks_url: str
    forge_environment_ids: frozenset[str]
    forge_deployments_api: str
    data_dir: Path = Path("var")  # the mirrors of custom git code sources live in its git-mirrors/
    git_mirrors_max_mb: int = 5120  # least recently used mirrors are removed past it
    trusted_proxies: tuple[str, ...] = ()  # addresses whose X-Forwarded-For is believed
    background_jobs: bool = True  # the delivery and commit-discovery workers run in this process
    metrics: bool = False  # GET /metrics answers (Prometheus); never public by default
    log_format: str = "text"  # or "json": one JSON object per log line

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def base_path(self) -> str:
        """The path part of the base URL ('' at the root): every route lives under it."""
        return urlsplit(self.base_url).path

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env_vars = os.environ if environ is None else environ
        env = env_vars.get("SLEUTH_ENV", "development").strip() or "development"
        if env not in ENVIRONMENTS:
            raise SettingsError(f"SLEUTH_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}.")
        production = env == "production"
        allow_private_urls = _parse_flag("SLEUTH_ALLOW_PRIVATE_URLS", env_vars.get("SLEUTH_ALLOW_PRIVATE_URLS", ""))
        if production and allow_private_urls:
            raise SettingsError("SLEUTH_ALLOW_PRIVATE_URLS=1 is for development and tests; unset it in production.")
        base_url = _parse_url(
            "SLEUTH_BASE_URL", env_vars.get("SLEUTH_BASE_URL", "http://127.0.0.1:8000"), https_only=production
        )
        forge_app_id = _parse_forge_app_id(env_vars.get("FORGE_APP_ID", ""))
        forge_environment_ids = frozenset(
            part.strip() for part in env_vars.get("FORGE_ENVIRONMENT_IDS", "").split(",") if part.strip()
        )
        if production and forge_app_id and not forge_environment_ids:
            raise SettingsError("FORGE_ENVIRONMENT_IDS is required in production when FORGE_APP_ID is set.")
        return cls(
            base_url=base_url,
            database_url=_parse_database_url(env_vars.get("DATABASE_URL", "sqlite://var/sleuth-jira.sqlite3")),
            secret_key=_secret_key(env_vars.get("SLEUTH_SECRET_KEY", ""), production),
            app_key=_parse_app_key(env_vars.get("SLEUTH_APP_KEY", "io.sleuth.jira")),
            env=env,
            connect_install_keys_url=_parse_url(
                "CONNECT_INSTALL_KEYS_URL",
                env_vars.get("CONNECT_INSTALL_KEYS_URL", "https://connect-install-keys.atlassian.com"),
                https_only=production,
            ),
            connect_all_js_url=_parse_url(
                "CONNECT_ALL_JS_URL", env_vars.get("CONNECT_ALL_JS_URL", CONNECT_ALL_JS), https_only=production
            ),
            allow_private_urls=allow_private_urls,
            forge_app_id=forge_app_id,
            forge_jwks_url=_parse_url(
                "FORGE_JWKS_URL",
                env_vars.get("FORGE_JWKS_URL", "https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json"),
                https_only=production,
            ),
            forge_environment_ids=forge_environment_ids,
            forge_deployments_api=_parse_choice(
                "FORGE_DEPLOYMENTS_API", env_vars.get("FORGE_DEPLOYMENTS_API", "api-base-url"), FORGE_DEPLOYMENTS_APIS
            ),
            data_dir=Path(env_vars.get("SLEUTH_DATA_DIR", "").strip() or "var"),
            log_format=_parse_choice("SLEUTH_LOG_FORMAT", env_vars.get("SLEUTH_LOG_FORMAT", "text"), ("text", "json")),
            metrics=_parse_flag("SLEUTH_METRICS", env_vars.get("SLEUTH_METRICS", "")),
            background_jobs=_parse_flag("SLEUTH_BACKGROUND_JOBS", env_vars.get("SLEUTH_BACKGROUND_JOBS", "1")),
            trusted_proxies=_parse_proxies(env_vars.get("SLEUTH_TRUSTED_PROXIES"), production=production),
            git_mirrors_max_mb=_parse_size(
                "SLEUTH_GIT_MIRRORS_MAX_MB", env_vars.get("SLEUTH_GIT_MIRRORS_MAX_MB", "5120")
            ),
        )


def _parse_choice(name: str, raw: str, choices: tuple[str, ...]) -> str:
    value = raw.strip()
    if value not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def _parse_proxies(raw: str | None, *, production: bool) -> tuple[str, ...]:
    """Comma-separated addresses or networks of the proxies in front of the app; unset means none in
    production and loopback in development (`make run` behind nothing, or a local proxy)."""
    if raw is None:
        return () if production else ("127.0.0.1", "::1")
    proxies = tuple(part.strip() for part in raw.split(",") if part.strip())
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            message = f"SLEUTH_TRUSTED_PROXIES must list IP addresses or networks, not {proxy!r}."
            raise SettingsError(message) from None
    return proxies


def _parse_size(name: str, raw: str) -> int:
    value = raw.strip()
    if not value.isdigit() or not 1 <= int(value) <= 10**7:
        raise SettingsError(f"{name} must be a number of megabytes from 1 to 10000000, not {raw!r}.")
    return int(value)


def _parse_flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise SettingsError(f"{name} must be 1 or 0, not {raw!r}.")


CONNECT_ALL_JS = "https://connect-cdn.atl-paas.net/all.js"


def _parse_url(name: str, raw: str, *, https_only: bool) -> str:
    value = raw.strip()
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise SettingsError(f"{name} is not a valid URL: {value!r}.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"{name} must be an http(s) URL with a host, not {value!r}.")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise SettingsError(f"{name} must not carry credentials, a query or a fragment: {value!r}.")
    if https_only and parts.scheme != "https":
        raise SettingsError(f"{name} must use https in production, not {value!r}.")
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def _parse_database_url(raw: str) -> str:
    """The URL, once it names a database the app can open. The sentences never repeat the URL: it may
    hold a password."""
    value = raw.strip()
    scheme, sep, rest = value.partition("://")
    if not sep or scheme not in DATABASE_SCHEMES or not rest:
        raise SettingsError(
            "DATABASE_URL must look like sqlite://path/to/file.sqlite3 or postgres://user@host:5432/db "
            f"(the schemes are {', '.join(DATABASE_SCHEMES)})."
        )
    if scheme != "sqlite":
        _check_postgres_url(urlsplit(value))
    return value


def _check_postgres_url(parts: SplitResult) -> None:
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise SettingsError("DATABASE_URL's port must be a number from 1 to 65535.") from None
    if not parts.hostname:
        raise SettingsError("DATABASE_URL names no host, like postgres://user@host:5432/sleuth.")
    if not parts.path.strip("/"):
        raise SettingsError(
            "DATABASE_URL names no database (it would be 'postgres'): add it, like postgres://user@host:5432/sleuth."
        )
    for name, values in parse_qs(parts.query, keep_blank_values=True).items():
        if name not in POSTGRES_OPTIONS:
            known = ", ".join(POSTGRES_OPTIONS)
            raise SettingsError(f"DATABASE_URL has an unknown option {name[:40]!r}; it takes {known}.")
        if name in ("maxsize", "minsize") and not (values[-1].isdigit() and 1 <= int(values[-1]) <= 1000):
            raise SettingsError(f"DATABASE_URL's {name} must be a number of connections from 1 to 1000.")


def _parse_app_key(raw: str) -> str:
    value = raw.strip()
    if not APP_KEY_PATTERN.fullmatch(value):
        raise SettingsError(
            f"SLEUTH_APP_KEY must be 1 to 64 letters, digits, '.', '-' or '_' (e.g. io.sleuth.jira), not {value!r}."
        )
    return value


def _parse_forge_app_id(raw: str) -> str | None:
    value = raw.strip()
    if not value:
        return None
    uuid = value.removeprefix(FORGE_APP_ARI_PREFIX)
    if not UUID_PATTERN.fullmatch(uuid):
        raise SettingsError(f"FORGE_APP_ID must be an app ARI ({FORGE_APP_ARI_PREFIX}<uuid>) or its UUID, not {value!r}.")
    return FORGE_APP_ARI_PREFIX + uuid


def _secret_key(raw: str, production: bool) -> str:
    value = raw.strip()
    if value:
        if len(value) < MIN_SECRET_KEY_LENGTH:
            raise SettingsError(f"SLEUTH_SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters long.")
        return value
    if production:
        raise SettingsError("SLEUTH_SECRET_KEY is required in production (e.g. openssl rand -base64 32).")
    return _development_secret_key()


def _development_secret_key() -> str:
    """The key of a development checkout: made once, kept in var/secret.key, readable by its owner only."""
    try:
        return DEV_SECRET_KEY_FILE.read_text().strip()
    except FileNotFoundError:
        pass
    DEV_SECRET_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    try:
        fd = os.open(DEV_SECRET_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return DEV_SECRET_KEY_FILE.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key
