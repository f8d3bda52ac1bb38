"""The secret scan of the test run's log: no token, secret or header value may ever reach a log record.

`LogKeeper` is a logging handler that the root conftest attaches to the root logger for the whole session; it
keeps every record that reaches it, formatted (message, exception and stack text). At the end of the session
`scan` looks through them for the secrets the tests use (`TEST_SECRETS`, plus what the conftest adds) and for
the shapes of credentials (`SECRET_SHAPES`), and the conftest fails the run on any finding, naming the logger
and showing a redacted excerpt. The root logger is set to INFO for the session (Python's default, WARNING,
would hide the app's INFO records, which a server that logs them would write); DEBUG records are scanned where
a test asks for them. Records of loggers that do not propagate to the root (uvicorn's own) never reach it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tests.fakes.code_hosts import TOKEN as CODE_HOST_TOKEN

# The values the tests use as secrets (tokens, shared secrets, passwords, custom header values, keys). Those made
# of words and "0123456789" (most shared secrets, TEST_SECRET_KEY, the code hosts' token) are caught by the
# "a test secret" shape below as well, including the ones built at run time (`shared-secret-of-{client key}-...`).
TEST_SECRETS: tuple[str, ...] = (
    CODE_HOST_TOKEN,  # tests/fakes/code_hosts.py
    "secret-api-token",  # tests/web/api: the Jira connection's API token
    "ATATT-the-right-token",  # tests/web/sleuth_ui, tests/browser
    "api-token-1",  # tests/jira/test_client.py
    "pat-1",  # Jira Data Center personal access token
    "wrong-token",  # credentials that are refused are credentials all the same
    "secret-page-token",
    "slk_secret-key",
    "system-token",  # Forge's app system token (also "forge-system-token", "system-token-value")
    "user-token",
    "shared-secret-value",
    "attacker-secret-",
    "correct horse battery staple",  # the users' password
    # Custom header values (tests/web/api/test_issue_trackers.py, tests/web/sleuth_ui/test_integrations.py, ...)
    "abc.access",  # CF-Access-Client-Id
    "very-secret-value",  # CF-Access-Client-Secret
    "s3cr=t",
    "hidden-value",
    "leaked-secret-value",
)

_CREDENTIAL = r"[\w.~+/=-]"  # a token68 (RFC 9110), the form of a credential after its scheme
SECRET_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("a JWT", r"eyJ[\w-]{5,}\.[\w-]*"),
        ("a Sleuth API key or access token", r"\bsl[kt]_[\w-]{8,}"),  # app/sleuth/api_keys.py's prefixes
        ("an Authorization header value", r"(?i)\bauthorization[\"']?\s*[:=]\s*[\"']?[^\s\"',;}]{3,}"),
        # A scheme and a credential with a digit or a symbol in it ("Basic credentials" is a phrase, not one).
        ("a credential after its scheme", rf"\b(?:Bearer|Basic|JWT|apikey)\s+(?={_CREDENTIAL}*[\d.~+/=-])"
                                          rf"{_CREDENTIAL}{{8,}}"),
        ("a secret in a query string", r"(?i)[?&](?:jwt|api_key|apikey|access_token|token)=(?!\[redacted\])[^&#\s]+"),
        ("an Atlassian API token", r"\bATATT[\w=-]{6,}"),
        ("a GitHub or GitLab token", r"\b(?:gh[pousr]_|github_pat_|glpat-)[\w-]{16,}"),
        ("a private key", r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
        ("a test secret", r"(?i)\b[\w-]*(?:secret|token|password)[\w-]*0123456789"),
    )
)

_SHOWN = 6  # characters of a secret shown in a report: a prefix such as "eyJhbG" or "slk_", never the secret
_CONTEXT = 50  # characters either side of it


@dataclass(frozen=True)
class KeptRecord:
    logger: str
    level: str
    text: str


@dataclass(frozen=True)
class Finding:
    what: str
    logger: str
    level: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.logger} ({self.level}): {self.what}: {self.excerpt}"


class LogKeeper(logging.Handler):
    """Keeps every record it handles as text, for `scan`."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.setFormatter(logging.Formatter("%(message)s"))
        self.records: list[KeptRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
        except Exception:  # a record whose arguments do not fit its message: keep both as they are
            text = f"{record.msg!r} % {record.args!r}"
        self.records.append(KeptRecord(record.name, record.levelname, text))


def find_secrets(text: str, known: Sequence[str] = TEST_SECRETS) -> list[tuple[str, int, int]]:
    """Where `text` holds a secret: (what it is, start, end) for each known value and credential shape found."""
    found = []
    for secret in filter(None, known):
        matches = re.finditer(re.escape(secret), text)
        found.extend(("a secret the tests use", match.start(), match.end()) for match in matches)
    for name, shape in SECRET_SHAPES:
        found.extend((name, match.start(), match.end()) for match in shape.finditer(text))
    return found


def redact(text: str, found: Sequence[tuple[str, int, int]]) -> list[tuple[str, str]]:
    """Each secret of `text` (overlapping ones merged) as (what it is, an excerpt of `text` around it), with
    every secret of the excerpt cut down to its first characters."""
    spans: list[tuple[int, int, list[str]]] = []
    for what, start, end in sorted(found, key=lambda item: (item[1], -item[2])):
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]), [*spans[-1][2], what])
        else:
            spans.append((start, end, [what]))
    pieces, places, done = [], [], 0
    for start, end, _ in spans:
        shown = min(_SHOWN, (end - start) // 2)
        pieces.append(text[done:start])
        at = sum(map(len, pieces))
        pieces.append(f"{text[start : start + shown]}…[{end - start - shown} characters redacted]")
        places.append((at, at + len(pieces[-1])))
        done = end
    redacted = "".join([*pieces, text[done:]])
    excerpts = []
    for (at, until), (_, _, whats) in zip(places, spans, strict=True):
        excerpt = ("…" if at > _CONTEXT else "") + redacted[max(0, at - _CONTEXT) : until + _CONTEXT]
        excerpt += "…" if until + _CONTEXT < len(redacted) else ""
        excerpts.append((" and ".join(dict.fromkeys(whats)), " ".join(excerpt.split())))
    return excerpts


def scan(records: Iterable[KeptRecord], known: Sequence[str] = TEST_SECRETS) -> list[Finding]:
    """The secrets in `records`: a finding for each secret in each record, with an excerpt that shows none."""
    return [
        Finding(what, record.logger, record.level, excerpt)
        for record in records
        for what, excerpt in redact(record.text, find_secrets(record.text, known))
    ]
