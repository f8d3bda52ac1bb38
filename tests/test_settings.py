"""Settings: read once, validated once; each bad value is refused with one sentence."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import FORGE_APP_ARI_PREFIX, Settings, SettingsError

GOOD_KEY = "k" * 32
FORGE_UUID = "1b2c3d4e-0000-4111-8222-333344445555"


def test_defaults_match_the_contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert settings.base_url == "http://127.0.0.1:8000"
    assert settings.database_url == "sqlite://var/sleuth-jira.sqlite3"
    assert settings.app_key == "io.sleuth.jira"
    assert settings.env == "development"
    assert settings.connect_install_keys_url == "https://connect-install-keys.atlassian.com"
    assert settings.allow_private_urls is False
    assert settings.forge_app_id is None
    assert settings.forge_jwks_url == "https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json"
    assert settings.forge_deployments_api == "api-base-url"


def test_development_key_is_created_once_with_owner_only_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = Settings.from_env({}).secret_key
    second = Settings.from_env({}).secret_key
    key_file = tmp_path / "var" / "secret.key"
    assert first == second and len(first) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_base_url_keeps_its_path_without_trailing_slash() -> None:
    settings = Settings.from_env({"SLEUTH_BASE_URL": "https://X.example/sleuth/", "SLEUTH_SECRET_KEY": GOOD_KEY})
    assert settings.base_url == "https://x.example/sleuth"
    assert settings.base_path == "/sleuth"


def test_a_bare_forge_uuid_gets_the_ari_prefix() -> None:
    settings = Settings.from_env({"FORGE_APP_ID": FORGE_UUID, "SLEUTH_SECRET_KEY": GOOD_KEY})
    assert settings.forge_app_id == FORGE_APP_ARI_PREFIX + FORGE_UUID


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"SLEUTH_ENV": "staging"}, "SLEUTH_ENV must be one of"),
        ({"SLEUTH_GIT_MIRRORS_MAX_MB": "5 GB"}, "SLEUTH_GIT_MIRRORS_MAX_MB must be a number of megabytes"),
        ({"SLEUTH_LOG_FORMAT": "xml"}, "SLEUTH_LOG_FORMAT must be one of"),
        ({"SLEUTH_METRICS": "maybe"}, "SLEUTH_METRICS must be 1 or 0"),
        ({"SLEUTH_TRUSTED_PROXIES": "10.0.0.1, proxy.example"}, "SLEUTH_TRUSTED_PROXIES must list IP addresses"),
        ({"SLEUTH_GIT_MIRRORS_MAX_MB": "0"}, "SLEUTH_GIT_MIRRORS_MAX_MB must be a number of megabytes"),
        ({"SLEUTH_BASE_URL": "not a url"}, "SLEUTH_BASE_URL must be an http(s) URL"),
        ({"SLEUTH_BASE_URL": "ftp://example.com"}, "SLEUTH_BASE_URL must be an http(s) URL"),
        ({"SLEUTH_BASE_URL": "https://example.com:99999"}, "SLEUTH_BASE_URL is not a valid URL"),
        ({"SLEUTH_BASE_URL": "https://example.com/?a=1"}, "must not carry credentials, a query or a fragment"),
        ({"DATABASE_URL": "mysql://root@localhost/db"}, "DATABASE_URL must look like"),
        ({"SLEUTH_SECRET_KEY": "short"}, "SLEUTH_SECRET_KEY must be at least 32 characters"),
        ({"SLEUTH_APP_KEY": "bad key!"}, "SLEUTH_APP_KEY must be 1 to 64"),
        ({"SLEUTH_APP_KEY": "k" * 65}, "SLEUTH_APP_KEY must be 1 to 64"),
        ({"SLEUTH_ALLOW_PRIVATE_URLS": "maybe"}, "SLEUTH_ALLOW_PRIVATE_URLS must be 1 or 0"),
        ({"CONNECT_INSTALL_KEYS_URL": "keys"}, "CONNECT_INSTALL_KEYS_URL must be an http(s) URL"),
        ({"FORGE_APP_ID": "not-a-uuid"}, "FORGE_APP_ID must be an app ARI"),
        ({"FORGE_DEPLOYMENTS_API": "carrier-pigeon"}, "FORGE_DEPLOYMENTS_API must be one of"),
        (
            {"SLEUTH_ENV": "production", "SLEUTH_SECRET_KEY": "", "SLEUTH_BASE_URL": "https://e.com"},
            "SLEUTH_SECRET_KEY is required in production",
        ),
        (
            {"SLEUTH_ENV": "production", "SLEUTH_SECRET_KEY": GOOD_KEY, "SLEUTH_BASE_URL": "http://example.com"},
            "SLEUTH_BASE_URL must use https in production",
        ),
        (
            {"SLEUTH_ENV": "production", "SLEUTH_SECRET_KEY": GOOD_KEY, "SLEUTH_BASE_URL": "https://e.com",
             "SLEUTH_ALLOW_PRIVATE_URLS": "1"},
            "SLEUTH_ALLOW_PRIVATE_URLS=1 is for development and tests",
        ),
        (
            {"SLEUTH_ENV": "production", "SLEUTH_SECRET_KEY": GOOD_KEY, "SLEUTH_BASE_URL": "https://e.com",
             "FORGE_APP_ID": FORGE_UUID},
            "FORGE_ENVIRONMENT_IDS is required in production",
        ),
    ],
)
def test_each_bad_value_is_refused_with_one_sentence(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"SLEUTH_SECRET_KEY": GOOD_KEY, **environ})
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"SLEUTH_ENV": "nope"}, "SLEUTH_ENV must be one of"),
        ({"SLEUTH_BASE_URL": "::"}, "SLEUTH_BASE_URL"),
        ({"SLEUTH_ENV": "production", "SLEUTH_BASE_URL": "https://e.com"}, "SLEUTH_SECRET_KEY is required"),
    ],
)
def test_the_cli_stops_with_one_line_and_no_traceback(environ: dict[str, str], message: str, tmp_path: Path) -> None:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("SLEUTH_", "DATABASE_", "FORGE_"))}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"],
        env={**clean, **environ},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_forwarded_addresses_are_believed_only_from_configured_proxies() -> None:
    development = Settings.from_env({"SLEUTH_ENV": "development"})
    assert development.trusted_proxies == ("127.0.0.1", "::1")  # `make run` behind a local proxy, or nothing
    production = {"SLEUTH_ENV": "production", "SLEUTH_BASE_URL": "https://sleuth.example", "SLEUTH_SECRET_KEY": "k" * 40}
    assert Settings.from_env(production).trusted_proxies == ()
    configured = production | {"SLEUTH_TRUSTED_PROXIES": "10.0.0.0/8, 2001:db8::1"}
    assert Settings.from_env(configured).trusted_proxies == ("10.0.0.0/8", "2001:db8::1")
