"""Reading an app system token's expiry (app/jira_sites/forge_installations.py): for scheduling only, never trusted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from app.jira_sites.forge_installations import MAX_TOKEN_LIFETIME, UNREADABLE_EXPIRY_LIFETIME, token_expiry
from tests.fakes.hostile import nested_jwt

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


def _token(**claims: object) -> str:
    return jwt.encode(claims, "a key this backend never has, 32 bytes or more", algorithm="HS256")


def test_the_exp_of_the_token_is_its_expiry() -> None:
    expires = NOW + timedelta(hours=2)
    assert token_expiry(_token(exp=int(expires.timestamp())), NOW) == expires


def test_an_exp_past_the_longest_lifetime_is_cut_to_it() -> None:
    assert token_expiry(_token(exp=int((NOW + timedelta(days=30)).timestamp())), NOW) == NOW + MAX_TOKEN_LIFETIME


@pytest.mark.parametrize(
    "token",
    [
        "not a token",
        _token(exp="soon"),
        _token(exp=True),
        _token(exp=10**20),
        _token(),
        nested_jwt("header"),
        nested_jwt("payload"),
    ],
    ids=["garbage", "exp a string", "exp a boolean", "exp out of range", "no exp", "nested header", "nested payload"],
)
def test_an_unreadable_expiry_is_taken_as_an_hour(token: str) -> None:
    assert token_expiry(token, NOW) == NOW + UNREADABLE_EXPIRY_LIFETIME
