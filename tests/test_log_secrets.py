"""The log's secret scan (tests/log_secrets.py, run by the root conftest over the whole session) finds what it
must and nothing else, so a run cannot pass it by accident."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator

import jwt
import pytest

from tests.log_secrets import TEST_SECRETS, KeptRecord, LogKeeper, scan

SHARED_SECRET = "shared-secret-of-site-a-0123456789abcdef0123456789"
JWT = jwt.encode({"iss": "site-a-client-key", "qsh": "context-qsh"}, SHARED_SECRET, algorithm="HS256")
API_KEY = "slk_" + secrets.token_urlsafe(32)


@pytest.fixture
def keeper() -> Iterator[LogKeeper]:
    """A keeper on a logger of its own that does not propagate: the secrets logged here must not reach the
    session's scan, which would (rightly) fail the run."""
    logger = logging.getLogger("tests.log_secrets.sample")
    keeper = LogKeeper()
    logger.addHandler(keeper)
    logger.propagate = False
    yield keeper
    logger.removeHandler(keeper)
    logger.propagate = True


def _findings(text: str) -> str:
    """What the scan says it found in `text`, as one line."""
    return "; ".join(finding.what for finding in scan([KeptRecord("app.sample", "WARNING", text)]))


def test_a_jwt_and_a_known_secret_are_reported_by_logger_with_neither_shown() -> None:
    record = KeptRecord("app.web.connect.auth", "WARNING", f"Refused {JWT} from a site holding {TEST_SECRETS[0]}")
    findings = scan([record])
    assert [finding.what for finding in findings] == ["a JWT", "a secret the tests use and a test secret"]
    report = "\n".join(map(str, findings))
    assert report.startswith("app.web.connect.auth (WARNING): a JWT: Refused eyJhbG…[")
    assert JWT not in report and TEST_SECRETS[0] not in report and JWT.split(".")[1] not in report


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (f"key {API_KEY} refused", "a Sleuth API key or access token"),
        ("token slt_" + secrets.token_urlsafe(32), "a Sleuth API key or access token"),
        ("headers {'Authorization': 'abc123'}", "an Authorization header value"),
        ("sent Basic YWRtaW5AYWNtZS50ZXN0OnNlY3JldA==", "a credential after its scheme"),
        ("GET /api/1/deployments/acme/web/register_deploy?sha=1&api_key=xyz HTTP/1.1", "a secret in a query string"),
        ("Jira refused ATATT3xFfGF0abc", "an Atlassian API token"),
        ("-----BEGIN RSA PRIVATE KEY-----", "a private key"),
        ("stored shared-secret-of-acme-0123456789abcdef", "a test secret"),
    ],
)
def test_each_shape_of_credential_is_reported(text: str, what: str) -> None:
    assert what in _findings(text)


@pytest.mark.parametrize("secret", TEST_SECRETS)
def test_each_secret_the_tests_use_is_reported(secret: str) -> None:
    assert "a secret the tests use" in _findings(f"connecting with {secret}.")


@pytest.mark.parametrize(
    "text",
    [
        "Forge event 'avi:forge:installed:app' for installation 8e8b332 ignored",
        "installation 1234 (system token present)",
        "Jira answered 429; retrying in 1.5 s",
        "Jira refused the credentials (401): check the email and API token.",
        "Basic credentials refused; Bearer token missing; JWT expired",
        "The sha 0123456789abcdef0123456789abcdef01234567 is already registered in the environment 'production'",
        '127.0.0.1:5000 - "GET /jira/panel?jwt=[redacted]&issueKey=ACME-12 HTTP/1.1" 200',
        "Authorization header missing",
        "POST /forge/events/token-refresh answered 204",
        "",
    ],
)
def test_harmless_text_is_not_reported(text: str) -> None:
    assert scan([KeptRecord("app.sample", "INFO", text)]) == []


def test_the_keeper_keeps_the_message_and_the_exception_text(keeper: LogKeeper) -> None:
    logger = logging.getLogger("tests.log_secrets.sample")
    logger.warning("calling %s", "https://jira.acme.test/rest/api/3/myself")
    try:
        raise ValueError(f"the server echoed {API_KEY}")
    except ValueError:
        logger.exception("the call failed")
    assert [(record.logger, record.level) for record in keeper.records] == [
        ("tests.log_secrets.sample", "WARNING"),
        ("tests.log_secrets.sample", "ERROR"),
    ]
    assert keeper.records[0].text == "calling https://jira.acme.test/rest/api/3/myself"
    assert keeper.records[1].text.startswith("the call failed\nTraceback (most recent call last):")
    findings = scan(keeper.records)
    assert [(finding.logger, finding.what) for finding in findings] == [
        ("tests.log_secrets.sample", "a Sleuth API key or access token")
    ]
    assert "ValueError: the server echoed slk_" in findings[0].excerpt and API_KEY not in findings[0].excerpt


def test_the_session_scan_is_on() -> None:
    """The root conftest keeps this session's records: the scan at the end cannot be silently absent."""
    assert any(isinstance(handler, LogKeeper) for handler in logging.getLogger().handlers)
    assert logging.getLogger().getEffectiveLevel() <= logging.INFO
