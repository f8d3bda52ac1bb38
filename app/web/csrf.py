"""Protection of the Sleuth UI's forms against cross-site requests: a random token per session.

Every form carries the token in a hidden `csrf_token` field (or a script sends it as `X-CSRF-Token`);
every POST must bring back the token of its own session, compared in constant time. A page on another
site cannot read the token, so it cannot forge the field. The sign-in form is protected too: a forged
sign-in would put a victim into the attacker's account.
"""

from __future__ import annotations

import hmac
import secrets

from quart import request, session

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
_SESSION_KEY = "csrf"


def csrf_token() -> str:
    """The session's token, made on first use (templates call this for every form)."""
    token = session.get(_SESSION_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[_SESSION_KEY] = token
    return token


def renew_csrf_token() -> None:
    """A new token, when who is signed in changes."""
    session[_SESSION_KEY] = secrets.token_urlsafe(32)


async def csrf_token_is_valid() -> bool:
    """Whether the request brings back its session's token."""
    expected = session.get(_SESSION_KEY)
    form = await request.form
    sent = form.get(FIELD) or request.headers.get(HEADER) or ""
    return isinstance(expected, str) and bool(sent) and hmac.compare_digest(sent.encode(), expected.encode())
