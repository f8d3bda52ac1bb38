"""Custom HTTP headers of an issue-tracker connection, in Sleuth's format `name=value,name2=value2`.

They exist for Jira sites behind Cloudflare Access or a similar proxy (`CF-Access-Client-Id=...`), so
their values are secrets: messages name a header, never show a value. What is refused, and why:

- a malformed list (an entry without '=', an empty name or value, a name given twice);
- a name that is not an HTTP token (RFC 7230 `tchar`), so nothing can smuggle a second header in;
- a value with anything but printable ASCII and spaces: CR, LF, NUL, the other C0 controls and DEL
  would split or corrupt the request, and non-ASCII bytes have no agreed encoding in a header;
- names that the client or the connection itself owns: hop-by-hop and framing headers (Host,
  Content-Length, Transfer-Encoding, Connection...) and credentials (Authorization), which come from
  the connection's own auth.
"""

from __future__ import annotations

import re

from app.sleuth.errors import InvalidInput

MAX_HEADERS = 20
MAX_TOTAL_LENGTH = 8192

_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_VALUE = re.compile(r"[\x20-\x7e]+")
FORBIDDEN_NAMES = frozenset(
    {
        "host",
        "content-length",
        "content-type",
        "content-encoding",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "upgrade",
        "expect",
        "authorization",
        "proxy-authorization",
    }
)


def parse_custom_headers(raw: str) -> dict[str, str]:
    """`'CF-Access-Client-Id=abc, CF-Access-Client-Secret=xyz'` -> a dict in the order given.

    Blank input means no headers. Spaces around names and values are dropped."""
    if not raw.strip(" "):
        return {}
    if len(raw) > MAX_TOTAL_LENGTH:
        raise InvalidInput(f"The custom headers are longer than {MAX_TOTAL_LENGTH} characters.")
    entries = raw.split(",")
    if len(entries) > MAX_HEADERS:
        raise InvalidInput(f"At most {MAX_HEADERS} custom headers are allowed.")
    headers: dict[str, str] = {}
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        name, value = _parse_entry(position, entry)
        if name.lower() in seen:
            raise InvalidInput(f"The custom header {name!r} is given twice.")
        seen.add(name.lower())
        headers[name] = value
    return headers


def _parse_entry(position: int, entry: str) -> tuple[str, str]:
    name, separator, value = entry.partition("=")
    name, value = name.strip(" "), value.strip(" ")  # spaces only: a trailing CR or LF is refused, not hidden
    if not separator or not name:
        # The entry itself is not shown: a misplaced comma can leave part of a secret in it.
        raise InvalidInput(
            f"Custom header number {position} is not in the form name=value "
            "(the format is name=value,name2=value2)."
        )
    if not _TOKEN.fullmatch(name):
        raise InvalidInput(
            f"The custom header name {name!r} is not a valid HTTP header name "
            "(letters, digits and !#$%&'*+-.^_`|~ only)."
        )
    if name.lower() in FORBIDDEN_NAMES:
        raise InvalidInput(f"The custom header {name!r} cannot be set: the connection sends it itself.")
    if not value:
        raise InvalidInput(f"The custom header {name!r} has no value.")
    if not _VALUE.fullmatch(value):
        raise InvalidInput(
            f"The value of the custom header {name!r} holds a control character (such as CR or LF) "
            "or a non-ASCII character, which is not allowed."
        )
    return name, value
