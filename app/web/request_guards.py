"""Checks every request passes before any view runs.

PostgreSQL cannot store a NUL character in text, and no field of this app has a use for one: a NUL in
the path, the query or a JSON or form body is refused with one sentence here, instead of failing deep
in a query as a 500 (and behaving differently on SQLite, which stores it).
"""

from __future__ import annotations

from typing import Any

from quart import Quart, current_app, request

from app.web.errors import APIError

NUL_REFUSAL = "The request contains a NUL character, which is not allowed."
MAX_DEPTH = 64


def _has_nul(value: Any, depth: int = 0) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if depth > MAX_DEPTH:  # the JSON parser already bounds nesting; this keeps the walk bounded too
        return False
    if isinstance(value, dict):
        return any(_has_nul(key, depth + 1) or _has_nul(item, depth + 1) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item, depth + 1) for item in value)
    return False


async def refuse_nul_characters() -> None:
    raw_path: bytes = request.scope.get("raw_path") or request.path.encode()
    if b"\x00" in raw_path or b"%00" in raw_path or b"%00" in request.query_string or "\x00" in request.path:
        raise APIError(400, NUL_REFUSAL)
    if request.method in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form
        if any(_has_nul(key) or _has_nul(value) for key, value in form.items(multi=True)):
            raise APIError(400, NUL_REFUSAL)
    elif _json_has_nul(await request.get_data()):
        raise APIError(400, NUL_REFUSAL)


def _json_has_nul(body: bytes) -> bool:
    """Whether `body`, read as JSON, holds a NUL: whatever its Content-Type, since register_deploy reads
    any body that is not a form as JSON, and in any encoding json.loads detects (UTF-8, -16, -32).

    In UTF-8, JSON can spell a NUL only as the escape \\u0000 (a raw one is not JSON): a body with
    neither that text nor a zero byte, which is every ordinary request, is not parsed here at all."""
    if b"\\u0000" not in body and b"\x00" not in body:
        return False
    try:
        return _has_nul(current_app.json.loads(body))
    except ValueError:  # not JSON: the view refuses it in its own words
        return False


def register_request_guards(app: Quart) -> None:
    app.before_request(refuse_nul_characters)
