"""Who is signed in to the Sleuth UI: Quart's signed session cookie, set up with care.

The cookie (`sleuth_session`) is signed with SLEUTH_SECRET_KEY, HttpOnly (scripts cannot read it),
SameSite=Lax (other sites' forms do not carry it) and Secure in production (never sent over plain
http). It holds the user's id, the session's CSRF token and a fingerprint of the user's password hash and
session version (an HMAC, as Django does): changing a password, or signing out, which raises the
version, ends every session of that user, including a copy of the cookie taken before; a cookie-only
session could not do that. A session lasts 12 hours without use and 7 days at most.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import timedelta
from typing import Any

from quart import g, session

from app.settings import Settings
from app.sleuth.users import end_all_sessions, signed_in_user
from app.web.csrf import renew_csrf_token
from models import User

COOKIE_NAME = "sleuth_session"
IDLE_LIFETIME = timedelta(hours=12)
MAX_LIFETIME = timedelta(days=7)


def session_config(settings: Settings) -> dict[str, Any]:
    """Quart's session settings for this app."""
    return {
        "SESSION_COOKIE_NAME": COOKIE_NAME,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": settings.is_production,
        "SESSION_COOKIE_PATH": settings.base_path or "/",
        "PERMANENT_SESSION_LIFETIME": IDLE_LIFETIME,
    }


def _fingerprint(user: User, secret_key: str) -> str:
    message = f"sleuth-session|{user.id}|{user.session_version}|{user.password_hash}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def start_session(user: User, secret_key: str) -> None:
    """Sign `user` in: a fresh session (nothing of the one before it survives) with a new CSRF token."""
    session.clear()
    session.permanent = True
    session["uid"] = user.id
    session["auth"] = _fingerprint(user, secret_key)
    session["since"] = int(time.time())
    renew_csrf_token()


def end_session() -> None:
    session.clear()


async def sign_out_everywhere(secret_key: str) -> None:
    """End this session and, server-side, every session of its user: a copied cookie stops working too."""
    user = await current_user(secret_key)
    if user is not None:
        await end_all_sessions(user)
    end_session()


async def current_user(secret_key: str) -> User | None:
    """The signed-in user (organization loaded), looked up once per request; None when nobody is,
    or when the session has outlived its maximum age or its user's password."""
    if "sleuth_user" in g:
        cached: User | None = g.sleuth_user
        return cached
    user = await _session_user(secret_key)
    g.sleuth_user = user
    return user


async def _session_user(secret_key: str) -> User | None:
    user_id, fingerprint, since = session.get("uid"), session.get("auth"), session.get("since")
    if not (isinstance(user_id, int) and isinstance(fingerprint, str) and isinstance(since, int)):
        return None
    if time.time() - since > MAX_LIFETIME.total_seconds():
        end_session()
        return None
    user = await signed_in_user(user_id)
    if user is None or not hmac.compare_digest(fingerprint, _fingerprint(user, secret_key)):
        end_session()
        return None
    return user
