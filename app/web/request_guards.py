"""Checks every request passes before any view runs, cheapest first, none of them parsing a body; and
`X-Content-Type-Options: nosniff` on every response.

Size: a body larger than its route takes is refused (413) from its Content-Length before it is read:
10 MB for what Sleuth's clients send (register_deploy, import_deploys, register_manual_deploy), 1 MB for
everything else; a body without a Content-Length is cut at 10 MB by Quart (MAX_CONTENT_LENGTH).

NUL: PostgreSQL cannot store a NUL character in text, and no field of this app has a use for one: a NUL in
the path, the query or a JSON or form body is refused with one sentence here, instead of failing deep
in a query as a 500 (and behaving differently on SQLite, which stores it). JSON is scanned as text for
the escape, never parsed here: anyone may send a body before being authenticated, and parsing 10 MB on
the event loop would stall every other request.
"""

from __future__ import annotations

import json
import re

from quart import Quart, Response, request

from app.web.errors import APIError

NUL_REFUSAL = "The request contains a NUL character, which is not allowed."
MAX_BODY_BYTES = 10 * 1024 * 1024
SMALL_BODY_BYTES = 1024 * 1024
LARGE_BODY_ENDPOINTS = frozenset(
    {"api_deploys.post_register_deploy", "api_deploy_imports.post_import_deploys",
     "api_manual_changes.post_register_manual_deploy"}
)  # fmt: skip
# In JSON text a NUL is the escape \u0000 after an even number of backslashes (`\\u0000` is a backslash
# then the text "u0000"); a raw NUL is not JSON at all.
_NUL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")


async def limit_body_size() -> None:
    limit = MAX_BODY_BYTES if request.endpoint in LARGE_BODY_ENDPOINTS else SMALL_BODY_BYTES
    if (request.content_length or 0) > limit:
        raise APIError(413, f"The request body is larger than {limit // (1024 * 1024)} MB.")


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


def _has_nul(value: str | list[str]) -> bool:
    return any("\x00" in item for item in ([value] if isinstance(value, str) else value))


def _json_has_nul(body: bytes) -> bool:
    """Whether `body`, read as JSON text, holds a NUL: whatever its Content-Type, since register_deploy
    reads any body that is not a form as JSON, and in any encoding json.loads detects (UTF-8, -16, -32).
    A body with neither the escape's text nor a zero byte, which is every ordinary request, is not even
    decoded."""
    if b"\\u0000" not in body and b"\x00" not in body:
        return False
    try:
        text = body.decode(json.detect_encoding(body))
    except UnicodeDecodeError:  # not JSON: the view refuses it in its own words
        return False
    return _NUL_ESCAPE.search(text) is not None  # a raw NUL is not JSON: the view refuses the body


async def never_sniffed(response: Response) -> Response:
    """Every answer, static files and errors included, is read as the type it says it is."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def register_request_guards(app: Quart) -> None:
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.before_request(limit_body_size)
    app.before_request(refuse_nul_characters)
    app.after_request(never_sniffed)
