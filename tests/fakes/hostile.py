"""Inputs an anonymous caller can send to break a parser rather than to pass a check."""

from __future__ import annotations

import base64

NESTING = 3_000  # past the JSON parser's recursion limit (about 1,000), and short enough for every token limit


def _segment(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def nested_jwt(part: str) -> str:
    """A JWT whose `part` ("header" or "payload") is JSON arrays nested NESTING deep: a RecursionError,
    not a ValueError, in Python's JSON parser (which recurses before it finds the arrays unclosed)."""
    nested = _segment(b"[" * NESTING)
    header = nested if part == "header" else _segment(b'{"alg":"HS256","typ":"JWT"}')
    payload = nested if part == "payload" else _segment(b'{"iss":"x"}')
    return f"{header}.{payload}.{_segment(b'signature')}"
